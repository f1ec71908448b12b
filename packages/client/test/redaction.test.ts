import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createPartneroClient,
  type Logger,
  NotFoundError,
  TimeoutError,
  unwrap,
} from '../src/index.js';
import { ODD_KEY, spellingsOf } from './key-spellings.js';
import { hangingFetch, json, scriptedFetch, stallingBody } from './stub.js';

const KEY = 'pk_live_SECRET_4f9a1c';

/** Every way a user might print an error. */
function renderings(error: unknown): string[] {
  return [
    (error as Error).message,
    String(error),
    JSON.stringify(error),
    JSON.stringify(error, Object.getOwnPropertyNames(error)),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    (error as Error).stack ?? '',
  ];
}

function capturingLogger() {
  const lines: string[] = [];
  const record = (message: string, ...rest: unknown[]) => {
    lines.push(inspect([message, ...rest], { depth: Number.POSITIVE_INFINITY }));
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  return { logger, lines };
}

/** A transport failure that drags the request (and its Authorization header) into the cause chain. */
function leakyFailure(request: Request): Error {
  const inner = Object.assign(new Error(`socket closed while sending Bearer ${KEY}`), {
    code: 'ECONNRESET',
    request,
    headers: Object.fromEntries(request.headers),
  });
  return new TypeError(`fetch failed for ${request.headers.get('authorization')}`, { cause: inner });
}

describe('the API key never leaks', () => {
  it('from a ConnectionError, its cause chain, or the logger', async () => {
    const { logger, lines } = capturingLogger();
    const client = createPartneroClient({
      apiKey: KEY,
      logger,
      fetch: async (request) => {
        throw leakyFailure(request);
      },
    });
    const error = await client.GET('/partners', { partnero: { maxRetries: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).cause).toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET' } });
    for (const text of [...renderings(error), ...lines]) expect(text).not.toContain(KEY);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('from a TimeoutError', async () => {
    const client = createPartneroClient({
      apiKey: KEY,
      fetch: hangingFetch({ count: 0 }),
      timeout: 10,
      maxRetries: 0,
    });
    const error = await client.GET('/partners').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('from an APIError thrown by unwrap', async () => {
    const { fetch } = scriptedFetch([json({ status: 0, message: 'Not found' }, 404)]);
    const client = createPartneroClient({ apiKey: KEY, fetch });
    const error = await unwrap(client.GET('/partners/{id}', { params: { path: { id: 'x' } } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('from an error body the server echoes the key in', async () => {
    const { fetch } = scriptedFetch([
      json({ status: 0, message: `Token Bearer ${KEY} is invalid`, errors: { token: [KEY] } }, 401),
    ]);
    const client = createPartneroClient({ apiKey: KEY, fetch });
    const result = await client.GET('/partners');
    expect(JSON.stringify(result.error)).not.toContain(KEY);
    const error = await unwrap(client.GET('/partners')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe(
      '401 GET https://api.partnero.com/v1/partners: Token Bearer [redacted] is invalid',
    );
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
    expect(JSON.stringify((error as AuthenticationError).body)).not.toContain(KEY);
  });

  it('from a failure while reading the body', async () => {
    const client = createPartneroClient({
      apiKey: KEY,
      maxRetries: 0,
      fetch: async (request, init) => {
        const authorization = request.headers.get('authorization');
        return new Response(
          stallingBody(init?.signal, (c) => c.error(new TypeError(`terminated ${authorization}`))),
        );
      },
    });
    const error = await client.GET('/partners').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('from the client object itself', () => {
    const client = createPartneroClient({ apiKey: KEY, fetch: scriptedFetch([json({})]).fetch });
    expect(inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });

  it('while the key still reaches the server', async () => {
    const { fetch, seen } = scriptedFetch([json({})]);
    await createPartneroClient({ apiKey: KEY, fetch }).GET('/test');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });
});

describe('the API key never leaks, in any spelling (issue 24, items 3 and 4)', () => {
  const forms = spellingsOf(ODD_KEY);
  const escaped = JSON.stringify(ODD_KEY).slice(1, -1);
  // What a server echoing the key would send: JSON-escaped inside JSON, the other forms as they are.
  const echoed = [escaped, escaped.replaceAll('/', '\\/'), ...forms.slice(3)].join(' | ');
  const echoingAnswer = () =>
    new Response(`{"status":0,"message":"Invalid token ${echoed}","errors":{"token":["${escaped}"]}}`, {
      status: 401,
      headers: {
        'content-type': 'application/json',
        'x-echo': `Bearer ${ODD_KEY}`,
        'x-echo-base64': btoa(ODD_KEY),
        'www-authenticate': `Bearer token="${encodeURIComponent(ODD_KEY)}"`,
      },
    });
  const leaks = (text: string) => forms.filter((form) => text.includes(form));

  it('from an APIError: message, stack, body, headers and inspect output', async () => {
    const client = createPartneroClient({ apiKey: ODD_KEY, fetch: async () => echoingAnswer() });
    const result = await client.GET('/partners');
    expect(leaks(JSON.stringify(result.error))).toEqual([]);
    const error = await unwrap(client.GET('/partners')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const apiError = error as AuthenticationError;
    expect(
      apiError.message.startsWith('401 GET https://api.partnero.com/v1/partners: Invalid token [redacted]'),
    ).toBe(true);
    for (const text of renderings(error)) expect(leaks(text)).toEqual([]);
    expect(leaks(JSON.stringify(apiError.body))).toEqual([]);
    expect(leaks(inspect(apiError.headers))).toEqual([]);
    expect(apiError.headers.get('x-echo')).toBe('Bearer [redacted]');
  });

  it('from a failed answer read any way: text, json, blob, arrayBuffer, its stream, its headers', async () => {
    const client = createPartneroClient({ apiKey: ODD_KEY, fetch: async () => echoingAnswer() });
    // Kept before openapi-fetch reads it, as a middleware would.
    let response = new Response();
    client.use({
      onResponse: ({ response: answer }) => {
        response = answer.clone();
      },
    });
    await client.GET('/partners');
    const readers = [
      (r: Response) => r.text(),
      async (r: Response) => JSON.stringify(await r.json()),
      async (r: Response) => (await r.blob()).text(),
      async (r: Response) => new TextDecoder().decode(await r.arrayBuffer()),
      (r: Response) => new Response(r.body).text(),
    ];
    for (const read of readers) {
      const text = await read(response.clone());
      expect(text).toContain('[redacted]');
      expect(leaks(text)).toEqual([]);
    }
    expect(leaks(inspect(response, { depth: Number.POSITIVE_INFINITY }))).toEqual([]);
    expect(response.status).toBe(401);
  });

  it('from a cause whose message carries an encoded key, and from a cause chain that loops', async () => {
    const looping = Object.assign(new TypeError(`fetch failed ${btoa(ODD_KEY)}`), { code: 'ECONNRESET' });
    looping.cause = looping;
    const client = createPartneroClient({
      apiKey: ODD_KEY,
      maxRetries: 0,
      fetch: async () => {
        throw looping;
      },
    });
    const error = await client.GET('/partners').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    for (const text of renderings(error)) expect(leaks(text)).toEqual([]);
  });

  it("is never on the caller's Request, not even while the attempt is in flight", async () => {
    let kept: Request | undefined;
    const whileInFlight: (string | null)[] = [];
    const sent: (string | null)[] = [];
    const client = createPartneroClient({
      apiKey: KEY,
      fetch: async (request, init) => {
        whileInFlight.push(request.headers.get('authorization'), kept?.headers.get('authorization') ?? null);
        sent.push(new Headers(init?.headers).get('authorization'));
        return json({ data: [] });
      },
    });
    client.use({
      onRequest: ({ request }) => {
        kept = request;
      },
    });
    await client.GET('/partners');
    expect(kept).toBeInstanceOf(Request);
    expect(whileInFlight).toEqual([null, null]);
    expect(sent).toEqual([`Bearer ${KEY}`]);
    // The init's headers are the caller's, plus the key: nothing the caller set is lost.
    const { fetch, seen } = scriptedFetch([json({})]);
    await createPartneroClient({ apiKey: KEY, fetch, headers: { 'x-source': 'billing' } }).GET('/test');
    expect(seen[0]?.headers.get('x-source')).toBe('billing');
  });
});
