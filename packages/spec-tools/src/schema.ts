import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { responsePointer, type SpecOperation, spec } from './spec.js';

// OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few annotation keywords.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'openapi');

const cache = new Map<string, ValidateFunction>();

/**
 * The validator of the schema at `pointer` inside the bundled document, compiled once.
 * @public the contract corpus (tests/contract/corpus.ts) uses it; knip does not trace that import.
 */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

/**
 * Why `body` does not match the JSON schema the operation documents for `status` (else its
 * `default` response), one error a line; empty when it matches.
 */
export function responseBodyErrors(op: SpecOperation, status: number | string, body: unknown): string {
  const validate = validatorAt(`${responsePointer(op, status)}/content/application~1json/schema`);
  return validate(body) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}
