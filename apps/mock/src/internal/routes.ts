import { isAnswer, jsonReply, problem, type Reply, reply, withHeaders } from '../answer.js';
import type { SpecDocument } from '../document.js';
import type { MockRequest } from '../incoming.js';
import { DOCS_BUNDLE_PATH, docsHtml, redocBundle } from './docs.js';
import { guardInternal } from './guard.js';
import type { Stats } from './stats.js';

/** What every server's own routes read, mock or proxy. */
export interface SharedContext {
  document: SpecDocument;
  stats: Stats;
  /** Clears everything a run accumulates: one key's (`POST /__mock/reset` with its Authorization), or all. */
  reset(token?: string): void;
}

/** The mock's: `token` scopes the per-key routes to the caller's API key. */
export interface MockContext extends SharedContext {
  ledger(token: string | undefined): unknown;
  deliveries(token: string | undefined): unknown;
  state(token: string | undefined): unknown;
  /** `PUT /__mock/state`: reads the request's body (a `Seed`). */
  putState(token: string | undefined, request: MockRequest): Promise<Reply>;
  /** What of the key's evidence other keys pushed out: `state`, `ledger`; empty when nothing. */
  evicted(token: string): string[];
  /** `POST /__mock/webhooks/trigger`: reads the request's body. */
  triggerWebhook(token: string | undefined, request: MockRequest): Promise<Reply>;
}

/** The validating proxy's (`--proxy`). */
export interface ProxyContext extends SharedContext {
  conformance(): unknown;
  resetConformance(): void;
}

type Handler<C> = (context: C, token: string | undefined, request: MockRequest) => Reply | Promise<Reply>;
type Route<C> = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler<C>>>;
export type Routes<C> = Readonly<Record<string, Route<C>>>;

const NO_CONTENT = reply(204, {}, '');

const SHARED_ROUTES: Routes<SharedContext> = {
  '/health': { GET: () => jsonReply(200, { status: 'ok' }) },
  '/openapi.json': {
    GET: ({ document }) => reply(200, { 'content-type': 'application/json' }, document.text),
  },
  '/docs': { GET: ({ document }) => html(docsHtml(document.title)) },
  '/docs/': { GET: ({ document }) => html(docsHtml(document.title)) },
  [DOCS_BUNDLE_PATH]: {
    GET: async () =>
      reply(
        200,
        { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' },
        await redocBundle(),
      ),
  },
  '/__mock/stats': {
    GET: ({ stats }) => jsonReply(200, stats.snapshot()),
    DELETE: ({ stats }) => {
      stats.reset();
      return NO_CONTENT;
    },
  },
  '/__mock/reset': {
    POST: (context, token) => {
      context.reset(token);
      return NO_CONTENT;
    },
  },
};

export const MOCK_ROUTES: Routes<MockContext> = {
  ...SHARED_ROUTES,
  '/__mock/ledger': { GET: (context, token) => saysEvicted(context, token, context.ledger(token)) },
  '/__mock/webhooks': { GET: (context, token) => jsonReply(200, context.deliveries(token)) },
  '/__mock/webhooks/trigger': {
    POST: (context, token, request) => context.triggerWebhook(token, request),
  },
  '/__mock/state': {
    GET: (context, token) => saysEvicted(context, token, context.state(token)),
    PUT: (context, token, request) => context.putState(token, request),
  },
};

/**
 * A key's evidence that is gone must not pass for "nothing happened": the answer names what was
 * evicted in `x-mock-evicted` (and an object answer in its `evicted` field).
 */
function saysEvicted(context: MockContext, token: string | undefined, value: unknown): Reply {
  const evicted = token === undefined ? [] : context.evicted(token);
  if (evicted.length === 0) return jsonReply(200, value);
  const body = Array.isArray(value) || typeof value !== 'object' ? value : { evicted, ...value };
  return jsonReply(200, body, { 'x-mock-evicted': evicted.join(', ') });
}

export const PROXY_ROUTES: Routes<ProxyContext> = {
  ...SHARED_ROUTES,
  '/__mock/conformance': {
    GET: (context) => jsonReply(200, context.conformance()),
    DELETE: (context) => {
      context.resetConformance();
      return NO_CONTENT;
    },
  },
};

/** Routes under /__mock/ answer about the run, so they are guarded against web pages. */
function isRunRoute(pathname: string): boolean {
  return pathname.startsWith('/__mock/');
}

/** The server's own routes (health, spec, docs), and every path under /__mock/, known or not. */
export function isInternalPath<C>(routes: Routes<C>, pathname: string): boolean {
  return Object.hasOwn(routes, pathname) || isRunRoute(pathname);
}

export async function answerInternal<C>(
  routes: Routes<C>,
  context: C,
  request: MockRequest,
  url: URL,
  token: string | undefined,
): Promise<Reply> {
  const { pathname } = url;
  if (isRunRoute(pathname)) {
    const guarded = guardInternal(request, url);
    if (isAnswer(guarded)) return guarded;
  }
  const method = request.method.toUpperCase();
  if (!Object.hasOwn(routes, pathname)) return unknownRunRoute(routes, pathname);
  const route = routes[pathname] as Route<C>;
  const handler = route[(method === 'HEAD' ? 'GET' : method) as keyof Route<C>];
  if (handler) return handler(context, token, request);
  const allow = Object.keys(route)
    .flatMap((name) => (name === 'GET' ? ['GET', 'HEAD'] : [name]))
    .join(', ');
  return withHeaders(
    problem(405, 'Method Not Allowed', `${method} is not allowed on ${pathname}; use ${allow}.`),
    { allow },
  );
}

function unknownRunRoute<C>(routes: Routes<C>, pathname: string): Reply {
  const here = Object.keys(routes).filter(isRunRoute).join(', ');
  return problem(
    404,
    'Not Found',
    `No route ${pathname.slice(0, 100)} here; this server has ${here}. /__mock/conformance exists only with --proxy; /__mock/ledger, /__mock/webhooks and /__mock/state only without it.`,
  );
}

function html(body: string): Reply {
  return reply(200, { 'content-type': 'text/html; charset=utf-8' }, body);
}
