import { DOCS_BUNDLE_PATH, docsHtml, redocBundle } from './docs.js';
import { jsonResponse, type MockResponse, problem } from './problem.js';
import type { Stats } from './stats.js';

/** What the mock's own endpoints need to answer. */
export interface InternalContext {
  specJson: string;
  specTitle: string;
  stats: Stats;
}

/** The mock's own endpoints: health, spec, docs and request stats. */
export async function internalRoute(
  context: InternalContext,
  method: string,
  pathname: string,
): Promise<MockResponse | undefined> {
  const read = method === 'get' || method === 'head';
  switch (pathname) {
    case '/health':
      return read ? jsonResponse(200, { status: 'ok' }) : notAllowed(method, pathname, 'GET, HEAD');
    case '/openapi.json':
      return read
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: context.specJson }
        : notAllowed(method, pathname, 'GET, HEAD');
    case '/docs':
    case '/docs/':
      return read
        ? {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            body: docsHtml(context.specTitle),
          }
        : notAllowed(method, pathname, 'GET, HEAD');
    case DOCS_BUNDLE_PATH:
      return read
        ? {
            status: 200,
            headers: {
              'content-type': 'text/javascript; charset=utf-8',
              'cache-control': 'public, max-age=3600',
            },
            body: await redocBundle(),
          }
        : notAllowed(method, pathname, 'GET, HEAD');
    case '/__mock/stats':
      if (read) return jsonResponse(200, context.stats.snapshot());
      if (method === 'delete') return reset(context.stats);
      return notAllowed(method, pathname, 'GET, HEAD, DELETE');
    case '/__mock/reset':
      return method === 'post' ? reset(context.stats) : notAllowed(method, pathname, 'POST');
    default:
      return undefined;
  }
}

function reset(stats: Stats): MockResponse {
  stats.reset();
  return { status: 204, headers: {}, body: '' };
}

function notAllowed(method: string, pathname: string, allow: string): MockResponse {
  const response = problem(
    405,
    'Method Not Allowed',
    `${method.toUpperCase()} is not allowed on ${pathname}; use ${allow}.`,
  );
  return { ...response, headers: { ...response.headers, allow } };
}
