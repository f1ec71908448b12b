// Turn the client's attempt hooks into OpenTelemetry-style spans: one span per attempt, with its
// operation, status and duration, and the retry it led to. Swap `finish` for your tracer's exporter.
import { createPartneroClient } from '@partnero-ts/client';
import { type AttemptEvent, attemptHooks } from '@partnero-ts/client/hooks';

interface Span {
  name: string;
  attributes: Record<string, string | number | undefined>;
  durationMs?: number;
  status?: 'ok' | 'error';
  events: { name: string; attributes: Record<string, number> }[];
}

// Attempts of concurrent calls interleave: key each span by its request and attempt number.
const open = new Map<string, Span>();
const idOf = (event: AttemptEvent) => `${event.method} ${event.url} #${event.attempt}`;

function finish(span: Span): void {
  const { attributes: a, durationMs, status, events } = span;
  const retry = events.map((e) => ` ${e.name} in ${e.attributes.delay} ms`).join('');
  console.log(`span ${span.name} attempt=${a.attempt} status=${a.status} ${status} ${durationMs} ms${retry}`);
}

const end = (event: AttemptEvent, status: 'ok' | 'error') => {
  const span = open.get(idOf(event));
  if (!span) return;
  Object.assign(span, { durationMs: event.ms, status });
  span.attributes.status = event.status ?? (event.error as Error | undefined)?.name;
  // Ended when no retry follows: a retry adds its event first (onRetry runs after onResponse/onError).
  queueMicrotask(() => {
    if (open.delete(idOf(event))) finish(span);
  });
};

const partnero = createPartneroClient({
  hooks: attemptHooks({
    onRequest: (event) =>
      open.set(idOf(event), {
        name: event.operationId ?? `${event.method} ${event.url}`,
        attributes: { 'http.method': event.method, 'url.full': event.url, attempt: event.attempt },
        events: [],
      }),
    onResponse: (event) => end(event, event.status !== undefined && event.status < 400 ? 'ok' : 'error'),
    onError: (event) => end(event, 'error'),
    onRetry: (event) =>
      open.get(idOf(event))?.events.push({ name: 'retry', attributes: { delay: event.delay ?? 0 } }),
  }),
});

const { data } = await partnero.GET('/partners', { params: { query: { limit: 5 } } });
console.log('partners:', data?.data.length);
