import type { Json } from '@partnero-ts/spec/read';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The validator of the schema at a JSON pointer of the bundled document, compiled once. */
export type ValidatorAt = (pointer: string) => ValidateFunction;

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 plus annotations, so Ajv compiles them straight
 * from the bundled document. `allErrors` for reports that list every difference; off where only
 * "does it fit?" matters (the state stage), which stops at the first.
 */
export function createValidators(root: Json, { allErrors }: { allErrors: boolean }): ValidatorAt {
  // strict: false because OpenAPI adds keywords (example, discriminator, x-...) JSON Schema lacks;
  // the document itself is no schema, so it is not checked against the meta-schema (lint does that).
  const ajv = new Ajv2020({ strict: false, allErrors, validateFormats: true, validateSchema: false });
  addFormats.default(ajv);
  ajv.addSchema(root, 'openapi');
  const validators = new Map<string, ValidateFunction>();
  return (pointer) => {
    let validate = validators.get(pointer);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `openapi${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };
}
