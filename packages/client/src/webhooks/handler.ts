import { ConfigurationError } from '../errors.js';
import {
  type BaseWebhookEvent,
  readWebhookEvent,
  type WebhookDataFor,
  type WebhookEvent,
  type WebhookEventFor,
  type WebhookEventName,
  webhookEventId,
} from './event.js';
import { checkSecret, verifyWebhookSignature } from './signature.js';

/** One function per event you handle; typed by the spec's payload of that event. */
export type WebhookHandlers = {
  [N in WebhookEventName]?: (data: WebhookDataFor<N>, event: WebhookEventFor<N>) => unknown;
};

/** Where processed deliveries are remembered (`webhookEventId`); a `Set<string>` fits, so does a Redis wrapper. */
export interface SeenStore {
  has(id: string): boolean | Promise<boolean>;
  add(id: string): unknown;
}

export interface WebhookHandlerOptions {
  /** This webhook's secret: the `signature` that `POST /webhooks` returned. */
  secret: string;
  on: WebhookHandlers;
  /** Skips deliveries already processed (Partnero retries; a retry is answered 200 and not handled again). */
  seen?: SeenStore;
  /** Bodies above this many bytes are refused with 413; default 1 MiB (Partnero's events are a few KB). */
  maxBodyBytes?: number;
  /** Told when a handler throws (the answer is then 500, so Partnero retries); default console.error. */
  onError?: (error: unknown, event: WebhookEvent) => void;
}

/** What each answer says happened, in its JSON body; the status is what Partnero acts on. */
export type WebhookOutcome = 'handled' | 'unhandled' | 'duplicate';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A fetch-style receiver, `(request: Request) => Promise<Response>`, for Next.js route handlers,
 * Hono, Bun, Deno and workers. It reads the raw body, verifies `Signature`, parses the event and
 * calls its handler. Answers: 200 when handled, when no handler is registered for the event (new
 * events must not be retried forever) and for a duplicate; 401 on a missing or wrong signature;
 * 400 when the signed body is not a Partnero event; 405 for other methods than POST; 413 for a
 * body over `maxBodyBytes`; 500 when the handler throws, so Partnero delivers it again.
 */
export function webhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  checkSecret(options.secret);
  if (typeof options.on !== 'object' || options.on === null) {
    throw new ConfigurationError(
      "webhookHandler needs `on`: an object of handlers by event name, e.g. { 'partner.created': (data) => ... }",
    );
  }
  const { secret, on, seen } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const onError =
    options.onError ?? ((error, event) => console.error(`webhook ${event.event} failed:`, error));

  return async (request) => {
    if (request.method.toUpperCase() !== 'POST') {
      return answer(405, { error: 'Partnero delivers webhooks with POST' }, { allow: 'POST' });
    }
    const rawBody = await readBody(request, maxBodyBytes);
    if (rawBody === undefined) return answer(413, { error: `body over ${maxBodyBytes} bytes` });
    if (!(await verifyWebhookSignature(rawBody, request.headers.get('signature'), secret))) {
      return answer(401, { error: 'invalid or missing Signature' });
    }
    let event: BaseWebhookEvent;
    try {
      event = readWebhookEvent(new TextDecoder().decode(rawBody)) as BaseWebhookEvent;
    } catch (error) {
      // parseWebhookEvent's reading and wording: not JSON, or JSON that is not an event.
      return answer(400, { error: (error as Error).message });
    }
    const id = webhookEventId(event);
    if (seen && (await seen.has(id))) return acknowledged(event, 'duplicate');
    // Object.hasOwn: an event named `constructor` must not call Object's.
    const handle = Object.hasOwn(on, event.event)
      ? (on[event.event as WebhookEventName] as ((data: unknown, event: unknown) => unknown) | undefined)
      : undefined;
    if (!handle) return acknowledged(event, 'unhandled');
    try {
      await handle(event.data, event);
    } catch (error) {
      onError(error, event as WebhookEvent);
      return answer(500, { error: `the ${event.event} handler failed; Partnero will retry` });
    }
    await seen?.add(id);
    return acknowledged(event, 'handled');
  };
}

function acknowledged(event: BaseWebhookEvent, outcome: WebhookOutcome): Response {
  return answer(200, { received: true, event: event.event, outcome });
}

function answer(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The raw body, or undefined when it is over the limit (read no further than that). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return undefined;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
