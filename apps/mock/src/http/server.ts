import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type Answer,
  isAnswer,
  isDrop,
  isRelay,
  problem,
  type Relay,
  type Reply,
  writableReason,
} from '../answer.js';
import type { MockRequest } from '../incoming.js';
import { createMockPipeline, type MockPipeline, type PipelineOptions } from '../pipeline.js';
import { checkProxyOptions } from '../proxy/options.js';
import { createProxyPipeline } from '../proxy/pipeline.js';
import { createHostCheck, type HostCheck } from './allowed-hosts.js';
import { answerClientError, refuseConnect } from './client-error.js';
import { formatRequestLine } from './log.js';
import { targetUrl } from './target.js';

export interface MockOptions extends PipelineOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  /**
   * Host names the server answers besides loopback names and addresses (`localhost`,
   * `*.localhost`, 127.0.0.0/8, `::1`) and `host`; any other `Host` gets a 403, so a web page
   * cannot reach the mock through DNS rebinding. A leading dot allows a domain and its
   * subdomains (`.example.test`).
   */
  allowedHosts?: readonly string[];
  /** Log one line per request (method, path, status, ms) through `log`. */
  verbose?: boolean;
  /** Where request lines and the proxy's differences go; default console.log. */
  log?: (line: string) => void;
  /**
   * Be a validating proxy instead of a mock: forward `/v1/*` to this base URL (e.g.
   * `https://api.partnero.com/v1`), pass its answers back unchanged, and report where requests
   * and answers differ from the spec (the log, `GET /__mock/conformance`). The mock's state,
   * faults, scenario keys and token contract are off; options for them are refused.
   */
  proxy?: string;
}

export interface RunningMock {
  /** Origin of the server, e.g. `http://127.0.0.1:4010`; the API lives under `${url}/v1`. */
  url: string;
  close(): Promise<void>;
}

/** The mock as a node:http server: the pipeline behind a thin adapter that only translates. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const pipeline =
    options.proxy === undefined
      ? await createMockPipeline(options)
      : await proxyPipeline(options.proxy, options);
  const log = options.verbose ? (options.log ?? console.log) : undefined;
  const bindHost = options.host ?? '127.0.0.1';
  const checkHost = createHostCheck(bindHost, options.allowedHosts);
  const server = createServer((req, res) => {
    serve(pipeline, checkHost, req, res, log);
  });
  server.on('clientError', answerClientError);
  server.on('connect', refuseConnect);
  await listen(server, options.port ?? 4010, bindHost);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    async close() {
      await pipeline.close();
      await close(server);
    },
  };
}

function proxyPipeline(upstream: string, options: MockOptions): Promise<MockPipeline> {
  checkProxyOptions(options);
  return createProxyPipeline({
    upstream,
    ...(options.specPath !== undefined && { specPath: options.specPath }),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
    ...(options.log !== undefined && { log: options.log }),
  });
}

function serve(
  pipeline: MockPipeline,
  checkHost: HostCheck,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
) {
  const started = performance.now();
  // A client that goes away mid-request makes these streams emit 'error'; unhandled, that would crash the process.
  req.on('error', () => {});
  res.on('error', () => {});
  // The Host check is the server's, not the pipeline's: MSW handlers see the production host.
  const url = checkHost(req.headers.host) ?? targetUrl(req.url ?? '/', req.headers.host);
  const answered: Promise<Answer> = isAnswer(url)
    ? Promise.resolve(url)
    : pipeline.answer(incoming(req, url));
  answered.then((answer) => {
    if (isDrop(answer)) req.socket.destroy();
    else sendOr502(res, answer);
    log?.(
      formatRequestLine(
        req.method ?? '-',
        pipeline.logPath(req.method ?? 'GET', req.url ?? '/'),
        isDrop(answer) ? 'dropped' : answer.status,
        performance.now() - started,
      ),
    );
  });
}

/** The request as the pipeline reads it; nothing is copied. */
function incoming(req: IncomingMessage, url: string): MockRequest {
  return {
    method: req.method ?? 'GET',
    url,
    headers: {
      get: (name) => headerValue(req.headers[name.toLowerCase()]),
      forEach(callback) {
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) callback(headerValue(value) as string, name);
        }
      },
    },
    body: req,
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * An upstream's answer can carry bytes Node refuses to write (a DEL in a header value): the
 * exception would escape the `.then` and end the process. The caller gets a 502 saying why, or,
 * once bytes are on the wire, a closed connection.
 */
function sendOr502(res: ServerResponse, answer: Reply | Relay): void {
  try {
    send(res, answer);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // The failed writeHead left its reason and headers on `res`; a second one would throw again.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusMessage = '';
    res.sendDate = true;
    try {
      send(
        res,
        problem(
          502,
          'Bad Gateway',
          `The upstream's answer could not be passed on (${error instanceof Error ? error.message : String(error)}).`,
        ),
      );
    } catch {
      res.destroy();
    }
  }
}

function send(res: ServerResponse, answer: Reply | Relay): void {
  // A client that left mid-request has a destroyed socket: there is no one to answer.
  if (res.headersSent || res.destroyed) return;
  if (isRelay(answer)) {
    // The upstream's own Date (or none) is passed on; Node would add its own.
    res.sendDate = false;
    // llhttp reads reason phrases Node will not write (a DEL byte); the status alone still says it all.
    res.writeHead(answer.status, writableReason(answer.statusText), answer.headers.flat());
    res.end(answer.body);
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
