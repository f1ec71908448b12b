import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { toPrismRequest } from '../4-prism/prism-request.js';
import { isAnswer, problem, type Reply } from '../answer.js';
import type { Stage } from '../exchange.js';
import type { Stats } from '../internal/stats.js';
import { apiPath } from './api-path.js';
import { isOperation, operationKey } from './operations.js';

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/**
 * Finds the operation: the path under /v1, a method HTTP knows, an operation of the spec; each
 * request counts in `/__mock/stats` whether it matched or not. First, because every later
 * stage (auth's refusal, Prism) answers as the operation's spec says.
 */
export function routeStage(
  resolve: (method: HttpMethod, path: string) => IHttpOperation | Reply,
  stats: Stats,
): Stage {
  return async (exchange) => {
    const path = apiPath(exchange.url);
    if (isAnswer(path)) return path;
    if (!METHODS.has(exchange.method)) {
      stats.record(undefined);
      return problem(405, 'Method Not Allowed', `Method ${exchange.request.method} is not supported.`);
    }
    const operation = resolve(exchange.method.toLowerCase() as HttpMethod, path);
    stats.record(isOperation(operation) ? operationKey(operation) : undefined);
    if (!isOperation(operation)) return operation;
    return { ...exchange, path, operation, prism: toPrismRequest(exchange.request, exchange.url, path) };
  };
}
