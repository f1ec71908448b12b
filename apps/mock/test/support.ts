import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { defaultSpecPath } from '../src/spec-path.js';

// Tests read summaries, examples and schemas from the spec at run time so they keep passing
// as the spec grows from 5 operations to ~93.

type Json = Record<string, unknown>;

export interface SpecOperation {
  method: string;
  path: string;
  summary?: string;
  operation: Json;
}

export const spec: Json = JSON.parse(readFileSync(defaultSpecPath(), 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function deref<T = Json>(value: unknown): T {
  let current = value as Json;
  while (current && typeof current.$ref === 'string') {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Json>((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, spec);
  }
  return current as T;
}

export function specOperations(): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (operation) operations.push({ method, path, summary: operation.summary as string, operation });
    }
  }
  return operations;
}

export function responseOf(op: SpecOperation, code: number | string): Json | undefined {
  const responses = op.operation.responses as Record<string, unknown>;
  const response = responses[String(code)];
  return response === undefined ? undefined : deref(response);
}

/** The named examples of a JSON response, `example` counted as one named "default". */
export function responseExamples(op: SpecOperation, code: number | string): Record<string, unknown> {
  const media = (responseOf(op, code)?.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media) return {};
  if (media.examples) {
    return Object.fromEntries(
      Object.entries(media.examples as Record<string, unknown>).map(([name, example]) => [
        name,
        deref<Json>(example).value,
      ]),
    );
  }
  return 'example' in media ? { default: media.example } : {};
}

export function firstExample(op: SpecOperation, code: number | string): unknown {
  return Object.values(responseExamples(op, code))[0];
}

export function successCode(op: SpecOperation): string {
  return Object.keys(op.operation.responses as Json).find((code) => code.startsWith('2')) ?? '200';
}

function parameters(op: SpecOperation): Json[] {
  return ((op.operation.parameters as unknown[] | undefined) ?? []).map((parameter) => deref(parameter));
}

function parameterValue(parameter: Json): string {
  const schema = deref<Json>(parameter.schema ?? {});
  const value =
    parameter.example ?? schema.example ?? schema.default ?? (schema.type === 'integer' ? 1 : 'x1');
  return String(value);
}

/** A URL path (under /v1) and body that the spec says is valid for the operation. */
export function validRequest(op: SpecOperation): { path: string; body?: string } {
  let path = op.path;
  const query = new URLSearchParams();
  for (const parameter of parameters(op)) {
    if (parameter.in === 'path')
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(parameterValue(parameter)));
    if (parameter.in === 'query' && parameter.required)
      query.set(String(parameter.name), parameterValue(parameter));
  }
  const search = query.size > 0 ? `?${query}` : '';
  const media = (deref<Json>(op.operation.requestBody ?? {}).content as Record<string, Json> | undefined)?.[
    'application/json'
  ];
  const example = media?.examples
    ? deref<Json>(Object.values(media.examples as Json)[0]).value
    : (media?.example ?? undefined);
  return { path: `/v1${path}${search}`, ...(example !== undefined && { body: JSON.stringify(example) }) };
}

/** Top-level required properties of the operation's JSON request body. */
export function requiredBodyFields(op: SpecOperation): string[] {
  const media = (deref<Json>(op.operation.requestBody ?? {}).content as Record<string, Json> | undefined)?.[
    'application/json'
  ];
  const schema = deref<Json>(media?.schema ?? {});
  return (schema.required as string[] | undefined) ?? [];
}

export const AUTH = { authorization: 'Bearer test_key' };
export const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

export interface RawAnswer {
  text: string;
  status?: number;
}

/**
 * Writes bytes straight to the socket (for what fetch refuses to send) and reads until close.
 * `endInput` half-closes the socket so a server waiting for more bytes sees EOF instead of
 * hanging; Node's server then aborts any request still in flight (no half-open HTTP), so
 * complete requests are sent with `endInput: false` and `Connection: close`.
 */
export function rawRequest(
  url: string,
  bytes: Buffer | string,
  { endInput = true, timeoutMs = 5000 } = {},
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
