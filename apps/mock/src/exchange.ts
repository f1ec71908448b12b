import type { IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import type { FaultPlan } from './2-contract/faults.js';
import type { Preferences } from './4-prism/prefer.js';
import { type Answer, isAnswer, type Reply } from './answer.js';
import type { MockRequest } from './incoming.js';

/**
 * One request on its way through the mock's stages. Each stage reads what the stages before it
 * found and returns the exchange with its own finding added, or the `Answer` that ends the
 * exchange (answer.ts). Fields are filled in stage order: `path`, `operation` and `prism` by
 * 1-route; `token` by authenticate; `plan` by faults; `body` by 3-request; `prefs` and `reply`
 * by 4-prism; 5-state answers.
 */
export interface Exchange {
  readonly request: MockRequest;
  readonly url: URL;
  /** The request's method, upper-case. */
  readonly method: string;
  /** The path under /v1 (`/partners/p1`). */
  readonly path?: string;
  readonly operation?: IHttpOperation;
  /** The request as Prism reads it; its body is set once 3-request has read it. */
  readonly prism?: IHttpRequest;
  /** The caller's API key, once authenticate has accepted it. */
  readonly token?: string;
  /** The status, delay and drop a scenario key, the fault headers or the global faults chose. */
  readonly plan?: FaultPlan;
  /** The parsed JSON body; undefined when there is none. */
  readonly body?: unknown;
  readonly prefs?: Preferences;
  /** Prism's answer (4-prism), before the state stage reads from or writes to the records. */
  readonly reply?: Reply;
  /** True when the status or example was chosen on purpose (Prefer, a scenario key): state leaves it as is. */
  readonly chosen?: boolean;
}

/**
 * A new exchange with every field present, so that each stage's copy has the same shape and
 * property reads stay fast (a copy that adds fields makes a new shape per stage).
 */
export function startExchange(request: MockRequest, url: URL): Exchange {
  return {
    request,
    url,
    method: request.method.toUpperCase(),
    path: undefined,
    operation: undefined,
    prism: undefined,
    token: undefined,
    plan: undefined,
    body: undefined,
    prefs: undefined,
    reply: undefined,
    chosen: undefined,
  };
}

/** A stage: the exchange with what it found added, or the answer that ends it. */
export type Stage = (exchange: Exchange) => Promise<Exchange | Answer>;

/** Runs the stages in order until one answers; the last stage always answers. */
export async function runStages(stages: readonly Stage[], start: Exchange): Promise<Answer> {
  let exchange = start;
  for (const stage of stages) {
    const next = await stage(exchange);
    if (isAnswer(next)) return next;
    exchange = next;
  }
  throw new Error('no stage answered the request (the last stage must always answer)');
}

/**
 * A field an earlier stage must have filled; its absence is a stage-order mistake in
 * pipeline.ts, not the caller's, so it fails loudly (a 500 naming the field).
 */
export function need<K extends keyof Exchange>(exchange: Exchange, field: K): NonNullable<Exchange[K]> {
  const value = exchange[field];
  if (value === undefined) throw new Error(`stage order: "${String(field)}" is read before a stage sets it`);
  return value as NonNullable<Exchange[K]>;
}
