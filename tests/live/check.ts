import {
  deref,
  escapePointer,
  type Json,
  resolvePointer,
  responsePointer,
  type SpecOperation,
  successStatuses,
} from '@partnero-ts/spec-tools';
import { type Difference, preview, schemaDifferences } from './differences.js';

/** What came back, as read off the wire. */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

interface ResponseObject {
  headers?: Record<string, Json>;
  content?: Record<string, unknown>;
}

// Header values are strings on the wire; a header declared as an integer (Retry-After) is its digits.
function headerCandidates(raw: string): unknown[] {
  return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? [raw, Number(raw)] : [raw];
}

function checkHeaders(response: ResponseObject, pointer: string, headers: Headers): Difference[] {
  const differences: Difference[] = [];
  for (const [name, node] of Object.entries(response.headers ?? {})) {
    const header = deref<{ required?: boolean }>(node);
    const schemaPointer =
      typeof node.$ref === 'string'
        ? `${node.$ref}/schema`
        : `${pointer}/headers/${escapePointer(name)}/schema`;
    const where = `/headers/${escapePointer(name.toLowerCase())}`;
    const raw = headers.get(name);
    if (raw === null) {
      if (header.required) differences.push({ pointer: where, message: 'missing, but the spec requires it' });
      continue;
    }
    const results = headerCandidates(raw).map((candidate) =>
      schemaDifferences(schemaPointer, candidate, where),
    );
    if (!results.some((result) => result.length === 0)) differences.push(...(results[0] ?? []));
  }
  return differences;
}

function checkBody(pointer: string, answer: Answer): Difference[] {
  const contentType = answer.headers.get('content-type');
  if (!/^application\/([\w.-]+\+)?json\b/i.test(contentType ?? ''))
    return [
      {
        pointer: '/headers/content-type',
        message: 'the spec declares an application/json body',
        value: contentType,
      },
    ];
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [{ pointer: '/body', message: 'not valid JSON', value: preview(answer.body) }];
  }
  return schemaDifferences(`${pointer}/content/application~1json/schema`, body, '/body');
}

/**
 * Compares an answer with the operation's spec: the status (a documented success, or the one
 * status a check expects), then the headers and body declared for the status that came back.
 */
export function checkAnswer(op: SpecOperation, answer: Answer, expected: number | 'success'): Difference[] {
  const responses = op.operation.responses as Json;
  const documented = String(answer.status) in responses || 'default' in responses;
  const wanted = expected === 'success' ? successStatuses(op) : [expected];
  const differences: Difference[] = [];
  if (!wanted.includes(answer.status)) {
    differences.push({
      pointer: '/status',
      value: answer.status,
      message: documented
        ? `expected ${wanted.join(' or ')}; the spec documents ${answer.status} as an error`
        : `expected ${wanted.join(' or ')}; the spec does not document ${answer.status} (${Object.keys(responses).join(', ')})`,
    });
  }
  if (!documented) return differences;
  const pointer = responsePointer(op, answer.status);
  const response = resolvePointer(pointer) as ResponseObject;
  differences.push(...checkHeaders(response, pointer, answer.headers));
  if (response.content?.['application/json']) differences.push(...checkBody(pointer, answer));
  return differences;
}
