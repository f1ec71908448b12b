import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { apiAs, expectConforms, mockRoute, uniqueKey } from '../support.js';

// What a key creates it reads back, lists, searches, updates and deletes; other keys never see
// it. Every answer is checked against the schema the spec documents for it.
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const ada = { email: 'ada@example.com', name: 'Ada', surname: 'Lovelace' };

describe('partners', () => {
  it('creates, reads back, updates and deletes a partner; a deleted id is 404', async () => {
    const api = apiAs(mock.url, uniqueKey('crud'));
    const created = await api('POST', '/partners', ada);
    expect(created.status).toBe(200);
    expectConforms('createPartner', 200, created.body);
    expect(created.body.data).toMatchObject(ada);
    const { id } = created.body.data;
    expect(id).not.toBe('partner_123'); // a new id, not the example's

    const read = await api('GET', `/partners/${id}`);
    expectConforms('getPartner', 200, read.body);
    expect(read.body.data).toMatchObject({ id, ...ada });

    const updated = await api('PUT', `/partners/${id}`, { update: { name: 'Augusta Ada' } });
    expectConforms('updatePartner', 200, updated.body);
    expect(updated.body.data).toMatchObject({ id, name: 'Augusta Ada', email: ada.email });
    expect((await api('GET', `/partners/${id}`)).body.data.name).toBe('Augusta Ada');

    expect((await api('DELETE', `/partners/${id}`)).status).toBe(200);
    const gone = await api('GET', `/partners/${id}`);
    expect(gone.status).toBe(404);
    expectConforms('getPartner', 404, gone.body);
    expect((await api('DELETE', `/partners/${id}`)).status).toBe(404);
    expect((await api('PUT', `/partners/${id}`, { update: { name: 'x' } })).status).toBe(404);
  });

  it('answers 404 for an id no key ever created', async () => {
    const api = apiAs(mock.url, uniqueKey('unknown'));
    expect((await api('GET', '/partners/partner_nobody')).status).toBe(404);
    expect((await api('POST', '/partners/partner_nobody/archive')).status).toBe(404);
  });

  it('keeps what one key stores from every other key', async () => {
    const owner = apiAs(mock.url, uniqueKey('owner'));
    const other = apiAs(mock.url, uniqueKey('other'));
    const { id } = (await owner('POST', '/partners', ada)).body.data;
    expect((await other('GET', `/partners/${id}`)).status).toBe(404);
    const emails = (await other('GET', '/partners')).body.data.map(
      (partner: { email: string }) => partner.email,
    );
    expect(emails).not.toContain(ada.email);
    // The other key still has the spec's example partner, which the owner's writes left alone.
    expect((await other('GET', '/partners/partner_123')).body.data.email).toBe('jane@example.com');
  });

  it('pages for real: limit, page, links.next null on the last page, meta right', async () => {
    const key = uniqueKey('pages');
    const api = apiAs(mock.url, key);
    for (const name of ['B', 'C', 'D', 'E']) {
      await api('POST', '/partners', { email: `${name.toLowerCase()}@example.com`, name });
    }
    // Five partners with the seeded example: pages of two are 2, 2, 1.
    const first = await api('GET', '/partners?limit=2');
    expectConforms('listPartners', 200, first.body);
    expect(first.body.data.map((p: { name: string }) => p.name)).toEqual(['E', 'D']);
    expect(first.body.meta).toMatchObject({ current_page: 1, per_page: 2, from: 1, to: 2 });
    expect(first.body.links.prev).toBeNull();
    const names: string[] = [];
    let next: string | null = `${mock.url}/v1/partners?limit=2`;
    let pages = 0;
    while (next !== null) {
      // links.next points back at the mock, with the same limit: a client follows it as is.
      const page: { body: { data: { name: string }[]; links: { next: string | null } } } = {
        body: await (await fetch(next, { headers: { authorization: `Bearer ${key}` } })).json(),
      };
      expectConforms('listPartners', 200, page.body);
      names.push(...page.body.data.map((p: { name: string }) => p.name));
      next = page.body.links.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['E', 'D', 'C', 'B', 'Jane']);
    const last = await api('GET', '/partners?limit=2&page=3');
    expect(last.body.meta).toMatchObject({ current_page: 3, from: 5, to: 5 });
    const beyond = await api('GET', '/partners?limit=2&page=4');
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta).toMatchObject({ from: null, to: null });
    expect((await api('GET', '/partners?limit=2&sort=asc')).body.data[0].name).toBe('Jane');
  });

  it('finds with :search, and with GET /partner by key or email', async () => {
    const api = apiAs(mock.url, uniqueKey('search'));
    await api('POST', '/partners', { ...ada, key: 'ada_ref' });
    const found = await api('GET', '/partners:search?email=ADA@EXAMPLE.COM');
    expectConforms('searchPartners', 200, found.body);
    expect(found.body.data.map((p: { email: string }) => p.email)).toEqual([ada.email]);
    expect((await api('GET', '/partners:search?email=nobody@example.com')).body.data).toEqual([]);
    expect((await api('GET', '/partner?key=ada_ref')).body.data.email).toBe(ada.email);
    expect((await api('GET', '/partner?email=jane@example.com')).body.data.id).toBe('partner_123');
    expect((await api('GET', '/partner?key=no_such_key')).status).toBe(404);
  });

  it('updates and deletes the partner a body names (PUT/DELETE /partners with key or email)', async () => {
    const api = apiAs(mock.url, uniqueKey('by-body'));
    const { id } = (await api('POST', '/partners', { ...ada, key: 'ada_ref' })).body.data;
    const updated = await api('PUT', '/partners', { key: 'ada_ref', update: { surname: 'King' } });
    expectConforms('updatePartnerByBody', 200, updated.body);
    expect((await api('GET', `/partners/${id}`)).body.data.surname).toBe('King');
    expect((await api('DELETE', '/partners', { email: ada.email })).status).toBe(200);
    expect((await api('GET', `/partners/${id}`)).status).toBe(404);
    expect((await api('DELETE', '/partners', { email: ada.email })).status).toBe(404);
  });

  // D documents the `update` wrapper with optional fields; the n8n node sends the fields flat.
  it('updates a partner from the changes flat as well as wrapped (path and body forms)', async () => {
    const api = apiAs(mock.url, uniqueKey('flat'));
    const { id } = (await api('POST', '/partners', { ...ada, key: 'flat_ref' })).body.data;
    const flat = await api('PUT', `/partners/${id}`, { surname: 'Byron' });
    expectConforms('updatePartner', 200, flat.body);
    expect((await api('GET', `/partners/${id}`)).body.data.surname).toBe('Byron');
    const byBody = await api('PUT', '/partners', { key: 'flat_ref', name: 'Augusta' });
    expectConforms('updatePartnerByBody', 200, byBody.body);
    expect((await api('GET', `/partners/${id}`)).body.data).toMatchObject({
      name: 'Augusta',
      surname: 'Byron',
    });
    expect((await api('PUT', `/partners/${id}`, {})).status).toBe(422);
  });

  it('answers a new partner referral link with 201, the status x-partnero-success names', async () => {
    const api = apiAs(mock.url, uniqueKey('link'));
    const created = await api('POST', '/partner_referral_links', {
      key: 'summer',
      partner: { key: 'ref_123' },
    });
    expect(created.status).toBe(201);
    expectConforms('createPartnerReferralLink', 201, created.body);
  });

  it('applies x-partnero-action: archive and restore set the status', async () => {
    const api = apiAs(mock.url, uniqueKey('archive'));
    const { id } = (await api('POST', '/partners', ada)).body.data;
    expect((await api('POST', `/partners/${id}/archive`)).status).toBe(200);
    expect((await api('GET', `/partners/${id}`)).body.data.status).toBe('archived');
    await api('POST', `/partners/${id}/revoke-archive`);
    expect((await api('GET', `/partners/${id}`)).body.data.status).toBe('active');
  });

  it('keeps what the request and the answer disagree on out of the record (request tags are strings, answer tags objects)', async () => {
    const api = apiAs(mock.url, uniqueKey('shapes'));
    const created = await api('POST', '/partners', { ...ada, tags: ['vip'], password: 'Secret123' });
    expectConforms('createPartner', 200, created.body);
    expect(created.body.data).not.toHaveProperty('password');
    // String tags do not fit the answer's tag objects, so none landed; none came from the example either.
    expect(created.body.data).not.toHaveProperty('tags');
  });
});

