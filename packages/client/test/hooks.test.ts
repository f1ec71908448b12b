import { afterEach, describe, expect, it, vi } from 'vitest';
import { attemptHooks, operationIdOf } from '../src/hooks.js';
import {
  type AttemptEvent,
  AuthenticationError,
  ConfigurationError,
  createPartneroClient,
  type Logger,
  unwrap,
} from '../src/index.js';
import { json, networkError, type Step, scriptedFetch } from './stub.js';

const KEY = 'pk_test_hooks_secret';
const BASE = 'https://api.partnero.com/v1';
// 429 with a zero wait: a retry the test need not wait for.
const limited = () => json({ status: 0 }, 429, { 'retry-after': '0' });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function capture() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (line) => lines.push(`debug ${line}`),
    info: (line) => lines.push(`info ${line}`),
    warn: (line) => lines.push(`warn ${line}`),
    error: (line) => lines.push(`error ${line}`),
  };
  return { lines, logger };
}

function recordingHooks() {
  const events: [string, AttemptEvent][] = [];
  const record = (name: string) => (event: AttemptEvent) => events.push([name, event]);
  return {
    events,
    hooks: {
      onRequest: record('request'),
      onResponse: record('response'),
      onRetry: record('retry'),
      onError: record('error'),
    },
  };
}

describe('hooks', () => {
  it('see every attempt: request, response, retry with its delay, then the final response', async () => {
    const { fetch } = scriptedFetch([limited(), json({ data: [] })]);
    const { events, hooks } = recordingHooks();
    const partnero = createPartneroClient({
      apiKey: KEY,
      fetch,
      hooks: attemptHooks(hooks),
      logLevel: 'off',
    });
    await unwrap(partnero.GET('/partners/{id}', { params: { path: { id: 'p1' } } }));
    expect(events.map(([name, e]) => [name, e.attempt, e.status, e.delay])).toEqual([
      ['request', 1, undefined, undefined],
      ['response', 1, 429, undefined],
      ['retry', 1, 429, 0],
      ['request', 2, undefined, undefined],
      ['response', 2, 200, undefined],
    ]);
    for (const [, event] of events) {
      expect(event).toMatchObject({ operationId: 'getPartner', method: 'GET', url: `${BASE}/partners/p1` });
    }
    expect(events[1]?.[1].ms).toBeGreaterThanOrEqual(0);
  });

  it('onError gets the transport error with its outcome; never the key, even in a URL', async () => {
    const { fetch } = scriptedFetch([networkError('ECONNRESET')]);
    const { events, hooks } = recordingHooks();
    const partnero = createPartneroClient({ apiKey: KEY, fetch, hooks, logLevel: 'off', maxRetries: 0 });
    await expect(
      partnero.POST('/transactions', { body: { key: KEY, customer: { key: 'c' }, amount: 1 } }),
    ).rejects.toMatchObject({ outcome: 'unknown' });
    await partnero.GET('/partners/{id}', { params: { path: { id: KEY } } }).catch(() => undefined);
    expect(events.map(([name]) => name)).toEqual(['request', 'error', 'request', 'error']);
    expect(events[1]?.[1].error).toMatchObject({ name: 'ConnectionError', outcome: 'unknown' });
    // Without attemptHooks there is no operation table: the id is absent, the rest is there.
    expect(events[0]?.[1].operationId).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(events[2]?.[1].url).toBe(`${BASE}/partners/[redacted]`);
  });

  it('a hook that throws does not change the call', async () => {
    const { fetch, seen } = scriptedFetch([json({ status: 1 })]);
    const partnero = createPartneroClient({
      apiKey: KEY,
      fetch,
      hooks: {
        onResponse: () => {
          throw new Error('broken hook');
        },
      },
    });
    await expect(unwrap(partnero.GET('/test'))).resolves.toEqual({ status: 1 });
    expect(seen).toHaveLength(1);
  });
});

