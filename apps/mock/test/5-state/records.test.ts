import { spec } from '@partnero-ts/spec-tools';
import { describe, expect, it } from 'vitest';
import { paginationOf, selectPage } from '../../src/5-state/paging.js';
import {
  composeAnswer,
  deepFreeze,
  mergeFields,
  newIdentifier,
  timestamp,
} from '../../src/5-state/records.js';
import { createSchemas } from '../../src/5-state/schemas.js';
import { createStore } from '../../src/5-state/store.js';

const schemas = createSchemas(spec);
const CUSTOMER = '#/components/schemas/Customer';
const PARTNER = '#/components/schemas/Partner';
const affiliate = {
  key: 'customer_42',
  partner: 'partner_123',
  email: 'john@example.com',
  status: 'active',
  tags: [{ value: 'vip' }],
};
const referred = {
  id: 'cust_2',
  key: 'cust_2',
  referral_link: 'https://acme.example/?ref=c2',
  status: 'active',
};

describe('mergeFields', () => {
  it('lays over the fields the schema declares and still fits, and counts them', () => {
    const { record, landed } = mergeFields(schemas, CUSTOMER, affiliate, {
      email: 'ada@example.com',
      tags: ['not', 'objects'],
      password: 'never stored',
    });
    expect(landed).toBe(1);
    expect(record).toEqual({ ...affiliate, email: 'ada@example.com' });
  });

  it("never lays one variant's fields on the other (a referrer on an affiliate customer)", () => {
    const { record, landed } = mergeFields(schemas, CUSTOMER, affiliate, {
      referring_customer: { id: 'cust_1' },
    });
    expect(landed).toBe(0);
    expect(record).toBe(affiliate);
    expect(mergeFields(schemas, CUSTOMER, referred, { referring_customer: { id: 'cust_1' } }).landed).toBe(1);
  });
});

describe('composeAnswer', () => {
  it('answers the record cut to what the schema declares, nothing of the example it does not need', () => {
    const answer = composeAnswer(
      schemas,
      '#/components/schemas/PartnerListItem',
      { id: 'p1', email: 'a@example.com', status: 'active', tags: [] },
      [{ id: 'x', email: 'x@example.com', status: 'pending', approved: true }],
    );
    expect(answer).toEqual({ id: 'p1', email: 'a@example.com', status: 'active' });
  });

  it("takes from the example only what the operation's schema requires and the record lacks", () => {
    const answer = composeAnswer(
      schemas,
      '#/components/schemas/PartnerListItem',
      { id: 'p1', email: 'a@example.com' },
      [{ id: 'x', email: 'x@example.com', status: 'pending', approved: true }],
    );
    expect(answer).toEqual({ id: 'p1', email: 'a@example.com', status: 'pending' });
  });

  it('answers the record alone when mixing it into the example would fit neither variant', () => {
    expect(composeAnswer(schemas, CUSTOMER, referred, [affiliate])).toEqual(referred);
  });
});

describe('identifiers and timestamps', () => {
  it('makes identifiers shaped like the example, never taken', () => {
    let n = 1000;
    const next = () => ++n;
    expect(newIdentifier('partner_123', undefined, new Set(['partner_1001']), next)).toBe('partner_1002');
    expect(newIdentifier(7, undefined, new Set(), next)).toBe(1003);
    expect(newIdentifier('x', 'uuid', new Set(), next)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes Partnero's timestamp formats", () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(timestamp(at, 'date-time')).toBe('2026-01-02T03:04:05.678000Z');
    expect(timestamp(at, 'date')).toBe('2026-01-02');
  });
});

describe('selectPage and paginationOf', () => {
  const records = ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, email: `${id}@example.com`, n: i }));
  const fields = new Set(['id', 'email', 'n']);

  it('filters on fields (exactly in lists, partly in searches), newest first, by page', () => {
    const query = (text: string) => new URLSearchParams(text);
    const page = (text: string, partial = false) =>
      selectPage(records, query(text), fields, { defaultLimit: 2, partial }).items.map((r) => r.id);
    expect(page('')).toEqual(['e', 'd']);
    expect(page('page=3')).toEqual(['a']);
    expect(page('sort=asc&limit=3')).toEqual(['a', 'b', 'c']);
    expect(page('email=B@EXAMPLE')).toEqual([]);
    expect(page('email=B@EXAMPLE', true)).toEqual(['b']);
    expect(page('n=3&unknown=1')).toEqual(['d']);
  });

  it("builds links and meta in the example's shape; next is null on the last page", () => {
    const url = new URL('http://127.0.0.1:4010/v1/partners?limit=2&page=2');
    const page = selectPage(records, url.searchParams, fields, { defaultLimit: 15, partial: false });
    const { links, meta } = paginationOf(
      { links: { first: '', next: null }, meta: { per_page: 15 } },
      url,
      page,
    ) as {
      links: Record<string, unknown>;
      meta: Record<string, unknown>;
    };
    expect(links).toEqual({
      first: 'http://127.0.0.1:4010/v1/partners?limit=2&page=1',
      last: null,
      prev: 'http://127.0.0.1:4010/v1/partners?limit=2&page=1',
      next: 'http://127.0.0.1:4010/v1/partners?limit=2&page=3',
    });
    expect(meta).toEqual({
      current_page: 2,
      per_page: 2,
      from: 3,
      to: 4,
      path: 'http://127.0.0.1:4010/v1/partners',
    });
    const last = selectPage(records, new URLSearchParams('limit=2&page=3'), fields, {
      defaultLimit: 15,
      partial: false,
    });
    expect((paginationOf({ links: {} }, url, last).links as { next: unknown }).next).toBeNull();
    expect(paginationOf({}, url, last)).toEqual({});
  });
});

