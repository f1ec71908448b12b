// Page through a list with TanStack Query's infinite queries, keyed the way openapi-react-query keys
// them. On a server (a prefetch before rendering, a job): the client holds the key, so it never runs
// in a page; the page's component reads the same cache entry with
// $api.useInfiniteQuery('get', '/customers', init, { pageParamName: 'page', initialPageParam: 1, getNextPageParam }).
import { createPartneroClient, unwrap } from '@partnero-ts/client';
import { infiniteQueryOptions, QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';

const partnero = createPartneroClient(); // PARTNERO_API_KEY, PARTNERO_BASE_URL
const $api = createQueryHooks(partnero);
const init = { params: { query: { limit: 1 } } }; // one customer per page, to show the paging

const customerPages = infiniteQueryOptions({
  queryKey: $api.queryOptions('get', '/customers', init).queryKey,
  queryFn: ({ pageParam, signal }) =>
    unwrap(
      partnero.GET('/customers', { params: { query: { ...init.params.query, page: pageParam } }, signal }),
    ),
  initialPageParam: 1,
  // Partnero's paginator has no total: there is a next page while links.next is set.
  getNextPageParam: (last) => (last.links.next ? last.meta.current_page + 1 : undefined),
});

const queryClient = new QueryClient();
// Up to 10 pages, stopping where getNextPageParam says the list ends.
await queryClient.prefetchInfiniteQuery({ ...customerPages, pages: 10 });
const cached = queryClient.getQueryData(customerPages.queryKey);
const customers = cached?.pages.flatMap((page) => page.data) ?? [];
console.log(`pages: ${cached?.pages.length}, customers: ${customers.length}`);
