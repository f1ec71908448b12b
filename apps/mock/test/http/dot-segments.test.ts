import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockPipeline, type MockPipeline, type RunningMock, startMock } from '../../src/index.js';
import { mockRoute, rawRequest } from '../support.js';

// `..` in every spelling a parser or an upstream might decode: none may reach a non-API route,
// and the proxy must not forward one.
const DOTTED = [
  '/v1/..\\openapi.json',
  '/v1/..%5copenapi.json',
  '/v1/..%2fopenapi.json',
  '/v1/..%2Fopenapi.json',
  '/v1/%2e%2e%2fopenapi.json',
  '/v1/%2E%2E/openapi.json',
  '/v1/partners/.%2e/.%2e/health',
  '/v1/partners/x%2f..%2f..%2fhealth',
];

let mock: RunningMock;
let production: RunningMock;
let proxy: RunningMock;
let pipeline: MockPipeline;
beforeAll(async () => {
  [mock, production, pipeline] = await Promise.all([
    startMock({ port: 0 }),
    startMock({ port: 0 }),
    createMockPipeline(),
  ]);
  proxy = await startMock({ port: 0, proxy: `${production.url}/v1`, log: () => {} });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([mock.close(), production.close(), pipeline.close()]);
});

const raw = (origin: string, target: string) =>
  rawRequest(
    origin,
    `GET ${target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n`,
    { endInput: false },
  );

describe('dot segments in any encoding', () => {
  it.each(DOTTED)('are refused by the mock: %s', async (target) => {
    const answer = await raw(mock.url, target);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/segments/);
  });

  // The URL parser resolves `\`, `%2e%2e` and `.%2e` segments before any handler sees them (MSW
  // would not even match /v1/*); what it keeps, such as `..%2f`, the pipeline must refuse.
  it.each(DOTTED.filter((target) => new URL(`https://x${target}`).pathname.startsWith('/v1/')))(
    'are refused by the pipeline fetch form (MSW): %s',
    async (target) => {
      const res = await pipeline.fetch(
        new Request(`https://api.partnero.com${target}`, { headers: { authorization: 'Bearer k' } }),
      );
      expect(res.status).toBe(400);
    },
  );

  it.each(DOTTED)('are refused by the proxy and never forwarded: %s', async (target) => {
    const answer = await raw(proxy.url, target);
    expect(answer.status).toBe(400);
    expect((await mockRoute(production.url, '/__mock/stats')).total).toBe(0);
  });

  it('leave a percent-encoded id alone', async () => {
    const answer = await raw(mock.url, '/v1/partners/a%20b');
    expect(answer.status).not.toBe(400);
  });
});
