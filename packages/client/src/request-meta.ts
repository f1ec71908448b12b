// `unwrap` builds errors from an openapi-fetch result, whose Response knows its URL but not the
// request method. The transport remembers which Request each final Response answered; a WeakMap
// (not a middleware) keeps openapi-fetch on its no-middleware fast path.

export interface RequestMeta {
  method: string;
  url: string;
}

const requestByResponse = new WeakMap<Response, Request>();

export function rememberRequest(response: Response, request: Request): void {
  requestByResponse.set(response, request);
}

/** The method and URL behind a Response (UNKNOWN when a middleware replaced the Response). */
export function requestMeta(response: Response): RequestMeta {
  const request = requestByResponse.get(response);
  return request ? { method: request.method, url: request.url } : { method: 'UNKNOWN', url: response.url };
}
