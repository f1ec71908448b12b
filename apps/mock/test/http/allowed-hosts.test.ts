import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli-args.js';
import { type RunningMock, startMock } from '../../src/index.js';
import { rawRequest } from '../support.js';

// DNS rebinding: a browser sends the page's own name as Host, whatever address it resolved to.
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, allowedHosts: ['mock.test', '.dev.test'] });
});
afterAll(() => mock.close());

function get(path: string, host: string, extra = '') {
  return rawRequest(
    mock.url,
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer k\r\nConnection: close\r\n${extra}\r\n`,
    { endInput: false },
  );
}

describe('the Host check', () => {
  it.each(['/__mock/ledger', '/__mock/state', '/v1/partners', '/health', '/openapi.json'])(
    'refuses a rebinding Host on %s with a 403 naming --allowed-host',
    async (path) => {
      // Same-origin for the page, so the Origin guard alone would let it through.
      const answer = await get(path, 'evil.example:4010', 'Origin: http://evil.example:4010\r\n');
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('application/problem+json');
      expect(answer.text).toContain('--allowed-host evil.example');
    },
  );

  it('refuses POST /__mock/reset from a rebinding Host', async () => {
    const answer = await rawRequest(
      mock.url,
      'POST /__mock/reset HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      { endInput: false },
    );
    expect(answer.status).toBe(403);
  });

  it.each([
    'localhost',
    'localhost:4010',
    'LOCALHOST:1',
    'app.localhost:5173',
    'localhost.',
    '127.0.0.1',
    '127.0.0.1:9',
    '127.1:4010',
    '127.255.0.3',
    '[::1]',
    '[::1]:4010',
    '[::ffff:127.0.0.1]:4010',
  ])('answers loopback Host %s', async (host) => {
    expect((await get('/health', host)).status).toBe(200);
  });

  it.each(['mock.test', 'mock.test:8080', 'dev.test', 'a.dev.test:1'])(
    'answers allowed Host %s',
    async (host) => {
      expect((await get('/health', host)).status).toBe(200);
    },
  );

  it.each([
    'localhost.evil.com',
    '127.0.0.1.nip.io',
    'evil-localhost',
    '[::2]',
    '[::ffff:10.0.0.1]',
    '10.0.0.1',
    'mock.test.evil',
    'notdev.test',
    'a@localhost',
  ])('refuses Host %s', async (host) => {
    expect((await get('/health', host)).status).toBe(403);
  });

  it('answers the --host it binds', async () => {
    const bound = await startMock({ port: 0, host: '127.0.0.2' });
    try {
      const { port } = new URL(bound.url);
      const answer = await rawRequest(
        bound.url,
        `GET /health HTTP/1.1\r\nHost: 127.0.0.2:${port}\r\nConnection: close\r\n\r\n`,
        { endInput: false },
      );
      expect(answer.status).toBe(200);
    } finally {
      await bound.close();
    }
  });

  it('takes --allowed-host, repeatable', () => {
    expect(parseCli(['--allowed-host', 'a.test', '--allowed-host', '.b.test'], {}).allowedHosts).toEqual([
      'a.test',
      '.b.test',
    ]);
    expect(parseCli([], {}).allowedHosts).toEqual([]);
  });
});
