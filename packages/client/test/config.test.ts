import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, createPartneroClient, VERSION } from '../src/index.js';
import { json, scriptedFetch } from './stub.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const create = (options: Parameters<typeof createPartneroClient>[0]) =>
  createPartneroClient({ apiKey: 'pk_test', fetch: scriptedFetch([json({})]).fetch, ...options });

describe('baseUrl', () => {
  it.each(['not a url', '/v1', 'ftp://api.partnero.com/v1'])('refuses %j', (baseUrl) => {
    expect(() => create({ baseUrl })).toThrow(ConfigurationError);
  });

  it('names PARTNERO_BASE_URL when the bad value came from the environment', () => {
    vi.stubEnv('PARTNERO_BASE_URL', 'foo');
    expect(() => create({})).toThrow(/Invalid PARTNERO_BASE_URL foo/);
    expect(() => create({ baseUrl: 'foo' })).toThrow(/Invalid baseUrl foo/);
  });

  it('refuses plain http to a remote host, naming the opt-in', () => {
    expect(() => create({ baseUrl: 'http://api.partnero.com/v1' })).toThrow(/allowInsecureHttp/);
    vi.stubEnv('PARTNERO_BASE_URL', 'http://mock.internal/v1');
    expect(() => create({})).toThrow(ConfigurationError);
  });

  it.each([
    'http://localhost.evil.com/v1',
    'http://127.0.0.1.nip.io/v1',
    'http://evil-localhost/v1',
    'http://localhost-evil/v1',
    'http://127.0.0.10/v1',
    'http://[::2]/v1',
    'http://user@evil.example/localhost',
  ])('refuses plain http to the look-alike host %s', (baseUrl) => {
    expect(() => create({ baseUrl })).toThrow(/Refusing to send the API key over http:/);
  });

  it.each([
    'http://localhost:4010/v1',
    'http://127.0.0.1:4010/v1',
    'http://[::1]:4010/v1',
    'http://LOCALHOST:4010/v1',
    'http://127.1:4010/v1',
  ])('allows plain http to loopback %s', (baseUrl) => {
    expect(() => create({ baseUrl })).not.toThrow();
  });

  it('allows plain http to a remote host when opted in', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    const client = createPartneroClient({
      apiKey: 'pk_test',
      fetch,
      baseUrl: 'http://mock.internal/v1',
      allowInsecureHttp: true,
    });
    await client.GET('/test');
    expect(seen[0]?.url).toBe('http://mock.internal/v1/test');
  });
});

describe('timeouts and retries', () => {
  it.each([
    ['timeout', Number.NaN],
    ['timeout', 0],
    ['timeout', -5],
    ['timeout', Number.POSITIVE_INFINITY],
    ['timeout', 2 ** 31],
    ['timeout', '5000'],
    ['totalTimeout', Number.NaN],
    ['totalTimeout', 0],
    ['totalTimeout', -1],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxRetries', Number.NaN],
    ['maxRetries', '2'],
  ])('refuses %s: %s, naming the option', (name, value) => {
    const make = () => create({ [name]: value });
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(new RegExp(`^Invalid ${name} `));
  });

  it.each([
    { timeout: 1, totalTimeout: 1, maxRetries: 0 },
    { timeout: 2 ** 31 - 1, totalTimeout: 2 ** 31 - 1, maxRetries: 10 },
    { timeout: 0.5 },
  ])('accepts %j', (options) => {
    expect(() => create(options)).not.toThrow();
  });

  it('refuses an invalid per-request option when the call is made, before sending', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    await expect(client.GET('/test', { partnero: { totalTimeout: -1 } })).rejects.toThrow(
      /Invalid totalTimeout -1/,
    );
    expect(seen).toHaveLength(0);
  });
});

describe('headers', () => {
  it('sends User-Agent partnero-ts/<version> with the caller suffix, and custom headers', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    const client = createPartneroClient({
      apiKey: 'pk_test',
      fetch,
      userAgent: 'my-app/1.2',
      headers: { 'X-Trace': 't1' },
    });
    await client.GET('/test');
    expect(seen[0]?.headers.get('user-agent')).toBe(`partnero-ts/${VERSION} my-app/1.2`);
    expect(seen[0]?.headers.get('x-trace')).toBe('t1');
  });

  it('sends a bare User-Agent without a suffix', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    await createPartneroClient({ apiKey: 'pk_test', fetch }).GET('/test');
    expect(seen[0]?.headers.get('user-agent')).toBe(`partnero-ts/${VERSION}`);
  });

  it('cannot be used to override the key', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    await createPartneroClient({ apiKey: 'pk_test', fetch, headers: { Authorization: 'Bearer other' } }).GET(
      '/test',
    );
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer pk_test');
  });
});
