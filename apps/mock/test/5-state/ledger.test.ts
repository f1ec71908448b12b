import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/5-state/ledger.js';
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

  it('drops the least recently used key beyond the keys it holds, and says so', async () => {
    const small = await startMock({ port: 0, state: { maxKeys: 2 } });
    try {
      const [a, b, c] = [uniqueKey('a'), uniqueKey('b'), uniqueKey('c')];
      const [first, second, third] = [a, b, c].map((key) => apiAs(small.url, key)) as [
        ReturnType<typeof apiAs>,
        ReturnType<typeof apiAs>,
        ReturnType<typeof apiAs>,
      ];
      const { id } = (await first('POST', '/partners', ada)).body.data;
      const other = (await second('POST', '/partners', { email: 'b@example.com' })).body.data.id;
      // Keys that only read hold no state: they evict nobody.
      for (let i = 0; i < 5; i++) await apiAs(small.url, uniqueKey('reader'))('GET', '/partners');
      expect((await first('GET', `/partners/${id}`)).status).toBe(200); // now the second is least recent
      await third('POST', '/partners', { email: 'c@example.com' }); // evicts the second
      expect((await first('GET', `/partners/${id}`)).status).toBe(200);
      expect((await second('GET', `/partners/${other}`)).status).toBe(404);
      expect((await second('GET', '/partners/partner_123')).status).toBe(200); // back to the seed
      const res = await fetch(`${small.url}/__mock/state`, { headers: { authorization: `Bearer ${b}` } });
      expect(res.headers.get('x-mock-evicted')).toBe('state');
      expect((await res.json()).evicted).toEqual(['state']);
      const kept = await fetch(`${small.url}/__mock/state`, { headers: { authorization: `Bearer ${a}` } });
      expect(kept.headers.get('x-mock-evicted')).toBeNull();
      expect(await kept.json()).not.toHaveProperty('evicted');
    } finally {
      await small.close();
    }
  });

  it("keeps a key's state while more keys than it holds only read", async () => {
    const small = await startMock({ port: 0, state: { maxKeys: 2 } });
    try {
      const api = apiAs(small.url, uniqueKey('writer'));
      const { id } = (await api('POST', '/partners', ada)).body.data;
      await Promise.all(
        Array.from({ length: 20 }, () => apiAs(small.url, uniqueKey('reader'))('GET', `/partners/${id}`)),
      );
      expect((await api('GET', `/partners/${id}`)).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('createLedger', () => {
  const entry = { operation: 'createPartner', method: 'POST', path: '/partners' };

  it("keeps each key's entries apart: another key's writes never push them out", () => {
    const ledger = createLedger(undefined, 10, 1000);
    ledger.record('victim', entry);
    for (let i = 0; i < 500; i++) ledger.record('noisy', entry);
    expect(ledger.list('victim')).toHaveLength(1);
    expect(ledger.evicted('victim')).toBe(false);
    // The noisy key lost its own oldest, and is told so.
    expect(ledger.list('noisy')).toHaveLength(10);
    expect(ledger.evicted('noisy')).toBe(true);
  });

  it('evicts the least recently written other key for room in total, and marks it', () => {
    const ledger = createLedger(undefined, 100, 50);
    ledger.record('old', entry);
    ledger.record('recent', entry);
    for (let i = 0; i < 60; i++) ledger.record('busy', entry);
    expect(ledger.list('old')).toEqual([]);
    expect(ledger.evicted('old')).toBe(true);
    expect(ledger.list('busy').length).toBeGreaterThan(0);
    ledger.reset('old');
    expect(ledger.evicted('old')).toBe(false);
  });

  it('lists every key in commit order when no key is given', () => {
    const ledger = createLedger();
    ledger.record('a', { ...entry, id: '1' });
    ledger.record('b', { ...entry, id: '2' });
    ledger.record('a', { ...entry, id: '3' });
    expect(ledger.list(undefined).map((item) => item.id)).toEqual(['1', '2', '3']);
  });
});

describe('GET /__mock/ledger of an evicted key', () => {
  it('says so in x-mock-evicted', async () => {
    const small = await startMock({ port: 0, state: { maxKeys: 1 } });
    try {
      const [a, b] = [uniqueKey('a'), uniqueKey('b')];
      await apiAs(small.url, a)('POST', '/partners', ada);
      await apiAs(small.url, b)('POST', '/partners', ada);
      const res = await fetch(`${small.url}/__mock/ledger`, { headers: { authorization: `Bearer ${a}` } });
      // The ledger is kept (it is the evidence); the state it describes is gone, and the header says it.
      expect(res.headers.get('x-mock-evicted')).toBe('state');
      expect(await res.json()).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
