import { problem, type Reply } from '../answer.js';
import { refuseDotSegments } from './dot-segments.js';

/** The API lives under /v1, as in production: only the origin changes. */
export const API_PREFIX = '/v1';

/**
 * The path under /v1 (`/partners/p1`, `/` for `/v1` itself), or the answer for a path outside
 * the API or with malformed percent-encoding: Prism matches decoded paths, so a bad escape would
 * reach it as a different path than the client meant.
 */
export function apiPath(url: URL): string | Reply {
  const { pathname } = url;
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) {
    return problem(404, 'Not Found', `No route ${pathname}; the API is served under ${API_PREFIX}.`);
  }
  const path = pathname.slice(API_PREFIX.length) || '/';
  // Again here, for the fetch form (MSW) that never passes http/target.ts, and for what the proxy forwards.
  return refuseDotSegments(path);
}
