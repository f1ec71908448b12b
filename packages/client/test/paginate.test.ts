import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConfigurationError,
  createPartneroClient,
  PartneroError,
} from '../src/index.js';
import { isLastPage } from '../src/paginate.js';
import { json, scriptedFetch } from './stub.js';

const partner = (n: number) => ({ id: `p${n}`, email: `p${n}@example.com`, status: 'active' });

/**
 * Serves `total` partners, `per_page` at a time, like Partnero's simple paginator; `ignorePage`
 * answers page 1 to every request (and `echoPage` still reports the page asked for).
 */
function partneroList(
  total: number,
  options: { alwaysNext?: boolean; ignorePage?: boolean; echoPage?: boolean } = {},
) {
  let served = 0;
  return (request: Request) => {
    // A client that never stops fails here, instead of hanging the test run.
    if (++served > 50) throw new Error('runaway pagination: 50 pages requested');
    const url = new URL(request.url);
    const asked = Number(url.searchParams.get('page') ?? 1);
    const page = options.ignorePage ? 1 : asked;
    const perPage = Number(url.searchParams.get('limit') ?? 15);
    const from = (page - 1) * perPage;
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - from)) }, (_, i) =>
      partner(from + i + 1),
    );
    const hasNext = from + perPage < total;
    return json({
      data,
      links: {
        first: `${url.origin}?page=1`,
        next: hasNext || options.alwaysNext ? `${url.origin}?page=${page + 1}` : null,
      },
      meta: { current_page: options.echoPage ? asked : page, per_page: perPage },
      status: 1,
    });
  };
}

