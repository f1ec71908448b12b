import { jsonReply, problem, type Reply, reply, withHeaders } from '../answer.js';
import type { SpecDocument } from '../document.js';
import { DOCS_BUNDLE_PATH, docsHtml, redocBundle } from './docs.js';
import type { Stats } from './stats.js';

/** What the mock's own routes read; `token` scopes the per-key ones to the caller's API key. */
export interface InternalContext {
  document: SpecDocument;
  stats: Stats;
  /** Clears everything a run accumulates: state, stats, ledger, deliveries, scenario progress. */
  reset(): void;
  ledger(token: string | undefined): unknown;
  deliveries(token: string | undefined): unknown;
  state(token: string | undefined): unknown;
}

type Handler = (context: InternalContext, token: string | undefined) => Reply | Promise<Reply>;
type Route = Partial<Record<'GET' | 'POST' | 'DELETE', Handler>>;

const NO_CONTENT = reply(204, {}, '');

const ROUTES: Record<string, Route> = {
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
  '/__mock/ledger': { GET: (context, token) => jsonReply(200, context.ledger(token)) },
  '/__mock/webhooks': { GET: (context, token) => jsonReply(200, context.deliveries(token)) },
  '/__mock/state': { GET: (context, token) => jsonReply(200, context.state(token)) },
  '/__mock/reset': {
    POST: (context) => {
      context.reset();
      return NO_CONTENT;
    },
  },
};

/** The mock's own routes: health, spec, docs, and what a test run recorded. */
export function isInternalPath(pathname: string): boolean {
  return Object.hasOwn(ROUTES, pathname);
}

/** Routes under /__mock/ answer about the run, so they are guarded against web pages. */
export function isRunRoute(pathname: string): boolean {
  return pathname.startsWith('/__mock/');
}

export async function answerInternal(
  context: InternalContext,
  method: string,
  pathname: string,
  token: string | undefined,
): Promise<Reply> {
  const route = ROUTES[pathname] as Route;
  const handler = route[(method === 'HEAD' ? 'GET' : method) as keyof Route];
  if (handler) return handler(context, token);
  const allow = Object.keys(route)
    .flatMap((name) => (name === 'GET' ? ['GET', 'HEAD'] : [name]))
    .join(', ');
  return withHeaders(
    problem(405, 'Method Not Allowed', `${method} is not allowed on ${pathname}; use ${allow}.`),
    { allow },
  );
}

function html(body: string): Reply {
  return reply(200, { 'content-type': 'text/html; charset=utf-8' }, body);
}
