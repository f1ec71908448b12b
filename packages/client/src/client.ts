import createClient, { type Client } from 'openapi-fetch';
import { bearerAuth } from './auth.js';
import { type PartneroClientOptions, resolveConfig } from './config.js';
import type { paths } from './generated/openapi.js';

export type PartneroClient = Client<paths, 'application/json'>;

/** Creates an openapi-fetch client for the Partnero API, authenticated with the program's key. */
export function createPartneroClient(options: PartneroClientOptions = {}): PartneroClient {
  const config = resolveConfig(options);
  const client = createClient<paths, 'application/json'>({ baseUrl: config.baseUrl, fetch: config.fetch });
  client.use(bearerAuth(config.apiKey));
  return client;
}
