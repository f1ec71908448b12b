// `@partnero-ts/spec/validate`: the one Ajv set-up for the document's schemas, shared by the mock
// (at run time) and spec-tools (the tests and benchmarks). Apart from `./read` because it needs Ajv
// and ajv-formats (its dependencies): `./read` stays dependency-free.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Json } from './read.js';

/** The validator of the schema at a JSON pointer of the document, compiled once. */
export type ValidatorAt = (pointer: string) => ValidateFunction;

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 plus annotations, so Ajv compiles them straight
 * from the document (`root`, the parsed bundle). `allErrors` for reports that list every
 * difference; off where only "does it fit?" matters, which stops at the first.
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

/**
 * A validator's errors one a line, as Ajv's `errorsText` with a newline separator writes them
 * (`data/status must be integer`); `No errors` for none.
 */
export function errorsText(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors?.length) return 'No errors';
  return errors.map((error) => `data${error.instancePath} ${error.message}`).join('\n');
}
