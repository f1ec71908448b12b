import { responseOf, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { responseBodyErrors } from '@partnero-ts/spec-tools/schema';
import { describe, expect, inject, it } from 'vitest';
import { type CorpusRequest, corpusOf } from './corpus.js';

// Every operation gets a seeded corpus (corpus.ts) sent straight over HTTP, past the client, so
// malformed and schema-breaking bodies reach the mock as a careless caller would send them. Each
// answer must carry a status the operation documents (406 and 415 aside: content negotiation is
// the transport's, not an operation's), a body its documented schema accepts, and an invalid
// input must never succeed.
const baseUrl = `${inject('mockUrl')}/v1`;

// Content negotiation answers, which no operation documents.
const TRANSPORT_STATUSES = new Set([406, 415]);

async function send(op: SpecOperation, request: CorpusRequest): Promise<{ status: number; body: unknown }> {
  const url = new URL(`${baseUrl}${request.path}`);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  const headers: Record<string, string> = {
    // One key per operation: its writes do not change what another operation, running at once, reads.
    authorization: `Bearer ${request.apiKey ?? `corpus_${op.operationId}`}`,
    accept: 'application/json',
    connection: 'close',
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: op.method.toUpperCase(), headers, body: request.body });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

const operations = specOperations();

describe.concurrent.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
  '%s',
  (_name, op) => {
    it.each(corpusOf(op).map((request) => [request.label, request] as const))(
      '%s',
      async (_label, request) => {
        const { status, body } = await send(op, request);
        if (TRANSPORT_STATUSES.has(status)) return;
        expect(
          responseOf(op, status),
          `undocumented status ${status}: ${JSON.stringify(body)}`,
        ).toBeDefined();
        if (request.kind === 'invalid')
          expect(status, 'an invalid input succeeded').toBeGreaterThanOrEqual(400);
        if (body !== undefined)
          expect(responseBodyErrors(op, status, body), `${status} body against the spec`).toBe('');
      },
    );
  },
);

describe('the corpus', () => {
  it('is the same on every run (seeded) and reaches every operation with each kind of input', () => {
    const first = operations.map(corpusOf);
    expect(operations.map(corpusOf)).toEqual(first);
    const all = first.flat();
    const labels = all.map((request) => request.label);
    expect(labels.filter((label) => label === 'the documented example')).toHaveLength(operations.length);
    const withBody = operations.filter((op) => op.operation.requestBody);
    expect(labels.filter((label) => label === 'malformed JSON')).toHaveLength(withBody.length);
    // Random bodies are drawn for (nearly) every operation with a body, each checked by Ajv first.
    const drawn = first.filter((requests) => requests.some((r) => r.label.startsWith('schema-valid random')));
    expect(drawn.length).toBeGreaterThanOrEqual(withBody.length * 0.9);
    expect(all.filter((request) => request.label.startsWith('invalid query')).length).toBeGreaterThan(40);
    expect(all.filter((request) => request.label.startsWith('invalid path')).length).toBeGreaterThanOrEqual(
      9,
    );
  });
});
