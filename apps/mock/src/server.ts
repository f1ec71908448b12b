import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHttpNameValues, IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod } from '@stoplight/types';
import { checkAuthorization } from './auth.js';
import { parsePrefer } from './prefer.js';
import { createPrismHandler, loadOperations, type PrismHandler } from './prism.js';
import { type MockResponse, partneroError, problem } from './problem.js';
import { defaultSpecPath } from './spec-path.js';

export interface MockOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  /** Bundled OpenAPI document to serve; defaults to @partnero-ts/spec. */
  specPath?: string;
}

export interface RunningMock {
  /** Origin of the server, e.g. `http://127.0.0.1:4010`; the API lives under `${url}/v1`. */
  url: string;
  close(): Promise<void>;
}

const API_PREFIX = '/v1';
const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

interface Routes {
  prism: PrismHandler;
  specJson: string;
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const specPath = options.specPath ?? defaultSpecPath();
  const [operations, specJson] = await Promise.all([loadOperations(specPath), readFile(specPath, 'utf8')]);
  const routes: Routes = { prism: createPrismHandler(operations), specJson };
  const server = createServer((req, res) => {
    handle(routes, req)
      .catch((error: unknown) =>
        problem(500, 'Mock failure', error instanceof Error ? error.message : 'unexpected error'),
      )
      .then((response) => send(res, response));
  });
  await listen(server, options.port ?? 4010, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}`, close: () => close(server) };
}

async function handle(routes: Routes, req: IncomingMessage): Promise<MockResponse> {
  const url = new URL(req.url ?? '/', 'http://mock.local');
  if (url.pathname === '/health') return json(200, { status: 'ok' });
  if (url.pathname === '/openapi.json')
    return { status: 200, headers: { 'content-type': 'application/json' }, body: routes.specJson };
  if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
    return problem(404, 'Not Found', `No route ${url.pathname}; the API is served under ${API_PREFIX}.`);
  }
  const method = (req.method ?? 'GET').toLowerCase();
  if (!METHODS.has(method))
    return problem(405, 'Method Not Allowed', `Method ${req.method} is not supported.`);

  const auth = checkAuthorization(req.headers.authorization);
  if (!auth.ok) {
    const headers: Record<string, string> = auth.challenge ? { 'www-authenticate': auth.challenge } : {};
    return partneroError(auth.status, auth.message, headers);
  }

  const body = await readJsonBody(req);
  if ('status' in body) return body;
  const request: IHttpRequest = {
    method: method as HttpMethod,
    url: { path: url.pathname.slice(API_PREFIX.length) || '/', query: queryOf(url) },
    headers: flatHeaders(req),
    ...(body.value !== undefined && { body: body.value }),
  };
  return routes.prism(request, parsePrefer(headerValue(req.headers.prefer)));
}

async function readJsonBody(req: IncomingMessage): Promise<{ value: unknown } | MockResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      return problem(413, 'Payload Too Large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return { value: undefined };
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && !type?.endsWith('+json')) {
    return problem(415, 'Unsupported Media Type', 'Send request bodies as application/json.');
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return problem(
      400,
      'Malformed JSON',
      error instanceof Error ? error.message : 'The body is not valid JSON.',
    );
  }
}

function queryOf(url: URL): IHttpNameValues {
  const query: IHttpNameValues = {};
  for (const [name, value] of url.searchParams) {
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

function send(res: ServerResponse, response: MockResponse): void {
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
