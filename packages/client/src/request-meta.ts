// `unwrap` builds errors from an openapi-fetch result, whose Response knows its URL but not the
// request method. The client's first middleware (so its onResponse runs last) records both here.
import type { Middleware } from 'openapi-fetch';

export interface RequestMeta {
  method: string;
  url: string;
}

const metaByResponse = new WeakMap<Response, RequestMeta>();

export function recordRequestMeta(): Middleware {
  return {
    onResponse({ request, response }) {
      metaByResponse.set(response, { method: request.method, url: request.url });
    },
  };
}

export function requestMeta(response: Response): RequestMeta {
  return metaByResponse.get(response) ?? { method: 'UNKNOWN', url: response.url };
}