describe('operationIdOf', () => {
  // The patterns are compiled once per module, on first use: a test of their order imports a fresh
  // module, so that it compiles them itself instead of reading what an earlier test compiled (with
  // perTest coverage, Stryker runs a mutant of the compilation only against the tests that ran it).
  const freshOperationIdOf = async () => {
    vi.resetModules();
    return (await import('../src/hooks.js')).operationIdOf;
  };

  it('prefers a literal path to a template, ignores the query, and finds the path below any base path', async () => {
    const operationIdOf = await freshOperationIdOf();
    expect(operationIdOf('GET', '/leads/convert?id=1')).toBe('convertLead');
    expect(operationIdOf('GET', 'https://api.partnero.com/v1/leads/convert?id=1')).toBe('convertLead');
    expect(operationIdOf('GET', 'http://127.0.0.1:4010/proxy/v1/partners/p1')).toBe('getPartner');
    expect(operationIdOf('GET', 'https://api.partnero.com/v1/partners/program')).toBe('getPartner');
    expect(operationIdOf('GET', 'https://api.partnero.com/v1/program')).toBe('getProgram');
    expect(operationIdOf('GET', 'https://api.partnero.com/v1/customers/c1/stats')).toBe('getCustomerStats');
    expect(operationIdOf('POST', 'https://api.partnero.com/v1/partners/p1/archive')).toBe('archivePartner');
    expect(operationIdOf('get', '/partners/p1')).toBe('getPartner');
    expect(operationIdOf('POST', '/partners:search')).toBeUndefined();
    expect(operationIdOf('GET', '/partners:search')).toBe('searchPartners');
    expect(operationIdOf('GET', '/nope')).toBeUndefined();
  });

  it('ranks by segments, whatever the table order or the length of the text', async () => {
    const operationIdOf = await freshOperationIdOf();
    // `GET /coupons` sorts before `GET /partners/{id}` in the table, and also matches the end of this path.
    expect(operationIdOf('GET', '/partners/coupons')).toBe('getPartner');
    expect(operationIdOf('GET', '/v1/partners/coupons')).toBe('getPartner');
    // `/customer_referral_links:search` is longer text than `/leads/{id}` but one segment shorter.
    expect(operationIdOf('GET', '/leads/customer_referral_links:search')).toBe('getLead');
    expect(operationIdOf('GET', '/customer_referral_links:search')).toBe('searchCustomerReferralLinks');
    // Three segments beat two, whichever is a template: `/customers/{id}/stats` over `/partners/{id}`.
    expect(operationIdOf('GET', '/customers/c1/stats')).toBe('getCustomerStats');
    expect(operationIdOf('GET', '/partners/customers/c1/stats')).toBe('getCustomerStats');
    expect(operationIdOf('POST', '/customers/c1/balance/credit')).toBe('creditCustomerBalance');
  });

  it('ignores a fragment, and a query whatever it holds', () => {
    expect(operationIdOf('GET', '/partners/p1#top')).toBe('getPartner');
    expect(operationIdOf('GET', '/partners/p1?next=/program')).toBe('getPartner');
    expect(operationIdOf('GET', '/partners/p1?next=/program\nx')).toBe('getPartner');
    expect(operationIdOf('GET', '/partners/p1#a/b\nc')).toBe('getPartner');
  });
});

describe('attemptHooks', () => {
  it('wraps only the hooks it is given', () => {
    const hooks = attemptHooks({ onRetry: () => undefined });
    expect(hooks.onRetry).toBeTypeOf('function');
    expect(hooks.onRequest).toBeUndefined();
    expect(hooks.onResponse).toBeUndefined();
    expect(hooks.onError).toBeUndefined();
  });
});

