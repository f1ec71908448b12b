import { requiredInput, responseOf, type SpecOperation } from '@partnero-ts/spec-tools';

/**
 * The cases every operation is tried against, numbered as the coverage report's columns: the
 * documented success, the mock's token contract (no key, invalid or expired key, forbidden key),
 * a request missing a required input, and a forced rate limit.
 */
export const CASES = {
  success: '1 success',
  noKey: '2 no key -> 401',
  invalidKey: '3 invalid_/expired_ key -> 401',
  forbidden: '4 forbidden_ key -> 403',
  missingField: '5 missing required field -> 422',
  rateLimited: '6 Prefer: code=429 -> RateLimitError',
} as const;

export type CaseId = keyof typeof CASES;

/** Whether a case applies to an operation, and why not when it does not. */
type Applicability = { applies: true } | { applies: false; reason: string };

export function applicability(op: SpecOperation, id: CaseId): Applicability {
  if (id === 'missingField') {
    if (!requiredInput(op)) return { applies: false, reason: 'no required body field or query parameter' };
    if (!responseOf(op, 422) && !responseOf(op, 400))
      return { applies: false, reason: 'documents neither 422 nor 400' };
  }
  if (id === 'rateLimited' && !responseOf(op, 429)) return { applies: false, reason: 'documents no 429' };
  return { applies: true };
}
