import { createHmac } from 'node:crypto';
import type { Json } from '@partnero-ts/spec/read';
import { webhookEnvelope } from '../webhooks/envelope.js';
import { createSlots, type SlotLimits } from './delivery-slots.js';
import { isObject, type StoredRecord, timestamp } from './records.js';

export interface DeliveryOptions {
  /** Sends each attempt; default the global fetch. */
  fetch?: typeof fetch;
  /** Waits before each retry, in ms; default [500, 2000, 8000] (four attempts in all). */
  retryDelaysMs?: readonly number[];
  /** Per attempt, in ms; default 5000 (Partnero asks receivers to answer within 5 s). */
  timeoutMs?: number;
  /** Attempts in flight (16 in all, 4 per key) and waiting (1000) by default; see delivery-slots.ts. */
  concurrency?: SlotLimits;
}

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status, or the error when there was none. */
  status?: number;
  error?: string;
}

export interface Delivery {
  id: number;
  event: string;
  url: string;
  webhook_key: string;
  /**
   * `pending` while attempts remain, `queued` while an attempt waits for a slot (too many in
   * flight), `delivered` on a 2xx, `failed` after the last attempt, `dropped` when the queue was
   * full (the attempt was never sent).
   */
  state: 'pending' | 'queued' | 'delivered' | 'failed' | 'dropped';
  attempts: DeliveryAttempt[];
  /** The body as sent (its exact bytes are what `Signature` signs). */
  payload: Json;
}

export interface Deliveries {
  /** Sends `event` to each of the key's active subscriptions to it; returns at once. */
  send(token: string, subscriptions: readonly StoredRecord[], event: string, data: unknown): void;
  list(token: string | undefined): Delivery[];
  /** Cancels and forgets one key's deliveries, or every key's. */
  reset(token?: string): void;
  close(): void;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 2000, 8000];
const MAX_DELIVERIES = 1000;

/**
 * Signed webhook deliveries, as Partnero sends them: an HTTP POST of `{event, url, webhook_key,
 * created_at, data}` with `Signature` = hex HMAC-SHA256 of the exact body bytes, keyed with the
 * subscription's `signature`. They run after the API answer, never before it; a non-2xx or
 * unreachable receiver is retried with backoff.
 */
export function createDeliveries(
  options: DeliveryOptions = {},
  now: () => Date = () => new Date(),
): Deliveries {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? 5000;
  let deliveries: { token: string; delivery: Delivery }[] = [];
  // Each pending timer and attempt with the key it delivers for, so a reset of one key cancels only its own.
  const timers = new Map<NodeJS.Timeout, string>();
  const inFlight = new Map<AbortController, string>();
  const slots = createSlots(options.concurrency);
  let nextId = 0;
  let closed = false;

  function later(token: string, ms: number, run: () => void) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    // A pending retry must never keep a test process alive after its last test.
    timer.unref();
    timers.set(timer, token);
  }

  /** The next attempt, once a slot is free: `queued` meanwhile, `dropped` if even the queue is full. */
  function enqueue(token: string, delivery: Delivery, body: string, secret: string) {
    const taken = slots.take(
      token,
      () => attempt(token, delivery, body, secret),
      () => {
        delivery.state = 'pending';
      },
    );
    if (taken === 'queued') delivery.state = 'queued';
    if (taken === 'dropped') delivery.state = 'dropped';
  }

  /** Stops pending attempts (one key's, or all): after close, and on reset (a reset run must not get old deliveries). */
  function cancel(reason: string, token?: string) {
    slots.clear(token);
    for (const [timer, owner] of timers) {
      if (token !== undefined && owner !== token) continue;
      clearTimeout(timer);
      timers.delete(timer);
    }
    for (const [controller, owner] of inFlight) {
      if (token !== undefined && owner !== token) continue;
      controller.abort(new Error(reason));
      inFlight.delete(controller);
    }
  }

  async function attempt(token: string, delivery: Delivery, body: string, secret: string) {
    const controller = new AbortController();
    const cancelled = () => closed || !inFlight.has(controller);
    inFlight.set(controller, token);
    const timeout = setTimeout(
      () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timeout.unref();
    const record: DeliveryAttempt = { at: now().toISOString() };
    try {
      if (!/^https?:\/\//i.test(delivery.url)) throw new Error('the webhook url is not http(s)');
      const response = await send(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'partnero-mock',
          signature: sign(body, secret),
        },
        body,
        signal: controller.signal,
        // Following a 307 would re-send the signed POST wherever the receiver points: a redirect is a failed attempt.
        redirect: 'manual',
      });
      // Not awaited: under MSW, cancelling a passed-through answer's body never settles (msw 2.x),
      // and the attempt would stay pending forever. Only the status matters.
      response.body?.cancel().catch(() => {});
      record.status = response.status;
      if (response.status >= 300 && response.status < 400) {
        record.error = 'redirects are not followed: register the URL that answers the delivery';
      }
    } catch (error) {
      record.error = controller.signal.aborted ? describe(controller.signal.reason) : describe(error);
    } finally {
      clearTimeout(timeout);
    }
    if (cancelled()) return;
    inFlight.delete(controller);
    delivery.attempts.push(record);
    const ok = record.status !== undefined && record.status >= 200 && record.status < 300;
    const retryIn = retryDelays[delivery.attempts.length - 1];
    if (ok) delivery.state = 'delivered';
    else if (retryIn === undefined) delivery.state = 'failed';
    else later(token, retryIn, () => enqueue(token, delivery, body, secret));
  }

  return {
    send(token, subscriptions, event, data) {
      for (const subscription of subscriptions) {
        if (!subscribes(subscription, event)) continue;
        const payload = webhookEnvelope({
          event,
          url: subscription.url as string,
          webhook_key: String(subscription.key),
          created_at: timestamp(now(), 'date-time'),
          data,
        });
        nextId += 1;
        const delivery: Delivery = {
          id: nextId,
          event,
          url: payload.url,
          webhook_key: payload.webhook_key,
          state: 'pending',
          attempts: [],
          payload: payload as Json,
        };
        deliveries.push({ token, delivery });
        if (deliveries.length > MAX_DELIVERIES) deliveries = deliveries.slice(-MAX_DELIVERIES);
        const body = JSON.stringify(payload);
        later(token, 0, () => enqueue(token, delivery, body, subscription.signature as string));
      }
    },
    list: (token) =>
      deliveries.filter((item) => token === undefined || item.token === token).map((item) => item.delivery),
    reset(token) {
      cancel('the mock was reset', token);
      deliveries = token === undefined ? [] : deliveries.filter((item) => item.token !== token);
    },
    close() {
      closed = true;
      cancel('the mock closed');
    },
  };
}

function subscribes(subscription: StoredRecord, event: string): boolean {
  return (
    subscription.is_active !== false &&
    typeof subscription.url === 'string' &&
    typeof subscription.signature === 'string' &&
    subscription.signature !== '' &&
    Array.isArray(subscription.events) &&
    subscription.events.includes(event)
  );
}

export function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function describe(error: unknown): string {
  const cause = isObject(error) && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
