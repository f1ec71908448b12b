import { requiredBodyFields, responseOf, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFieldErrors, withRetryAfter } from '../../src/4-prism/reshape.js';
import { fieldOf, validationBody } from '../../src/4-prism/validation.js';
import { reply } from '../../src/answer.js';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, callOperation, JSON_AUTH } from '../support.js';

// Prism validates; the mock rebuilds Partnero's 422 body so it names the fields actually wrong.
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

describe('validation errors', () => {
  const withRequiredFields = specOperations().filter((op) => requiredBodyFields(op).length > 0);

  it.each(withRequiredFields.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s: a body missing required fields gets a 422 naming each field',
    async (_name, op) => {
      const res = await callOperation(mock.url, op, JSON_AUTH, '{}');
      expect(res.status).toBe(responseOf(op, 422) ? 422 : 400);
      const body = await res.json();
      expect(body).toMatchObject({ status: 0, message: 'The given data was invalid.' });
      for (const field of requiredBodyFields(op)) {
        expect(body.errors[field], `errors.${field}`).toEqual([expect.stringContaining(field)]);
      }
    },
  );

  it('names a wrongly typed query parameter', async () => {
    const res = await fetch(`${mock.url}/v1/partners?limit=abc`, { headers: AUTH });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual({ limit: [expect.stringContaining('integer')] });
  });

  it('names a wrongly typed body property by its path', async () => {
    const res = await fetch(`${mock.url}/v1/partners`, {
      method: 'POST',
      headers: JSON_AUTH,
      body: JSON.stringify({ email: 'jane@example.com', name: 5 }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual({ name: [expect.stringContaining('string')] });
  });
});

describe('validation bodies', () => {
  it('names missing properties and nested paths', () => {
    expect(fieldOf({ path: ['body'], message: "must have required property 'email'", severity: 0 })).toBe(
      'email',
    );
    expect(
      fieldOf({ path: ['body', 'customer'], message: "must have required property 'key'", severity: 0 }),
    ).toBe('customer.key');
    expect(fieldOf({ path: ['query', 'limit'], message: 'must be integer', severity: 0 })).toBe('limit');
    expect(fieldOf({ message: 'Body parameter is required', severity: 0 })).toBe('body');
  });

  it('groups messages per field in Partnero shape', () => {
    expect(
      validationBody([
        { path: ['body', 'name'], message: 'a', severity: 0 },
        { path: ['body', 'name'], message: 'b', severity: 0 },
      ]),
    ).toEqual({ status: 0, message: 'The given data was invalid.', errors: { name: ['a', 'b'] } });
  });

  it('replaces only a 400/422 answer to a request with errors', () => {
    const ok = reply(200, {}, '{}');
    expect(withFieldErrors(ok, [{ message: 'x', severity: 0 }])).toBe(ok);
    const invalid = reply(422, {}, '{}');
    expect(withFieldErrors(invalid, [{ message: 'warning only', severity: 1 }])).toBe(invalid);
    expect(
      JSON.parse(withFieldErrors(invalid, [{ path: ['query', 'page'], message: 'x', severity: 0 }]).body),
    ).toEqual({
      status: 0,
      message: 'The given data was invalid.',
      errors: { page: ['x'] },
    });
  });
});

describe('withRetryAfter', () => {
  it('defaults Retry-After on a 429 that has none', () => {
    expect(withRetryAfter(reply(429, {}, '')).headers['retry-after']).toBe('1');
    expect(withRetryAfter(reply(429, { 'retry-after': '7' }, '')).headers['retry-after']).toBe('7');
  });
});
