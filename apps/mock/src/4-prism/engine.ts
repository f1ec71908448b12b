import { createLogger, type IPrismDiagnostic } from '@stoplight/prism-core';
import { createInstance, type IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { jsonReply, problem, type Reply, reply, withHeaders } from '../answer.js';
import type { Preferences } from './prefer.js';
import { hasErrors, validationBody } from './validation.js';

export interface PrismCall {
  request: IHttpRequest;
  /** The operation resolved by operations.ts; Prism only re-matches within it. */
  operation: IHttpOperation;
  prefs: Preferences;
  /** Off when a status is forced (auth, scenario keys): an invalid body must not turn a 401 into a 422. */
  validate?: boolean;
}

export type PrismHandler = (call: PrismCall) => Promise<Reply>;

// Auth is decided by our own stage (contract/auth.ts) before Prism sees the request.
const BASE_CONFIG = {
  checkSecurity: false,
  validateRequest: true,
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false as const,
};

/** Partnero sends no Retry-After on some 429s; clients need one to back off, so one is always sent. */
const DEFAULT_RETRY_AFTER = '1';

export function createPrismHandler(): PrismHandler {
  // Prism calls logger.success(), a custom level only its own logger factory defines.
  const logger = createLogger('partnero-mock', { enabled: false });
  const prism = createInstance({ ...BASE_CONFIG, mock: { dynamic: false } }, { logger });

  return async ({ request, operation, prefs, validate = true }) => {
    // A fresh mock config per call: Prism writes the request's Accept into it (mocker/index.js).
    const mock = {
      dynamic: prefs.dynamic ?? false,
      ...(prefs.code !== undefined && { code: prefs.code }),
      ...(prefs.exampleKey !== undefined && { exampleKey: prefs.exampleKey }),
    };
    const config = { ...BASE_CONFIG, validateRequest: validate, mock };
    const result = await prism.request(request, [operation], config)();
    if (result._tag === 'Left') return fromPrismError(result.left);
    const { output, validations } = result.right;
    const answer = reply(
      output.statusCode,
      lowerCaseHeaders(output.headers ?? {}),
      serializeBody(output.body),
    );
    return withRetryAfter(withFieldErrors(answer, validations.input));
  };
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = String(value);
  return lower;
}

function serializeBody(body: unknown): string {
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

function fromPrismError(error: PrismError): Reply {
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
