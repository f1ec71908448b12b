import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { firstExample, type SpecOperation, specOperations, successStatus } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import type { ConformanceReport } from '../../src/proxy/report.js';
import { validRequest } from '../support.js';

// The proxy in front of two upstreams: the mock itself, standing in for production (it answers
// as the spec says), and a tiny node:http server that answers whatever a test scripts, to inject
// answers that differ from the spec and to see exactly what the proxy sent and gave back.

const op = (operationId: string) =>
  specOperations().find((candidate) => candidate.operationId === operationId) as SpecOperation;

/** What a scripted upstream answers: the bytes and headers exactly as a test wants them on the wire. */
interface Scripted {
  status: number;
  statusText?: string;
  headers: [string, string][];
  body: Buffer | string;
}

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

function startFakeUpstream(): Promise<{
  url: string;
  received: Received[];
  script: Map<string, Scripted>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const script = new Map<string, Scripted>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = script.get(`${req.method} ${req.url}`);
      if (!answer) {
        res.writeHead(500).end(`nothing scripted for ${req.method} ${req.url}`);
        return;
      }
      res.sendDate = false;
      res.writeHead(answer.status, answer.statusText ?? '', answer.headers.flat());
      res.end(answer.body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        script,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * A request through node:http (fetch refuses hop-by-hop headers and decodes bodies), and the
 * raw answer: status line, header pairs in order (repeats kept), body bytes.
 */
function rawSend(
  url: string,
  headers: Record<string, string>,
  { method = 'GET', body }: { method?: string; body?: string } = {},
): Promise<{ status: number; statusText: string; headers: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
    })
      .on('error', reject)
      .end(body);
  });
}

const KEY = 'sk_test_proxy_secret_7f3a9c';
const AUTH = { authorization: `Bearer ${KEY}` };

let production: RunningMock;
let proxy: RunningMock;
let fake: Awaited<ReturnType<typeof startFakeUpstream>>;
let fakeProxy: RunningMock;
const lines: string[] = [];

beforeAll(async () => {
  [production, fake] = await Promise.all([startMock({ port: 0 }), startFakeUpstream()]);
  [proxy, fakeProxy] = await Promise.all([
    startMock({ port: 0, proxy: `${production.url}/v1`, log: (line) => lines.push(line) }),
    startMock({ port: 0, proxy: `${fake.url}/v1`, log: (line) => lines.push(line) }),
  ]);
});
afterAll(async () => {
  await Promise.all([proxy.close(), fakeProxy.close()]);
  await Promise.all([production.close(), fake.close()]);
});
beforeEach(async () => {
  lines.length = 0;
  fake.received.length = 0;
  fake.script.clear();
  for (const origin of [proxy.url, fakeProxy.url]) {
    expect((await fetch(`${origin}/__mock/conformance`, { method: 'DELETE' })).status).toBe(204);
  }
});

async function conformance(origin: string): Promise<ConformanceReport> {
  const res = await fetch(`${origin}/__mock/conformance`);
  expect(res.status).toBe(200);
  return res.json();
}

const operationIn = (report: ConformanceReport, operationId: string) =>
  report.operations.find((operation) => operation.operationId === operationId);

/** The spec's own 200 example of getPartner with one field changed: an answer that differs from the spec. */
function partnerAnswer(change: Record<string, unknown>): string {
  const example = structuredClone(firstExample(op('getPartner'), 200)) as { data: Record<string, unknown> };
  Object.assign(example.data, change);
  return JSON.stringify(example);
}

