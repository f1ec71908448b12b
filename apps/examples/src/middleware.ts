import { createPartneroClient, type paths } from '@partnero-ts/client';
import type { Client, Middleware } from 'openapi-fetch';

const partnero = createPartneroClient();

// Middleware runs once per call: retries happen beneath it, inside the client's fetch.
const timing: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Started-At', String(Date.now()));
  },
  onResponse({ request, response }) {
    const started = Number(request.headers.get('X-Started-At'));
    console.log(`${request.method} ${request.url} -> ${response.status} in ${Date.now() - started} ms`);
  },
};
partnero.use(timing);

// The client is an openapi-fetch Client<paths>, so companions take it as is,
// e.g. openapi-react-query: `const $api = createClient(partnero)` (its default export).
export function useWith(client: Client<paths>): Client<paths> {
  return client;
}
useWith(partnero);
