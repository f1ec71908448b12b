import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type Json, pointerOf, resolvePointer, responseOf, type SpecOperation, spec } from './spec.js';

// OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few annotation keywords.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'openapi');

const cache = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

// Ajv cannot walk a pointer through a `$ref`, so the pointer follows references into
// `components.responses` itself.
function responseSchemaPointer(op: SpecOperation, status: number | string): string {
  const key = responseOf(op, status) ? String(status) : 'default';
  let pointer = pointerOf('paths', op.path, op.method, 'responses', key);
  let node = (op.operation.responses as Json)[key] as Json | undefined;
  while (node && typeof node.$ref === 'string') {
    pointer = node.$ref;
    node = resolvePointer(node.$ref);
  }
  if (!node) throw new Error(`${op.operationId} documents no ${status} response`);
  return `${pointer}/content/application~1json/schema`;
}

/**
 * Why `body` does not match the JSON schema the operation documents for `status` (else its
 * `default` response), one error a line; empty when it matches.
 */
export function responseBodyErrors(op: SpecOperation, status: number | string, body: unknown): string {
  const validate = validatorAt(responseSchemaPointer(op, status));
  return validate(body) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}
