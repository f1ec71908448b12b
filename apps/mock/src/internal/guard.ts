import { isJsonType } from '../3-request/media-type.js';
import { problem, type Reply } from '../answer.js';
import type { MockRequest } from '../incoming.js';

/**
 * A web page open in the developer's browser can send requests to a mock on localhost. Such
 * requests carry the page's `Origin`, and the only bodies a page can send without a CORS
 * preflight are forms and text; refusing both means no page can reset a running test or read
 * what it recorded. Returns the request, checked, or the refusal (answer.ts).
 */
export function guardInternal(request: MockRequest, own: URL): MockRequest | Reply {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== own.origin) {
    return problem(
      403,
      'Forbidden',
      `The mock's own routes refuse requests from other origins (Origin: ${origin.slice(0, 100)}); call them from your test process.`,
    );
  }
  const length = request.headers.get('content-length');
  const hasBody = (length !== null && length !== '0') || request.headers.get('transfer-encoding') !== null;
  const type = request.headers.get('content-type') ?? undefined;
  if (hasBody && !isJsonType(type)) {
    return problem(
      415,
      'Unsupported Media Type',
      `The mock's own routes take no body, or JSON (got ${type ? `"${type}"` : 'no Content-Type'}).`,
    );
  }
  return request;
}
