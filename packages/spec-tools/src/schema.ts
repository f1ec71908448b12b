import { createValidators, errorsText } from '@partnero-ts/spec/validate';
import { responsePointer, type SpecOperation, spec } from './spec.js';

/**
 * The validator of the schema at `pointer` inside the bundled document, compiled once: the mock's
 * own Ajv set-up (`@partnero-ts/spec/validate`), every error listed.
 * @public the contract corpus (tests/contract/corpus.ts) uses it; knip does not trace that import.
 */
export const validatorAt = createValidators(spec, { allErrors: true });

/**
 * Why `body` does not match the JSON schema the operation documents for `status` (else its
 * `default` response), one error a line; empty when it matches.
 */
export function responseBodyErrors(op: SpecOperation, status: number | string, body: unknown): string {
  const validate = validatorAt(`${responsePointer(op, status)}/content/application~1json/schema`);
  return validate(body) ? '' : errorsText(validate.errors);
}
