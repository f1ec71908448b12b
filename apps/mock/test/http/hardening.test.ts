import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, expectAlive, JSON_AUTH, rawRequest } from '../support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());
// Every test ends by proving the server survived what it was sent.
afterEach(() => expectAlive(mock.url));

const post = (body: BodyInit, headers: Record<string, string> = JSON_AUTH) =>
  fetch(`${mock.url}/v1/partners`, { method: 'POST', headers, body });

async function expectPartneroError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = await res.json();
  expect(body.status).toBe(0);
  expect(body.message).toMatch(message);
}

async function expectProblem(res: Response, status: number, detail: RegExp | string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect((await res.json()).detail).toMatch(detail);
}

describe('bodies', () => {
  it('refuses a body over 1 MiB with 413', async () => {
    await expectProblem(await post(`"${'x'.repeat(1024 * 1024 + 10)}"`), 413, /limited to 1048576 bytes/);
  });

  it('refuses a streamed body over the limit with 413 (no Content-Length)', async () => {
    const small = await startMock({ port: 0, maxBodyBytes: 1000 });
    try {
      const chunk = new TextEncoder().encode('x'.repeat(600));
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      });
      const res = await fetch(`${small.url}/v1/partners`, {
        method: 'POST',
        headers: JSON_AUTH,
        body: stream,
        duplex: 'half',
      } as RequestInit);
      await expectProblem(res, 413, /limited to 1000 bytes/);
    } finally {
      await small.close();
    }
  });

  it("answers JSON nested 100,000 deep with a 400 in Partnero's envelope, not a stack overflow", async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await expectPartneroError(await post(deep), 400, /nest at most/);
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    await expectPartneroError(await post(deepObject), 400, /nest at most/);
  });

  // The spec documents a 400 on every operation with a body (its BadRequest response, the
  // ErrorBody schema), so the answer to an unreadable body is that documented envelope.
  it('answers malformed JSON with the documented 400 body', async () => {
    await expectPartneroError(await post('{"email": '), 400, /not valid JSON/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers a %s body with 415',
    async (type) => {
      await expectProblem(await post('email=a', { ...AUTH, 'content-type': type }), 415, /application\/json/);
    },
  );

  it('accepts application/json with a charset and +json types', async () => {
    const body = JSON.stringify({ email: 'jane@example.com' });
    expect((await post(body, { ...AUTH, 'content-type': 'application/json; charset=utf-8' })).status).toBe(
      200,
    );
  });
});

describe('request targets', () => {
  const raw = (target: string, extra = '') =>
    rawRequest(
      mock.url,
      `GET ${target} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nConnection: close\r\n${extra}\r\n`,
    );

  it.each([
    ['/v1/%zz', 400, /percent-encoding/],
    ['/v1/partners/%E0%A4%A', 400, /percent-encoding/],
    ['/v1/../openapi.json', 400, /segments/],
    ['/v1/%2e%2e/health', 400, /segments/],
    ['/v1/./partners', 400, /segments/],
    ['//v1/partners', 400, /\/\//],
    ['*', 400, /request target/],
    [`/v1/partners?q=${'a'.repeat(9000)}`, 414, /limited/],
  ])('answers %s with %i', async (target, status, detail) => {
    const answer = await raw(target);
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(detail);
  });

  it('accepts absolute-form targets', async () => {
    const answer = await raw('http://example.test/v1/partners');
    expect(answer.status).toBe(200);
  });

  it('answers a target longer than the header limit with 431 and closes', async () => {
    const answer = await raw(`/v1/partners?q=${'a'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
  });

  it('copes with non-UTF-8 bytes in the path and headers', async () => {
    const bytes = Buffer.concat([
      Buffer.from('GET /v1/partners/'),
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nX-Odd: '),
      Buffer.from([0xc3, 0x28, 0xa0]),
      Buffer.from('\r\nConnection: close\r\n\r\n'),
    ]);
    const answer = await rawRequest(mock.url, bytes);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(500);
  });
});

describe('malformed HTTP', () => {
  it.each([
    ['garbage', 'GARBAGE\r\n\r\n'],
    ['an unknown method', 'FROB /v1/partners HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['a bad version', 'GET /v1/partners HTTP/9.9\r\nHost: localhost\r\n\r\n'],
    ['a header without a colon', 'GET /v1/partners HTTP/1.1\r\nHost x\r\n\r\n'],
    [
      'conflicting Content-Length',
      'POST /v1/partners HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}',
    ],
    [
      'Content-Length with chunked',
      'POST /v1/partners HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    [
      'a truncated chunked body',
      'POST /v1/partners HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
    ['a null byte in a header', 'GET /v1/partners HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000b\r\n\r\n'],
  ])('answers %s with 400 and closes', async (_name, text) => {
    const answer = await rawRequest(mock.url, text);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('application/problem+json');
  });

  it('refuses CONNECT with 405 (no proxying)', async () => {
    const answer = await rawRequest(
      mock.url,
      'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n',
    );
    expect(answer.status).toBe(405);
  });

  it('closes a half-sent request without crashing', async () => {
    const answer = await rawRequest(
      mock.url,
      'POST /v1/partners HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"',
    );
    // Whatever the server makes of it, never a 5xx (and afterEach checks it still answers).
    expect(answer.status === undefined || answer.status < 500, answer.text).toBe(true);
  });

  it('treats duplicate headers predictably (first Authorization wins, Prefer values join)', async () => {
    const answer = await rawRequest(
      mock.url,
      'GET /v1/partners HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\nAuthorization: Basic x\r\nPrefer: code=429\r\nPrefer: dynamic=false\r\nConnection: close\r\n\r\n',
    );
    expect(answer.status).toBe(429);
  });
});
