import { routeStage } from './1-route/route.js';
import { bearerToken } from './2-contract/auth.js';
import { type GlobalFaults, MAX_DELAY_MS } from './2-contract/faults.js';
import { createScenarios } from './2-contract/scenario.js';
import { authenticateStage, faultsStage, type Refusal } from './2-contract/stages.js';
import { MAX_BODY_BYTES } from './3-request/bytes.js';
import { readRequestStage } from './3-request/stages.js';
import { createPrismHandler } from './4-prism/engine.js';
import { forcedAnswer } from './4-prism/forced.js';
import { memoizePrism } from './4-prism/memo.js';
import { prismStage } from './4-prism/stage.js';
import { createStateApplier } from './5-state/apply.js';
import { commitStage } from './5-state/commit.js';
import { createDeliveries, type DeliveryOptions } from './5-state/deliveries.js';
import { createFixtures, type Fixtures, fixtureErrorsLine, SeedError } from './5-state/fixtures.js';
import { createLedger } from './5-state/ledger.js';
import { deriveModel } from './5-state/model.js';
import { openPersistence, type SavedForm, type StateFileOptions } from './5-state/persistence.js';
import { createSchemas } from './5-state/schemas.js';
import { type Seeds, seedRecords } from './5-state/seed.js';
import { getState, putState, type StateRouteContext } from './5-state/state-route.js';
import { createStore, DEFAULT_MAX_BYTES_PER_KEY, type StateLimits } from './5-state/store.js';
import { need, runStages, type Stage, startExchange } from './exchange.js';
import type { Seed } from './generated/seed.js';
import { MOCK_ROUTES, type MockContext } from './internal/routes.js';
import type { MockPipeline } from './mock-pipeline.js';
import { openShell } from './shell.js';
import { createWebhookCatalog, type WebhookCatalog } from './webhooks/catalog.js';
import { triggerWebhook } from './webhooks/route.js';

export type { MockPipeline } from './mock-pipeline.js';

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
  /**
   * The state every key starts from, instead of the spec's examples: each collection holds
   * exactly the records given, a collection left out holds none (`{}` is an empty mock).
   * Checked against the record schemas when the pipeline is made; a bad record throws, naming
   * its collection, index and JSON pointer.
   */
  seed?: Seed;
  /** How webhook deliveries are sent and retried. */
  webhooks?: DeliveryOptions;
  /** The clock for timestamps, the ledger and deliveries; injectable for tests. */
  now?: () => Date;
  /**
   * Keep every key's state in this JSON file across restarts: read at start (a file that is not
   * a state file, or holds records that break their schemas, is an Error naming it: fix or delete
   * it), written a short while after each change and on `close()`. Keys are stored by a SHA-256
   * hash, never in clear. A path, or `{ path, delayMs }` (default 200 ms).
   */
  stateFile?: string | StateFileOptions;
}

/** Scenario progress is kept for this many keys, least recently used dropped first. */
const MAX_SCENARIO_KEYS = 1000;

/**
 * The whole mock as one request pipeline; adapters (node:http, MSW) only translate. Its
 * behaviour is the ordered list of stages below, one per folder of src/ in the same order.
 */
