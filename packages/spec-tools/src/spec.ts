import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  encodeSegment,
  examplesOf,
  follow,
  type Json,
  nodeAt,
  operationsOf,
  type Parameter,
  parametersOf as parametersIn,
  pointerOf,
  type SpecOperation,
  successStatuses as successStatusesIn,
  successStatus as successStatusOf,
} from '@partnero-ts/spec/read';

const require = createRequire(import.meta.url);

export type { Json, Parameter, SpecOperation } from '@partnero-ts/spec/read';

export const SPEC_PATH: string = require.resolve('@partnero-ts/spec/openapi.json');
export const spec: Json = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

export const escapePointer = encodeSegment;

/** Every operation of the bundled spec, in document order. */
export function specOperations(): SpecOperation[] {
  return operationsOf(spec);
}

/** The node a local reference names; an unresolvable one is the spec's mistake, so it throws. */
export function resolvePointer(ref: string): Json {
  const node = nodeAt(spec, ref);
  if (node === undefined) throw new Error(`unresolvable reference ${ref}`);
  return node as Json;
}

/** Follows local `$ref`s until a node that is not a reference; a dangling one throws, naming it. */
export function deref<T = Json>(node: unknown): T {
  const found = follow(spec, node, '');
  if (found.node === undefined && node !== undefined)
    throw new Error(`unresolvable reference ${found.pointer}`);
  return found.node as T;
}

/** The operation's parameters, references followed. */
export function parametersOf(op: SpecOperation): Parameter[] {
  return parametersIn(spec, op.operation);
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
  return successStatusesIn(op.operation);
}

/**
 * The status a valid request gets: the one `x-partnero-success` names (where the operation
 * documents several 2xx), else the lowest 2xx it documents, as Prism picks it.
 */
export function successStatus(op: SpecOperation): number {
  const code = successStatusOf(op.operation);
  if (code === undefined) throw new Error(`${op.operationId} documents no 2xx response`);
  return code;
}

/**
 * Pointer of the response object the operation documents for `status` (else its `default`),
 * following a `$ref` into `components.responses`: Ajv cannot walk a pointer through a reference.
 */
export function responsePointer(op: SpecOperation, status: number | string): string {
  const key = responseOf(op, status) ? String(status) : 'default';
  const at = pointerOf('paths', op.path, op.method, 'responses', key);
  const { node, pointer } = follow(spec, (op.operation.responses as Json)[key], at);
  if (!node) throw new Error(`${op.operationId} documents no ${status} response`);
  return pointer;
}

/** The named examples of a JSON response, a lone `example` counted as one named "default". */
export function responseExamples(op: SpecOperation, status: number | string): Record<string, unknown> {
  const media = (responseOf(op, status)?.content as Record<string, Json> | undefined)?.['application/json'];
  return Object.fromEntries(examplesOf(spec, media));
}

export function firstExample(op: SpecOperation, status: number | string): unknown {
  return Object.values(responseExamples(op, status))[0];
}
