import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';

const SECRET = 'sk_live_s3cr3t_in_a_path';

// A key pasted into a path (or a query) must never reach the log: --verbose prints templates.
describe('--verbose', () => {
  it.each([
    ['the mock', { proxy: false }],
    ['the proxy', { proxy: true }],
  ])('%s prints the spec template, never the path as sent', async (_name, mode) => {
    const lines: string[] = [];
    const upstream = mode.proxy ? await startMock({ port: 0 }) : undefined;
    const mock = await startMock({
      port: 0,
      verbose: true,
      log: (line) => lines.push(line),
      ...(upstream && { proxy: `${upstream.url}/v1` }),
    });
    try {
      const headers = { authorization: 'Bearer k' };
      for (const path of [
        `/v1/partners/${SECRET}`,
        `/v1/partners?key=${SECRET}`,
        `/v1/${SECRET}`,
        `/${SECRET}`,
        '/__mock/stats',
      ]) {
        await (await fetch(`${mock.url}${path}`, { headers })).text();
      }
      // The proxy's conformance lines (an unmatched request's path is what it reports) are not request lines.
      const requestLines = lines.filter((line) => !line.startsWith('conformance:'));
      expect(requestLines.map((line) => line.replace(/ [\d.]+ms$/, ''))).toEqual([
        expect.stringMatching(/^GET \/v1\/partners\/\{id\} \d{3}$/),
        expect.stringMatching(/^GET \/v1\/partners 200$/),
        expect.stringMatching(/^GET \/v1\/\(no operation\) 404$/),
        expect.stringMatching(/^GET \(no route\) \d{3}$/),
        expect.stringMatching(/^GET \/__mock\/stats 200$/),
      ]);
      expect(requestLines.join('\n')).not.toContain('s3cr3t');
    } finally {
      await mock.close();
      await upstream?.close();
    }
  });
});
