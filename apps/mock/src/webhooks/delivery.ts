import { isObject } from '../5-state/records.js';
import type { WebhookCatalog } from './catalog.js';
import { webhookEnvelope } from './envelope.js';

export interface DeliveryInput {
  event: string;
  /** The receiving URL, as the envelope's `url` says. */
  url: string;
  /** The event's `data`; default the spec example's. */
  data?: unknown;
  /** Default the spec example's. */
  webhookKey?: string;
  createdAt: string;
}

/** A delivery's exact body, or why the spec does not allow it (one line each). */
export type DeliveryBody = { body: string; payload: Record<string, unknown> } | { problems: string[] };

/**
 * The body Partnero would send for `event`: the spec's envelope around the example's `data` (or
 * the given one), checked against the event's schema so a trigger never sends what Partnero
 * could not.
 */
export function deliveryBody(catalog: WebhookCatalog, input: DeliveryInput): DeliveryBody {
  const event = catalog.get(input.event);
  if (!event) return { problems: [catalog.unknownEvent(input.event)] };
  const example = isObject(event.example) ? event.example : {};
  const data = input.data !== undefined ? input.data : example.data;
  if (data === undefined) {
    return { problems: [`the spec has no example of ${event.name}: pass its data (--data file.json)`] };
  }
  if (input.data !== undefined) {
    const differences = catalog.checkData(event.name, data);
    if (differences.length > 0) {
      return { problems: differences.map((line) => `data of ${event.name}: ${line}`) };
    }
  }
  const webhookKey =
    input.webhookKey ?? (typeof example.webhook_key === 'string' ? example.webhook_key : 'wh_test');
  const payload = webhookEnvelope(
    { event: event.name, url: input.url, webhook_key: webhookKey, created_at: input.createdAt, data },
    example,
  );
  const differences = catalog.checkPayload(event.name, payload);
  if (differences.length > 0) {
    return { problems: differences.map((line) => `${event.name} payload: ${line}`) };
  }
  return { body: JSON.stringify(payload), payload };
}
