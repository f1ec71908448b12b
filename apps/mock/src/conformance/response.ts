import { encodeSegment, follow, type Json, nodeAt, pointerOf } from '@partnero-ts/spec/read';
import { type Difference, preview, type SpecSchemas, schemaDifferences } from './differences.js';

/** An answer as read off the wire: `headers` may be fetch `Headers` or anything with `get`. */
export interface ObservedAnswer {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** The operation an exchange was for, as the document names it: `{method: 'get', path: '/partners/{id}'}`. */
export interface OperationRef {
  method: string;
  path: string;
}

/**
 * Which status is right: any the operation documents (the proxy, which sees whatever real
 * traffic provokes), a documented 2xx (a read that should succeed), or exactly this one (a
 * request sent without a key must get 401).
 */
export type ExpectedStatus = 'documented' | 'success' | number;

interface ResponseObject {
  headers?: Record<string, Json>;
  content?: Record<string, unknown>;
}

/** The key of the response the operation documents for `status`: exact, then `4XX`-style ranges, then `default`. */
function responseKey(responses: Json, status: number): string | undefined {
  const candidates = [String(status), `${String(status)[0]}XX`, 'default'];
  return candidates.find((key) => Object.hasOwn(responses, key));
}

// Header values are strings on the wire; a header declared as an integer (Retry-After) is its digits.
function headerCandidates(raw: string): unknown[] {
  return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? [raw, Number(raw)] : [raw];
}

function checkHeaders(
  spec: SpecSchemas,
  response: ResponseObject,
  pointer: string,
  answer: ObservedAnswer,
  secrets: readonly string[],
): Difference[] {
  const differences: Difference[] = [];
  for (const [name, node] of Object.entries(response.headers ?? {})) {
    const header = follow(spec.root, node, '').node as { required?: boolean } | undefined;
    const schemaPointer =
      typeof node.$ref === 'string'
        ? `${node.$ref}/schema`
        : `${pointer}/headers/${encodeSegment(name)}/schema`;
    const where = `/headers/${encodeSegment(name.toLowerCase())}`;
    const raw = answer.headers.get(name);
    if (raw === null) {
      if (header?.required)
        differences.push({ pointer: where, message: 'missing, but the spec requires it' });
      continue;
    }
    const results = headerCandidates(raw).map((candidate) =>
      schemaDifferences(spec, schemaPointer, candidate, where, secrets),
    );
    if (!results.some((result) => result.length === 0)) differences.push(...(results[0] ?? []));
  }
  return differences;
}

function checkBody(
  spec: SpecSchemas,
  pointer: string,
  answer: ObservedAnswer,
  secrets: readonly string[],
): Difference[] {
  const contentType = answer.headers.get('content-type');
  if (!/^application\/([\w.-]+\+)?json\b/i.test(contentType ?? ''))
    return [
      {
        pointer: '/headers/content-type',
        message: 'the spec declares an application/json body',
        value: preview(contentType, secrets),
      },
    ];
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [{ pointer: '/body', message: 'not valid JSON', value: preview(answer.body, secrets) }];
  }
  return schemaDifferences(spec, `${pointer}/content/application~1json/schema`, body, '/body', secrets);
}

/**
 * Compares an answer with the operation's spec: the status (see `ExpectedStatus`), then the
 * headers and body declared for the status that came back. Pointers are into the answer seen as
 * `{status, headers, body}`; values are shortened and have `secrets` redacted.
 */
export function checkResponse(
  spec: SpecSchemas,
  op: OperationRef,
  answer: ObservedAnswer,
  expected: ExpectedStatus,
  secrets: readonly string[] = [],
): Difference[] {
  const operationPointer = pointerOf('paths', op.path, op.method.toLowerCase());
  const operation = nodeAt(spec.root, operationPointer) as Json | undefined;
  if (operation === undefined)
    throw new Error(`the spec has no operation ${op.method.toUpperCase()} ${op.path}`);
  const responses = (operation.responses ?? {}) as Json;
  const key = responseKey(responses, answer.status);
  const documentedKeys = Object.keys(responses);
  const differences: Difference[] = [];
  if (expected === 'documented') {
    if (key === undefined)
      differences.push({
        pointer: '/status',
        value: answer.status,
        message: `the spec does not document ${answer.status} (${documentedKeys.join(', ')})`,
      });
  } else {
    const wanted =
      expected === 'success' ? documentedKeys.filter((code) => /^2\d\d$/.test(code)).map(Number) : [expected];
    if (!wanted.includes(answer.status))
      differences.push({
        pointer: '/status',
        value: answer.status,
        message:
          key === undefined
            ? `expected ${wanted.join(' or ')}; the spec does not document ${answer.status} (${documentedKeys.join(', ')})`
            : expected === 'success'
              ? `expected ${wanted.join(' or ')}; the spec documents ${answer.status} as an error`
              : `expected ${expected}`,
      });
  }
  if (key === undefined) return differences;
  const { node: response, pointer } = follow(
    spec.root,
    responses[key],
    `${operationPointer}/responses/${encodeSegment(key)}`,
  );
  if (response === undefined) return differences;
  differences.push(...checkHeaders(spec, response as ResponseObject, pointer, answer, secrets));
  if ((response as ResponseObject).content?.['application/json'])
    differences.push(...checkBody(spec, pointer, answer, secrets));
  return differences;
}