describe('paginate', () => {
  it('yields every item across pages and stops when links.next is null', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(5)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const ids: string[] = [];
    for await (const p of partnero.paginate('/partners', { params: { query: { limit: 2 } } })) ids.push(p.id);
    expect(ids).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(seen.map((r) => new URL(r.url).search)).toEqual([
      '?limit=2&page=1',
      '?limit=2&page=2',
      '?limit=2&page=3',
    ]);
  });

  it("keeps the caller's other query parameters and starting page", async () => {
    const { fetch, seen } = scriptedFetch([partneroList(6)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const ids: string[] = [];
    for await (const p of partnero.paginate('/partners', {
      params: { query: { limit: 2, page: 2, sort: 'asc' } },
    })) {
      ids.push(p.id);
    }
    expect(ids).toEqual(['p3', 'p4', 'p5', 'p6']);
    expect(new URL(seen[0]?.url ?? '').searchParams.get('sort')).toBe('asc');
  });

  it('stops on a short page even when next is set', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(3, { alwaysNext: true })]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const ids: string[] = [];
    for await (const p of partnero.paginate('/partners', { params: { query: { limit: 2 } } })) ids.push(p.id);
    expect(ids).toEqual(['p1', 'p2', 'p3']);
    expect(seen).toHaveLength(2);
  });

  it('stops on an empty page', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(0, { alwaysNext: true })]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const items = [];
    for await (const p of partnero.paginate('/partners')) items.push(p);
    expect(items).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('yields whole page bodies from pages()', async () => {
    const { fetch } = scriptedFetch([partneroList(3)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const pages = [];
    for await (const page of partnero.paginate('/partners', { params: { query: { limit: 2 } } }).pages()) {
      pages.push(page.meta.current_page);
    }
    expect(pages).toEqual([1, 2]);
  });

  it('throws the typed error when a page fails', async () => {
    const { fetch } = scriptedFetch([json({ status: 0, message: 'Unauthenticated.' }, 401)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const iterate = async () => {
      for await (const _ of partnero.paginate('/partners')) {
        // drain
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('decides the last page from next, emptiness and per_page', () => {
    expect(isLastPage({ data: [1], links: { next: null } }, undefined)).toBe(true);
    expect(isLastPage({ data: [], links: { next: 'x' } }, undefined)).toBe(true);
    expect(isLastPage({ data: [1], links: { next: 'x' }, meta: { per_page: 2 } }, undefined)).toBe(true);
    expect(isLastPage({ data: [1], links: { next: 'x' } }, 2)).toBe(true);
    expect(isLastPage({ data: [1, 2], links: { next: 'x' }, meta: { per_page: 2 } }, undefined)).toBe(false);
    expect(isLastPage({ data: [1, 2] }, undefined)).toBe(false);
    expect(isLastPage(undefined, undefined)).toBe(true);
  });
});

const drain = async (iterable: AsyncIterable<unknown>) => {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe('paginate cannot run away', () => {
  it('stops with a clear error when the server answers the same page again', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(10, { ignorePage: true })]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const ids: string[] = [];
    const iterate = async () => {
      for await (const p of partnero.paginate('/partners', { params: { query: { limit: 2 } } }))
        ids.push(p.id);
    };
    await expect(iterate()).rejects.toThrow(PartneroError);
    await expect(drain(partnero.paginate('/partners', { params: { query: { limit: 2 } } }))).rejects.toThrow(
      /GET \/partners page 2 repeats page 1: the server ignores page/,
    );
    expect(ids).toEqual(['p1', 'p2']);
    expect(seen).toHaveLength(4);
  });

  it('stops when the first item repeats, even if current_page changes', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(10, { ignorePage: true, echoPage: true })]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    await expect(drain(partnero.paginate('/partners', { params: { query: { limit: 2 } } }))).rejects.toThrow(
      /repeats/,
    );
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['page', 'x'],
    ['page', 0],
    ['page', -1],
    ['page', 1.5],
    ['page', Number.NaN],
    ['limit', 0],
    ['limit', 'all'],
  ])('refuses %s=%s with a ConfigurationError before any request', (name, value) => {
    const { fetch, seen } = scriptedFetch([partneroList(3)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const start = () => partnero.paginate('/partners', { params: { query: { [name]: value } } } as never);
    expect(start).toThrow(ConfigurationError);
    expect(start).toThrow(new RegExp(`^Invalid ${name} .*: expected a positive integer`));
    expect(seen).toHaveLength(0);
  });

  it('accepts a page given as a decimal string', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(4)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const items = await drain(
      partnero.paginate('/partners', { params: { query: { limit: 2, page: '2' } } } as never),
    );
    expect(items).toHaveLength(2);
    expect(new URL(seen[0]?.url ?? '').searchParams.get('page')).toBe('2');
  });

  it('stops after maxPages pages', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(100)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const items = await drain(
      partnero.paginate('/partners', { params: { query: { limit: 2 } }, maxPages: 3 }),
    );
    expect(items).toHaveLength(6);
    expect(seen).toHaveLength(3);
    // maxPages is the iterator's, never a query parameter.
    expect(new URL(seen[0]?.url ?? '').searchParams.has('maxPages')).toBe(false);
    expect(() => partnero.paginate('/partners', { maxPages: 0 })).toThrow(ConfigurationError);
  });
});

describe('toArray', () => {
  it('collects the first `limit` items, requesting only the pages it needs', async () => {
    const { fetch, seen } = scriptedFetch([partneroList(10)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const partners = await partnero
      .paginate('/partners', { params: { query: { limit: 2 } } })
      .toArray({ limit: 3 });
    expect(partners.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    expect(seen).toHaveLength(2);
  });

  it('returns fewer items when the list is shorter', async () => {
    const { fetch } = scriptedFetch([partneroList(5)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    const partners = await partnero
      .paginate('/partners', { params: { query: { limit: 2 } } })
      .toArray({ limit: 100 });
    expect(partners.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses limit %s', async (limit) => {
    const { fetch, seen } = scriptedFetch([partneroList(5)]);
    const partnero = createPartneroClient({ apiKey: 'pk_test', fetch });
    await expect(partnero.paginate('/partners').toArray({ limit })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(seen).toHaveLength(0);
  });
});
