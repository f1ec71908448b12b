import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { apiAs, mockRoute, uniqueKey } from '../support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const ada = { email: 'ada@example.com', name: 'Ada' };

describe('GET /__mock/ledger', () => {
  it("lists the caller's committed writes in order, and no reads", async () => {
    const key = uniqueKey('ledger');
    const api = apiAs(mock.url, key);
    const { id } = (await api('POST', '/partners', ada)).body.data;
    await api('GET', `/partners/${id}`);
    await api('PUT', `/partners/${id}`, { update: { name: 'Augusta' } });
    await api('POST', '/partners', { name: 5 }); // refused with 422: nothing committed
    await api('DELETE', `/partners/${id}`);
    await apiAs(mock.url, uniqueKey('someone-else'))('POST', '/partners', ada);
    const ledger = await mockRoute(mock.url, '/__mock/ledger', key);
    expect(
      ledger.map(({ operation, method, path, id: written }: Record<string, unknown>) => [
        operation,
        method,
        path,
        written,
      ]),
    ).toEqual([
      ['createPartner', 'POST', '/partners', id],
      ['updatePartner', 'PUT', '/partners/{id}', id],
      ['deletePartner', 'DELETE', '/partners/{id}', id],
    ]);
    expect(ledger[0].seq).toBeLessThan(ledger[1].seq);
    expect(Date.parse(ledger[0].at)).not.toBeNaN();
  });

  it('records writes the state does not model too, and GETs that change a record', async () => {
    const key = uniqueKey('unmodelled');
    const api = apiAs(mock.url, key);
    await api('PUT', '/program', { name: 'Acme' });
    await api('GET', '/leads/convert?id=7&commission_transaction_amount=10');
    const ledger = await mockRoute(mock.url, '/__mock/ledger', key);
    expect(ledger.map((entry: { operation: string }) => entry.operation)).toEqual([
      'updateProgram',
      'convertLead',
    ]);
  });
});

describe('drop faults and the commit', () => {
  it('x-mock-fault: drop-after-commit applies the write, then answers nothing', async () => {
    const key = uniqueKey('after');
    const api = apiAs(mock.url, key);
    await expect(api('POST', '/partners', ada, { 'x-mock-fault': 'drop-after-commit' })).rejects.toThrow(
      TypeError,
    );
    const ledger = await mockRoute(mock.url, '/__mock/ledger', key);
    expect(ledger).toHaveLength(1);
    const emails = (await api('GET', '/partners')).body.data.map(
      (partner: { email: string }) => partner.email,
    );
    expect(emails).toContain(ada.email);
    expect((await api('GET', `/partners/${ledger[0].id}`)).status).toBe(200);
  });

  it('x-mock-fault: drop drops before anything is committed', async () => {
    const key = uniqueKey('before');
    const api = apiAs(mock.url, key);
    await expect(api('POST', '/partners', ada, { 'x-mock-fault': 'drop' })).rejects.toThrow(TypeError);
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toEqual([]);
    const emails = (await api('GET', '/partners')).body.data.map(
      (partner: { email: string }) => partner.email,
    );
    expect(emails).not.toContain(ada.email);
  });

  it('a Prefer header asks for Prism as is: nothing is stored or committed', async () => {
    const key = uniqueKey('prefer');
    const api = apiAs(mock.url, key);
    const created = await api('POST', '/partners', ada, { prefer: 'example=created' });
    expect(created.body.data.email).toBe('jane@example.com');
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toEqual([]);
  });
});

describe('POST /__mock/reset', () => {
  it('clears state, stats, ledger and deliveries of every key', async () => {
    const reset = await startMock({ port: 0 });
    try {
      const key = uniqueKey('reset');
      const api = apiAs(reset.url, key);
      await api('POST', '/webhooks', {
        name: 'x',
        url: 'http://127.0.0.1:9/unreachable',
        events: ['partner.created'],
      });
      const { id } = (await api('POST', '/partners', ada)).body.data;
      expect(await mockRoute(reset.url, '/__mock/ledger', key)).toHaveLength(2);
      expect(await mockRoute(reset.url, '/__mock/webhooks', key)).toHaveLength(1);

      expect((await fetch(`${reset.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
      expect(await mockRoute(reset.url, '/__mock/ledger', key)).toEqual([]);
      expect(await mockRoute(reset.url, '/__mock/webhooks', key)).toEqual([]);
      expect((await mockRoute(reset.url, '/__mock/stats')).total).toBe(0);
      expect((await api('GET', `/partners/${id}`)).status).toBe(404);
      // The key starts over from the seed.
      expect((await api('GET', '/partners/partner_123')).status).toBe(200);
    } finally {
      await reset.close();
    }
  });

  it('is refused from another origin, and changes nothing then', async () => {
    const key = uniqueKey('cross-site');
    const api = apiAs(mock.url, key);
    await api('POST', '/partners', ada);
    const refused = await fetch(`${mock.url}/__mock/reset`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(refused.status).toBe(403);
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toHaveLength(1);
  });
});

describe('--stateless', () => {
  it("answers Prism's examples: nothing created is read back, unknown ids answer 200", async () => {
    const stateless = await startMock({ port: 0, stateless: true });
    try {
      const api = apiAs(stateless.url, uniqueKey('stateless'));
      const created = await api('POST', '/partners', ada);
      expect(created.body.data.email).toBe('jane@example.com');
      expect((await api('GET', '/partners/partner_nobody')).status).toBe(200);
      // Writes are still accepted, so the ledger still proves how often one was sent.
      expect(await mockRoute(stateless.url, '/__mock/ledger')).toHaveLength(1);
    } finally {
      await stateless.close();
    }
  });
});

describe('caps', () => {
  it('refuses creates beyond the records a key may hold, with a 507 that says what to do', async () => {
    const small = await startMock({ port: 0, state: { maxRecordsPerKey: 40 } });
    try {
      const api = apiAs(small.url, uniqueKey('full'));
      let refused: Awaited<ReturnType<typeof api>> | undefined;
      for (let i = 0; i < 50 && !refused; i++) {
        const answer = await api('POST', '/partners', { email: `p${i}@example.com` });
        if (answer.status !== 200) refused = answer;
      }
      expect(refused?.status).toBe(507);
      expect(refused?.body.detail).toContain('/__mock/reset');
      // Another key is not affected.
      expect((await apiAs(small.url, uniqueKey('empty'))('POST', '/partners', ada)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('drops the least recently used key beyond the keys it holds', async () => {
    const small = await startMock({ port: 0, state: { maxKeys: 2 } });
    try {
      const first = apiAs(small.url, uniqueKey('a'));
      const second = apiAs(small.url, uniqueKey('b'));
      const third = apiAs(small.url, uniqueKey('c'));
      const { id } = (await first('POST', '/partners', ada)).body.data;
      await second('GET', '/partners');
      expect((await first('GET', `/partners/${id}`)).status).toBe(200); // now the second is least recent
      await third('GET', '/partners'); // evicts the second
      expect((await first('GET', `/partners/${id}`)).status).toBe(200);
      await second('GET', '/partners'); // the second again: evicts the third, then the first goes next
      await third('GET', '/partners');
      expect((await first('GET', `/partners/${id}`)).status).toBe(404);
      expect((await first('GET', '/partners/partner_123')).status).toBe(200); // back to the seed
    } finally {
      await small.close();
    }
  });
});
