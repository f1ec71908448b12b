import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { type AuthDecision, checkAuthorization } from './auth.js';
import { MAX_BODY_BYTES, readJsonBody } from './body.js';
import { answerClientError, refuseConnect } from './client-error.js';
import { type GlobalFaults, isFaultPlan, planFaults } from './faults.js';
import { formatRequestLine } from './log.js';
import { checkAccept, checkContentType } from './media-type.js';
import { createResolver, definesResponse, isOperation, operationKey } from './operations.js';
import { parsePrefer } from './prefer.js';
import { createPrismHandler, loadOperations, type PrismHandler } from './prism.js';
import { memoizePrism } from './prism-memo.js';
import { type MockResponse, partneroError, problem } from './problem.js';
import { internalRoute } from './routes.js';
import { defaultSpecPath } from './spec-path.js';
import { createStats, type Stats } from './stats.js';
import { isTarget, parseTarget, type Target } from './target.js';

export interface MockOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  /** Bundled OpenAPI document to serve; defaults to @partnero-ts/spec. */
  specPath?: string;
  /** Log one line per request (method, path, status, ms) through `log`. */
  verbose?: boolean;
  /** Where request lines go; default console.log. */
  log?: (line: string) => void;
  /** Latency and dropped connections for every request (chaos testing). Off by default. */
  faults?: GlobalFaults;
  /** Request body limit in bytes; default 1 MiB. */
  maxBodyBytes?: number;
}

export interface RunningMock {
  /** Origin of the server, e.g. `http://127.0.0.1:4010`; the API lives under `${url}/v1`. */
  url: string;
  close(): Promise<void>;
}

const API_PREFIX = '/v1';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
/** Marks a request whose connection is destroyed instead of answered (x-mock-fault: drop). */
const DROP = Symbol('drop');
type Outcome = MockResponse | typeof DROP;

interface Context {
  resolve: (request: IHttpRequest) => IHttpOperation | MockResponse;
  prism: PrismHandler;
  specJson: string;
  specTitle: string;
  stats: Stats;
  faults: GlobalFaults;
  maxBodyBytes: number;
  /** Aborted on close, so delayed requests do not hold the process open. */
  closing: AbortSignal;
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const specPath = options.specPath ?? defaultSpecPath();
  const [operations, specJson] = await Promise.all([loadOperations(specPath), readFile(specPath, 'utf8')]);
  const closing = new AbortController();
  const context: Context = {
    resolve: createResolver(operations),
    prism: memoizePrism(createPrismHandler()),
    specJson,
    specTitle: specTitleOf(specJson),
    stats: createStats(),
    faults: options.faults ?? {},
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    closing: closing.signal,
  };
  const log = options.verbose ? (options.log ?? console.log) : undefined;
  const server = createServer((req, res) => {
    serve(context, req, res, log);
  });
  server.on('clientError', answerClientError);
  server.on('connect', refuseConnect);
  await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () => {
      closing.abort();
      return close(server);
    },
  };
}

function serve(
  context: Context,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): void {
  const started = performance.now();
  // A client that goes away mid-request makes these streams emit 'error'; unhandled, that would crash the process.
  req.on('error', () => {});
  res.on('error', () => {});
  handle(context, req)
    .catch((error: unknown) =>
      // req.destroyed is also true for a fully read request (autoDestroy); only a gone socket means the client left.
      req.socket.destroyed
        ? DROP
        : problem(500, 'Mock failure', error instanceof Error ? error.message : 'unexpected error'),
    )
    .then((outcome) => {
      if (outcome === DROP) req.socket.destroy();
      else send(res, outcome);
      log?.(
        formatRequestLine(
          req.method ?? '-',
          pathForLog(req.url),
          outcome === DROP ? 'dropped' : outcome.status,
          performance.now() - started,
        ),
      );
    });
}

