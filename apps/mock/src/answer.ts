/**
 * How every stage of the pipeline answers early: it returns an `Answer` instead of its result,
 * and the caller passes it on with one check, `if (isAnswer(x)) return x`. There is no other
 * way (no `undefined` meaning "go on", no thrown responses), so a reader never has to guess.
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

export type Answer = Reply | Drop;

export const DROP: Drop = Object.freeze({ [ANSWER]: 'drop' as const });

export function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && ANSWER in value;
}

export function isDrop(answer: Answer): answer is Drop {
  return answer[ANSWER] === 'drop';
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

/** RFC 9457 problem+json, the mock's format for refusals that are not Partnero answers. */
export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}) {
  return jsonReply(
    status,
    { type: 'about:blank', title, status, detail },
    { 'content-type': 'application/problem+json', ...headers },
  );
}

/** A Partnero-shaped JSON error body (`{status: 0, message}`). */
export function partneroError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return jsonReply(status, { status: 0, message }, headers);
}
