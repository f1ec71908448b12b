import type { IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod } from '@stoplight/types';
import type { MockRequest } from '../incoming.js';

/** The request as Prism reads it (no body yet): `path` is the path under /v1. */
export function toPrismRequest(request: MockRequest, url: URL, path: string): IHttpRequest {
  return {
    method: request.method.toLowerCase() as HttpMethod,
    url: { path, query: queryOf(url.searchParams) },
    headers: flatHeaders(request.headers),
  };
}

function queryOf(searchParams: URLSearchParams): IHttpNameValues {
  const query: IHttpNameValues = {};
  for (const [name, value] of searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

function flatHeaders(headers: MockRequest['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  headers.forEach((value, name) => {
    flat[name] = value;
  });
  return flat;
}
