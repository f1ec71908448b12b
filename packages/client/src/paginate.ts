// Partnero lists are page-numbered (`page`, `limit`) and answer `{ data, links: { next }, meta }`.
import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import { check } from './config.js';
import { PartneroError } from './errors.js';
import { unwrap } from './unwrap.js';

type GetOperation<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Op extends object }
  ? Op
  : never;

/** The 200 body of `GET path`. */
export type PageOf<Paths, P extends keyof Paths> = NonNullable<
  FetchResponse<GetOperation<Paths, P>, object, 'application/json'>['data']
>;

/** Paths whose GET answers a list (`data` is an array): the only ones `paginate` accepts. */
export type ListPath<Paths> = {
  [P in keyof Paths]: [GetOperation<Paths, P>] extends [never]
    ? never
    : PageOf<Paths, P> extends { data: readonly unknown[] }
      ? P
      : never;
}[keyof Paths];

/** One element of a list path's `data`. */
export type ItemOf<Paths, P extends keyof Paths> =
  PageOf<Paths, P> extends { data: readonly (infer I)[] } ? I : never;

export interface PaginateOptions {
  /** Stop after this many pages (default: no limit; a server repeating a page is stopped anyway). */
  maxPages?: number | undefined;
}

type GetInit<Paths, P extends keyof Paths> = Paths[P] extends { get: object }
  ? MaybeOptionalInit<Paths[P], 'get'>
  : never;

/** What `paginate` takes: the GET's init (params, headers, signal, ...) plus `maxPages`. */
type PaginateInit<Paths, P extends keyof Paths> = NonNullable<GetInit<Paths, P>> & PaginateOptions;

/** Items of every page, in order; `.pages()` yields each page's whole body instead. */
export interface Paginated<Item, Page> extends AsyncIterable<Item> {
  pages(): AsyncIterable<Page>;
  /** The first `limit` items (fewer if the list is shorter), fetching only the pages they need. */
  toArray(options: { limit: number }): Promise<Item[]>;
}

// MaybeOptionalInit includes undefined exactly when the operation needs no params.
export type Paginate<Paths> = <P extends ListPath<Paths>>(
  path: P,
  ...init: undefined extends GetInit<Paths, P>
    ? [init?: PaginateInit<Paths, P>]
    : [init: PaginateInit<Paths, P>]
) => Paginated<ItemOf<Paths, P>, PageOf<Paths, P>>;

interface ListBody {
  data?: unknown[];
  links?: { next?: string | null };
  meta?: { per_page?: number; current_page?: number };
}

interface LooseInit extends PaginateOptions {
  params?: { query?: Record<string, unknown> };
}

type LooseGet = (path: string, init: object) => Promise<{ data?: unknown; response: Response }>;

/** Whether `body` is the last page: no next link, an empty page, or a short page. */
export function isLastPage(body: ListBody | undefined, requestedLimit: unknown): boolean {
  const count = body?.data?.length ?? 0;
  // `count < undefined` is false: without per_page or a limit, only `next` and emptiness decide.
  return body?.links?.next === null || !count || count < ((body?.meta?.per_page ?? requestedLimit) as number);
}

/** `value` (a number or its decimal string) as a positive integer; `fallback` when undefined. */
function positiveInteger(name: string, value: unknown, fallback?: number): number {
  if (value === undefined) return fallback as number;
  check(name, value, /^[1-9]\d*$/.test(String(value)), 'a positive integer');
  return Number(value);
}

export function createPaginate<Paths extends {}>(client: Client<Paths, 'application/json'>): Paginate<Paths> {
  const get = client.GET as unknown as LooseGet;

  return ((path: string, { maxPages, ...init }: LooseInit = {}) => {
    // Checked when paginate is called, not on the first request: `page=NaN` is never sent.
    const query = init.params?.query ?? {};
    const first = positiveInteger('page', query.page, 1);
    positiveInteger('limit', query.limit);
    positiveInteger('maxPages', maxPages);

    async function* pages(): AsyncGenerator<ListBody> {
      let previous: unknown[] | undefined;
      // `page - first >= undefined` is false: without maxPages only the pages themselves end the loop.
      for (let page = first; !(page - first >= (maxPages as number)); page++) {
        const params = { ...init.params, query: { ...query, page } };
        const body = (await unwrap(get(path, { ...init, params }))) as ListBody | undefined;
        if (body === undefined) return;
        // A server that ignores `page` answers page 1 forever, and `next` alone would never end:
        // the same current_page, or the same first item, as the page before means it did.
        const current = [body.meta?.current_page, JSON.stringify(body.data?.[0])];
        if (current.some((value, i) => value !== undefined && value === previous?.[i])) {
          throw new PartneroError(
            `GET ${path} page ${page} repeats page ${page - 1}: the server ignores page`,
          );
        }
        previous = current;
        yield body;
        if (isLastPage(body, query.limit)) return;
      }
    }

    async function* items() {
      for await (const body of pages()) yield* body.data ?? [];
    }

    return {
      [Symbol.asyncIterator]: items,
      pages,
      async toArray({ limit }: { limit: number }) {
        const max = positiveInteger('limit', limit ?? 0);
        const found: unknown[] = [];
        for await (const item of items()) {
          // Leaving the loop ends the generator, so no page beyond the limit is requested.
          if (found.push(item) >= max) break;
        }
        return found;
      },
    };
  }) as unknown as Paginate<Paths>;
}
