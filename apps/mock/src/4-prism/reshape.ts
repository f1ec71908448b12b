import type { IPrismDiagnostic } from '@stoplight/prism-core';
import { jsonReply, problem, type Reply, withHeaders } from '../answer.js';
import { hasErrors, validationBody } from './validation.js';

// Prism's answers in Partnero's shape: what the mock changes in an answer Prism made (engine.ts
// makes the call). Each change is a Partnero habit Prism cannot know.

/** Partnero sends no Retry-After on some 429s; clients need one to back off, so one is always sent. */
const DEFAULT_RETRY_AFTER = '1';

export function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = String(value);
  return lower;
}

export function serializeBody(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** Prism answers a failed validation with the spec's 422/400 example; we keep the status, not the example's fields. */
export function withFieldErrors(answer: Reply, diagnostics: readonly IPrismDiagnostic[]): Reply {
  if (!hasErrors(diagnostics) || (answer.status !== 422 && answer.status !== 400)) return answer;
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
  // The example's own content type may not be JSON; the rebuilt body is.
  return jsonReply(answer.status, validationBody(errors), {
    ...answer.headers,
    'content-type': 'application/json',
  });
}

export function withRetryAfter(answer: Reply): Reply {
  if (answer.status !== 429 || answer.headers['retry-after']) return answer;
  return withHeaders(answer, { 'retry-after': DEFAULT_RETRY_AFTER });
}

interface PrismError extends Error {
  status?: number;
  detail?: string;
  additional?: { validation?: { location?: string[]; message: string; severity: string }[] };
}

export function fromPrismError(error: PrismError): Reply {
  // With neither a 422 nor a 400 in the operation, Prism makes its own 422 problem
  // (mocker/index.js createUnprocessableEntityResponse); answer it in Partnero's shape too.
  const validation = error.additional?.validation;
  if (error.status === 422 && validation !== undefined) {
    const diagnostics = validation.map((item) => ({
      message: item.message,
      severity: 0,
      ...(item.location !== undefined && { path: item.location }),
    }));
    return jsonReply(422, validationBody(diagnostics));
  }
  const status = typeof error.status === 'number' ? error.status : 500;
  return problem(status, error.message || 'Mock error', error.detail || error.message);
}
