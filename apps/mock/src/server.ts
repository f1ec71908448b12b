import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { type AuthDecision, checkAuthorization } from './auth.js';
import { MAX_BODY_BYTES, readJsonBody } from './body.js';
import { DOCS_BUNDLE_PATH, docsHtml, redocBundle } from './docs.js';
import { type GlobalFaults, isFaultPlan, planFaults } from './faults.js';
import { formatRequestLine } from './log.js';
import { checkAccept, checkContentType } from './media-type.js';
import { definesResponse, isOperation, operationKey, resolveOperation } from './operations.js';
import { parsePrefer } from './prefer.js';
import { createPrismHandler, loadOperations, type PrismHandler } from './prism.js';
import { type MockResponse, partneroError, problem } from './problem.js';
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
  operations: IHttpOperation[];
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
    operations,
    prism: createPrismHandler(),
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

/** The mock's own endpoints: health, spec, docs and request stats. */
async function internalRoute(
  context: Context,
  method: string,
  pathname: string,
): Promise<MockResponse | undefined> {
  const read = method === 'get' || method === 'head';
  switch (pathname) {
    case '/health':
      return read ? json(200, { status: 'ok' }) : notAllowed(method, pathname, 'GET, HEAD');
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
      if (read) return json(200, context.stats.snapshot());
      if (method === 'delete') return reset(context.stats);
      return notAllowed(method, pathname, 'GET, HEAD, DELETE');
    case '/__mock/reset':
      return method === 'post' ? reset(context.stats) : notAllowed(method, pathname, 'POST');
    default:
      return undefined;
  }
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
  const operation = resolveOperation(context.operations, request);
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

function json(status: number, value: unknown): MockResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
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

/** Malformed HTTP never reaches the request handler; answer it here and close the socket. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const inResponse = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
    ?.headersSent;
  if (!socket.writable || inResponse || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  writeRawProblem(socket, status, `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`);
}

/** Node closes CONNECT requests without an answer unless someone listens; a mock proxies nothing. */
function refuseConnect(_req: IncomingMessage, socket: Socket): void {
  socket.on('error', () => {});
  writeRawProblem(socket, 405, 'CONNECT is not supported: this is an API mock, not a proxy.');
}

function writeRawProblem(socket: Socket, status: number, detail: string): void {
  const body = problem(status, STATUS_CODES[status] ?? 'Error', detail).body;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
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
