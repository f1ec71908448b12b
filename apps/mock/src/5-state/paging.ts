import type { Json } from '@partnero-ts/spec/read';
import { isObject, type StoredRecord } from './records.js';

/** Query parameters that shape a list rather than filter it (Partnero's names). */
const LIST_PARAMETERS = new Set(['page', 'limit', 'sort']);
const DEFAULT_LIMIT = 15;

/**
 * The records a list or search answers: filtered by every query parameter that names a field
 * of the items (equal, for lists; a case-insensitive substring of text for `:search`, which
 * matches partially per the n8n node), newest first unless `sort=asc`, one page of `limit`.
 */
export function selectPage(
  records: readonly StoredRecord[],
  query: URLSearchParams,
  fields: Set<string>,
  options: { defaultLimit: number | undefined; partial: boolean },
) {
  const filters = [...query].filter(([name]) => fields.has(name) && !LIST_PARAMETERS.has(name));
  const matching = records.filter((record) =>
    filters.every(([name, wanted]) => matches(record[name], wanted, options.partial)),
  );
  const ordered = query.get('sort') === 'asc' ? matching : [...matching].reverse();
  const page = positive(query.get('page')) ?? 1;
  const limit = positive(query.get('limit')) ?? options.defaultLimit ?? DEFAULT_LIMIT;
  const offset = (page - 1) * limit;
  const items = ordered.slice(offset, offset + limit);
  return { items, page, limit, offset, hasMore: offset + items.length < ordered.length };
}

function matches(value: unknown, wanted: string, partial: boolean): boolean {
  if (typeof value === 'string' && partial) return value.toLowerCase().includes(wanted.toLowerCase());
  if (typeof value === 'string') return value === wanted;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value) === wanted;
  return false;
}

function positive(value: string | null): number | undefined {
  const number = Number(value);
  return value !== null && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * `links` and `meta` of a page, in the shape of the example's (Partnero's simple paginator: no
 * total, `last` always null). Links keep the request's other query parameters, so following
 * `links.next` pages through the same list.
 */
export function paginationOf(
  example: Json,
  url: URL,
  { page, limit, offset, items, hasMore }: ReturnType<typeof selectPage>,
): Json {
  const at = (n: number) => {
    const link = new URL(url);
    link.searchParams.set('page', String(n));
    return link.href;
  };
  const out: Json = {};
  if (isObject(example.links)) {
    out.links = {
      ...example.links,
      first: at(1),
      last: null,
      prev: page > 1 ? at(page - 1) : null,
      next: hasMore ? at(page + 1) : null,
    };
  }
  if (isObject(example.meta)) {
    out.meta = {
      ...example.meta,
      current_page: page,
      from: items.length > 0 ? offset + 1 : null,
      path: `${url.origin}${url.pathname}`,
      per_page: limit,
      to: items.length > 0 ? offset + items.length : null,
    };
  }
  return out;
}
