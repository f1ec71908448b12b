import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { API_PREFIX, apiPath } from '../1-route/api-path.js';
import { isAnswer, type Reply } from '../answer.js';

/**
 * One line per request for `--verbose`. Takes the templated path (`loggedPath`) and never sees
 * headers, so neither the Authorization header nor a key in a path or query can leak.
 */
export function formatRequestLine(
  method: string,
  pathname: string,
  status: number | 'dropped',
  ms: number,
): string {
  return `${method} ${pathname} ${status} ${ms.toFixed(1)}ms`;
}

/**
 * The path `--verbose` prints: the spec's template (`/v1/partners/{id}`) for an API request and
 * the route for the server's own, never the path as sent, which can carry a key
 * (`/v1/partners/sk_live_...`) a log must not show.
 */
export function loggedPath(
  method: string,
  target: string,
  isOwnRoute: (pathname: string) => boolean,
  resolve: (method: HttpMethod, path: string) => IHttpOperation | Reply,
): string {
  let pathname: string;
  try {
    pathname = new URL(target, 'http://localhost').pathname;
  } catch {
    return '(invalid target)';
  }
  if (isOwnRoute(pathname)) return pathname;
  const path = apiPath(new URL(pathname, 'http://localhost'));
  if (isAnswer(path))
    return pathname.startsWith(`${API_PREFIX}/`) ? `${API_PREFIX}/(refused path)` : '(no route)';
  const operation = resolve(method.toLowerCase() as HttpMethod, path);
  return isAnswer(operation) ? `${API_PREFIX}/(no operation)` : `${API_PREFIX}${operation.path}`;
}
