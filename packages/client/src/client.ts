// Composes configuration, transport (with auth) and pagination into one openapi-fetch client.
import createClient, { type Client } from 'openapi-fetch';
import { type PartneroClientOptions, resolveConfig, userAgentHeader } from './config.js';
import type { paths } from './generated/openapi.js';
import { createRedactor } from './internal/redact.js';
import { createRetryingFetch } from './internal/transport.js';
import { createPaginate, type Paginate } from './paginate.js';

/** An openapi-fetch `Client<paths>`, plus `paginate`. */
export type PartneroClient = Client<paths, 'application/json'> & { paginate: Paginate<paths> };

/** Creates an openapi-fetch client for the Partnero API, authenticated with the program's key. */
export function createPartneroClient(options: PartneroClientOptions = {}): PartneroClient {
  const config = resolveConfig(options);
  const client = createClient<paths, 'application/json'>({
    baseUrl: config.baseUrl,
    headers: { ...userAgentHeader(config.userAgent), ...config.headers },
    fetch: createRetryingFetch({
      ...config,
      // A function's keys are added as it returns them.
      redact: createRedactor(...(typeof config.apiKey === 'string' ? [config.apiKey] : [])),
    }),
  });
  return Object.assign(client, { paginate: createPaginate(client) });
}
