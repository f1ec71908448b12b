import {
  firstExample,
  requiredBodyFields,
  responseExamples,
  responseOf,
  type SpecOperation,
  spec,
  specOperations,
  successStatus,
} from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.js';
import { AUTH, JSON_AUTH, validRequest } from './support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

function call(op: SpecOperation, headers: Record<string, string>, body?: string) {
  const request = validRequest(op);
  const payload = body ?? request.body;
  return fetch(`${mock.url}${request.path}`, {
    method: op.method.toUpperCase(),
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload !== undefined && { body: payload }),
  });
}

const operations = specOperations().map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const);

describe.each(operations)('token contract: %s', (_name, op) => {
  it.each<Record<string, string>>([{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }])(
    'answers the spec 401 with a bearer challenge for %o',
    async (headers) => {
      const res = await call(op, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
      expect(await res.json()).toEqual(firstExample(op, 401) ?? expect.objectContaining({ status: 0 }));
    },
  );

  it.each(['invalid_abc', 'expired_abc'])('answers 401 invalid_token for %s', async (token) => {
    const res = await call(op, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero", error="invalid_token"');
    expect(await res.json()).toEqual(firstExample(op, 401) ?? expect.objectContaining({ status: 0 }));
  });

  it("answers forbidden_ tokens with the spec's 403 example", async () => {
    const res = await call(op, { authorization: 'Bearer forbidden_abc' });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toEqual(firstExample(op, 403) ?? expect.objectContaining({ status: 0 }));
  });

  it("serves the spec's success example for any other token", async () => {
    const res = await call(op, AUTH);
    expect(res.status).toBe(successStatus(op));
    const example = firstExample(op, successStatus(op));
    if (example !== undefined) expect(await res.json()).toEqual(example);
  });
});

describe('Prefer passthrough', () => {
  const withExamples = specOperations().filter(
    (op) => Object.keys(responseExamples(op, successStatus(op))).length > 0,
  );

  it('code=NNN forces a status the spec defines, with its example', async () => {
    const op = specOperations().find((candidate) => responseOf(candidate, 404)) ?? specOperations()[0];
    const code = responseOf(op as SpecOperation, 404) ? 404 : 429;
    const res = await call(op as SpecOperation, { ...AUTH, prefer: `code=${code}` });
    expect(res.status).toBe(code);
    expect(await res.json()).toEqual(firstExample(op as SpecOperation, code));
  });

  it('example=NAME picks a named example', async () => {
    expect(withExamples.length).toBeGreaterThan(0);
    for (const op of withExamples) {
      const examples = responseExamples(op, successStatus(op));
      const name = Object.keys(examples).at(-1) as string;
      const res = await call(op, { ...AUTH, prefer: `example=${name}` });
      expect(await res.json()).toEqual(examples[name]);
    }
  });

  it('dynamic=true generates a body from the schema', async () => {
    const op = withExamples[0] as SpecOperation;
    const res = await call(op, { ...AUTH, prefer: 'dynamic=true' });
    expect(res.status).toBe(successStatus(op));
    expect(typeof (await res.json())).toBe('object');
  });
});

describe('validation errors', () => {
  const withRequiredFields = specOperations().filter((op) => requiredBodyFields(op).length > 0);

  it.each(withRequiredFields.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    '%s: a body missing required fields gets a 422 naming each field',
    async (_name, op) => {
      const res = await call(op, JSON_AUTH, '{}');
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

describe('routes', () => {
  it('serves the API only under /v1', async () => {
    const res = await fetch(`${mock.url}/partners`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('/v1');
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const res = await fetch(`${mock.url}/v1/no-such-resource`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: expect.stringContaining('/no-such-resource'),
    });
  });

  it('answers a method the path does not define with a 405 problem and Allow', async () => {
    const op = specOperations()[0] as SpecOperation;
    const defined = specOperations()
      .filter((candidate) => candidate.path === op.path)
      .map((candidate): string => candidate.method);
    const method = ['patch', 'put', 'delete', 'post', 'get'].find(
      (candidate) => !defined.includes(candidate),
    ) as string;
    const res = await fetch(`${mock.url}${validRequest(op).path}`, {
      method: method.toUpperCase(),
      headers: AUTH,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain(op.method.toUpperCase());
    expect(await res.json()).toMatchObject({
      status: 405,
      detail: expect.stringContaining(method.toUpperCase()),
    });
  });

  it('serves /health and /openapi.json without a key', async () => {
    expect(await (await fetch(`${mock.url}/health`)).json()).toEqual({ status: 'ok' });
    const served = await (await fetch(`${mock.url}/openapi.json`)).json();
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(served.paths)).toEqual(Object.keys(spec.paths as object));
  });

  it('serves /docs as HTML that loads Redoc from the mock itself', async () => {
    const html = await (await fetch(`${mock.url}/docs`)).text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${mock.url}/docs/redoc.standalone.js`);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });
});
