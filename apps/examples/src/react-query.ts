// openapi-react-query in a browser app, without the API key ever reaching the browser: the page's
// hooks call your server, and only the server calls Partnero with the key (createPartneroClient
// refuses to run in a page). In React: $api.useQuery('get', '/partners', ...); here the query
// cache is driven directly, and the "server" is a node:http route, so it all runs in Node.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPartneroClient, type paths } from '@partnero-ts/client';
import { QueryClient } from '@tanstack/react-query';
import createFetchClient from 'openapi-fetch';
import createQueryHooks from 'openapi-react-query';

// On the server, the only place the key lives: expose just what the page needs.
const partnero = createPartneroClient(); // PARTNERO_API_KEY, PARTNERO_BASE_URL
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' || url.pathname !== '/api/partnero/partners') {
    res.writeHead(404).end();
    return;
  }
  const limit = Number(url.searchParams.get('limit') ?? 10);
  const { data, error, response } = await partnero.GET('/partners', { params: { query: { limit } } });
  res.writeHead(response.status, { 'content-type': 'application/json' }).end(JSON.stringify(data ?? error));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// In the page: a plain openapi-fetch client, typed by the same paths, with no key at all.
const api = createFetchClient<paths>({ baseUrl: `${origin}/api/partnero` });
const $api = createQueryHooks(api);
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
server.close();
