import { type Json, nodeAt, pointerOf } from '@partnero-ts/spec/read';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { API_PREFIX, apiPath } from '../1-route/api-path.js';
import { isOperation, operationKey } from '../1-route/operations.js';
import { bearerToken } from '../2-contract/auth.js';
import { SCENARIO_PREFIX } from '../2-contract/scenario.js';
import { MAX_BODY_BYTES, readBytes } from '../3-request/bytes.js';
import { toPrismRequest } from '../4-prism/prism-request.js';
import { type Answer, DROP, isAnswer, problem, relay } from '../answer.js';
import { createConformance, type Difference, redact } from '../conformance/index.js';
import type { MockRequest } from '../incoming.js';
import { PROXY_ROUTES, type ProxyContext } from '../internal/routes.js';
import type { MockPipeline } from '../mock-pipeline.js';
import { type LoadedSpec, openShell, type PipelineParts } from '../shell.js';
import { checkRequest } from './check-request.js';
import { decodeBody } from './decode.js';
import { AnswerTooLargeError, createForwarder, outgoingHeaders, type Upstreamed } from './forward.js';
import { parseUpstream } from './options.js';
import {
  type CheckedExchange,
  createConformanceLog,
  differenceLines,
  type ReportedOperation,
} from './report.js';

export interface ProxyOptions {
  /** The API to forward to: its base URL, e.g. `https://api.partnero.com/v1`. */
  upstream: string;
  /** The bundled OpenAPI document to check against; defaults to @partnero-ts/spec. */
  specPath?: string;
  /** Request body limit in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  /** Where each difference goes, one line each; default console.log. */
  log?: (line: string) => void;
  /** How long the upstream may take to answer, in ms; default 60 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Partnero's largest answers (a page of 250 items) are far below this. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** The secrets of a request: its Authorization header and the token in it, redacted from everything the proxy reports. */
function secretsOf(authorization: string | null): string[] {
  if (authorization === null) return [];
  const token = bearerToken(authorization);
  return [authorization.trim(), ...(token === undefined ? [] : [token])];
}

function prefixed(prefix: string, differences: Difference[]): Difference[] {
  return differences.map((difference) => ({ ...difference, pointer: `${prefix}${difference.pointer}` }));
}

/** Pointers and messages can carry what a request sent (a property name): the last guard for the key. */
function redacted(difference: Difference, secrets: readonly string[]): Difference {
  return {
    ...difference,
    pointer: redact(difference.pointer, secrets),
    message: redact(difference.message, secrets),
  };
}

/** `get` over header pairs, repeats joined as fetch's Headers joins them. */
function headerLookup(pairs: readonly (readonly [string, string])[]) {
  return {
    get(name: string): string | null {
      const lower = name.toLowerCase();
      const values = pairs
        .filter(([candidate]) => candidate.toLowerCase() === lower)
        .map(([, value]) => value);
      return values.length === 0 ? null : values.join(', ');
    },
  };
}

/**
 * The validating proxy as a pipeline: `/v1/*` goes to the upstream and its answer comes back
 * unchanged; each exchange is checked against the spec on the way, every difference logged and
 * counted for `GET /__mock/conformance`. The mock's own behaviour (token contract, scenario
 * keys, faults, state) is off: the upstream decides.
 */
export function createProxyPipeline(options: ProxyOptions): Promise<MockPipeline> {
  const upstream = parseUpstream(options.upstream);
  return openShell(options.specPath, ({ operations, resolve, document, stats }) =>
    proxyParts(upstream, options, { operations, resolve, document, stats }),
  );
}

function proxyParts(
  upstream: URL,
  options: ProxyOptions,
  { operations, resolve, document, stats }: LoadedSpec,
): PipelineParts<ProxyContext> {
  const upstreamBase = upstream.href.replace(/\/+$/, '');
  const conformance = createConformance(document.root);
  const report = createConformanceLog(upstreamBase);
  const forwarder = createForwarder(MAX_ANSWER_BYTES);
  const closing = new AbortController();
  const log = options.log ?? console.log;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const reported = new Map(operations.map((operation, order) => [operation, describe(operation, order)]));

  function describe(operation: IHttpOperation, order: number): ReportedOperation {
    const node = nodeAt(document.root, pointerOf('paths', operation.path, operation.method)) as
      | Json
      | undefined;
    const evidence = node?.['x-partnero-evidence'];
    return {
      operationId: operation.iid ?? operationKey(operation),
      method: operation.method.toUpperCase(),
      path: operation.path,
      evidence: typeof evidence === 'string' ? evidence : 'none',
      order,
    };
  }

  const context: ProxyContext = {
    document,
    stats,
    reset() {
      stats.reset();
      report.reset();
    },
    conformance: () => report.snapshot(),
    resetConformance: () => report.reset(),
  };

  async function api(request: MockRequest, url: URL): Promise<Answer> {
    const path = apiPath(url);
    if (isAnswer(path)) return path;
    // A scenario key scripts the mock's faults; the real API would only see a wrong key (and keep it in its logs).
    if (bearerToken(request.headers.get('authorization'))?.startsWith(SCENARIO_PREFIX)) {
      return problem(
        400,
        'Scenario Key Not Forwarded',
        `Keys starting with "${SCENARIO_PREFIX}" script the mock's faults, and the validating proxy forwards to ${upstreamBase}: send your API key, or run the mock without --proxy to use scenario keys.`,
      );
    }
    const body = await readBytes(request, maxBodyBytes);
    if (isAnswer(body)) return body;
    const method = request.method.toUpperCase();
    const operation = resolve(method.toLowerCase() as HttpMethod, path);
    stats.record(isOperation(operation) ? operationKey(operation) : undefined);

    const target = new URL(`${upstreamBase}${url.pathname.slice(API_PREFIX.length)}${url.search}`);
    const headers = outgoingHeaders(request.headers, body.length);
    const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]);
    let upstreamed: Upstreamed;
    try {
      upstreamed = await forwarder.forward({ method, url: target, headers, body }, signal);
    } catch (error) {
      return unreachable(error);
    }

