import { WebhookVerificationError } from '../errors.js';
import type { webhooks } from '../generated/openapi.js';
import { type RawBody, type SignatureHeader, verifyWebhookSignature } from './signature.js';

/** What every Partnero webhook carries, whatever the spec says about a specific event. */
export interface BaseWebhookEvent {
  event: string;
  data: unknown;
  [key: string]: unknown;
}

/** The JSON payload of one entry of a generated `webhooks` map. */
type PayloadOfEntry<E> = E extends { post: { requestBody?: { content: { 'application/json': infer P } } } }
  ? P
  : never;

/** The union of JSON payloads of a generated `webhooks` map. */
export type WebhookPayloadOf<W> = {
  // [never] guard: inferring from `never` (the empty generated map) would give unknown.
  [K in keyof W]: [W[K]] extends [never] ? never : PayloadOfEntry<W[K]>;
}[keyof W];

/** The spec's webhook events, or the minimal base shape while the spec declares none. */
export type WebhookEventOf<W> = [WebhookPayloadOf<W>] extends [never]
  ? BaseWebhookEvent
  : WebhookPayloadOf<W>;

export type WebhookEvent = WebhookEventOf<webhooks>;

/** The names of the spec's webhook events (`partner.created`, ...). */
export type WebhookEventName = keyof webhooks & string;

/** The payload of one event: `WebhookEventFor<'partner.created'>`. */
export type WebhookEventFor<N extends WebhookEventName> = PayloadOfEntry<webhooks[N]>;

/** The `data` of one event: the resource it is about. */
export type WebhookDataFor<N extends WebhookEventName> =
  WebhookEventFor<N> extends { data: infer D } ? D : unknown;

/**
 * Verifies the signature, then parses the body; throws WebhookVerificationError when the signature
 * does not match or the body is not a Partnero event (a JSON object with an `event` string).
 */
export async function parseWebhookEvent(
  rawBody: RawBody,
  signatureHeader: SignatureHeader,
  secret: string,
): Promise<WebhookEvent> {
  if (!(await verifyWebhookSignature(rawBody, signatureHeader, secret))) {
    throw new WebhookVerificationError(
      "Invalid webhook signature: check the secret (this webhook's `signature`) and use the raw body",
    );
  }
  return readWebhookEvent(await new Response(rawBody as BodyInit).text());
}

/**
 * The event a verified body's text holds; throws WebhookVerificationError, saying whether the text
 * is not JSON or not a Partnero event, when it holds none. webhookHandler answers 400 with that message.
 */
export function readWebhookEvent(text: string): WebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (cause) {
    throw new WebhookVerificationError('Webhook body is not JSON', { cause });
  }
  if (typeof (event as BaseWebhookEvent | null)?.event !== 'string') {
    throw new WebhookVerificationError(
      'Webhook body is not a Partnero event: expected a JSON object with an `event` string',
    );
  }
  return event as WebhookEvent;
}

/**
 * A stable key for deduplicating deliveries. Partnero retries a delivery it did not see
 * acknowledged, and asks receivers to track processed event ids, but the envelope carries no id:
 * this is the closest thing, built from what a retry repeats and two distinct events do not share
 * (the event name, the webhook, when it happened, and the resource's `id`, else its `key`), as
 * the spec's envelope describes.
 * Each part is URI-encoded, so the `:` separators are unambiguous.
 */
export function webhookEventId(event: BaseWebhookEvent | WebhookEvent): string {
  const envelope = event as BaseWebhookEvent;
  const data = (typeof envelope.data === 'object' && envelope.data !== null ? envelope.data : {}) as Record<
    string,
    unknown
  >;
  const resource = data.id ?? data.key;
  // The older envelope carries `timestamp` where the current one has `created_at` (see the spec).
  return [envelope.event, envelope.webhook_key, envelope.created_at ?? envelope.timestamp, resource]
    .map((part) => encodeURIComponent(part === undefined || part === null ? '' : String(part)))
    .join(':');
}
