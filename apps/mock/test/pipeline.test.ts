import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockPipeline, type MockPipeline } from '../src/index.js';
import { AUTH, JSON_AUTH } from './support.js';

// The pipeline in-process, as a fetch handler: what the node:http server runs, and what an MSW
// handler can hand its `request` to. No port, no process.
let pipeline: MockPipeline;
beforeAll(async () => {
  pipeline = await createMockPipeline();
});
afterAll(() => pipeline.close());

const API = 'https://api.partnero.com/v1';

describe('createMockPipeline().fetch', () => {
  it('answers a Request with a Response, under any origin', async () => {
    const res = await pipeline.fetch(new Request(`${API}/partners`, { headers: AUTH }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect((await res.json()).status).toBe(1);
  });

  it('keeps the token contract', async () => {
    const res = await pipeline.fetch(new Request(`${API}/partners`));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
    expect(
      (
        await pipeline.fetch(
          new Request(`${API}/partners`, { headers: { authorization: 'Bearer forbidden_x' } }),
        )
      ).status,
    ).toBe(403);
  });

  it("answers validation errors in Partnero's shape", async () => {
    const res = await pipeline.fetch(
      new Request(`${API}/partners`, {
        method: 'POST',
        headers: JSON_AUTH,
        body: JSON.stringify({ name: 5 }),
      }),
    );
    expect(res.status).toBe(422);
    expect(Object.keys((await res.json()).errors)).toContain('email');
  });

  it('expresses a dropped connection as Response.error(), a network error to fetch and MSW', async () => {
    const res = await pipeline.fetch(
      new Request(`${API}/partners`, { headers: { ...AUTH, 'x-mock-fault': 'drop' } }),
    );
    expect(res.type).toBe('error');
    expect(res.status).toBe(0);
  });

  it('serves its own routes too, and sends no body for HEAD', async () => {
    expect(await (await pipeline.fetch(new Request('http://localhost/health'))).json()).toEqual({
      status: 'ok',
    });
    const head = await pipeline.fetch(new Request('http://localhost/health', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses malformed percent-encoding, which a Request keeps as is', async () => {
    const res = await pipeline.fetch(new Request(`${API}/partners/%E0%A4%A`, { headers: AUTH }));
    expect(res.status).toBe(400);
  });
});
