// `@partnero-ts/spec/read`: how the bundled document is read, for every package that reads it
// (the mock at run time, the tests and benchmarks through spec-tools). Pure functions over the
// parsed document, no dependency, so the mock and spec-tools share one reading of pointers,
// `$ref`s, operations, parameters, success statuses and examples.

/** Loose OpenAPI shapes: the readers of the bundled document gain nothing from its exact typing. */
export type Json = Record<string, unknown>;

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** One operation of the document, where it lives. */
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

export const decodeSegment = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~');
export const encodeSegment = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/** `#/paths/~1partners/get` from its segments. */
export function pointerOf(...segments: string[]): string {
  return `#/${segments.map(encodeSegment).join('/')}`;
}

/** The node a local JSON pointer (`#/components/schemas/Partner`) names, or undefined. */
export function nodeAt(root: Json, pointer: string): unknown {
  let node: unknown = root;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[decodeSegment(raw)];
  }
  return node;
}

/** A node with its local `$ref`s followed (32 hops at most, so a cycle ends), and the pointer it finally lives at. */
export function follow(
  root: Json,
  node: unknown,
  pointer: string,
): { node: Json | undefined; pointer: string } {
  let current = node as Json | undefined;
  let at = pointer;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 32; hops++) {
    at = current.$ref;
    current = nodeAt(root, at) as Json | undefined;
  }
  return { node: current, pointer: at };
}

/** Every operation of the document, in document order. */
export function operationsOf(root: Json): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries((root.paths ?? {}) as Record<string, Json>)) {
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

/** An operation's parameters, references followed. */
export function parametersOf(root: Json, operation: Json): Parameter[] {
  return ((operation.parameters as unknown[] | undefined) ?? []).map(
    (ref) => follow(root, ref, '').node as unknown as Parameter,
  );
}

/** Every 2xx status the operation documents, in document order. */
export function successStatuses(operation: Json): number[] {
  return Object.keys((operation.responses ?? {}) as Json)
    .filter((key) => /^2\d\d$/.test(key))
    .map(Number);
}

/**
 * The status a valid request gets: the one `x-partnero-success` names (lint requires it where
 * several 2xx are documented), else the lowest 2xx, as Prism picks it; undefined without a 2xx.
 */
export function successStatus(operation: Json): number | undefined {
  const named = operation['x-partnero-success'];
  if (typeof named === 'number') return named;
  return successStatuses(operation).sort((a, b) => a - b)[0];
}

/** The named examples of a media type object, a lone `example` counted as one named "default". */
export function examplesOf(root: Json, media: Json | undefined): [string, unknown][] {
  if (!media) return [];
  if (media.examples) {
    return Object.entries(media.examples as Record<string, unknown>).map(([name, example]) => [
      name,
      follow(root, example, '').node?.value,
    ]);
  }
  return 'example' in media ? [['default', media.example]] : [];
}

/**
 * The values of a path's parameters, matched segment by segment against its template:
 * `{id: 'partner 1'}` for `/partners/{id}` and `/partners/partner%201` (a malformed escape is
 * kept as sent).
 */
export function pathParameters(template: string, path: string): Record<string, string> {
  const params: Record<string, string> = {};
  const values = path.split('/');
  template.split('/').forEach((name, index) => {
    const param = /^\{([^}]+)\}$/.exec(name)?.[1];
    const value = values[index];
    if (param === undefined || value === undefined) return;
    try {
      params[param] = decodeURIComponent(value);
    } catch {
      params[param] = value;
    }
  });
  return params;
}
