import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// Loose OpenAPI shapes: the readers of the bundled document gain nothing from its exact typing.
export type Json = Record<string, unknown>;

export interface SpecOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  operation: Json;
  /** JSON pointer of the operation inside the document, for schema references. */
  pointer: string;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: Json;
}

export const SPEC_PATH: string = require.resolve('@partnero-ts/spec/openapi.json');
export const spec: Json = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

export const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

function pointerOf(...segments: string[]): string {
  return `#/${segments.map(escapePointer).join('/')}`;
}

/** Every operation of the bundled spec, in document order. */
export function specOperations(): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      out.push({
        method,
        path,
        operationId: String(operation.operationId),
        operation,
        pointer: pointerOf('paths', path, method),
      });
    }
  }
  return out;
}

export function resolvePointer(ref: string): Json {
  const segments = ref.replace(/^#\//, '').split('/');
  let node: unknown = spec;
  for (const raw of segments) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Json)[key];
    if (node === undefined) throw new Error(`unresolvable reference ${ref}`);
  }
  return node as Json;
}

/** Follows local `$ref`s until a node that is not a reference. */
export function deref<T = Json>(node: unknown): T {
  let current = node as Json;
  while (current && typeof current.$ref === 'string') {
    current = resolvePointer(current.$ref);
  }
  return current as T;
}

/** The operation's parameters, references followed. */
export function parametersOf(op: SpecOperation): Parameter[] {
  return ((op.operation.parameters as unknown[] | undefined) ?? []).map((ref) => deref<Parameter>(ref));
}

/**
 * The response the operation documents for `status` (references followed), or undefined:
 * the one way to ask "does this operation document status N?".
 */
export function responseOf(op: SpecOperation, status: number | string): Json | undefined {
  const response = (op.operation.responses as Json)[String(status)];
  return response === undefined ? undefined : deref(response);
}

/** Every 2xx status the operation documents, in document order. */
export function successStatuses(op: SpecOperation): number[] {
  return Object.keys(op.operation.responses as Json)
    .filter((key) => /^2\d\d$/.test(key))
    .map(Number);
}

/** The status a valid request gets: the lowest 2xx the operation documents, as Prism picks it. */
export function successStatus(op: SpecOperation): number {
  const [code] = successStatuses(op);
  if (code === undefined) throw new Error(`${op.operationId} documents no 2xx response`);
  return code;
}

/**
 * Pointer of the response object the operation documents for `status` (else its `default`),
 * following a `$ref` into `components.responses`: Ajv cannot walk a pointer through a reference.
 */
export function responsePointer(op: SpecOperation, status: number | string): string {
  const key = responseOf(op, status) ? String(status) : 'default';
  let pointer = pointerOf('paths', op.path, op.method, 'responses', key);
  let node = (op.operation.responses as Json)[key] as Json | undefined;
  while (node && typeof node.$ref === 'string') {
    pointer = node.$ref;
    node = resolvePointer(node.$ref);
  }
  if (!node) throw new Error(`${op.operationId} documents no ${status} response`);
  return pointer;
}

/** The named examples of a JSON response, a lone `example` counted as one named "default". */
export function responseExamples(op: SpecOperation, status: number | string): Record<string, unknown> {
  const media = (responseOf(op, status)?.content as Record<string, Json> | undefined)?.['application/json'];
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

export function firstExample(op: SpecOperation, status: number | string): unknown {
  return Object.values(responseExamples(op, status))[0];
}
