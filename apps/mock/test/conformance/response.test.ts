import {
  resolvePointer,
  responsePointer,
  type SpecOperation,
  spec,
  specOperations,
} from '@partnero-ts/spec-tools';
import { describe, expect, it } from 'vitest';
import { createConformance, type ObservedAnswer } from '../../src/conformance/index.js';

const conformance = createConformance(spec);
const checkAnswer = conformance.checkResponse;

const op = (method: string, path: string) =>
  specOperations().find(
    (candidate) => candidate.method === method && candidate.path === path,
  ) as SpecOperation;
const getPartner = op('get', '/partners/{id}');

/** The spec's own example for a status: the one body that must conform. */
function exampleBody(operation: SpecOperation, status: number): Record<string, unknown> {
  const media = resolvePointer(`${responsePointer(operation, status)}/content/application~1json`) as {
    examples: Record<string, { value: Record<string, unknown> }>;
  };
  return structuredClone(Object.values(media.examples)[0]?.value as Record<string, unknown>);
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): ObservedAnswer {
  return {
    status,
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

describe('checkResponse', () => {
  it('finds nothing in the spec’s own example', () => {
    expect(checkAnswer(getPartner, answer(200, exampleBody(getPartner, 200)), 'success')).toEqual([]);
  });

  it('points at a field of the wrong type, with the value found and the schema that disagrees', () => {
    const body = exampleBody(getPartner, 200);
    (body.data as Record<string, unknown>).email = 7;
    expect(checkAnswer(getPartner, answer(200, body), 'success')).toEqual([
      { pointer: '/body/data/email', message: expect.stringMatching(/^must be string/), value: 7 },
    ]);
  });

  it('blames the closest variant of a oneOf, not every variant', () => {
    // A customer is an affiliate or a refer-a-friend customer: one bad field must not read as
    // the other variant's required fields all missing.
    const getCustomer = op('get', '/customers/{key}');
    const body = exampleBody(getCustomer, 200);
    (body.data as Record<string, unknown>).email = 7;
    expect(checkAnswer(getCustomer, answer(200, body), 'success')).toEqual([
      { pointer: '/body/data/email', message: expect.stringMatching(/^must be string/), value: 7 },
    ]);
  });

  it('points at a missing required field, without a value', () => {
    const body = exampleBody(getPartner, 200);
    delete body.status;
    const [difference] = checkAnswer(getPartner, answer(200, body), 'success');
    expect(difference).toEqual({ pointer: '/body/status', message: expect.stringMatching(/requires/) });
    expect(difference).not.toHaveProperty('value');
  });

  it('reports a documented error where a success was expected, and an undocumented status', () => {
    const notFound = checkAnswer(getPartner, answer(404, exampleBody(getPartner, 404)), 'success');
    expect(notFound).toEqual([
      { pointer: '/status', value: 404, message: expect.stringMatching(/documents 404 as an error/) },
    ]);
    const teapot = checkAnswer(getPartner, answer(418, {}), 'success');
    expect(teapot).toEqual([
      { pointer: '/status', value: 418, message: expect.stringMatching(/does not document 418/) },
    ]);
  });

  it('checks the headers the spec declares for the status that came back', () => {
    const rateLimited = exampleBody(getPartner, 429);
    expect(checkAnswer(getPartner, answer(429, rateLimited, { 'retry-after': '3' }), 429)).toEqual([]);
    expect(checkAnswer(getPartner, answer(429, rateLimited, { 'retry-after': 'soon' }), 429)).toContainEqual(
      expect.objectContaining({ pointer: '/headers/retry-after', value: 'soon' }),
    );
  });

  it('reports a body that is not JSON, or not declared as JSON', () => {
    expect(checkAnswer(getPartner, answer(200, '<html>'), 'success')).toEqual([
      expect.objectContaining({ pointer: '/body', message: 'not valid JSON', value: '<html>' }),
    ]);
    const html = {
      ...answer(200, exampleBody(getPartner, 200)),
      headers: new Headers({ 'content-type': 'text/html' }),
    };
    expect(checkAnswer(getPartner, html, 'success')).toEqual([
      expect.objectContaining({ pointer: '/headers/content-type', value: 'text/html' }),
    ]);
  });
});

describe('checkResponse for the proxy: any documented status', () => {
  it('accepts a documented error as it is, and checks its body', () => {
    expect(checkAnswer(getPartner, answer(404, exampleBody(getPartner, 404)), 'documented')).toEqual([]);
    const body = { ...exampleBody(getPartner, 404), status: 'nope' };
    const differences = checkAnswer(getPartner, answer(404, body), 'documented');
    expect(differences.length).toBeGreaterThan(0);
    for (const difference of differences)
      expect(difference).toMatchObject({ pointer: '/body/status', value: 'nope' });
  });

  it('reports a status the operation does not document', () => {
    expect(checkAnswer(getPartner, answer(418, {}), 'documented')).toEqual([
      { pointer: '/status', value: 418, message: expect.stringMatching(/does not document 418 \(200, /) },
    ]);
  });

  it('falls back to a status range, then to default, as OpenAPI does', () => {
    const document = {
      openapi: '3.1.0',
      paths: {
        '/things': {
          get: {
            responses: {
              '2XX': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', required: ['id'] } } },
              },
              default: {
                description: 'error',
                content: { 'application/json': { schema: { type: 'object', required: ['error'] } } },
              },
            },
          },
        },
      },
    };
    const check = createConformance(document).checkResponse;
    const op = { method: 'get', path: '/things' };
    expect(check(op, answer(201, { id: 1 }), 'documented')).toEqual([]);
    expect(check(op, answer(201, {}), 'documented')).toEqual([
      { pointer: '/body/id', message: 'missing, but the spec requires it' },
    ]);
    expect(check(op, answer(503, {}), 'documented')).toEqual([
      { pointer: '/body/error', message: 'missing, but the spec requires it' },
    ]);
  });

  it('names an operation the spec lacks', () => {
    expect(() => checkAnswer({ method: 'get', path: '/nowhere' }, answer(200, {}), 'documented')).toThrow(
      'the spec has no operation GET /nowhere',
    );
  });
});

describe('values in differences', () => {
  const key = 'sk_live_0123456789abcdef';

  it('redacts a secret before cutting a long value, so no part of it shows', () => {
    const body = exampleBody(getPartner, 200);
    // The key straddles the 200-character cut: redacting after the cut would leave its start.
    (body.data as Record<string, unknown>).email = 7;
    // As JSON the value starts `{"note":"`, so the key runs from character 195 to 219.
    (body.data as Record<string, unknown>).name = { note: `${'x'.repeat(185)}${key}${'y'.repeat(100)}` };
    const differences = checkAnswer(getPartner, answer(200, body), 'success', [key]);
    const name = differences.find((difference) => difference.pointer === '/body/data/name');
    expect(name?.value).toMatch(/^\{"note":"x{185}\[reda.*…$/);
    expect(JSON.stringify(differences)).not.toContain(key.slice(0, 3));
  });

  it('redacts a secret inside an object value and in a header value', () => {
    const body = exampleBody(getPartner, 200);
    (body.data as Record<string, unknown>).name = { echoed: `Bearer ${key}` };
    const differences = checkAnswer(getPartner, answer(200, body), 'success', [key]);
    expect(differences).toContainEqual(
      expect.objectContaining({ pointer: '/body/data/name', value: { echoed: 'Bearer [redacted]' } }),
    );
    const rateLimited = checkAnswer(
      getPartner,
      answer(429, exampleBody(getPartner, 429), { 'retry-after': key }),
      429,
      [key],
    );
    expect(rateLimited).toContainEqual(
      expect.objectContaining({ pointer: '/headers/retry-after', value: '[redacted]' }),
    );
  });
});
