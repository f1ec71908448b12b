export { createPartneroClient, type PartneroClient } from './client.js';
export { DEFAULT_BASE_URL, type PartneroClientOptions } from './config.js';
export { ConfigurationError, PartneroError } from './errors.js';
export type { components, operations, paths, webhooks } from './generated/openapi.js';
