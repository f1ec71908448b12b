import type { IHttpRequest } from '@stoplight/prism-http';
import type { HttpMethod, IHttpOperation } from '@stoplight/types';
import { type Answer, DROP, isAnswer, problem, type Reply, toResponse, withHeaders } from './answer.js';
import { bearerToken, checkAuthorization } from './contract/auth.js';
import { type GlobalFaults, MAX_DELAY_MS, planFaults } from './contract/faults.js';
import { type Preferences, parsePrefer } from './contract/prefer.js';
import { createScenarios } from './contract/scenario.js';
import { defaultSpecPath, loadDocument } from './document.js';
import { loggedPath } from './http/log.js';
import { answerInternal, isInternalPath, MOCK_ROUTES, type MockContext } from './internal/routes.js';
import { createStats } from './internal/stats.js';
import { createPrismHandler, loadOperations } from './prism/engine.js';
import { forcedAnswer } from './prism/forced.js';
import { memoizePrism } from './prism/memo.js';
import { createResolver, definesResponse, isOperation, operationKey } from './prism/operations.js';
import { toPrismRequest } from './prism/request.js';
import { apiPath } from './request/api-path.js';
import { MAX_BODY_BYTES, readJsonBody } from './request/body.js';
import type { MockRequest } from './request/incoming.js';
import { checkMediaTypes } from './request/media-type.js';
import { createLedger } from './state/ledger.js';
import { deriveModel } from './state/model.js';
import { createSchemas } from './state/schemas.js';
import { seedRecords } from './state/seed.js';
import { createStateStage, type StateInput } from './state/stage.js';
import { createStore, type StateLimits } from './state/store.js';
import { createDeliveries, type DeliveryOptions } from './state/webhooks.js';

export interface PipelineOptions {
  /** Bundled OpenAPI document to serve; defaults to @partnero-ts/spec. */
  specPath?: string;
  /** Latency and dropped connections for every request (chaos testing). Off by default. */
  faults?: GlobalFaults;
  /** Request body limit in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  /** How the mock waits for `x-mock-delay-ms` and friends; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Randomness for `--drop-rate`; injectable for tests. */
  random?: () => number;
  /** Plain Prism answers from the spec's examples: nothing is stored, no webhook is sent. */
  stateless?: boolean;
  /** Caps on what the state holds (keys, records per key). */
  state?: StateLimits;
  /** How webhook deliveries are sent and retried. */
  webhooks?: DeliveryOptions;
  /** The clock for timestamps, the ledger and deliveries; injectable for tests. */
  now?: () => Date;
}

/** The whole mock as one request pipeline; adapters (node:http, MSW) only translate. */
export interface MockPipeline {
  /** The mock as a fetch handler. A dropped connection is `Response.error()`, a network error to fetch and MSW. */
  fetch(request: Request): Promise<Response>;
  /** The same pipeline without building a `Response`: for adapters that write bytes themselves. */
  answer(request: MockRequest): Promise<Answer>;
  /** Cancels pending delays (a request still waiting is dropped) and webhook deliveries. */
  close(): Promise<void>;
  /** The path a request log may show: the spec's template or an own route, never the raw path (http/log.ts). */
  logPath(method: string, target: string): string;
}

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);
/** Scenario progress is kept for this many keys, least recently used dropped first. */
const MAX_SCENARIO_KEYS = 1000;

