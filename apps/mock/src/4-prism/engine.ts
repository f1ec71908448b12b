import type { IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { jsonReply, type Reply, reply } from '../answer.js';
import { prismEngine } from './load.js';
import type { Preferences } from './prefer.js';
import {
  fromPrismError,
  lowerCaseHeaders,
  serializeBody,
  withFieldErrors,
  withRetryAfter,
} from './reshape.js';
import { emptyQueryDiagnostics, validationBody } from './validation.js';

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

export function createPrismHandler(): PrismHandler {
  // Prism calls logger.success(), a custom level only its own logger factory defines.
  const { createInstance, createLogger } = prismEngine();
  const logger = createLogger('partnero-mock', { enabled: false });
  const prism = createInstance({ ...BASE_CONFIG, mock: { dynamic: false } }, { logger });

  return async ({ request, operation, prefs, validate = true }) => {
    const empty = validate ? emptyQueryDiagnostics(operation, request.url.query) : [];
    if (empty.length > 0) return jsonReply(422, validationBody(empty));
    // A fresh mock config per call: Prism writes the request's Accept into it (mocker/index.js).
    const code = prefs.code ?? namedSuccess(operation);
    const mock = {
      dynamic: prefs.dynamic ?? false,
      ...(code !== undefined && { code }),
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

/**
 * The success status the spec names with `x-partnero-success` where it documents several 2xx
 * (Prism alone answers the lowest). Prism uses a configured code for valid requests only, so an
 * invalid one still gets its 422/400.
 */
function namedSuccess(operation: IHttpOperation): number | undefined {
  const named = operation.extensions?.['x-partnero-success'];
  return typeof named === 'number' ? named : undefined;
}
