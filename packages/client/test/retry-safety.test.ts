// The retry-safety table holds however the base URL is spelled: operations are matched on the
// parsed URL's path below the parsed base URL, never on the base URL's text (issue 24, item 1).
import { describe, expect, it } from 'vitest';
import { ConnectionError, createPartneroClient, NotFoundError, unwrap } from '../src/index.js';
import { relativePath } from '../src/internal/transport.js';
import { json, networkError, type Step, scriptedFetch } from './stub.js';

type AnyRequest = (method: string, path: string, init?: unknown) => Promise<{ response: Response }>;

// retry-after-ms: 0 keeps the real client's backoff out of the test's wall time.
const failed = () => json({ status: 0, message: 'Server Error' }, 500, { 'retry-after-ms': '0' });

/** Sends `method path` through a client on `baseUrl` whose fetch answers `steps`; returns what went out. */
async function send(baseUrl: string, method: string, path: string, steps: Step[]) {
  const { fetch, seen } = scriptedFetch(steps);
  const client = createPartneroClient({ apiKey: 'pk_test', baseUrl, fetch });
  const outcome = await (client.request as unknown as AnyRequest)(method, path, {
    params: { query: { id: 7 } },
    ...(method === 'PUT' && { body: { code: 'SAVE10' } }),
  }).catch((error: unknown) => error);
  return { outcome, seen };
}

const SPELLINGS = [
  'https://api.partnero.com:443/v1',
  'https://API.partnero.com/v1',
  'https://api.partnero.com/./v1',
  'https://api.partnero.com/v1/',
  'http://LOCALHOST:4010/v1',
  'http://127.1:4010/v1',
];
const UNSAFE = [
  ['PUT', '/coupons'],
  ['GET', '/leads/convert'],
  ['GET', '/leads/reject'],
  ['DELETE', '/transactions/{key}'],
] as const;

describe.each(SPELLINGS)('with baseUrl %s', (baseUrl) => {
  it.each(UNSAFE)('sends %s %s once after a 500 or a reset', async (method, path) => {
    const answered = await send(baseUrl, method, path.replace('{key}', 'order_1'), [failed(), json({})]);
    expect((answered.outcome as { response: Response }).response.status).toBe(500);
    expect(answered.seen).toHaveLength(1);
    const reset = await send(baseUrl, method, path.replace('{key}', 'order_1'), [
      networkError('ECONNRESET'),
      json({}),
    ]);
    expect(reset.outcome).toBeInstanceOf(ConnectionError);
    expect(reset.seen).toHaveLength(1);
  });

  it('still retries an idempotent operation, on the URL fetch normalized', async () => {
    const { outcome, seen } = await send(baseUrl, 'GET', '/partners', [failed(), json({ data: [] })]);
    expect((outcome as { response: Response }).response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(new URL(seen[0]?.url ?? '').pathname).toBe('/v1/partners');
  });
});

describe('relativePath', () => {
  const base = 'https://api.partnero.com/v1';

  it('is the path and query below the base URL', () => {
    expect(relativePath(base, 'https://api.partnero.com/v1/leads/convert?id=7')).toBe('/leads/convert?id=7');
    expect(relativePath(base, 'https://api.partnero.com/v1?page=2')).toBe('?page=2');
    expect(relativePath(base, 'https://api.partnero.com/v1')).toBe('');
  });

  it('is undefined outside the base URL: another origin, a sibling path, a path that only starts alike', () => {
    expect(relativePath(base, 'https://proxy.example/v1/leads/convert')).toBeUndefined();
    expect(relativePath(base, 'http://api.partnero.com/v1/leads/convert')).toBeUndefined();
    expect(relativePath(base, 'https://api.partnero.com:8443/v1/leads/convert')).toBeUndefined();
    expect(relativePath(base, 'https://api.partnero.com/v2/leads/convert')).toBeUndefined();
    expect(relativePath(base, 'https://api.partnero.com/v1leads/convert')).toBeUndefined();
  });
});

describe('attempts on errors', () => {
  it('says a 404 came after a resent DELETE, so the caller can treat the delete as done', async () => {
    const { fetch, seen } = scriptedFetch([networkError('ECONNRESET'), json({ status: 0 }, 404)]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const error = await unwrap(client.DELETE('/partners/{id}', { params: { path: { id: 'p1' } } })).catch(
      (e: unknown) => e,
    );
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).attempts).toBe(2);
  });

  it('counts 1 for an answer to the first attempt, and every attempt of a ConnectionError', async () => {
    const once = scriptedFetch([json({ status: 0 }, 404)]);
    const first = await unwrap(
      createPartneroClient({ apiKey: 'pk_test', fetch: once.fetch }).GET('/partners/{id}', {
        params: { path: { id: 'p1' } },
      }),
    ).catch((e: unknown) => e);
    expect((first as NotFoundError).attempts).toBe(1);

    const refused = scriptedFetch([networkError('ECONNREFUSED')]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch: refused.fetch, maxRetries: 1 });
    const error = await client
      .GET('/partners', { partnero: { totalTimeout: 120_000 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts).toBe(2);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ attempts: 2 });
  });
});
