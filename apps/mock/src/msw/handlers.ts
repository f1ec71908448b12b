import { http, type RequestHandler } from 'msw';
import { createMockPipeline, type PipelineOptions } from '../pipeline.js';

export interface MswOptions extends PipelineOptions {
  /**
   * Where the code under test sends its requests: the client's `baseUrl`. Default: where a client
   * left at its defaults calls, `PARTNERO_BASE_URL` when set (read when the handlers are made),
   * else `https://api.partnero.com/v1`. Its path must be `/v1`, the path the API lives under (the
   * mock's paging links point there).
   */
  baseUrl?: string;
}

const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';

/** The handlers, spread into `setupServer`, and `close()` for what they keep running. */
export type PartneroHandlers = RequestHandler[] & {
  /**
   * Cancels pending webhook retries and attempts and any `x-mock-delay-ms` wait. MSW's
   * `server.close()` cannot reach them; call both in `afterAll`. (Retry timers never keep the
   * process alive on their own, but an attempt in flight holds its socket until this.)
   */
  close(): Promise<void>;
};

/**
 * The whole mock as MSW request handlers: `setupServer(...(await partneroHandlers()))` serves
 * the API at `baseUrl` in-process, with no server and no port. The handlers run the very
 * pipeline `startMock` serves over HTTP (token contract, validation, state per key, faults,
 * scenario keys); a dropped connection is `Response.error()`, which MSW turns into the network
 * error fetch would raise. `${origin}/__mock/*` (ledger, webhooks, state, stats, reset) is
 * served too, so a test can read what it committed.
 */
export async function partneroHandlers(options: MswOptions = {}): Promise<PartneroHandlers> {
  const origin = originOf(...defaultBaseUrl(options.baseUrl));
  const pipeline = await createMockPipeline(options);
  const serve = ({ request }: { request: Request }) => pipeline.fetch(request);
  const handlers: RequestHandler[] = [
    http.all(`${origin}/v1/*`, serve),
    http.all(`${origin}/__mock/*`, serve),
  ];
  return Object.assign(handlers, { close: () => pipeline.close() });
}

/**
 * The base URL and where it came from, resolved as the client resolves its own (`baseUrl`, else
 * `PARTNERO_BASE_URL`, else production): with the variable set, as in a CI job that points the
 * code under test at a mock, handlers left at production would answer nothing it sends.
 */
function defaultBaseUrl(baseUrl: string | undefined): [string, string] {
  if (baseUrl !== undefined) return [baseUrl, 'baseUrl'];
  const fromEnv = process.env.PARTNERO_BASE_URL;
  return fromEnv === undefined ? [DEFAULT_BASE_URL, 'baseUrl'] : [fromEnv, 'PARTNERO_BASE_URL'];
}

/** The origin of a `.../v1` base URL, or an Error that names the fix. */
function originOf(baseUrl: string, source: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `partneroHandlers: ${source} "${baseUrl}" is not an absolute URL; use e.g. ${DEFAULT_BASE_URL}`,
    );
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    url.pathname.replace(/\/+$/, '') !== '/v1' ||
    url.search ||
    url.hash
  ) {
    throw new TypeError(
      `partneroHandlers: ${source} "${baseUrl}" must be an http(s) origin followed by /v1, the path the API is served under (e.g. ${DEFAULT_BASE_URL} or http://localhost:4010/v1)`,
    );
  }
  return url.origin;
}
