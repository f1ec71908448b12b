import { deref, type Json, type Parameter, parametersOf, type SpecOperation } from './spec.js';

export interface ExampleRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown> };
  body?: unknown;
}

/** One input a request must carry: a body field or a query parameter. */
export interface RequiredInput {
  in: 'body' | 'query';
  name: string;
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
  for (const param of parametersOf(op)) {
    if (param.in === 'path') request.params.path[param.name] = parameterValue(param);
    else if (param.in === 'query' && param.required) request.params.query[param.name] = parameterValue(param);
  }
  const media = jsonRequestBody(op);
  if (media) request.body = exampleOf(media);
  return request;
}

function jsonRequestBody(op: SpecOperation): Json | undefined {
  if (!op.operation.requestBody) return undefined;
  return deref<{ content?: Record<string, Json> }>(op.operation.requestBody).content?.['application/json'];
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
  return requiredFields(jsonRequestBody(op)?.schema as Json | undefined);
}

/** An input whose absence must fail validation: a required body field, else a required query parameter. */
export function requiredInput(op: SpecOperation): RequiredInput | undefined {
  const field = requiredBodyFields(op)[0];
  if (field) return { in: 'body', name: field };
  const param = parametersOf(op).find((candidate) => candidate.in === 'query' && candidate.required);
  return param && { in: 'query', name: param.name };
}

/** The example request without one input, for provoking a validation failure. */
export function withoutInput(request: ExampleRequest, input: RequiredInput): ExampleRequest {
  if (input.in === 'query') {
    const { [input.name]: _dropped, ...query } = request.params.query;
    return { ...request, params: { ...request.params, query } };
  }
  const { [input.name]: _dropped, ...body } = (request.body ?? {}) as Record<string, unknown>;
  return { ...request, body };
}
