export { createPartneroClient, type PartneroClient } from './client.js';
export {
  type ApiKey,
  type AttemptEvent,
  type AttemptHooks,
  DEFAULT_BASE_URL,
  type Logger,
  type LogLevel,
  type PartneroClientOptions,
  type PartneroRequestOptions,
} from './config.js';
export {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  type ErrorBody,
  InternalServerError,
  NotFoundError,
  type Outcome,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  WebhookVerificationError,
} from './errors.js';
export type { components, operations, paths, webhooks } from './generated/openapi.js';
export type { ItemOf, ListPath, PageOf, Paginate, Paginated, PaginateOptions } from './paginate.js';
export { type DataOf, type FetchResult, unwrap } from './unwrap.js';
export { VERSION } from './version.js';
// Webhook verification runs on servers; it lives in `@partnero-ts/client/webhooks` so that
// browser bundles of the client do not carry it. The event types are free to re-export here.
export type {
  BaseWebhookEvent,
  RawBody,
  SignatureHeader,
  WebhookDataFor,
  WebhookEvent,
  WebhookEventFor,
  WebhookEventName,
  WebhookEventOf,
  WebhookPayloadOf,
} from './webhooks/index.js';