describe('customers of both program types', () => {
  it('stores an affiliate customer as an affiliate customer and a refer-a-friend one as such', async () => {
    const api = apiAs(mock.url, uniqueKey('customers'));
    const affiliate = await api('POST', '/customers', {
      key: 'cus_ada',
      email: 'ada@example.com',
      name: 'Ada',
      partner: { key: 'ref_123' },
    });
    expectConforms('createCustomer', 200, affiliate.body);
    expect(affiliate.body.data).toMatchObject({ key: 'cus_ada', email: 'ada@example.com' });
    expect(typeof affiliate.body.data.partner).toBe('string');

    const referred = await api('POST', '/customers', {
      email: 'ben@example.com',
      name: 'Ben',
      referring_customer: { id: 'cust_1' },
    });
    expectConforms('createCustomer', 200, referred.body);
    expect(referred.body.data).toMatchObject({
      email: 'ben@example.com',
      referring_customer: { id: 'cust_1' },
    });
    expect(referred.body.data).toHaveProperty('referral_link');
    expect(referred.body.data).not.toHaveProperty('partner');

    const read = await api('GET', `/customers/${referred.body.data.key}`);
    expectConforms('getCustomer', 200, read.body);
    expect(read.body.data.email).toBe('ben@example.com');
    const list = await api('GET', '/customers?limit=50');
    expectConforms('listCustomers', 200, list.body);
    const emails = list.body.data.map((customer: { email: string }) => customer.email);
    expect(emails.slice(0, 2)).toEqual(['ben@example.com', 'ada@example.com']);
  });
});

