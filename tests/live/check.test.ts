import { resolvePointer, responsePointer, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { describe, expect, it } from 'vitest';
import { type Answer, checkAnswer } from './check.js';

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

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

describe('checkAnswer', () => {
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