export async function createMockPipeline(options: PipelineOptions = {}): Promise<MockPipeline> {
  const specPath = options.specPath ?? defaultSpecPath();
  const [operations, document] = await Promise.all([loadOperations(specPath), loadDocument(specPath)]);
  const resolve = createResolver(operations);
  const prism = memoizePrism(createPrismHandler());
  const stats = createStats();
  const scenarios = createScenarios(MAX_SCENARIO_KEYS, MAX_DELAY_MS);
  const delays = createDelays();
  const sleep = options.sleep ?? delays.sleep;
  const globalFaults = options.faults ?? {};
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = options.now ?? (() => new Date());
  const model = deriveModel(document.root);
  const schemas = createSchemas(document.root);
  const seeds = seedRecords(model, schemas);
  const store = createStore(seeds, options.state);
  const state = options.stateless ? undefined : createStateStage(model, schemas, store, seeds, now);
  const ledger = createLedger(now);
  const deliveries = createDeliveries(options.webhooks, now);
  let closed = false;

  const internalContext: MockContext = {
    document,
    stats,
    reset(token?: string) {
      // With a key, only that key's run: a shared mock serves many test runs, each with its own key.
      if (token === undefined) stats.reset();
      scenarios.reset(token);
      store.reset(token);
      ledger.reset(token);
      deliveries.reset(token);
    },
    ledger: (token: string | undefined) => ledger.list(token),
    evicted: (token: string) => [
      ...(store.evicted(token) ? ['state'] : []),
      ...(ledger.evicted(token) ? ['ledger'] : []),
    ],
    deliveries: (token: string | undefined) => deliveries.list(token),
    state: (token: string | undefined) =>
      token === undefined
        ? { keys: store.size, hint: 'send your API key (Authorization: Bearer ...) to see its records' }
        : Object.fromEntries(
            model.resources.map(({ collection }) => [collection, store.key(token).records(collection)]),
          ),
  };

  async function answer(request: MockRequest): Promise<Answer> {
    try {
      const url = new URL(request.url);
      const method = request.method.toUpperCase();
      if (isInternalPath(MOCK_ROUTES, url.pathname)) {
        const token = bearerToken(request.headers.get('authorization'));
        return await answerInternal(MOCK_ROUTES, internalContext, request, url, token);
      }
      return await api(request, url, method);
    } catch (error) {
      return problem(500, 'Mock failure', error instanceof Error ? error.message : 'unexpected error');
    }
  }

  async function api(request: MockRequest, url: URL, method: string): Promise<Answer> {
    const path = apiPath(url);
    if (isAnswer(path)) return path;
    if (!METHODS.has(method)) {
      stats.record(undefined);
      return problem(405, 'Method Not Allowed', `Method ${request.method} is not supported.`);
    }
    const operation = resolve(method.toLowerCase() as HttpMethod, path);
    stats.record(isOperation(operation) ? operationKey(operation) : undefined);
    if (!isOperation(operation)) return operation;
    const prismRequest = toPrismRequest(request, url, path);

    const auth = checkAuthorization(request.headers.get('authorization'));
    if (!auth.ok) {
      const refusal = await forcedAnswer(prism, prismRequest, operation, auth.status, auth.message);
      return withHeaders(refusal, { 'www-authenticate': auth.challenge });
    }

    const turn = scenarios.next(auth.token);
    if (isAnswer(turn)) return turn;
    const plan = planFaults(
      { delay: request.headers.get('x-mock-delay-ms'), fault: request.headers.get('x-mock-fault') },
      turn,
      globalFaults,
      options.random,
    );
    if (isAnswer(plan)) return plan;
    if (plan.delayMs > 0) {
      await sleep(plan.delayMs);
      if (closed) return DROP;
    }
    if (plan.drop === 'before-commit') return DROP;

    const badHeader = checkMediaTypes(request.headers.get('accept'), request.headers.get('content-type'));
    if (isAnswer(badHeader)) return badHeader;
    const body = await readJsonBody(request, maxBodyBytes);
    if (isAnswer(body)) return body;
    if (body.value !== undefined) prismRequest.body = body.value;

    const prefs = parsePrefer(request.headers.get('prefer') ?? undefined);
    const answered = await respond(prismRequest, operation, plan.status, prefs);
    // A status or example chosen on purpose (Prefer, a scenario key) is Prism's answer as is:
    // nothing is read from state or committed.
    const chosen =
      plan.status !== undefined ||
      prefs.code !== undefined ||
      prefs.exampleKey !== undefined ||
      prefs.dynamic;
    const final =
      chosen || !isSuccess(answered)
        ? answered
        : await remember(
            auth.token,
            operation,
            { url, path, body: body.value, answer: answered },
            (status, message) => forcedAnswer(prism, prismRequest, operation, status, message),
          );
    return plan.drop === 'after-commit' ? DROP : final;
  }

  /**
   * The state stage, for a successful answer: the stored records answer and take the write, the
   * ledger records what was committed, and subscribed webhooks are sent the event.
   */
  async function remember(
    token: string,
    operation: IHttpOperation,
    request: Pick<StateInput, 'url' | 'path' | 'body' | 'answer'>,
    answerStatus: StateInput['answerStatus'],
  ): Promise<Reply> {
    const { answer, commit } = state
      ? await state.apply({ token, operationKey: operationKey(operation), ...request, answerStatus })
      : { answer: request.answer, commit: undefined };
    if (isSuccess(answer) && isWrite(operation)) {
      ledger.record(token, {
        operation: operation.iid ?? operationKey(operation),
        method: operation.method.toUpperCase(),
        path: operation.path,
        ...(commit?.id !== undefined && { id: commit.id }),
      });
    }
    if (commit?.event && state) {
      deliveries.send(token, state.subscriptions(token), commit.event.name, commit.event.data);
    }
    return answer;
  }

  /** Writes go to the ledger: any method but GET and HEAD, and GETs that change a record (`x-partnero-action`). */
  function isWrite(operation: IHttpOperation): boolean {
    const method = operation.method.toUpperCase();
    return (
      (method !== 'GET' && method !== 'HEAD') ||
      model.operations.get(operationKey(operation))?.role.kind === 'action'
    );
  }

  /** Prism's answer, or the status a scenario key or `Prefer: code` forces. */
  function respond(
    request: IHttpRequest,
    operation: IHttpOperation,
    forced: number | undefined,
    prefs: Preferences,
  ): Promise<Reply> {
    if (forced !== undefined) return forcedAnswer(prism, request, operation, forced);
    // Prism can only answer statuses the spec defines; an outage must be reproducible for every operation.
    if (prefs.code !== undefined && !definesResponse(operation, prefs.code)) {
      return forcedAnswer(prism, request, operation, prefs.code);
    }
    return prism({ request, operation, prefs });
  }

  return {
    answer,
    async fetch(request) {
      return toResponse(await answer(request), request.method);
    },
    logPath: (method, target) =>
      loggedPath(method, target, (pathname) => Object.hasOwn(MOCK_ROUTES, pathname), resolve),
    async close() {
      closed = true;
      delays.cancelAll();
      deliveries.close();
    },
  };
}

function isSuccess(answer: Reply): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Pending delays, so `close()` can end them: timers, not AbortSignal listeners (one per request would warn past 10). */
function createDelays() {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      });
    },
    cancelAll() {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}