describe('createStore', () => {
  const seed = deepFreeze({ id: 'partner_123' });
  const partners = Object.freeze([seed]);
  const seeds = (collection: string) => (collection === '/partners' ? partners : []);
  const COLLECTIONS = ['/partners', '/customers'];

  it('seeds every key, copies a collection only when the key writes it, and isolates keys', () => {
    const store = createStore(seeds, { collections: COLLECTIONS });
    const one = store.key('one');
    const two = store.key('two');
    expect(one.records('/partners')).toBe(two.records('/partners'));
    one.add('/partners', deepFreeze({ id: 'p1' }));
    expect(one.records('/partners').map((r) => r.id)).toEqual(['partner_123', 'p1']);
    expect(two.records('/partners').map((r) => r.id)).toEqual(['partner_123']);
    one.remove('/partners', [seed]);
    expect(one.records('/partners').map((r) => r.id)).toEqual(['p1']);
    expect(seeds('/partners')).toEqual([seed]);
  });

  it('refuses records beyond its cap (the shared seed does not count), and counts deletes back', () => {
    const key = createStore(seeds, { collections: COLLECTIONS, limits: { maxRecordsPerKey: 2 } }).key('k');
    const first = deepFreeze({ id: 'p1' });
    expect(key.add('/partners', first)).toBe(true);
    expect(key.add('/partners', deepFreeze({ id: 'p2' }))).toBe(true);
    expect(key.add('/partners', deepFreeze({ id: 'p3' }))).toBe(false);
    key.remove('/partners', [first]);
    expect(key.add('/partners', deepFreeze({ id: 'p3' }))).toBe(true);
  });

  it('load replaces the whole state of one key (unnamed collections empty), held, and snapshot reads it', () => {
    const changes: (string | undefined)[] = [];
    const store = createStore(seeds, { collections: COLLECTIONS, onChange: (token) => changes.push(token) });
    expect([...store.tokens()]).toEqual([]);
    expect(store.snapshot('one')).toEqual({ '/partners': [seed], '/customers': [] });
    expect(store.load('one', { '/customers': [{ key: 'c1' }] })).toBe(true);
    expect(store.snapshot('one')).toEqual({ '/partners': [], '/customers': [{ key: 'c1' }] });
    expect(Object.isFrozen(store.snapshot('one')['/customers']?.[0])).toBe(true);
    expect(store.snapshot('two')['/partners']).toEqual([seed]);
    expect([...store.tokens()]).toEqual(['one']);
    expect(() => store.load('one', { '/nowhere': [] })).toThrow('/nowhere');
    store.key('two').add('/partners', deepFreeze({ id: 'p2' }));
    store.reset('one');
    store.reset();
    expect(changes).toEqual(['one', 'two', 'one', undefined]);
  });

  it('an evicted key is a change too: it leaves tokens() and its loaded state is gone', () => {
    const changes: (string | undefined)[] = [];
    const limits = { maxKeys: 1 };
    const store = createStore(seeds, { collections: COLLECTIONS, limits, onChange: (t) => changes.push(t) });
    store.load('old', { '/customers': [{ key: 'c1' }] });
    store.load('new', {});
    expect(changes).toEqual(['old', 'old', 'new']);
    expect([...store.tokens()]).toEqual(['new']);
    expect(store.evicted('old')).toBe(true);
    expect(store.snapshot('old')['/customers']).toEqual([]);
  });

  it('load counts what it holds against the caps (a record equal to a seed one is shared, free), or changes nothing', () => {
    const store = createStore(seeds, { collections: COLLECTIONS, limits: { maxRecordsPerKey: 2 } });
    expect(store.load('k', { '/partners': [{ id: 'a' }, { id: 'b' }] })).toBe(true);
    expect(store.load('k', { '/partners': [{ id: 'a' }, { id: 'b' }, { id: 'c' }] })).toBe(false);
    expect(store.snapshot('k')['/partners']?.map((r) => r.id)).toEqual(['a', 'b']);
    // Two of its own and the seed record, put back as a GET answered it (a copy): still fits.
    expect(store.load('k', { '/partners': [{ id: 'a' }, { id: 'b' }, { id: 'partner_123' }] })).toBe(true);
    expect(store.snapshot('k')['/partners']?.[2]).toBe(seed);
    expect(store.key('k').add('/partners', deepFreeze({ id: 'c' }))).toBe(false);
  });

  it('load is bounded in bytes, per key and in total, and frees what the key held before', () => {
    const big = (id: string) => ({ id, name: 'x'.repeat(1000) });
    const store = createStore(seeds, { collections: COLLECTIONS, limits: { maxTotalBytes: 2500 } });
    expect(store.load('a', { '/partners': [big('a1'), big('a2')] })).toBe(true);
    expect(store.load('b', { '/partners': [big('b1')] })).toBe(false);
    expect(store.load('a', { '/partners': [big('a3')] })).toBe(true);
    expect(store.load('b', { '/partners': [big('b1')] })).toBe(true);
  });

  it('records are frozen, so no answer can change what is stored', () => {
    const record = deepFreeze({ id: 'p', tags: [{ value: 'a' }] });
    expect(() => {
      (record.tags as { value: string }[])[0] = { value: 'b' };
    }).toThrow(TypeError);
  });
});

describe('schemas', () => {
  it('knows declared properties and formats through allOf', () => {
    expect(schemas.declared(PARTNER, {}).has('commissions')).toBe(true);
    expect(schemas.declared(PARTNER, {}).has('email')).toBe(true);
    expect(schemas.formatOf(PARTNER, {}, 'created_at')).toBe('date-time');
    expect(schemas.formatOf('#/components/schemas/Lead', {}, 'created_at')).toBe('date');
  });
});
