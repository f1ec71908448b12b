// Behaviours mutation testing found unprotected (issue 24, item 6): each test fails if the
// transport forgets one of them.
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  createPartneroClient,
  InternalServerError,
  type Logger,
  unwrap,
} from '../../src/index.js';
import { json, scriptedFetch } from '../stub.js';

const bare502 = () => new Response(null, { status: 502, headers: { 'retry-after-ms': '0' } });

describe('answers and callers the other tests miss', () => {
  it('an error answer with no body (a bare 502 from a load balancer) is retried, then an InternalServerError', async () => {
    const { fetch, seen } = scriptedFetch([bare502()]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const error = await unwrap(client.GET('/partners')).catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      attempts: 3,
      message: '502 GET https://api.partnero.com/v1/partners',
    });
  });

  it('a bare 502 for a POST is sent once, and its empty body is an empty error', async () => {
    const { fetch, seen } = scriptedFetch([bare502()]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const result = await client.POST('/transactions', {
      body: { key: 'o1', amount: 10, customer: { key: 'c' } },
    });
    expect(seen).toHaveLength(1);
    expect(result.response.status).toBe(502);
    expect(result.error).toBe('');
  });

  it('a logger without warn (any subset of console) is fine: retries go on, other levels stay silent', async () => {
    const lines: string[] = [];
    const logger: Logger = { info: (line) => lines.push(line), error: (line) => lines.push(line) };
    const { fetch, seen } = scriptedFetch([bare502(), json({ data: [] })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch, logger });
    expect((await client.GET('/partners')).response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(lines).toEqual([]);
  });

  it('a logger with warn gets one line per retry naming method, URL, delay and status', async () => {
    const lines: string[] = [];
    const { fetch } = scriptedFetch([bare502(), json({ data: [] })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch, logger: { warn: (l) => lines.push(l) } });
    await client.GET('/partners');
    expect(lines).toEqual(['partnero: retrying GET https://api.partnero.com/v1/partners in 0 ms (502)']);
  });

  it('a failure whose cause chain loops ends: not retried for a POST (no code proves it never connected)', async () => {
    const looping = new TypeError('fetch failed');
    looping.cause = looping;
    const { fetch, seen } = scriptedFetch([looping, json({})]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const error = await client
      .POST('/transactions', { body: { key: 'o1', amount: 10, customer: { key: 'c' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(seen).toHaveLength(1);
    expect((error as ConnectionError).attempts).toBe(1);
  });

  it('a refused connection deep in a cause chain is still found, so a POST is resent', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const wrapped = new TypeError('fetch failed', { cause: new Error('outer', { cause: refused }) });
    const { fetch, seen } = scriptedFetch([wrapped, json({ data: {} })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const result = await client.POST('/transactions', {
      body: { key: 'o1', amount: 10, customer: { key: 'c' } },
    });
    expect(result.response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });
});
