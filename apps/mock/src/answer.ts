/**
 * How every stage of the pipeline answers early: it returns an `Answer` instead of its result,
 * and the caller passes it on with one check, `if (isAnswer(x)) return x`. A check with nothing
 * to add returns its input (`checkMediaTypes`, `guardInternal`); a stage returns the exchange
 * (exchange.ts). There is no other way (no `undefined` meaning "go on", no thrown responses:
 * a throw is a mock failure, a 500), so a reader never has to guess.
 */
const ANSWER: unique symbol = Symbol('partnero-mock answer');

/** An HTTP answer: status, lower-case headers and the body text. Never mutated once made. */
export interface Reply {
  readonly [ANSWER]: 'reply';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * No answer at all: the connection is destroyed, as a network failure would (`x-mock-fault:
 * drop`). The node:http adapter destroys the socket; the fetch form returns `Response.error()`,
 * which is how fetch and MSW express a network error.
 */
export interface Drop {
  readonly [ANSWER]: 'drop';
}

/**
 * An upstream's answer passed on as it came (the validating proxy): status and reason phrase,
 * header pairs in their order with repeats kept (`set-cookie`), and the body's bytes, still
 * compressed if they came compressed. Only hop-by-hop headers are gone (proxy/forward.ts).
 */
export interface Relay {
  readonly [ANSWER]: 'relay';
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

export type Answer = Reply | Drop | Relay;

export const DROP: Drop = Object.freeze({ [ANSWER]: 'drop' as const });

export function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && ANSWER in value;
}

export function isDrop(answer: Answer): answer is Drop {
  return answer[ANSWER] === 'drop';
}

export function isRelay(answer: Answer): answer is Relay {
  return answer[ANSWER] === 'relay';
}

export function relay(
  status: number,
  statusText: string,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array,
): Relay {
  return { [ANSWER]: 'relay', status, statusText, headers, body };
}

export function reply(status: number, headers: Record<string, string>, body: string): Reply {
  return { [ANSWER]: 'reply', status, headers, body };
}

/** The same answer with headers added or replaced (`undefined` removes one). */
export function withHeaders(answer: Reply, headers: Record<string, string | undefined>): Reply {
  const merged: Record<string, string> = { ...answer.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return reply(answer.status, merged, answer.body);
}

/** A JSON answer; `headers` may add to it or override its content type. */
export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return reply(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}

/**
 * RFC 9457 problem+json, the mock's format for refusals that are not Partnero answers;
 * `extensions` are the RFC's extension members (`errors` of a refused `PUT /__mock/state`).
 */
export function problem(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
) {
  return jsonReply(
    status,
    { type: 'about:blank', title, status, detail, ...extensions },
    { 'content-type': 'application/problem+json', ...headers },
  );
}

/** A Partnero-shaped JSON error body (`{status: 0, message}`). */
export function partneroError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { status: 0, message }, headers);
}

/** The reason phrase if Node and fetch can write it (HTAB, SP, VCHAR, obs-text), else none. */
export function writableReason(text: string): string | undefined {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(text) ? text : undefined;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** An answer as a fetch `Response` (the pipelines' fetch form); a drop is `Response.error()`, a network error. */
export function toResponse(answer: Answer, method: string): Response {
  if (isDrop(answer)) return Response.error();
  const bodyless = NULL_BODY_STATUSES.has(answer.status) || method.toUpperCase() === 'HEAD';
  if (isRelay(answer)) {
    // A Uint8Array over a Buffer's pool is a valid body; TypeScript's DOM types ask for an ArrayBuffer.
    const body = bodyless ? null : (answer.body as Uint8Array<ArrayBuffer>);
    try {
      const headers = new Headers();
      for (const [name, value] of answer.headers) headers.append(name, value);
      const statusText = writableReason(answer.statusText);
      return new Response(body, {
        status: answer.status,
        ...(statusText !== undefined && { statusText }),
        headers,
      });
    } catch (error) {
      // Bytes fetch refuses (a header value with a DEL): a 502 that says so, not a thrown handler.
      return toResponse(
        problem(
          502,
          'Bad Gateway',
          `The upstream's answer could not be passed on (${error instanceof Error ? error.message : String(error)}).`,
        ),
        method,
      );
    }
  }
  return new Response(bodyless ? null : answer.body, { status: answer.status, headers: answer.headers });
}
