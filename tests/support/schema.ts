import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { spec } from './spec.js';

// OpenAPI 3.1 schemas are JSON Schema 2020-12 plus a few annotation keywords.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'openapi');

const cache = new Map<string, ValidateFunction>();

/** A validator for the schema at `pointer` inside the bundled spec. */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = cache.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi${pointer}` });
    cache.set(pointer, validate);
  }
  return validate;
}

export function formatErrors(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: '\n' });
}
