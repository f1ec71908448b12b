import type { Json } from '@partnero-ts/spec/read';

/** What the mock knows of a delivery: everything the envelope carries besides the spec's example. */
export interface EnvelopeFields {
  event: string;
  /** The receiving URL. */
  url: string;
  webhook_key: string;
  created_at: string;
  data: unknown;
}

/**
 * The body of a delivery, as Partnero sends it: `{event, url, webhook_key, created_at, data}`.
 * With the spec's example payload as `template`, the fields of the envelope the mock does not
 * fill keep the example's values, in the example's order, so an envelope field added to the spec
 * reaches triggered deliveries without a change here.
 */
export function webhookEnvelope(fields: EnvelopeFields, template?: unknown): EnvelopeFields & Json {
  const base = typeof template === 'object' && template !== null && !Array.isArray(template) ? template : {};
  return { ...(base as Json), ...fields };
}
