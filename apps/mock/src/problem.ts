/** A response the mock sends itself (not produced by Prism). */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer; `headers` may add to it or override its content type. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): MockResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** RFC 9457 problem+json, the mock's format for refusals that are not Partnero answers. */
export function problem(status: number, title: string, detail: string): MockResponse {
  return jsonResponse(
    status,
    { type: 'about:blank', title, status, detail },
    { 'content-type': 'application/problem+json' },
  );
}

/** A Partnero-shaped JSON error body (`{status: 0, message}`). */
export function partneroError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): MockResponse {
  return jsonResponse(status, { status: 0, message }, headers);
}
