// `@partnero-ts/mock/conformance`: how an answer is compared with the spec, shared by the
// validating proxy (`partnero-mock --proxy`) and the live run (tests/live). It loads Ajv, not
// Prism, so importing it costs milliseconds.
import type { Json } from '@partnero-ts/spec/read';
import { createValidators } from '@partnero-ts/spec/validate';
import type { Difference } from './differences.js';
import { checkResponse, type ExpectedStatus, type ObservedAnswer, type OperationRef } from './response.js';

export { type Difference, describeDifference, preview } from './differences.js';
export { redact } from './redact.js';
export type { ExpectedStatus, ObservedAnswer, OperationRef } from './response.js';

export interface Conformance {
  /**
   * The ways `answer` differs from what the spec documents for `op`: pointers into the answer
   * seen as `{status, headers, body}` (`/body/data/surname`), each with the value found,
   * shortened and with every one of `secrets` redacted.
   */
  checkResponse(
    op: OperationRef,
    answer: ObservedAnswer,
    expected: ExpectedStatus,
    secrets?: readonly string[],
  ): Difference[];
}

/** The checks for one bundled OpenAPI document (parsed), its schemas compiled on first use. */
export function createConformance(root: Json): Conformance {
  const spec = { root, validatorAt: createValidators(root, { allErrors: true }) };
  return {
    checkResponse: (op, answer, expected, secrets) => checkResponse(spec, op, answer, expected, secrets),
  };
}
