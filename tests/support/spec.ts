import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// Loose OpenAPI shapes: the tests read the bundled document, whose exact typing adds nothing here.
export type Json = Record<string, unknown>;

export interface SpecOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  operation: Json;
  /** JSON pointer of the operation inside the document, for schema references. */
  pointer: string;
}

export const SPEC_PATH: string = require.resolve('@partnero-ts/spec/openapi.json');
export const spec: Json = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

export const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export function pointerOf(...segments: string[]): string {
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

/** Follows a local `$ref` (one level is enough for parameters, responses and bodies). */
export function deref<T = Json>(node: unknown): T {
  let current = node as Json;
  while (current && typeof current.$ref === 'string') {
    current = resolvePointer(current.$ref);
  }
  return current as T;
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

/**
 * Pointer of an operation's response object for `status` (else its `default`), following a
 * `$ref` to `components.responses` (Ajv cannot walk a pointer through a reference).
 */
export function responsePointer(op: SpecOperation, status: number | string): string {
  const responses = op.operation.responses as Json;
  const key = String(status) in responses ? String(status) : 'default';
  let pointer = pointerOf('paths', op.path, op.method, 'responses', key);
  let node = responses[key] as Json | undefined;
  while (node && typeof node.$ref === 'string') {
    pointer = node.$ref;
    node = resolvePointer(node.$ref);
  }
  if (!node) throw new Error(`${op.operationId} documents no ${status} response`);
  return pointer;
}

/** Pointer of the JSON schema of an operation's response. */
export function responseSchemaPointer(op: SpecOperation, status: number | string): string {
  return `${responsePointer(op, status)}/content/application~1json/schema`;
}
