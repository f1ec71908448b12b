import { readJsonBody } from '../3-request/body.js';
import { isAnswer, problem, type Reply, reply } from '../answer.js';
import type { MockRequest } from '../incoming.js';
import { refuseUnkeyed } from '../internal/keyed.js';
import { type Fixtures, fixtureErrorsLine } from './fixtures.js';
import type { Store } from './store.js';

export interface StateRouteContext {
  fixtures: Fixtures;
  store: Store;
  /** Undefined with --stateless: nothing is kept, so nothing can be put. */
  stateful: boolean;
  /** The largest body accepted: what one key may hold, or the API's body limit if larger. */
  maxBodyBytes: number;
}

/** `GET /__mock/state`: the key's whole state in the `Seed` shape, which `PUT` takes back. */
export function getState({ fixtures, store }: StateRouteContext, token: string | undefined): unknown {
  if (token === undefined) {
    return { keys: store.size, hint: 'send your API key (Authorization: Bearer ...) to see its records' };
  }
  return fixtures.toSeed(store.snapshot(token));
}

/**
 * `PUT /__mock/state` with a `Seed` body: the key's whole state becomes what it names (a
 * collection left out is empty), checked against the record schemas first and counted against
 * the store's caps. 204, or a problem naming every bad record (422) or the cap (507).
 */
export async function putState(
  context: StateRouteContext,
  token: string | undefined,
  request: MockRequest,
): Promise<Reply> {
  if (token === undefined || !context.stateful) {
    return refuseUnkeyed(token, {
      purpose: "PUT /__mock/state replaces that key's state.",
      stateless: 'no state to replace',
    });
  }
  const body = await readJsonBody(request, context.maxBodyBytes);
  if (isAnswer(body)) return body;
  const read = context.fixtures.read(body.value ?? null);
  if ('errors' in read) {
    return problem(
      422,
      'Unprocessable Entity',
      `The state was not changed: ${fixtureErrorsLine(read.errors, ' (see errors)')}.`,
      {},
      { errors: read.errors },
    );
  }
  if (!context.store.load(token, read.records)) {
    return problem(
      507,
      'Insufficient Storage',
      'The state was not changed: these records are more than the mock keeps for one API key (records or bytes), or for all keys (bytes); send fewer, or reset other keys (POST /__mock/reset).',
    );
  }
  return reply(204, {}, '');
}
