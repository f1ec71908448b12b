import { describe, expect, it } from 'vitest';
import { startMock } from '../../src/index.js';
import { apiAs, uniqueKey } from '../support.js';

// The caps count bytes, not only records: a few records with huge fields must not fill the heap.
const bigName = (size: number, i: number) => `${i}-${'x'.repeat(size)}`;

describe('byte caps', () => {
  it('refuses creates past the bytes one key may hold with the 507 of the record cap; other keys go on', async () => {
    const small = await startMock({ port: 0, state: { maxBytesPerKey: 40_000 } });
    try {
      const api = apiAs(small.url, uniqueKey('heavy'));
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof api>> | undefined;
      for (let i = 0; i < 20 && !refused; i++) {
        const answer = await api('POST', '/partners', {
          email: `p${i}@example.com`,
          name: bigName(10_000, i),
        });
        statuses.push(answer.status);
        if (answer.status !== 200) refused = answer;
      }
      // 40,000 bytes hold three records of 10 kB and some, never the twentieth.
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(3);
      expect(statuses.filter((status) => status === 200).length).toBeLessThan(5);
      expect(refused?.status).toBe(507);
      expect(refused?.body.title).toBe('Insufficient Storage');
      expect(refused?.body.detail).toContain('/__mock/reset');
      // Another key is not affected.
      const other = apiAs(small.url, uniqueKey('light'));
      expect((await other('POST', '/partners', { email: 'a@example.com', name: 'A' })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('refuses an update that grows a record past the cap, and keeps the record as it was', async () => {
    const small = await startMock({ port: 0, state: { maxBytesPerKey: 30_000 } });
    try {
      const api = apiAs(small.url, uniqueKey('grow'));
      const { id } = (await api('POST', '/partners', { email: 'g@example.com', name: 'G' })).body.data;
      const grown = await api('PUT', `/partners/${id}`, { update: { name: bigName(40_000, 0) } });
      expect(grown.status).toBe(507);
      expect((await api('GET', `/partners/${id}`)).body.data.name).toBe('G');
    } finally {
      await small.close();
    }
  });

  it('caps the bytes all keys hold together, and frees them on delete', async () => {
    const small = await startMock({ port: 0, state: { maxTotalBytes: 50_000 } });
    try {
      const first = apiAs(small.url, uniqueKey('one'));
      const second = apiAs(small.url, uniqueKey('two'));
      const a = await first('POST', '/partners', { email: 'a@example.com', name: bigName(20_000, 1) });
      const b = await second('POST', '/partners', { email: 'b@example.com', name: bigName(20_000, 2) });
      expect([a.status, b.status]).toEqual([200, 200]);
      const c = await second('POST', '/partners', { email: 'c@example.com', name: bigName(20_000, 3) });
      expect(c.status).toBe(507);
      expect((await first('DELETE', `/partners/${a.body.data.id}`)).status).toBeLessThan(300);
      const d = await second('POST', '/partners', { email: 'd@example.com', name: bigName(20_000, 4) });
      expect(d.status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