describe('the proxy in front of the mock standing in for production', () => {
  it('passes a conforming call through and counts it as conforming', async () => {
    const direct = await fetch(`${production.url}/v1/partners`, { headers: AUTH });
    const proxied = await fetch(`${proxy.url}/v1/partners`, { headers: AUTH });
    expect(proxied.status).toBe(direct.status);
    expect(proxied.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(await proxied.text()).toBe(await direct.text());

    const report = await conformance(proxy.url);
    expect(report).toMatchObject({
      upstream: `${production.url}/v1`,
      exchanges: 1,
      conforming: 1,
      differing: 0,
    });
    expect(operationIn(report, 'listPartners')).toMatchObject({
      method: 'GET',
      path: '/partners',
      evidence: 'documented',
      conforming: 1,
      differing: 0,
      differences: [],
    });
    expect(lines).toEqual([]);
  });

  it('forwards writes with their body: what the proxy sent, the upstream stored', async () => {
    const key = 'proxy_write_key';
    const create = validRequest(op('createPartner'));
    const created = await fetch(`${proxy.url}${create.path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...JSON.parse(create.body as string), id: 'partner_via_proxy' }),
    });
    expect(created.status).toBe(successStatus(op('createPartner')));
    const readBack = await fetch(`${production.url}/v1/partners/partner_via_proxy`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(readBack.status).toBe(200);
    expect(operationIn(await conformance(proxy.url), 'createPartner')).toMatchObject({
      conforming: 1,
      differing: 0,
    });
  });

  it('reports a request that violates the spec, and passes the upstream’s refusal back as it is', async () => {
    const body = JSON.stringify({ name: 5 });
    const init = { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body };
    const direct = await fetch(`${production.url}/v1/partners`, init);
    const proxied = await fetch(`${proxy.url}/v1/partners`, init);
    expect(proxied.status).toBe(422);
    expect(await proxied.text()).toBe(await direct.text());

    const report = await conformance(proxy.url);
    expect(operationIn(report, 'createPartner')).toMatchObject({
      conforming: 0,
      differing: 1,
      differences: [
        { pointer: '/request/body/email', message: 'missing, but the spec requires it', count: 1 },
        { pointer: '/request/body/name', value: 5, request: 'POST /partners', status: 422, count: 1 },
      ],
    });
    expect(lines).toEqual([
      'conformance: POST /partners -> 422 createPartner [documented] /request/body/email: missing, but the spec requires it',
      expect.stringMatching(
        /^conformance: POST \/partners -> 422 createPartner \[documented\] \/request\/body\/name: .*must be string \(found 5\)$/,
      ),
    ]);
  });

  it('reports a query parameter that violates the spec, with the value sent', async () => {
    await (await fetch(`${proxy.url}/v1/partners?limit=lots`, { headers: AUTH })).text();
    expect(operationIn(await conformance(proxy.url), 'listPartners')?.differences).toEqual([
      expect.objectContaining({ pointer: '/request/query/limit', value: 'lots' }),
    ]);
  });

  it('lists a request no operation of the spec matches', async () => {
    const res = await fetch(`${proxy.url}/v1/no-such-thing`, { headers: AUTH });
    expect(res.status).toBe(404);
    const report = await conformance(proxy.url);
    expect(report.unmatched).toEqual([{ request: 'GET /no-such-thing', status: 404, count: 1 }]);
    expect(report).toMatchObject({ exchanges: 1, differing: 1 });
    expect(lines).toEqual([
      'conformance: GET /no-such-thing -> 404: no operation in the spec matches GET /no-such-thing',
    ]);
  });

  it('applies no token contract: a test token the mock would refuse is the upstream’s to judge', async () => {
    const res = await fetch(`${fakeProxy.url}/v1/program`, {
      headers: { authorization: 'Bearer forbidden_x' },
    });
    expect(res.status).toBe(500); // nothing scripted: the fake upstream answered, not the proxy
    expect(fake.received).toHaveLength(1);
  });
});

describe('an answer that differs from the spec', () => {
  it('is reported with its pointer and value, in the log and the report, and passed back unchanged', async () => {
    const body = partnerAnswer({ surname: 42 });
    fake.script.set('GET /v1/partners/partner_123', {
      status: 200,
      statusText: 'Fine Thanks',
      headers: [
        ['Content-Type', 'application/json'],
        ['Set-Cookie', 'a=1; Path=/'],
        ['Set-Cookie', 'b=2; Path=/'],
        ['X-Request-Id', 'req_42'],
        ['Content-Length', String(Buffer.byteLength(body))],
      ],
      body,
    });
    const answer = await rawSend(`${fakeProxy.url}/v1/partners/partner_123`, AUTH);
    expect(answer.status).toBe(200);
    expect(answer.statusText).toBe('Fine Thanks');
    expect(answer.body.toString('utf8')).toBe(body);
    const pairs = answer.headers
      .filter((_, index) => index % 2 === 0)
      .map((name, index) => [name, answer.headers[index * 2 + 1]]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ['Content-Type', 'application/json'],
        ['Set-Cookie', 'a=1; Path=/'],
        ['Set-Cookie', 'b=2; Path=/'],
        ['X-Request-Id', 'req_42'],
        ['Content-Length', String(Buffer.byteLength(body))],
      ]),
    );
    expect(pairs.map(([name]) => name?.toLowerCase())).not.toContain('date');

    expect(lines).toEqual([
      'conformance: GET /partners/partner_123 -> 200 getPartner [documented] /response/body/data/surname: must be string,null (found 42)',
    ]);
    const report = await conformance(fakeProxy.url);
    expect(operationIn(report, 'getPartner')).toEqual({
      operationId: 'getPartner',
      method: 'GET',
      path: '/partners/{id}',
      evidence: 'documented',
      conforming: 0,
      differing: 1,
      differences: [
        {
          pointer: '/response/body/data/surname',
          message: 'must be string,null',
          value: 42,
          count: 1,
          request: 'GET /partners/partner_123',
          status: 200,
        },
      ],
      unlisted: 0,
    });
  });

  it('is checked decompressed, while the caller gets the compressed bytes as they came', async () => {
    const compressed = gzipSync(partnerAnswer({ surname: 42 }));
    fake.script.set('GET /v1/partners/partner_123', {
      status: 200,
      headers: [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
        ['content-length', String(compressed.length)],
      ],
      body: compressed,
    });
    const answer = await rawSend(`${fakeProxy.url}/v1/partners/partner_123`, {
      ...AUTH,
      'accept-encoding': 'gzip',
    });
    expect(answer.body.equals(compressed)).toBe(true);
    expect(fake.received[0]?.headers['accept-encoding']).toBe('gzip');
    expect(operationIn(await conformance(fakeProxy.url), 'getPartner')?.differences).toEqual([
      expect.objectContaining({ pointer: '/response/body/data/surname', value: 42 }),
    ]);
  });

  it('is reported when it is not JSON at all, and still passed back', async () => {
    fake.script.set('GET /v1/partners/partner_123', {
      status: 200,
      headers: [['content-type', 'application/json']],
      body: '{"data": oops',
    });
    const res = await fetch(`${fakeProxy.url}/v1/partners/partner_123`, { headers: AUTH });
    expect(await res.text()).toBe('{"data": oops');
    expect(operationIn(await conformance(fakeProxy.url), 'getPartner')?.differences).toEqual([
      expect.objectContaining({
        pointer: '/response/body',
        message: 'not valid JSON',
        value: '{"data": oops',
      }),
    ]);
  });

  it('passes an undocumented status, a 501 and a redirect back as they came', async () => {
    fake.script.set('GET /v1/partners/p_teapot', { status: 418, headers: [], body: 'short and stout' });
    fake.script.set('GET /v1/partners/p_501', { status: 501, headers: [], body: '' });
    fake.script.set('GET /v1/partners/p_moved', {
      status: 302,
      headers: [['location', 'https://elsewhere.example/partners/p']],
      body: '',
    });
    const teapot = await fetch(`${fakeProxy.url}/v1/partners/p_teapot`, { headers: AUTH });
    expect([teapot.status, await teapot.text()]).toEqual([418, 'short and stout']);
    expect((await fetch(`${fakeProxy.url}/v1/partners/p_501`, { headers: AUTH })).status).toBe(501);
    const moved = await fetch(`${fakeProxy.url}/v1/partners/p_moved`, { headers: AUTH, redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('https://elsewhere.example/partners/p');
    const differences = operationIn(await conformance(fakeProxy.url), 'getPartner')?.differences ?? [];
    expect(differences.map(({ pointer, value, request }) => ({ pointer, value, request }))).toEqual([
      { pointer: '/response/status', value: 418, request: 'GET /partners/p_teapot' },
      { pointer: '/response/status', value: 501, request: 'GET /partners/p_501' },
      { pointer: '/response/status', value: 302, request: 'GET /partners/p_moved' },
    ]);
  });
});

describe('the caller’s key', () => {
  it('reaches the upstream, and appears nowhere in the log or the report, even when the upstream echoes it', async () => {
    const echo = JSON.stringify({ status: `Bearer ${KEY}`, message: `Unknown key ${KEY}` });
    // The key in the path and the query too, as a careless client might send it.
    fake.script.set(`GET /v1/partners/${KEY}?api_key=${KEY}`, {
      status: 401,
      headers: [
        ['content-type', 'application/json'],
        ['www-authenticate', `Bearer realm="partnero", key="${KEY}"`],
        ['x-echo', KEY],
      ],
      body: echo,
    });
    const res = await fetch(`${fakeProxy.url}/v1/partners/${KEY}?api_key=${KEY}`, { headers: AUTH });
    expect(await res.text()).toBe(echo); // the caller's answer is the upstream's, echo included
    expect(fake.received[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

    const report = await conformance(fakeProxy.url);
    const shown = `${lines.join('\n')}\n${JSON.stringify(report)}`;
    expect(operationIn(report, 'getPartner')?.differences).toContainEqual(
      expect.objectContaining({
        pointer: '/response/body/status',
        value: '[redacted]',
        request: 'GET /partners/[redacted]',
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(shown).not.toContain(KEY);
    expect(shown).not.toContain(KEY.slice(0, 10));
  });

  it('is redacted from request differences too', async () => {
    fake.script.set('POST /v1/partners', { status: 201, headers: [], body: '' });
    await fetch(`${fakeProxy.url}/v1/partners`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ email: KEY, name: 5 }),
    });
    const shown = `${lines.join('\n')}\n${JSON.stringify(await conformance(fakeProxy.url))}`;
    expect(shown).toContain('/request/body/name');
    expect(shown).not.toContain(KEY);
  });
});

describe('what the proxy sends upstream', () => {
  it('the method, path, query and body bytes as sent, less the hop-by-hop headers', async () => {
    fake.script.set('PUT /v1/partners/partner_123?x=1&x=2', { status: 200, headers: [], body: '' });
    const body = '{ "update" :{"name":"Ada"} }';
    await rawSend(
      `${fakeProxy.url}/v1/partners/partner_123?x=1&x=2`,
      { ...AUTH, 'content-type': 'application/json', 'x-trace': 'abc', connection: 'keep-alive, x-trace' },
      { method: 'PUT', body },
    );
    const [sent] = fake.received;
    expect(sent).toMatchObject({ method: 'PUT', url: '/v1/partners/partner_123?x=1&x=2', body });
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
    expect(sent?.headers).not.toHaveProperty('x-trace');
  });
});

describe('a request too odd to check', () => {
  it('still gets the upstream’s answer, and the report says it could not be checked', async () => {
    fake.script.set('POST /v1/partners', { status: 201, headers: [['x-upstream', 'yes']], body: 'made' });
    const depth = 200_000; // JSON this deep exhausts the stack of any recursive validator
    const res = await fetch(`${fakeProxy.url}/v1/partners`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
    });
    expect([res.status, res.headers.get('x-upstream'), await res.text()]).toEqual([201, 'yes', 'made']);
    const report = await conformance(fakeProxy.url);
    expect(operationIn(report, 'createPartner')?.differences).toEqual([
      expect.objectContaining({ pointer: '', message: expect.stringMatching(/^could not be checked \(/) }),
    ]);
  });
});

describe('the proxy’s own routes and refusals', () => {
  it('refuses /__mock/conformance to a foreign Origin, as every /__mock/ route', async () => {
    const foreign = await fetch(`${proxy.url}/__mock/conformance`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).detail).toMatch(/other origins/);
    const own = await fetch(`${proxy.url}/__mock/conformance`, { headers: { origin: proxy.url } });
    expect(own.status).toBe(200);
  });

  it('keeps no state: the mock’s ledger is not here, and the 404 says where it is', async () => {
    const res = await fetch(`${proxy.url}/__mock/ledger`);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/\/__mock\/ledger.*only without it/);
  });

  it('clears the report on POST /__mock/reset', async () => {
    await (await fetch(`${proxy.url}/v1/partners`, { headers: AUTH })).text();
    expect((await conformance(proxy.url)).exchanges).toBe(1);
    expect((await fetch(`${proxy.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    expect(await conformance(proxy.url)).toMatchObject({ exchanges: 0, operations: [], unmatched: [] });
  });

  it('answers 502 naming the upstream when it cannot be reached, and records nothing', async () => {
    const gone = await startFakeUpstream();
    await gone.close();
    const orphan = await startMock({ port: 0, proxy: `${gone.url}/v1`, log: (line) => lines.push(line) });
    try {
      const res = await fetch(`${orphan.url}/v1/partners`, { headers: AUTH });
      expect(res.status).toBe(502);
      const problem = await res.json();
      expect(problem.detail).toContain(`The upstream ${gone.url}/v1 could not be reached (ECONNREFUSED)`);
      expect(JSON.stringify(problem)).not.toContain(KEY);
      expect(await conformance(orphan.url)).toMatchObject({ exchanges: 0 });
    } finally {
      await orphan.close();
    }
  });

  it('refuses options only the mock honours, and an upstream that is no URL', async () => {
    await expect(startMock({ port: 0, proxy: `${fake.url}/v1`, stateless: true })).rejects.toThrow(
      /stateless does not apply with proxy/,
    );
    await expect(startMock({ port: 0, proxy: `${fake.url}/v1`, faults: { delayMs: 5 } })).rejects.toThrow(
      /faults does not apply with proxy/,
    );
    await expect(startMock({ port: 0, proxy: `${fake.url}/v1`, stateFile: 'state.json' })).rejects.toThrow(
      /stateFile does not apply with proxy/,
    );
    await expect(startMock({ port: 0, proxy: 'api.partnero.com' })).rejects.toThrow(
      /invalid proxy upstream "api.partnero.com": use the API's base URL/,
    );
  });
});
