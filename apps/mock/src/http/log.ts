/**
 * One line per request for `--verbose`. Takes the path without its query string and never
 * sees headers, so neither the Authorization header nor a key passed in a query can leak.
 */
export function formatRequestLine(
  method: string,
  pathname: string,
  status: number | 'dropped',
  ms: number,
): string {
  return `${method} ${pathname} ${status} ${ms.toFixed(1)}ms`;
}