describe('logLevel', () => {
  const send = async (options: Parameters<typeof createPartneroClient>[0], steps: Step[]) => {
    const { fetch } = scriptedFetch(steps);
    const partnero = createPartneroClient({ apiKey: KEY, fetch, ...options });
    await partnero.GET('/partners/{id}', { params: { path: { id: KEY } } });
  };

  it('debug: one line per attempt (method, redacted URL, status, time, attempt), plus the retry warning', async () => {
    const { lines, logger } = capture();
    await send({ logger, logLevel: 'debug' }, [limited(), json({})]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^debug partnero: GET https:\/\/api\.partnero\.com\/v1\/partners\/\[redacted\] 429 \d+ ms \(attempt 1\)$/,
    );
    expect(lines[1]).toMatch(/^warn partnero: retrying GET .* in 0 ms \(429\)$/);
    expect(lines[2]).toMatch(/ 200 \d+ ms \(attempt 2\)$/);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('defaults to warn (retry lines only) from PARTNERO_LOG, else warn; off silences the client', async () => {
    const quiet = capture();
    await send({ logger: quiet.logger }, [limited(), json({})]);
    expect(quiet.lines).toEqual([expect.stringMatching(/^warn partnero: retrying/)]);
    vi.stubEnv('PARTNERO_LOG', 'debug');
    const env = capture();
    await send({ logger: env.logger }, [json({})]);
    expect(env.lines).toEqual([expect.stringMatching(/^debug partnero: GET .* 200 \d+ ms \(attempt 1\)$/)]);
    const off = capture();
    await send({ logger: off.logger, logLevel: 'off' }, [limited(), json({})]);
    expect(off.lines).toEqual([]);
  });

  it('logs to console by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await send({}, [limited(), json({})]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^partnero: retrying GET/));
  });

  it('refuses an unknown level, naming where it came from', () => {
    expect(() => createPartneroClient({ apiKey: KEY, logLevel: 'verbose' as never })).toThrow(
      new ConfigurationError(
        'Invalid logLevel (or PARTNERO_LOG) verbose: expected off | error | warn | info | debug',
      ),
    );
    vi.stubEnv('PARTNERO_LOG', 'loud');
    expect(() => createPartneroClient({ apiKey: KEY })).toThrow('Invalid logLevel (or PARTNERO_LOG) loud');
  });
});

describe('apiKey as a function', () => {
  it('is read before every attempt, so a rotated key is used without a new client', async () => {
    let key = 'pk_old_key';
    const { fetch, seen } = scriptedFetch([json({}), json({})]);
    const partnero = createPartneroClient({ apiKey: () => key, fetch });
    await partnero.GET('/test');
    key = 'pk_new_key';
    await partnero.GET('/test');
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer pk_old_key',
      'Bearer pk_new_key',
    ]);
  });

  it('a 401 to a key the function has since replaced is sent once more, with the new key (even a POST)', async () => {
    const keys = ['pk_old_key', 'pk_new_key'];
    let reads = 0;
    const { fetch, seen } = scriptedFetch([json({ status: 0 }, 401), json({ status: 1 })]);
    // The first read is the old key; every later read (the check after the 401, the resend) the new one.
    const apiKey = async () => keys[Math.min(reads++, 1)] as string;
    const partnero = createPartneroClient({ apiKey, fetch, maxRetries: 0 });
    await unwrap(partnero.POST('/transactions', { body: { key: 'o1', amount: 1, customer: { key: 'c' } } }));
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer pk_old_key',
      'Bearer pk_new_key',
    ]);
  });

  it('a 401 to the current key is final, and its error shows none of the keys the function returned', async () => {
    let key = 'pk_first_key';
    const { fetch, seen } = scriptedFetch([
      json({}),
      (request) =>
        json({ status: 0, message: `bad ${request.headers.get('authorization')} after pk_first_key` }, 401),
    ]);
    const partnero = createPartneroClient({ apiKey: () => key, fetch, logLevel: 'off' });
    await partnero.GET('/test');
    key = 'pk_second_key';
    const error = await unwrap(partnero.GET('/test')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(2);
    const printed = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify((error as AuthenticationError).body)}`;
    expect(printed).not.toContain('pk_first_key');
    expect(printed).not.toContain('pk_second_key');
  });

  it('a malformed key from the function is a ConfigurationError, before anything is sent', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    const partnero = createPartneroClient({ apiKey: () => 'pk with space', fetch });
    await expect(partnero.GET('/test')).rejects.toThrow(
      new ConfigurationError('Malformed API key: set PARTNERO_API_KEY or pass apiKey'),
    );
    expect(seen).toHaveLength(0);
  });
});
