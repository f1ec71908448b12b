import { deref, type Json, type SpecOperation } from './spec.js';

export interface ExampleRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown> };
  body?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: Json;
}

function exampleOf(node: { example?: unknown; examples?: Record<string, { value?: unknown }> }): unknown {
  if (node.example !== undefined) return node.example;
  const first = Object.values(node.examples ?? {})[0];
  return first ? deref<{ value?: unknown }>(first).value : undefined;
}

function parameterValue(param: Parameter): unknown {
  return exampleOf(param) ?? param.schema?.example ?? param.schema?.default ?? 'example';
}

/** A request built only from the operation's own examples: every path and required query parameter, and the body. */
export function exampleRequest(op: SpecOperation): ExampleRequest {
  const request: ExampleRequest = { params: { path: {}, query: {} } };
  for (const ref of (op.operation.parameters as unknown[] | undefined) ?? []) {
    const param = deref<Parameter>(ref);
    if (param.in === 'path') request.params.path[param.name] = parameterValue(param);
    else if (param.in === 'query' && param.required) request.params.query[param.name] = parameterValue(param);
  }
  const body = op.operation.requestBody
    ? deref<{ content?: Record<string, Json> }>(op.operation.requestBody)
    : undefined;
  const media = body?.content?.['application/json'];
  if (media) request.body = exampleOf(media);
  return request;
}

// Fields every variant of a body schema requires: dropping one of them must fail validation
// whichever oneOf/anyOf branch the server tries.
function requiredFields(schema: Json | undefined): string[] {
  if (!schema) return [];
  const node = deref<Json>(schema);
  const own = Array.isArray(node.required) ? (node.required as string[]) : [];
  const fromAllOf = ((node.allOf as Json[] | undefined) ?? []).flatMap(requiredFields);
  const variants = (node.oneOf ?? node.anyOf) as Json[] | undefined;
  const common = variants?.length
    ? variants.map(requiredFields).reduce((a, b) => a.filter((field) => b.includes(field)))
    : [];
  return [...new Set([...own, ...fromAllOf, ...common])];
}

/** The fields an operation's JSON request body always requires (empty without a body). */
export function requiredBodyFields(op: SpecOperation): string[] {
  const body = op.operation.requestBody
    ? deref<{ content?: Record<string, Json> }>(op.operation.requestBody)
    : undefined;
  return requiredFields(body?.content?.['application/json']?.schema as Json | undefined);
}

/** The documented success status codes of an operation. */
export function successStatuses(op: SpecOperation): number[] {
  return Object.keys(op.operation.responses as Json)
    .filter((code) => /^2\d\d$/.test(code))
    .map(Number);
}

/** The example request without one input, for provoking a validation failure. */
export function withoutInput(
  request: ExampleRequest,
  input: { in: 'body' | 'query'; name: string },
): ExampleRequest {
  if (input.in === 'query') {
    const { [input.name]: _dropped, ...query } = request.params.query;
    return { ...request, params: { ...request.params, query } };
  }
  const { [input.name]: _dropped, ...body } = (request.body ?? {}) as Record<string, unknown>;
  return { ...request, body };
}
