// `@partnero-ts/client/webhooks`: receiving Partnero's webhooks, on servers. Kept out of the main
// entry so that browser bundles of the client do not carry it (the main entry's size budget).
export {
  type BaseWebhookEvent,
  parseWebhookEvent,
  type WebhookDataFor,
  type WebhookEvent,
  type WebhookEventFor,
  type WebhookEventName,
  type WebhookEventOf,
  type WebhookPayloadOf,
  webhookEventId,
} from './event.js';
export {
  type SeenStore,
  type WebhookHandlerOptions,
  type WebhookHandlers,
  type WebhookOutcome,
  webhookHandler,
} from './handler.js';
export {
  createWebhookSignature,
  type RawBody,
  type SignatureHeader,
  verifyWebhookSignature,
} from './signature.js';