async function handle(context: Context, req: IncomingMessage): Promise<Outcome> {
  const target = parseTarget(req.url ?? '/');
  if (!isTarget(target)) return target;
  const method = (req.method ?? 'GET').toLowerCase();
  const internal = await internalRoute(context, method, target.pathname);
  if (internal !== undefined) return internal;
  if (target.pathname !== API_PREFIX && !target.pathname.startsWith(`${API_PREFIX}/`)) {
    return problem(404, 'Not Found', `No route ${target.pathname}; the API is served under ${API_PREFIX}.`);
  }
  return handleApi(context, req, method, target);
}

async function handleApi(
  context: Context,
  req: IncomingMessage,
  method: string,
  target: Target,
): Promise<Outcome> {
  if (!METHODS.has(method)) {
    context.stats.record(undefined);
    return problem(405, 'Method Not Allowed', `Method ${req.method} is not supported.`);
  }
  const request: IHttpRequest = {
    method: method as HttpMethod,
    url: { path: target.pathname.slice(API_PREFIX.length) || '/', query: queryOf(target.searchParams) },
    headers: flatHeaders(req),
  };
  const operation = context.resolve(request);
  context.stats.record(isOperation(operation) ? operationKey(operation) : undefined);
  if (!isOperation(operation)) return operation;

  const plan = planFaults(
    { delay: headerValue(req.headers['x-mock-delay-ms']), fault: headerValue(req.headers['x-mock-fault']) },
    context.faults,
  );
  if (!isFaultPlan(plan)) return plan;
  if (plan.delayMs > 0) await sleep(plan.delayMs, undefined, { signal: context.closing });
  if (plan.drop) return DROP;

  const auth = checkAuthorization(headerValue(req.headers.authorization));
  if (!auth.ok) return authFailure(context, request, operation, auth);

  const badHeader =
    checkAccept(headerValue(req.headers.accept)) ??
    checkContentType(headerValue(req.headers['content-type']));
  if (badHeader !== undefined) return badHeader;
  const body = await readJsonBody(req, context.maxBodyBytes);
  if ('status' in body) return body;
  const prefs = parsePrefer(headerValue(req.headers.prefer));
  // Prism can only answer statuses the spec defines; an outage must be reproducible for every operation.
  if (prefs.code === 503 && !definesResponse(operation, 503))
    return partneroError(503, 'Service Unavailable');
  return context.prism({
    request: { ...request, ...(body.value !== undefined && { body: body.value }) },
    operation,
    prefs,
  });
}

/** The spec's own 401/403 example for the operation, with our challenge header. */
async function authFailure(
  context: Context,
  request: IHttpRequest,
  operation: IHttpOperation,
  auth: Exclude<AuthDecision, { ok: true }>,
): Promise<MockResponse> {
  const fromSpec = definesResponse(operation, auth.status)
    ? await context.prism({
        request: jsonOnly(request),
        operation,
        prefs: { code: auth.status },
        validate: false,
      })
    : undefined;
  const response =
    fromSpec !== undefined && fromSpec.status === auth.status
      ? fromSpec
      : partneroError(auth.status, auth.message);
  const { 'www-authenticate': _fromSpec, ...headers } = response.headers;
  return {
    ...response,
    headers: auth.challenge ? { ...headers, 'www-authenticate': auth.challenge } : headers,
  };
}

/** The client's Accept or Content-Type must not stop the spec's JSON error example from being served (or crash Prism). */
function jsonOnly(request: IHttpRequest): IHttpRequest {
  const { accept: _accept, 'content-type': _type, ...headers } = request.headers ?? {};
  return { ...request, headers: { ...headers, accept: 'application/json' } };
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

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function specTitleOf(specJson: string): string {
  try {
    const title = (JSON.parse(specJson) as { info?: { title?: unknown } }).info?.title;
    return typeof title === 'string' ? title : 'API reference';
  } catch {
    return 'API reference';
  }
}

/** The path only: query strings may carry keys, and logs must never show one. */
function pathForLog(url: string | undefined): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
}

function send(res: ServerResponse, response: MockResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
