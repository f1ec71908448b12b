// Partnero lists are page-numbered (`page`, `limit`) and answer `{ data, links: { next }, meta }`.
import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
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

export type PaginateInit<Paths, P extends keyof Paths> = Paths[P] extends { get: object }
  ? MaybeOptionalInit<Paths[P], 'get'>
  : never;

/** Items of every page, in order; `.pages()` yields each page's whole body instead. */
export interface Paginated<Item, Page> extends AsyncIterable<Item> {
  pages(): AsyncIterable<Page>;
}

// MaybeOptionalInit includes undefined exactly when the operation needs no params.
export type Paginate<Paths> = <P extends ListPath<Paths>>(
  path: P,
  ...init: undefined extends PaginateInit<Paths, P>
    ? [init?: PaginateInit<Paths, P>]
    : [init: PaginateInit<Paths, P>]
) => Paginated<ItemOf<Paths, P>, PageOf<Paths, P>>;

interface ListBody {
  data?: unknown[];
  links?: { next?: string | null };
  meta?: { per_page?: number };
}

interface LooseInit {
  params?: { query?: Record<string, unknown> };
}

type LooseGet = (path: string, init: object) => Promise<{ data?: unknown; response: Response }>;

/** Whether `body` is the last page: no next link, an empty page, or a short page. */
export function isLastPage(body: ListBody | undefined, requestedLimit: unknown): boolean {
  const count = body?.data?.length ?? 0;
  // `count < undefined` is false: without per_page or a limit, only `next` and emptiness decide.
  return body?.links?.next === null || !count || count < ((body?.meta?.per_page ?? requestedLimit) as number);
}

export function createPaginate<Paths extends {}>(client: Client<Paths, 'application/json'>): Paginate<Paths> {
  const get = client.GET as unknown as LooseGet;

  async function* pages(path: string, init: LooseInit = {}): AsyncGenerator<ListBody> {
    const query = init.params?.query ?? {};
    for (let page = Number(query.page ?? 1); ; page++) {
      const params = { ...init.params, query: { ...query, page } };
      const body = (await unwrap(get(path, { ...init, params }))) as ListBody | undefined;
      if (body !== undefined) yield body;
      if (isLastPage(body, query.limit)) return;
    }
  }

  async function* items(path: string, init?: LooseInit): AsyncGenerator<unknown> {
    for await (const body of pages(path, init)) yield* body.data ?? [];
  }

  return ((path: string, init?: LooseInit) => ({
    [Symbol.asyncIterator]: () => items(path, init),
    pages: () => pages(path, init),
  })) as unknown as Paginate<Paths>;
}
