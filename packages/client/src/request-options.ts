// Per-request overrides travel as a `partnero` field of the fetch init. openapi-fetch 0.17 copies
// init fields the Request does not know onto the Request it hands to fetch (see coreFetch), so the
// retrying fetch can read them without a header reaching the network.

/** Overrides of the client's retry and timeout settings for one call. */
export interface PartneroRequestOptions {
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Milliseconds per attempt (default: the client's `timeout`). */
  timeout?: number | undefined;
}

declare global {
  // Typed like Next.js's `next` field: `partnero.GET('/partners', { partnero: { timeout: 5_000 } })`.
  interface RequestInit {
    /** @partnero-ts/client per-request options; ignored by fetch itself. */
    partnero?: PartneroRequestOptions | undefined;
  }
}

/** The overrides attached to a Request by openapi-fetch, or none (e.g. a middleware replaced it). */
export function readRequestOptions(request: Request): PartneroRequestOptions {
  return (request as RequestInit).partnero ?? {};
}
