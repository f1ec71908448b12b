import { specOperations } from '@partnero-ts/spec-tools';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { expectAlive, type RawAnswer, rawRequest } from '../support.js';

// Bounded fuzzing on loopback: random but well-framed requests must get a well-formed answer
// that is never a 5xx (a client mistake is a 4xx), and random bytes must never hang or crash.

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());
// Each run ends by proving the server survived it.
afterEach(() => expectAlive(mock.url));

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);

const specPaths = specOperations().map((op) => `/v1${op.path.replace(/\{[^}]+\}/g, 'x1')}`);
const oddByte = fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code));
const segment = fc.oneof(
  fc.constantFrom(
    'v1',
    'partners',
    'transactions',
    'test',
    '..',
    '.',
    '%',
    '%zz',
    '%2e%2e',
    '%00',
    '%ff',
    ':search',
  ),
  fc.string({ unit: oddByte, maxLength: 12 }).map((text) => text.replace(/[?#/]/g, '')),
);
const path = fc.oneof(
  fc.constantFrom(...specPaths, '/health', '/openapi.json', '/__mock/stats', '/docs'),
  fc.array(segment, { maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
  fc
    .tuple(fc.constantFrom(...specPaths), fc.string({ unit: oddByte, maxLength: 30 }))
    .map(([base, query]) => `${base}?${query.replace(/[#\s]/g, '')}`),
);
const method = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'get',
  'PROPFIND',
  'X',
);
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const headers = fc.record(
  {
    authorization: fc.oneof(
      fc.constantFrom('Bearer test_key', 'Bearer invalid_x', 'Bearer forbidden_x', 'Bearer', 'Basic abc'),
      headerValue,
    ),
    'content-type': fc.oneof(
      fc.constantFrom('application/json', 'text/plain', 'application/vnd.api+json', 'multipart/form-data'),
      headerValue,
    ),
    accept: fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml'), headerValue),
    // Prefer is left out: `code=5xx` asks for a 5xx on purpose.
    'x-mock-delay-ms': fc.constantFrom('0', '1', 'abc', '-5', '99999999'),
    'x-random': headerValue,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(''),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"email":"jane@example.com"}', '{', '[]', 'null', '{"email": 5}', '\u0000'),
  fc.string({ maxLength: 200 }),
);

function frame(m: string, p: string, h: Record<string, string>, b: string): Buffer {
  const payload = Buffer.from(b, 'utf8');
  const lines = [`${m} ${p} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(h)) lines.push(`${name}: ${value.replace(/[\r\n]/g, '')}`);
  if (payload.length > 0 || m === 'POST') lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

function expectWellFormed(answer: RawAnswer, sent: Buffer) {
  const context = `${sent.toString('latin1').slice(0, 300)}\n---\n${answer.text.slice(0, 300)}`;
  expect(answer.status, context).toBeTypeOf('number');
  expect(answer.text, context).toMatch(/^HTTP\/1\.1 \d{3} [^\r\n]*\r\n([^\r\n]+\r\n)*\r\n/);
}

describe('fuzz', () => {
  it('answers random requests with a well-formed non-5xx response', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, headers, body, async (m, p, h, b) => {
        const sent = frame(m, p, h, b);
        const answer = await rawRequest(mock.url, sent, { endInput: false });
        expectWellFormed(answer, sent);
        expect(answer.status, sent.toString('latin1').slice(0, 300)).toBeLessThan(500);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('answers random bytes with a 4xx or closes, and never hangs', async () => {
    const prefix = fc.constantFrom(
      '',
      'GET / HTTP/1.1\r\n',
      'POST /v1/partners HTTP/1.1\r\nHost: localhost\r\n',
      'GET ',
    );
    const bytes = fc.uint8Array({ minLength: 1, maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(prefix, bytes, async (start, random) => {
        const sent = Buffer.concat([Buffer.from(start, 'latin1'), Buffer.from(random)]);
        const answer = await rawRequest(mock.url, sent);
        if (answer.text === '') return;
        expectWellFormed(answer, sent);
        expect(answer.status, sent.toString('latin1')).toBeLessThan(500);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
