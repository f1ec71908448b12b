import { requiredBodyFields } from '../support/requests.js';
import { deref, type Json, type SpecOperation } from '../support/spec.js';

/** The contract cases, numbered as in the issue that defines the suite. */
export const CASES = {
  success: '1 success',
  noKey: '2 no key -> 401',
  invalidKey: '3 invalid_/expired_ key -> 401',
  forbidden: '4 forbidden_ key -> 403',
  missingField: '5 missing required field -> 422',
  rateLimited: '6 Prefer: code=429 -> RateLimitError',
} as const;

export type CaseId = keyof typeof CASES;

export type MissingInput = { in: 'body' | 'query'; name: string };

/** Why a case does not apply to an operation, or undefined when it does. */
export type Applicability = { applies: true } | { applies: false; reason: string };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

/** The input case 5 removes: a required body field, else a required query parameter. */
export function missingInput(op: SpecOperation): MissingInput | undefined {
  const field = requiredBodyFields(op)[0];
  if (field) return { in: 'body', name: field };
  for (const ref of (op.operation.parameters as unknown[] | undefined) ?? []) {
    const param = deref<Parameter>(ref);
    if (param.in === 'query' && param.required) return { in: 'query', name: param.name };
  }
  return undefined;
}

function documents(op: SpecOperation, status: string): boolean {
  return status in (op.operation.responses as Json);
}

export function applicability(op: SpecOperation, id: CaseId): Applicability {
  if (id === 'missingField') {
    if (!missingInput(op)) return { applies: false, reason: 'no required body field or query parameter' };
    if (!documents(op, '422') && !documents(op, '400'))
      return { applies: false, reason: 'documents neither 422 nor 400' };
  }
  if (id === 'rateLimited' && !documents(op, '429')) return { applies: false, reason: 'documents no 429' };
  return { applies: true };
}
