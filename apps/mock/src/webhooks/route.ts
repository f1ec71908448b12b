import { readJsonBody } from '../3-request/body.js';
import type { Deliveries } from '../5-state/deliveries.js';
import { isObject, type StoredRecord } from '../5-state/records.js';
import { isAnswer, jsonReply, problem, type Reply } from '../answer.js';
import type { MockRequest } from '../incoming.js';
import { refuseUnkeyed } from '../internal/keyed.js';
import type { WebhookCatalog } from './catalog.js';

export interface TriggerContext {
  catalog(): WebhookCatalog;
  deliveries: Deliveries;
  /** The key's registered webhooks; undefined when the mock keeps no state (`--stateless`). */
  subscriptions: ((token: string) => readonly StoredRecord[]) | undefined;
  maxBodyBytes: number;
}

/**
 * `POST /__mock/webhooks/trigger` `{event, data?}`: sends `event` to the caller's registered
 * webhooks exactly as a change through the API would (same signing, retries and listing in
 * `/__mock/webhooks`), with `data` or the spec example's. Answers 202 with the deliveries made.
 */
export async function triggerWebhook(
  context: TriggerContext,
  token: string | undefined,
  request: MockRequest,
): Promise<Reply> {
  if (token === undefined || context.subscriptions === undefined) {
    return refuseUnkeyed(token, {
      purpose: "the event goes to that key's webhooks.",
      stateless: 'no webhooks and sends no deliveries',
    });
  }
  const body = await readJsonBody(request, context.maxBodyBytes);
  if (isAnswer(body)) return body;
  if (!isObject(body.value) || typeof body.value.event !== 'string') {
    return problem(422, 'Unprocessable Entity', 'Send {"event": "partner.created", "data"?: {...}}.');
  }
  const { event, data } = body.value;
  const catalog = context.catalog();
  const model = catalog.get(event);
  if (!model) return problem(422, 'Unprocessable Entity', `${catalog.unknownEvent(event)}.`);
  const chosen = data !== undefined ? data : isObject(model.example) ? model.example.data : undefined;
  if (chosen === undefined) {
    return problem(422, 'Unprocessable Entity', `The spec has no example of ${event}: send its data.`);
  }
  const differences = catalog.checkData(event, chosen);
  if (differences.length > 0) {
    return problem(422, 'Unprocessable Entity', `data does not fit ${event}: ${differences.join('; ')}.`);
  }
  const subscribed = context.subscriptions(token);
  const last = Math.max(0, ...context.deliveries.list(token).map((delivery) => delivery.id));
  context.deliveries.send(token, subscribed, event, chosen);
  const made = context.deliveries.list(token).filter((delivery) => delivery.id > last);
  if (made.length === 0) {
    return problem(
      409,
      'Conflict',
      `No active webhook of this key subscribes to ${event}: register one with POST /v1/webhooks {"name": "...", "url": "http://127.0.0.1:3000/webhooks", "events": ["${event}"]}.`,
    );
  }
  return jsonReply(202, { event, deliveries: made });
}
