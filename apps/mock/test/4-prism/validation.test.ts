import { requiredBodyFields, responseOf, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFieldErrors, withRetryAfter } from '../../src/4-prism/reshape.js';
import { emptyQueryDiagnostics, fieldOf, validationBody } from '../../src/4-prism/validation.js';
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

// Prism alone skips `?limit=` and answers 200; the spec's schemas make an empty value invalid.
describe('query parameters sent empty', () => {
  const lists = specOperations().filter(
    (op) => op.method === 'get' && ((op.operation.parameters as unknown[] | undefined) ?? []).length > 0,
  );
  const listCustomers = lists.find((op) => op.operationId === 'listCustomers');

  it.each(['limit', 'page', 'sort'])('?%s= gets a 422 naming the parameter', async (name) => {
    const res = await fetch(`${mock.url}/v1/customers?${name}=`, { headers: AUTH });
    expect(res.status).toBe(422);
    expect(responseOf(listCustomers as never, 422)).toBeDefined();
    const body = await res.json();
    expect(body.errors[name]).toEqual([`Request query parameter ${name} must not be empty`]);
  });

  it('a free-text filter sent empty is still accepted, and a set value still answers 200', async () => {
    expect((await fetch(`${mock.url}/v1/customers?partner.key=`, { headers: AUTH })).status).toBe(200);
    expect((await fetch(`${mock.url}/v1/customers?limit=5&sort=asc`, { headers: AUTH })).status).toBe(200);
  });

  it('emptyQueryDiagnostics reads the schema: integers, enums and constrained strings refuse ""', () => {
    const operation = {
      request: {
        query: [
          { name: 'n', schema: { type: 'integer' } },
          { name: 'e', schema: { type: 'string', enum: ['asc', 'desc'] } },
          { name: 'm', schema: { type: 'string', minLength: 1 } },
          { name: 'free', schema: { type: 'string' } },
        ],
      },
    } as never;
    const fields = (query: Record<string, string>) =>
      emptyQueryDiagnostics(operation, query).map((diagnostic) => diagnostic.path?.[1]);
    expect(fields({ n: '', e: '', m: '', free: '' })).toEqual(['n', 'e', 'm']);
    expect(fields({ n: '1', e: 'asc', m: 'x', free: 'y' })).toEqual([]);
  });
});