    const secrets = secretsOf(request.headers.get('authorization'));
    const exchange: CheckedExchange = {
      operation: isOperation(operation) ? reported.get(operation) : undefined,
      request: redact(`${method} ${url.pathname.slice(API_PREFIX.length) || '/'}`, secrets),
      status: upstreamed.status,
      // A check that fails (JSON nested deep enough to exhaust the stack) must not cost the caller the answer.
      differences: isOperation(operation)
        ? await check(operation, request, url, path, body, upstreamed, secrets).catch((error: unknown) => [
            redacted(
              {
                pointer: '',
                message: `could not be checked (${error instanceof Error ? error.message : String(error)})`,
              },
              secrets,
            ),
          ])
        : [],
    };
    report.record(exchange);
    for (const line of differenceLines(exchange)) log(redact(line, secrets));
    return relay(upstreamed.status, upstreamed.statusText, upstreamed.headers, upstreamed.body);
  }

  /** The request and the answer against the operation; pointers start `/request` or `/response`. */
  async function check(
    operation: IHttpOperation,
    request: MockRequest,
    url: URL,
    path: string,
    body: Uint8Array,
    upstreamed: Upstreamed,
    secrets: readonly string[],
  ): Promise<Difference[]> {
    const { url: prismUrl, headers } = toPrismRequest(request, url, path);
    const { authorization: _key, ...seenHeaders } = headers ?? {};
    const requestDifferences = checkRequest(
      operation,
      {
        path,
        query: prismUrl.query ?? {},
        headers: seenHeaders,
        body: Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'),
      },
      secrets,
    );
    const responseDifferences = await checkAnswer(operation, upstreamed, secrets);
    return [...prefixed('/request', requestDifferences), ...prefixed('/response', responseDifferences)].map(
      (difference) => redacted(difference, secrets),
    );
  }

  async function checkAnswer(
    operation: IHttpOperation,
    upstreamed: Upstreamed,
    secrets: readonly string[],
  ): Promise<Difference[]> {
    const headers = headerLookup(upstreamed.headers);
    let text: string;
    try {
      text = await decodeBody(upstreamed.body, headers.get('content-encoding'), MAX_ANSWER_BYTES);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [{ pointer: '/body', message: `could not be decoded to check it (${reason})` }];
    }
    return conformance.checkResponse(
      operation,
      { status: upstreamed.status, headers, body: text },
      'documented',
      secrets,
    );
  }

  /** No answer to pass on: the proxy's own problem, naming the upstream but nothing of the request. */
  function unreachable(error: unknown): Answer {
    if (closing.signal.aborted) return DROP;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || (name === 'AbortError' && !closing.signal.aborted)) {
      return problem(
        504,
        'Gateway Timeout',
        `The upstream ${upstreamBase} did not answer within ${timeoutMs / 1000} s.`,
      );
    }
    const code = (error as { code?: unknown }).code;
    const reason =
      error instanceof AnswerTooLargeError
        ? error.message
        : typeof code === 'string'
          ? code
          : error instanceof Error
            ? error.message
            : String(error);
    return problem(
      502,
      'Bad Gateway',
      `The upstream ${upstreamBase} could not be reached (${reason}); check the proxy's upstream URL and the network.`,
    );
  }

  return {
    routes: PROXY_ROUTES,
    context,
    api,
    failure: 'Proxy failure',
    close() {
      closing.abort();
      forwarder.close();
    },
  };
}
