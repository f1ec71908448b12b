import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { apiAs, mockRoute, uniqueKey } from '../support.js';

const ada = { email: 'ada@example.com', name: 'Ada' };

// A shared mock serves many test runs, each with its own key: one run's reset must leave the others alone.
describe('POST /__mock/reset with a key', () => {
  it("clears that key's state, ledger, deliveries and scenario progress only", async () => {
    const mock = await startMock({ port: 0 });
    try {
      const [mine, theirs] = [uniqueKey('mine'), `scenario_500.${uniqueKey('theirs')}`];
      const runs = await Promise.all(
        [mine, theirs].map(async (key) => {
          const api = apiAs(mock.url, key);
          if (key === theirs) expect((await api('GET', '/partners')).status).toBe(500); // its one scripted 500
          await api('POST', '/webhooks', {
            name: 'x',
            url: 'http://127.0.0.1:9/unreachable',
            events: ['partner.created'],
          });
          const created = await api('POST', '/partners', ada);
          expect(created.status).toBe(200);
          return { key, api, id: created.body.data.id as string };
        }),
      );
      const [me, them] = runs as [(typeof runs)[0], (typeof runs)[0]];

      const reset = await fetch(`${mock.url}/__mock/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${them.key}` },
      });
      expect(reset.status).toBe(204);

      // Theirs: gone, back to the seed, and the scenario starts over (its 500 again).
      expect(await mockRoute(mock.url, '/__mock/ledger', them.key)).toEqual([]);
      expect(await mockRoute(mock.url, '/__mock/webhooks', them.key)).toEqual([]);
      expect((await them.api('GET', '/partners')).status).toBe(500);
      expect((await them.api('GET', `/partners/${them.id}`)).status).toBe(404);
      // Mine: untouched.
      expect(await mockRoute(mock.url, '/__mock/ledger', me.key)).toHaveLength(2);
      expect(await mockRoute(mock.url, '/__mock/webhooks', me.key)).toHaveLength(1);
      expect((await me.api('GET', `/partners/${me.id}`)).status).toBe(200);
      expect((await mockRoute(mock.url, '/__mock/stats')).total).toBeGreaterThan(0);

      // Without a key, everything goes, as before.
      expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
      expect(await mockRoute(mock.url, '/__mock/ledger', me.key)).toEqual([]);
      expect((await me.api('GET', `/partners/${me.id}`)).status).toBe(404);
    } finally {
      await mock.close();
    }
  });
});