describe('the other resources', () => {
  it('records transactions, and archiving one stamps deleted_at', async () => {
    const api = apiAs(mock.url, uniqueKey('transactions'));
    const sale = await api('POST', '/transactions', {
      key: 'order_1',
      amount: 42.5,
      customer: { key: 'customer_42' },
    });
    expectConforms('createTransaction', 200, sale.body);
    expect(sale.body.data).toMatchObject({ key: 'order_1', amount: 42.5 });
    expect((await api('GET', '/transactions?key=order_1')).body.data).toHaveLength(1);
    await api('POST', '/transactions/order_1/archive');
    expect((await api('GET', '/transactions/order_1')).body.data.deleted_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    await api('POST', '/transactions/order_1/revoke-archive');
    expect((await api('GET', '/transactions/order_1')).body.data.deleted_at).toBeNull();
  });

  it('records the same transaction key twice (the n8n node says Partnero does not enforce its uniqueness), and deletes both by key', async () => {
    const api = apiAs(mock.url, uniqueKey('twice'));
    const sale = { key: 'order_2', amount: 10, customer: { key: 'customer_42' } };
    await api('POST', '/transactions', sale);
    await api('POST', '/transactions', sale);
    expect((await api('GET', '/transactions?key=order_2')).body.data).toHaveLength(2);
    expect((await api('DELETE', '/transactions', { key: 'order_2' })).status).toBe(200);
    expect((await api('GET', '/transactions/order_2')).status).toBe(404);
  });

  it('converts a lead through GET /leads/convert', async () => {
    const api = apiAs(mock.url, uniqueKey('leads'));
    const lead = await api('POST', '/leads', {
      name: 'Ada',
      email: 'ada@example.com',
      partner: { key: 'ref_123' },
    });
    expectConforms('createLead', 200, lead.body);
    const { id } = lead.body.data;
    expect(typeof id).toBe('number');
    const converted = await api('GET', `/leads/convert?id=${id}&commission_transaction_amount=10`);
    expectConforms('convertLead', 200, converted.body);
    expect(converted.body.data).toMatchObject({ id, status: 'converted', can_be_converted: false });
    expect((await api('GET', `/leads/${id}`)).body.data.status).toBe('converted');
    expect((await api('GET', '/leads/convert?id=99999&commission_transaction_amount=1')).status).toBe(404);
  });

  it.each([
    ['subscribers', '/subscribers', { email: 'ada@example.com', name: 'Ada' }, 'email'],
    ['rewards', '/rewards', { name: 'Free month' }, 'name'],
    [
      'webhooks',
      '/webhooks',
      { name: 'CRM', url: 'https://hooks.example/a', events: ['partner.created'] },
      'url',
    ],
    [
      'coupons',
      '/coupons',
      {
        name: 'Summer',
        coupon_discount_type: 'percent',
        coupon_discount_amount: 10,
        coupon_duration_type: 'once',
      },
      'name',
    ],
  ])('creates and reads back %s', async (_name, collection, body, field) => {
    const api = apiAs(mock.url, uniqueKey(_name));
    const created = await api('POST', collection, body);
    expect(created.status).toBe(200);
    expect(created.body.data[field]).toEqual((body as Record<string, unknown>)[field]);
    const list = await api('GET', `${collection}?limit=100`);
    expect(list.body.data.map((item: Record<string, unknown>) => item[field])).toContainEqual(
      (body as Record<string, unknown>)[field],
    );
  });

  it('gives each new webhook its own signing secret', async () => {
    const api = apiAs(mock.url, uniqueKey('secrets'));
    const body = { name: 'CRM', url: 'https://hooks.example/a', events: ['partner.created'] };
    const first = (await api('POST', '/webhooks', body)).body.data;
    const second = (await api('POST', '/webhooks', body)).body.data;
    expect(first.signature).toMatch(/[0-9a-f]{48}$/);
    expect(first.signature).not.toBe(second.signature);
    expect(first.key).not.toBe(second.key);
    expect((await api('GET', `/webhooks/${first.key}`)).body.data.signature).toBe(first.signature);
  });
});

describe('GET /__mock/state', () => {
  it("shows the caller's records, and only a count without a key", async () => {
    const key = uniqueKey('state');
    await apiAs(mock.url, key)('POST', '/partners', ada);
    const state = await mockRoute(mock.url, '/__mock/state', key);
    expect(state.partners.map((p: { email: string }) => p.email)).toContain(ada.email);
    const anonymous = await mockRoute(mock.url, '/__mock/state');
    expect(anonymous).not.toHaveProperty('partners');
    expect(anonymous.keys).toBeGreaterThan(0);
  });
});
