import type { Answer } from './answer.js';
import type { MockRequest } from './incoming.js';

// Its own module so the adapters' published types (msw, startMock) name no Prism type: a user's
// strict typecheck must not need Prism's dependencies' declarations (pino).
/** A pipeline as its adapters (node:http, MSW) see it: the mock's and the proxy's alike. */
export interface MockPipeline {
  /** The pipeline as a fetch handler. A dropped connection is `Response.error()`, a network error to fetch and MSW. */
  fetch(request: Request): Promise<Response>;
  /** The same pipeline without building a `Response`: for adapters that write bytes themselves. */
  answer(request: MockRequest): Promise<Answer>;
  /** Cancels pending work (delays, deliveries, upstream calls); a request still waiting is dropped. */
  close(): Promise<void>;
  /** The path a request log may show: the spec's template or an own route, never the raw path (http/log.ts). */
  logPath(method: string, target: string): string;
}
