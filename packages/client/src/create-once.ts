// createOnce: a create whose answer was lost is looked up by its caller-chosen identifier before it
// is sent again. Partnero has no idempotency keys, so this is the only way to resend a create
// without risking a second sale. Its own entry (`@partnero-ts/client/create-once`): the main
// entry's size budget pays nothing for it.
import type { FetchOptions, FetchResponse } from 'openapi-fetch';
import type { PartneroClient } from './client.js';
import { APIError, ConfigurationError, ConnectionError, NotFoundError, TimeoutError } from './errors.js';
import { type LookupPath, lookups } from './generated/lookups.js';
import type { paths } from './generated/openapi.js';
import { sleep } from './internal/attempt.js';
import { type DataOf, type FetchResult, unwrap } from './unwrap.js';

export type { LookupPath } from './generated/lookups.js';

/** The init of `partnero.POST(path, init)` for a create the spec says how to look up. */
export type CreateOnceInit<P extends LookupPath> = FetchOptions<paths[P]['post']>;

/** What createOnce resolves to: the create's answer, or the read operation's when it found the resource. */
export type CreateOnceResult<P extends LookupPath> =
  | DataOf<FetchResponse<paths[P]['post'], CreateOnceInit<P>, 'application/json'>>
  | DataOf<FetchResponse<paths[(typeof lookups)[P]['path']]['get'], object, 'application/json'>>;

export interface CreateOnceOptions {
  /** Sends of the create at most, the first included (default 2). Each resend follows a lookup that found nothing. */
  maxSends?: number | undefined;
  /**
   * Milliseconds to wait before each lookup (default 1,000): a request whose connection dropped may
   * still be being processed, and a lookup made before it commits misses it.
   */
  settle?: number | undefined;
  /** Called before each lookup with the error that made the outcome unknown (to log or count). */
  onUnknown?: ((error: ConnectionError | TimeoutError, send: number) => void) | undefined;
}

const unknownOutcome = (error: unknown): error is ConnectionError | TimeoutError =>
  (error instanceof ConnectionError || error instanceof TimeoutError) && error.outcome === 'unknown';
const notSent = (error: unknown): boolean =>
  (error instanceof ConnectionError || error instanceof TimeoutError) && error.outcome === 'not-sent';

/**
 * Creates the resource once: sends `partnero.POST(path, init)`, and when the outcome is unknown
 * (the connection dropped or timed out after the request may have arrived) waits `settle` ms, looks
 * the resource up by the body field the spec names (`x-partnero-lookup`: a transaction or customer
 * by `key`, a partner by `key` or `email`) and returns it if it is there. Only if it is not is the
 * create sent again, and looked up again before any further send. Resolves to the body like
 * `unwrap`; throws like `unwrap`, or the last transport error when every send's outcome stayed unknown.
 *
 * ```ts
 * const sale = await createOnce(partnero, '/transactions', { body: { key: 'order_1001', amount: 99.99, customer: { key: 'c_42' } } });
 * ```
 */
export async function createOnce<P extends LookupPath>(
  partnero: PartneroClient,
  path: P,
  init: CreateOnceInit<P>,
  options: CreateOnceOptions = {},
): Promise<CreateOnceResult<P>> {
  const { maxSends = 2, settle = 1_000, onUnknown } = options;
  const lookup = lookups[path] as (typeof lookups)[LookupPath] | undefined;
  if (!lookup) {
    throw new ConfigurationError(
      `createOnce cannot find what POST ${path} makes: the spec gives it no x-partnero-lookup (use ${Object.keys(lookups).join(', ')})`,
    );
  }
  const body = (init as { body?: Record<string, unknown> }).body ?? {};
  const [field, where] =
    lookup.by.find(([name]) => typeof body[name] === 'string' && body[name] !== '') ?? [];
  if (!field) {
    throw new ConfigurationError(
      `createOnce(POST ${path}) needs body.${lookup.by.map(([name]) => name).join(' or body.')} to find what it made: set it to your own identifier`,
    );
  }
  const params = { [where as string]: { [field]: body[field] } };
  const signal = (init as RequestInit).signal ?? new AbortController().signal;
  const find = async (): Promise<CreateOnceResult<P> | undefined> => {
    // The read path is one of the table's, typed by its entry: the client's overloads cannot see that.
    const get = partnero.GET as unknown as (path: string, init: object) => Promise<FetchResult>;
    try {
      return (await unwrap(get(lookup.path, { params, signal }))) as CreateOnceResult<P>;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
  // init is the POST init of `path`, checked by createOnce's own signature.
  const post = partnero.POST as unknown as (path: string, init: object) => Promise<FetchResult>;

  for (let send = 1; ; send++) {
    try {
      return (await unwrap(post(path, init))) as CreateOnceResult<P>;
    } catch (error) {
      const last = send >= maxSends;
      // A resend refused as a duplicate (customers answer 422 to a known key) means an earlier send
      // committed after our lookup missed it: look once more.
      const duplicate =
        send > 1 && error instanceof APIError && (error.status === 409 || error.status === 422);
      if (notSent(error) && !last) continue;
      if (!unknownOutcome(error) && !duplicate) throw error;
      if (unknownOutcome(error)) onUnknown?.(error, send);
      if (settle > 0) await sleep(settle, signal);
      let found: CreateOnceResult<P> | undefined;
      try {
        found = await find();
      } catch {
        // The lookup failed too: what the create did is still unknown, which its error says.
        throw error;
      }
      if (found) return found;
      if (last || duplicate) throw error;
    }
  }
}
