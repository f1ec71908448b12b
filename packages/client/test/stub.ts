// A scripted fetch: each call takes the next step (a Response, an Error to throw, or a function).
// Only fetch is stubbed; the client under test is always the real one.

export interface SeenRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export type Step =
  | Response
  | Error
  | ((request: Request, init?: RequestInit) => Response | Promise<Response>);

export function scriptedFetch(steps: Step[]) {
  const seen: SeenRequest[] = [];
  const fetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    seen.push({
      method: request.method,
      url: request.url,
      // The client sets the key only on the copy of the headers in init, as fetch would send them.
      headers: new Headers(init?.headers ?? request.headers),
      // The client sends its buffered body in init (one copy, replayed on every attempt).
      body: init?.body !== undefined ? await new Response(init.body).text() : await request.clone().text(),
    });
    const step = steps[Math.min(seen.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error('no scripted step');
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(request, init) : step.clone();
  };
  return { fetch, seen };
}

/** What undici throws when nothing listens: TypeError('fetch failed', { cause: { code } }). */
export function networkError(code: string): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }),
  });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

const inFlight = new Set<Request>();

/** A fetch that never answers until its signal aborts, like a server that hangs. */
export function hangingFetch(calls: { count: number }) {
  return (request: Request, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = init?.signal ?? request.signal;
      calls.count++;
      // Hold the request as a real fetch would: undici links signals through WeakRefs, so an
      // unreferenced Request (and its abort listener) could be collected mid-test.
      inFlight.add(request);
      signal.addEventListener('abort', () => {
        inFlight.delete(request);
        reject(signal.reason);
      });
    });
}

/**
 * A body that sends its first bytes, then stalls like a server that stopped mid-answer; on the
 * read that stalls it runs `then` (to abort, or to fail the stream) instead of waiting on a clock.
 * Like a real fetch's body, it errors with the reason when `signal` aborts.
 */
export function stallingBody(
  signal: AbortSignal | null | undefined,
  then?: (controller: ReadableStreamDefaultController) => void,
): ReadableStream {
  let pulls = 0;
  return new ReadableStream({
    start(controller) {
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
    pull(controller) {
      if (pulls++ === 0) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        return;
      }
      then?.(controller);
      return new Promise(() => {});
    },
  });
}
