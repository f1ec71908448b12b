import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, createPartneroClient, DEFAULT_BASE_URL } from '../src/index.js';

interface Seen {
  url: string;
  authorization: string | null;
}

function stubFetch(seen: Seen[], body: unknown = { data: [], status: 1 }): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    seen.push({ url: request.url, authorization: request.headers.get('authorization') });
    return Response.json(body);
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('createPartneroClient', () => {
  it('sends the key as a bearer token to the production API by default', async () => {
    const seen: Seen[] = [];
    const client = createPartneroClient({ apiKey: 'pk_live_123', fetch: stubFetch(seen) });
    const { data } = await client.GET('/partners', { params: { query: { limit: 5 } } });
    expect(data).toEqual({ data: [], status: 1 });
    expect(seen).toEqual([
      { url: `${DEFAULT_BASE_URL}/partners?limit=5`, authorization: 'Bearer pk_live_123' },
    ]);
  });

  it('reads PARTNERO_API_KEY and PARTNERO_BASE_URL when no options are given', async () => {
    vi.stubEnv('PARTNERO_API_KEY', 'env_key');
    vi.stubEnv('PARTNERO_BASE_URL', 'http://127.0.0.1:4010/v1/');
    const seen: Seen[] = [];
    const client = createPartneroClient({ fetch: stubFetch(seen) });
    await client.GET('/partners/{id}', { params: { path: { id: 'p 1' } } });
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:4010/v1/partners/p%201', authorization: 'Bearer env_key' },
    ]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with a space', 'pk live'],
    ['with a newline', 'pk_live\n'],
    ['with a control character', 'pk\u0000live'],
  ])('refuses a %s key before any request, naming PARTNERO_API_KEY', (_label, apiKey) => {
    vi.stubEnv('PARTNERO_API_KEY', undefined);
    const seen: Seen[] = [];
    const create = () => createPartneroClient({ apiKey, fetch: stubFetch(seen) });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(/PARTNERO_API_KEY/);
    expect(seen).toEqual([]);
  });

  it('never puts a malformed key into the error message', () => {
    const secret = 'pk_secret value';
    try {
      createPartneroClient({ apiKey: secret });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('pk_secret');
    }
  });
});

describe('in a browser', () => {
  const browser = () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
  };

  it('refuses to start, explaining that the key belongs on a server', () => {
    browser();
    const seen: Seen[] = [];
    const create = () => createPartneroClient({ apiKey: 'pk_live_123', fetch: stubFetch(seen) });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(/must stay on a server/);
    expect(create).toThrow(/dangerouslyAllowBrowser: true/);
    expect(seen).toEqual([]);
  });

  it('runs when explicitly opted in, still sending the key', async () => {
    browser();
    const seen: Seen[] = [];
    const client = createPartneroClient({
      apiKey: 'pk_live_123',
      fetch: stubFetch(seen),
      dangerouslyAllowBrowser: true,
    });
    await client.GET('/partners');
    expect(seen).toEqual([{ url: `${DEFAULT_BASE_URL}/partners`, authorization: 'Bearer pk_live_123' }]);
  });

  it.each([
    ['Deno 1 (window, no document)', { window: {} }],
    ['a web worker (self, no window)', { self: {} }],
  ])('is not what %s looks like', (_label, globals) => {
    for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
    expect(() => createPartneroClient({ apiKey: 'pk_live_123', fetch: stubFetch([]) })).not.toThrow();
  });
});
