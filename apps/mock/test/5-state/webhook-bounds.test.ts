import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { apiAs, mockRoute, uniqueKey } from '../support.js';

/** A receiver whose `answer` decides each reply; `arrivals` counts requests as they come. */
async function startReceiver(answer: (res: ServerResponse) => void) {
  let arrivals = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    req.resume();
    arrivals += 1;
    for (const waiter of waiters.filter((item) => arrivals >= item.count)) waiter.resolve();
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals: () => arrivals,
    /** Resolves once `count` requests have arrived: the test waits on a fact, not a duration. */
    reached: (count: number) =>
      new Promise<void>((resolve) => (arrivals >= count ? resolve() : waiters.push({ count, resolve }))),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('webhook deliveries, bounded', () => {
  it('do not follow a redirect: a 3xx is a failed attempt, and the new location gets nothing', async () => {
    const elsewhere = await startReceiver((res) => res.end('ok'));
    const redirecting = await startReceiver((res) => {
      res.writeHead(307, { location: elsewhere.url }).end();
    });
    const mock = await startMock({ port: 0, webhooks: { retryDelaysMs: [0] } });
    try {
      const key = uniqueKey('redirect');
      const api = apiAs(mock.url, key);
      await api('POST', '/webhooks', { name: 'r', url: redirecting.url, events: ['partner.created'] });
      await api('POST', '/partners', { email: 'ada@example.com' });
      const [delivery] = await until(
        () => mockRoute(mock.url, '/__mock/webhooks', key),
        (list) => list[0]?.state === 'failed',
      );
      expect(delivery.attempts).toHaveLength(2);
      expect(delivery.attempts[0]).toMatchObject({ status: 307, error: expect.stringMatching(/redirect/) });
      expect(elsewhere.arrivals()).toBe(0);
    } finally {
      await mock.close();
      await Promise.all([elsewhere.close(), redirecting.close()]);
    }
  });

  it('keep at most the configured attempts in flight per key, queue some and drop the rest, visibly', async () => {
    const silent = await startReceiver(() => {}); // never answers
    const fine = await startReceiver((res) => res.end('ok'));
    const mock = await startMock({
      port: 0,
      webhooks: { timeoutMs: 600_000, concurrency: { total: 3, perKey: 2, queued: 3 } },
    });
    try {
      const key = uniqueKey('flood');
      const api = apiAs(mock.url, key);
      await api('POST', '/webhooks', { name: 's', url: silent.url, events: ['partner.created'] });
      for (let i = 0; i < 7; i++) await api('POST', '/partners', { email: `p${i}@example.com` });
      await silent.reached(2);
      const list = await until(
        () => mockRoute(mock.url, '/__mock/webhooks', key),
        (items: { state: string }[]) => items.filter((item) => item.state === 'dropped').length === 2,
      );
      const states = list.map((item: { state: string }) => item.state).sort();
      expect(states).toEqual(['dropped', 'dropped', 'pending', 'pending', 'queued', 'queued', 'queued']);
      expect(silent.arrivals()).toBe(2);

      // Another key still has the one slot left in total: its delivery goes through.
      const other = uniqueKey('other');
      const otherApi = apiAs(mock.url, other);
      await otherApi('POST', '/webhooks', { name: 'f', url: fine.url, events: ['partner.created'] });
      await otherApi('POST', '/partners', { email: 'o@example.com' });
      await until(
        () => mockRoute(mock.url, '/__mock/webhooks', other),
        (items: { state: string }[]) => items[0]?.state === 'delivered',
      );
    } finally {
      await mock.close();
      await Promise.all([silent.close(), fine.close()]);
    }
  });
});
