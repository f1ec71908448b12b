import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli-args.js';
import { startMock } from '../../src/index.js';
import { parseUpstream } from '../../src/proxy/options.js';
import { mockRoute } from '../support.js';

// The validating proxy runs against the live API with a real key: it must not send that key in
// clear across a network, nor forward a key that only means something to the mock.
describe('the live run (--proxy)', () => {
  it.each(['http://api.partnero.com/v1', 'http://10.0.0.1:8080/v1', 'http://localhost.evil.com/v1'])(
    'refuses plain http to another machine: %s',
    (upstream) => {
      expect(() => parseUpstream(upstream)).toThrow(/plain http to another machine.*use https:\/\//);
      expect(() => parseCli(['--proxy', upstream], {})).toThrow(/plain http/);
    },
  );

  it.each([
    'https://api.partnero.com/v1',
    'http://localhost:4010/v1',
    'http://127.0.0.1:1/v1',
    'http://[::1]:4010/v1',
  ])('takes %s', (upstream) => {
    expect(parseUpstream(upstream).href).toContain('/v1');
  });

  it('refuses a scenario key without forwarding it', async () => {
    const production = await startMock({ port: 0 });
    const proxy = await startMock({ port: 0, proxy: `${production.url}/v1`, log: () => {} });
    try {
      const res = await fetch(`${proxy.url}/v1/partners`, {
        headers: { authorization: 'Bearer scenario_500.mine' },
      });
      expect(res.status).toBe(400);
      expect((await res.json()).detail).toMatch(/scenario_.*without --proxy/);
      expect((await mockRoute(production.url, '/__mock/stats')).total).toBe(0);
      // A real key still goes through.
      const ok = await fetch(`${proxy.url}/v1/partners`, { headers: { authorization: 'Bearer real_key' } });
      expect(ok.status).toBe(200);
      expect((await mockRoute(production.url, '/__mock/stats')).total).toBe(1);
    } finally {
      await proxy.close();
      await production.close();
    }
  });
});