export function createMockPipeline(options: PipelineOptions = {}): Promise<MockPipeline> {
  if (options.stateless && options.stateFile !== undefined) {
    return Promise.reject(
      new Error('stateFile does not apply with stateless: nothing is stored to keep; drop one of them'),
    );
  }
  return openShell(options.specPath, async ({ resolve, document, stats }) => {
    const prism = memoizePrism(createPrismHandler());
    const scenarios = createScenarios(MAX_SCENARIO_KEYS, MAX_DELAY_MS);
    const delays = createDelays();
    const now = options.now ?? (() => new Date());
    const model = deriveModel(document.root);
    const schemas = createSchemas(document.root);
    const fixtures = createFixtures(model, schemas);
    const examples = seedRecords(model, schemas);
    const persistence =
      options.stateFile === undefined
        ? undefined
        : await openPersistence(
            typeof options.stateFile === 'string' ? { path: options.stateFile } : options.stateFile,
            savedForm(fixtures),
            (line) => console.error(`partnero-mock: ${line}`),
          );
    const created = createStore(startingRecords(fixtures, options) ?? examples, {
      collections: model.resources.map(({ collection }) => collection),
      limits: options.state,
      ...(persistence !== undefined && { onChange: persistence.changed }),
    });
    const store = persistence?.attach(created) ?? created;
    const state = options.stateless ? undefined : createStateApplier(model, schemas, store, examples, now);
    const ledger = createLedger(now);
    const deliveries = createDeliveries(options.webhooks, now);
    let catalog: WebhookCatalog | undefined;
    const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const stateRoute: StateRouteContext = {
      fixtures,
      store,
      stateful: state !== undefined,
      // A whole state may be larger than any API request; what a key may hold bounds it instead.
      maxBodyBytes: Math.max(maxBodyBytes, options.state?.maxBytesPerKey ?? DEFAULT_MAX_BYTES_PER_KEY),
    };
    let closed = false;

    const refuse: Refusal = (exchange, status, message) =>
      forcedAnswer(prism, need(exchange, 'prism'), need(exchange, 'operation'), status, message);

    // The order, and why: the operation first (every answer is the operation's own); the token
    // before anything else is read (a stranger's body is never parsed); faults before the body
    // and before commit (a drop must leave nothing behind); Prism validates and answers; the
    // state stage last, because only a successful answer may change the records.
    const stages: readonly Stage[] = [
      routeStage(resolve, stats),
      authenticateStage(refuse),
      faultsStage({
        scenarios,
        global: options.faults ?? {},
        random: options.random,
        sleep: options.sleep ?? delays.sleep,
        closed: () => closed,
      }),
      readRequestStage(maxBodyBytes),
      prismStage(prism),
      commitStage({ state, model, ledger, deliveries, refuse }),
    ];

    const context: MockContext = {
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
      triggerWebhook: (token, request) =>
        triggerWebhook(
          {
            // Compiled on first use: most runs never trigger an event by hand.
            catalog: () => (catalog ??= createWebhookCatalog(document.root)),
            deliveries,
            subscriptions: state && ((key) => state.subscriptions(key)),
            maxBodyBytes,
          },
          token,
          request,
        ),
      evicted: (token: string) => [
        ...(store.evicted(token) ? ['state'] : []),
        ...(ledger.evicted(token) ? ['ledger'] : []),
      ],
      deliveries: (token: string | undefined) => deliveries.list(token),
      state: (token: string | undefined) => getState(stateRoute, token),
      putState: (token, request) => putState(stateRoute, token, request),
    };

    return {
      routes: MOCK_ROUTES,
      context,
      tokenOf: (request) => bearerToken(request.headers.get('authorization')),
      api: (request, url) => runStages(stages, startExchange(request, url)),
      failure: 'Mock failure',
      async close() {
        closed = true;
        delays.cancelAll();
        deliveries.close();
        await persistence?.close();
      },
    };
  });
}

/** A key's state in the file is a seed's shape, read by the seed's reader: one validator, not two. */
function savedForm(fixtures: Fixtures): SavedForm {
  return {
    read(saved) {
      const read = fixtures.read(saved);
      return 'errors' in read ? { problem: fixtureErrorsLine(read.errors) } : read;
    },
    save: (records) => fixtures.toSeed(records),
  };
}

/** The records of `options.seed` as the store's starting records; undefined for the spec's examples. */
function startingRecords(fixtures: Fixtures, options: PipelineOptions): Seeds | undefined {
  if (options.seed === undefined) return undefined;
  if (options.stateless) {
    throw new Error('seed: a stateless mock keeps no records to start from; drop stateless or seed');
  }
  const read = fixtures.read(options.seed);
  if ('errors' in read) throw new SeedError(fixtureErrorsLine(read.errors));
  return fixtures.seeds(read.records);
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
