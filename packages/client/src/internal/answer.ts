// What the caller reads from one attempt's Response: its body read under the attempt that fetched
// it (so a stalled or reset body is a TimeoutError or ConnectionError), a failed answer redacted.
// The attempt loop that decides which Response to hand back is in transport.ts.
import type { Attempt } from './attempt.js';
import type { Redactor } from './redact.js';

// Every way openapi-fetch's parseAs reads a body; `stream` reads `body`, wrapped on first use.
const BODY_READERS = ['arrayBuffer', 'blob', 'json', 'text'] as const;
const GUARD = Symbol('partnero.guard');
interface Guard {
  attempt: Attempt;
  /** The client's error for a failure while the body arrives. */
  failure: (raw: unknown) => unknown;
  stream?: ReadableStream<Uint8Array> | null;
}
type Guarded = Response & { [GUARD]: Guard };
const nativeBody = Object.getOwnPropertyDescriptor(Response.prototype, 'body')?.get as (
  this: Response,
) => ReadableStream<Uint8Array> | null;

/**
 * Keeps the attempt (its timeout and the caller's signal) running until the body has been read,
 * since openapi-fetch reads it after fetch resolves: aborting the attempt's signal then errors the
 * body stream (as undici, browsers, Deno and Bun do), so a body that trickles or stalls is a
 * TimeoutError, a reset mid-body a ConnectionError, instead of a call that hangs or a bare
 * TypeError.
 */
export function guardBody(response: Response, guard: Guard, method: string, prototype: Response): Response {
  // Nothing openapi-fetch will read (a null body, as a 204's; HEAD; an empty one, which it skips), or a
  // Response of another realm or polyfill, whose readers are not ours to call: the attempt ends now.
  const foreign = !(response instanceof Response);
  if (foreign || !response.body || method === 'HEAD' || response.headers.get('content-length') === '0') {
    guard.attempt.dispose(!foreign);
    return response;
  }
  (response as Guarded)[GUARD] = guard;
  return Object.setPrototypeOf(response, prototype);
}

/**
 * A failed answer, read whole under its attempt and rebuilt with the key removed from its body and
 * headers, however it is read later (`text`, `json`, `blob`, a stream) and wherever it is printed
 * (`APIError.body`, `headers`, `message`). Error bodies are small; success bodies stream untouched.
 */
export async function redactedAnswer(
  response: Response,
  guard: Guard,
  method: string,
  prototype: Response,
  redact: Redactor,
): Promise<Response> {
  const text = redact(await guardBody(response, guard, method, prototype).text());
  // A null-body status (204, 304) cannot be built with a body, even an empty one.
  const answer = new Response(text || null, response);
  for (const [name, value] of response.headers) answer.headers.set(name, redact(value));
  // The rebuilt Response has no URL of its own; openapi-fetch users may still ask for it.
  return Object.defineProperty(answer, 'url', { value: response.url });
}

/**
 * The prototype of a Response whose body runs under the attempt that fetched it (see guardBody).
 * Methods on a prototype, not the instance: patching a Response's own methods made every call
 * 2-3x slower in V8; swapping its prototype costs about 1 µs (see BENCHMARKS.md).
 */
export function guardedPrototype(): Response {
  const prototype = Object.create(Response.prototype);
  for (const name of BODY_READERS) {
    const read = Response.prototype[name] as (this: Response) => Promise<unknown>;
    prototype[name] = function (this: Guarded) {
      // A body already read is nobody's transport failure: its TypeError passes untouched.
      if (this.bodyUsed) return read.call(this);
      const { attempt, failure } = this[GUARD];
      // A plain `then`, not a race against the attempt's abort: that extra promise cost about 6% of
      // a loopback request (see BENCHMARKS.md), and the abort reaches the body through the signal.
      return read.call(this).then(
        (value) => {
          attempt.dispose();
          return value;
        },
        (raw: unknown) => {
          attempt.dispose();
          // A body that arrived whole but is not JSON is the server's answer, not a transport failure.
          throw raw instanceof SyntaxError ? raw : failure(raw);
        },
      );
    };
  }
  // `parseAs: 'stream'` (and a middleware that builds a new Response from this body) reads the
  // stream itself: a wrapper ends the attempt when it is read to the end, fails or is cancelled.
  Object.defineProperty(prototype, 'body', {
    get(this: Guarded) {
      const guard = this[GUARD];
      const { attempt, failure } = guard;
      const source = nativeBody.call(this);
      let reader: ReadableStreamDefaultReader<Uint8Array>;
      // Pulled only when read (highWaterMark 0): looking at `body` locks nothing, so the readers
      // above still work after it.
      guard.stream ??=
        source &&
        new ReadableStream(
          {
            async pull(controller) {
              try {
                reader ??= source.getReader();
                const { done, value } = await reader.read();
                if (!done) return controller.enqueue(value);
                attempt.dispose();
                controller.close();
              } catch (raw) {
                attempt.dispose();
                controller.error(failure(raw));
              }
            },
            cancel(reason) {
              attempt.dispose();
              // Not awaited: cancelling a tee'd or proxied body can wait on its other reader.
              (reader ?? source).cancel(reason).catch(() => undefined);
            },
          },
          { highWaterMark: 0 },
        );
      return guard.stream;
    },
  });
  return prototype;
}
