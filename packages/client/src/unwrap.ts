import { errorForStatus } from './errors.js';
import { requestMeta } from './internal/transport.js';

/** The shape of every openapi-fetch result. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success branch's `data` of an openapi-fetch result union. */
export type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;

/**
 * Resolves to `data`, or throws the error class for the status (NotFoundError, RateLimitError...).
 * A 204 or empty body resolves to undefined.
 */
export async function unwrap<R extends FetchResult>(result: R | Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await result;
  if (response.ok) return data as DataOf<R>;
  throw errorForStatus({
    status: response.status,
    body: error,
    headers: response.headers,
    ...requestMeta(response),
  });
}
