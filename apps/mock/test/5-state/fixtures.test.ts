import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, type Seed, startMock } from '../../src/index.js';
import { apiAs, expectConforms, mockRoute, uniqueKey } from '../support.js';

// Fixtures: a seed (startMock's option, or PUT /__mock/state for one key) is the whole starting
// state, typed by the spec (Seed), checked against the record schemas, and GET /__mock/state
// answers the same shape back.

const grace = { id: 'ref_123', email: 'grace@example.com', name: 'Grace', status: 'active' } as const;
const one = { key: 'cus_1', partner: 'ref_123', email: 'one@example.com', name: 'One' };
const two = { key: 'cus_2', partner: 'ref_123', email: 'two@example.com', name: 'Two' };
const stranger = { key: 'cus_3', partner: 'ref_999', email: 'three@example.com' };
const customers = [one, two, stranger];
const seed: Seed = { partners: [grace], customers };

const put = (url: string, key: string | undefined, body: unknown) =>
  fetch(`${url}/__mock/state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });

describe('startMock({ seed })', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, seed });
  });
  afterAll(() => mock.close());

  it('every key answers exactly the fixtures on list and read, and nothing of what the seed leaves out', async () => {
    for (const key of [uniqueKey('seeded'), uniqueKey('seeded')]) {
      const api = apiAs(mock.url, key);
      const partners = await api('GET', '/partners');
      expectConforms('listPartners', 200, partners.body);
      expect(partners.body.data.map((p: { id: string }) => p.id)).toEqual(['ref_123']);
      const read = await api('GET', '/partners/ref_123');
      expectConforms('getPartner', 200, read.body);
      expect(read.body.data).toEqual(grace); // exactly the fixture: nothing filled in from the example
      expect((await api('GET', '/partners/partner_123')).status).toBe(404); // the spec's example is gone
      const listed = await api('GET', '/customers?sort=asc');
      expect(listed.body.data.map((c: { key: string }) => c.key)).toEqual(['cus_1', 'cus_2', 'cus_3']);
      // The customers of one partner: the filter the spec marks with x-partnero-filter.
      for (const filter of ['partner.key', 'partner_key']) {
        const mine = await api('GET', `/customers?sort=asc&${filter}=ref_123`);
        expectConforms('listCustomers', 200, mine.body);
        expect(mine.body.data.map((c: { key: string }) => c.key)).toEqual(['cus_1', 'cus_2']);
      }
      expect((await api('GET', '/customers/cus_2')).body.data).toEqual(two);
      expect((await api('GET', '/transactions')).body.data).toEqual([]);
    }
  });

  it('GET /__mock/state answers every collection in the Seed shape', async () => {
    const state = await mockRoute(mock.url, '/__mock/state', uniqueKey('shape'));
    expect(state.partners).toEqual([grace]);
    expect(state.customers).toEqual(customers);
    expect(state.transactions).toEqual([]);
    expect(Object.keys(state)).toContain('promotion-codes');
    expect(Object.keys(state).some((name) => name.startsWith('/'))).toBe(false);
  });
});

describe('a bad start-up seed', () => {
  it('is refused in one line naming the collection, index and JSON pointer', async () => {
    const bad = { customers: [one, { ...two, email: 'not an email' }] };
    await expect(startMock({ port: 0, seed: bad })).rejects.toThrow(
      /^seed: customers\[1\]\/email: must match format "email"$/,
    );
  });

  it('names a missing required field at the record itself, from the variant it comes closest to', async () => {
    const noPartner = { customers: [{ key: 'cus_9', email: 'nine@example.com' }] } as unknown as Seed;
    await expect(startMock({ port: 0, seed: noPartner })).rejects.toThrow(
      /^seed: customers\[0\]: must have required property 'partner'$/,
    );
  });

  it('names the known collections for an unknown one', async () => {
    const typo = { partner: [grace] } as unknown as Seed;
    await expect(startMock({ port: 0, seed: typo })).rejects.toThrow(
      /^seed: no collection "partner": the collections are .*\bpartners\b.*\bpromotion-codes\b/,
    );
  });

  it('is refused with stateless, which keeps no records', async () => {
    await expect(startMock({ port: 0, seed, stateless: true })).rejects.toThrow(/drop stateless or seed/);
  });
});

describe('PUT /__mock/state', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, state: { maxBytesPerKey: 20_000 } });
  });
  afterAll(() => mock.close());

  it("replaces only the caller's state with the seed it sends", async () => {
    const key = uniqueKey('put');
    const res = await put(mock.url, key, seed);
    expect(res.status).toBe(204);
    const api = apiAs(mock.url, key);
    expect((await api('GET', '/partners')).body.data.map((p: { id: string }) => p.id)).toEqual(['ref_123']);
    expect((await api('GET', '/partners/ref_123')).body.data.email).toBe(grace.email);
    expect((await api('GET', '/coupons')).body.data).toEqual([]);
    // Another key still starts from the spec's examples.
    expect((await apiAs(mock.url, uniqueKey('other'))('GET', '/partners/partner_123')).status).toBe(200);
  });

  it('refuses bad records with 422, each with collection, index and pointer, and changes nothing', async () => {
    const key = uniqueKey('bad');
    await put(mock.url, key, seed);
    const res = await put(mock.url, key, {
      partners: [{ ...grace, email: 42 }],
      customers: [one, { ...two, email: 'nope' }],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.json();
    expect(body.errors).toEqual([
      { collection: 'partners', index: 0, pointer: '/email', message: 'must be string' },
      { collection: 'customers', index: 1, pointer: '/email', message: 'must match format "email"' },
    ]);
    expect(body.detail).toContain('partners[0]/email: must be string');
    expect((await mockRoute(mock.url, '/__mock/state', key)).partners).toEqual([grace]);
  });

  it('without a key is a 401 that names the fix', async () => {
    const res = await put(mock.url, undefined, seed);
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toContain('Authorization: Bearer');
  });

  it('is a 409 naming --stateless on a mock that keeps no state', async () => {
    const stateless = await startMock({ port: 0, stateless: true });
    try {
      const res = await put(stateless.url, uniqueKey('stateless'), seed);
      expect([res.status, (await res.json()).detail]).toEqual([409, expect.stringContaining('--stateless')]);
    } finally {
      await stateless.close();
    }
  });

  it('counts what it puts against the caps: 507 past the bytes a key may hold, 413 past the body limit', async () => {
    const key = uniqueKey('big');
    const many = Array.from({ length: 12 }, (_, i) => ({ ...grace, id: `p${i}`, name: 'x'.repeat(2000) }));
    const full = await put(mock.url, key, { partners: many });
    expect(full.status).toBe(507);
    expect((await full.json()).detail).toContain('The state was not changed');
    expect((await apiAs(mock.url, key)('GET', '/partners/partner_123')).status).toBe(200);
    const huge = await put(mock.url, key, { partners: [{ ...grace, name: 'x'.repeat(1_100_000) }] });
    expect(huge.status).toBe(413);
  });

  it('GET then PUT restores a state exactly, created and changed records included', async () => {
    const from = uniqueKey('from');
    const api = apiAs(mock.url, from);
    const created = (await api('POST', '/partners', { email: 'ada@example.com', name: 'Ada' })).body.data;
    await api('PUT', `/partners/${created.id}`, { update: { name: 'Augusta Ada' } });
    await api('DELETE', '/partners/partner_123');
    const captured = await mockRoute(mock.url, '/__mock/state', from);
    const to = uniqueKey('to');
    expect((await put(mock.url, to, captured)).status).toBe(204);
    expect(await mockRoute(mock.url, '/__mock/state', to)).toEqual(captured);
    const read = await apiAs(mock.url, to)('GET', `/partners/${created.id}`);
    expect(read.body.data).toMatchObject({ id: created.id, name: 'Augusta Ada' });
    expect((await apiAs(mock.url, to)('GET', '/partners/partner_123')).status).toBe(404);
  });

  it('is one of the methods /__mock/state allows', async () => {
    const res = await fetch(`${mock.url}/__mock/state`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT');
  });
});

describe('a create', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(() => mock.close());

  it("holds what the body sent, not the example's other values: a new Ada has no surname", async () => {
    const key = uniqueKey('ada');
    const api = apiAs(mock.url, key);
    const body = { key: 'cus_ada', email: 'ada@example.com', name: 'Ada', partner: { key: 'partner_123' } };
    const created = await api('POST', '/customers', body);
    expectConforms('createCustomer', 200, created.body);
    expect(created.body.data).toMatchObject({ key: 'cus_ada', email: 'ada@example.com', name: 'Ada' });
    expect(created.body.data).not.toHaveProperty('surname');
    const read = await api('GET', '/customers/cus_ada');
    expectConforms('getCustomer', 200, read.body);
    expect(read.body.data).not.toHaveProperty('surname');
    expect(read.body.data).not.toHaveProperty('tags');
    const stored = (await mockRoute(mock.url, '/__mock/state', key)).customers.at(-1);
    expect(stored).not.toHaveProperty('surname');
  });

  it('has new identifiers and timestamps, and a required field it did not send only as the last resort', async () => {
    const api = apiAs(mock.url, uniqueKey('grace'));
    const created = await api('POST', '/partners', { email: 'grace@example.com', name: 'Grace' });
    expectConforms('createPartner', 200, created.body);
    const { id, created_at, status, ...rest } = created.body.data;
    expect(id).not.toBe('partner_123');
    expect(created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof status).toBe('string'); // required by the Partner schema, not sent: the example's
    expect(rest).not.toHaveProperty('surname');
    expect(rest).not.toHaveProperty('referrals'); // the example's figures are not copied
    expect(rest).not.toHaveProperty('commissions');
  });
});
