import { describe, expect, it } from 'vitest';
import { AuthenticationError, createPartneroClient } from '../src/index.js';
import { isLastPage } from '../src/paginate.js';
import { json, scriptedFetch } from './stub.js';

const partner = (n: number) => ({ id: `p${n}`, email: `p${n}@example.com`, status: 'active' });

/** Serves `total` partners, `per_page` at a time, like Partnero's simple paginator. */
function partneroList(total: number, options: { alwaysNext?: boolean } = {}) {
  return (request: Request) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? 1);
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
      meta: { current_page: page, per_page: perPage },
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
