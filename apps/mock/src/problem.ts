/** A response the mock sends itself (not produced by Prism). */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** RFC 9457 problem+json, the mock's format for refusals that are not Partnero answers. */
export function problem(status: number, title: string, detail: string): MockResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: 'about:blank', title, status, detail }),
  };
}

/** A Partnero-shaped JSON error body (`{status: 0, message}`). */
export function partneroError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): MockResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ status: 0, message }),
  };
}
