import { connect } from 'node:net';
import { exampleRequest, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { responseBodyErrors } from '@partnero-ts/spec-tools/schema';
import type { MockOptions } from '../src/index.js';

// Tests read operations, examples and schemas from the spec at run time (through
// @partnero-ts/spec-tools, as the contract suite does), so they keep passing as the spec grows.

/** A URL path (under /v1) and body that the spec says is valid for the operation. */
export function validRequest(op: SpecOperation): { path: string; body?: string } {
  const { params, body } = exampleRequest(op);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params.path[name])),
  );
  const query = new URLSearchParams(
    Object.entries(params.query).map(([name, value]) => [name, String(value)]),
  );
  const search = query.size > 0 ? `?${query}` : '';
  return { path: `/v1${path}${search}`, ...(body !== undefined && { body: JSON.stringify(body) }) };
}

export const AUTH = { authorization: 'Bearer test_key' };
export const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

/** Sends the operation's documented example request (or `body` instead of its body) to a mock at `origin`. */
export function callOperation(
  origin: string,
  op: SpecOperation,
  headers: Record<string, string>,
  body?: string,
): Promise<Response> {
  const request = validRequest(op);
  const payload = body ?? request.body;
  return fetch(`${origin}${request.path}`, {
    method: op.method.toUpperCase(),
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload !== undefined && { body: payload }),
  });
}

/** Each test its own API key: state is per key, so no test sees another's writes. */
let keys = 0;
export function uniqueKey(label = 'test'): string {
  keys += 1;
  return `${label}_${process.pid}_${keys}`;
}

/** Answers /health: the server survived whatever a test threw at it. */
export async function expectAlive(origin: string): Promise<void> {
  const res = await fetch(`${origin}/health`);
  if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
  await res.text();
}

export interface RawAnswer {
  text: string;
  status?: number;
}

/**
 * Writes bytes straight to the socket (for what fetch refuses to send) and reads until close.
 * `endInput` half-closes the socket so a server waiting for more bytes sees EOF instead of
 * hanging; Node's server then aborts any request still in flight (no half-open HTTP), so
 * complete requests are sent with `endInput: false` and `Connection: close`. `timeoutMs` only
 * names the bytes of a request that hung (a test's own timeout would not): it is no latency
 * bound, so it is just under the config's 300 s hang guard.
 */
export function rawRequest(
  url: string,
  bytes: Buffer | string,
  { endInput = true, timeoutMs = 280_000 } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no answer within ${timeoutMs} ms to ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1];
      resolve({ text, ...(status !== undefined && { status: Number(status) }) });
    });
    socket.write(bytes);
    if (endInput) socket.end();
  });
}

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the mock answered
  body: any;
  headers: Headers;
}

/** Calls `/v1` of a mock with one API key: `api('POST', '/partners', body)`. */
export function apiAs(origin: string, key: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${origin}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
      headers: res.headers,
    } as ApiAnswer;
  };
}

/** GETs one of the mock's own routes, scoped to `key` when given (ledger, webhooks, state). */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the mock answered
export async function mockRoute(origin: string, path: string, key?: string): Promise<any> {
  const res = await fetch(`${origin}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Asserts `body` fits the schema the spec documents for `operationId` answering `status`. */
export function expectConforms(operationId: string, status: number, body: unknown): void {
  const op = specOperations().find((candidate) => candidate.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const errors = responseBodyErrors(op, status, body);
  if (errors) throw new Error(`${operationId} ${status}: ${errors}\n${JSON.stringify(body)}`);
}

/**
 * `sleep` for `startMock` that only records what it was asked to wait: tests check the delays the
 * mock decided, never how long the machine took.
 */
export function recordingSleep(): { slept: number[]; sleep: NonNullable<MockOptions['sleep']> } {
  const slept: number[] = [];
  return {
    slept,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
}
