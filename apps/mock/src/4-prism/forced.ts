import { STATUS_CODES } from 'node:http';
import type { IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { definesResponse } from '../1-route/operations.js';
import { partneroError, type Reply } from '../answer.js';
import type { PrismHandler } from './engine.js';

/**
 * The operation's own answer for a status the mock decides (401/403 from the token contract,
 * 404 for an unknown record, 429/5xx from a scenario key): the spec's example when the operation
 * documents that status, else a Partnero-shaped `{status: 0, message}`. Prism can only answer
 * statuses the spec defines, and an outage must be reproducible for every operation.
 */
export async function forcedAnswer(
  prism: PrismHandler,
  request: IHttpRequest,
  operation: IHttpOperation,
  status: number,
  message = STATUS_CODES[status] ?? 'Error',
): Promise<Reply> {
  if (definesResponse(operation, status)) {
    const fromSpec = await prism({
      request: jsonOnly(request),
      operation,
      prefs: { code: status },
      validate: false,
    });
    if (fromSpec.status === status) return fromSpec;
  }
  return partneroError(status, message);
}

/** The client's Accept or Content-Type must not stop the spec's JSON example from being served (or crash Prism). */
function jsonOnly(request: IHttpRequest): IHttpRequest {
  const { accept: _accept, 'content-type': _type, ...headers } = request.headers ?? {};
  return { ...request, headers: { ...headers, accept: 'application/json' } };
}
