// Use the client with openapi-react-query: the same hooks work in React components
// ($api.useQuery('get', '/partners')); here the query cache is driven directly so it runs in Node.
import { createPartneroClient } from '@partnero-ts/client';
import { QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';

const partnero = createPartneroClient();
const $api = createQueryHooks(partnero);
const queryClient = new QueryClient();

const page = await queryClient.fetchQuery(
  $api.queryOptions('get', '/partners', { params: { query: { limit: 10 } } }),
);
console.log('partners on the first page:', page.data.length);

// A second read within staleTime is served from the cache, without another request.
const cached = queryClient.getQueryData(
  $api.queryOptions('get', '/partners', { params: { query: { limit: 10 } } }).queryKey,
);
console.log('served from cache:', cached === page);
