import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH } from '../support.js';

// Shapes the spec is growing into: colon paths next to templated ones, 3.1 webhooks,
// operations without a 422 or 403. A small synthetic document keeps these checks independent
// of what spec/ contains today.
const ok = (value: unknown) => ({
  description: 'ok',
  content: { 'application/json': { schema: { type: 'object' }, example: value } },
});
const document = {
  openapi: '3.1.0',
  info: { title: 'shapes', version: '1' },
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  security: [{ bearerAuth: [] }],
  paths: {
    '/partners/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': ok({ route: 'templated' }) },
      },
    },
    '/partners:search': {
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['query'], properties: { query: { type: 'string' } } },
            },
          },
        },
        responses: { '200': ok({ route: 'colon' }) },
      },
    },
  },
  webhooks: {
    partnerCreated: {
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'ack' } },
      },
    },
  },
};

let mock: RunningMock;
beforeAll(async () => {
  const specPath = join(await mkdtemp(join(tmpdir(), 'partnero-spec-')), 'openapi.json');
  await writeFile(specPath, JSON.stringify(document));
  mock = await startMock({ port: 0, specPath });
});
afterAll(() => mock.close());

const post = (path: string, body: unknown) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('spec shapes', () => {
  it('routes a colon path as a literal segment and counts it under its own template', async () => {
    expect(await (await post('/v1/partners:search', { query: 'jane' })).json()).toEqual({ route: 'colon' });
    expect(await (await fetch(`${mock.url}/v1/partners/p1`, { headers: AUTH })).json()).toEqual({
      route: 'templated',
    });
    const stats = await (await fetch(`${mock.url}/__mock/stats`)).json();
    expect(stats.byOperation).toEqual({ 'POST /partners:search': 1, 'GET /partners/{id}': 1 });
  });

  it('serves no route for a 3.1 webhook', async () => {
    expect((await post('/v1/partnerCreated', {})).status).toBe(404);
  });

  it("builds Partnero's 422 body itself when the operation defines neither 422 nor 400", async () => {
    const res = await post('/v1/partners:search', {});
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      status: 0,
      message: 'The given data was invalid.',
      errors: { query: [expect.stringContaining('query')] },
    });
  });

  it('falls back to a Partnero-shaped 401/403 when the spec defines none', async () => {
    const unauthorized = await fetch(`${mock.url}/v1/partners/p1`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
    expect(await unauthorized.json()).toEqual({ status: 0, message: 'Unauthenticated.' });
    const forbidden = await fetch(`${mock.url}/v1/partners/p1`, {
      headers: { authorization: 'Bearer forbidden_x' },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ status: 0 });
  });
});
