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
import { createLedger } from './5-state/ledger.js';
import { deriveModel, type StateModel } from './5-state/model.js';
import { openPersistence, type SavedForm, type StateFileOptions } from './5-state/persistence.js';
import type { StoredRecord } from './5-state/records.js';
import { createSchemas, type Schemas } from './5-state/schemas.js';
import { seedRecords } from './5-state/seed.js';
import { createStore, type StateLimits } from './5-state/store.js';
import { need, runStages, type Stage, startExchange } from './exchange.js';
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
    const seeds = seedRecords(model, schemas);
    const persistence =
      options.stateFile === undefined
        ? undefined
        : await openPersistence(
            typeof options.stateFile === 'string' ? { path: options.stateFile } : options.stateFile,
            savedForm(model, schemas),
            (line) => console.error(`partnero-mock: ${line}`),
          );
    const created = createStore(seeds, {
      collections: model.resources.map(({ collection }) => collection),
      limits: options.state,
      ...(persistence !== undefined && { onChange: persistence.changed }),
    });
    const store = persistence?.attach(created) ?? created;
    const state = options.stateless ? undefined : createStateApplier(model, schemas, store, seeds, now);
    const ledger = createLedger(now);
    const deliveries = createDeliveries(options.webhooks, now);
    let catalog: WebhookCatalog | undefined;
    const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
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
      state: (token: string | undefined) =>
        token === undefined
          ? { keys: store.size, hint: 'send your API key (Authorization: Bearer ...) to see its records' }
          : Object.fromEntries(
              model.resources.map(({ collection }) => [collection, store.key(token).records(collection)]),
            ),
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

/** Interim, until the seed's reader (fixtures.ts) lands: collections without their slash, records that fit. */
function savedForm(model: StateModel, schemas: Schemas): SavedForm {
  return {
    read(saved) {
      if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) {
        return { problem: 'must be an object of collections' };
      }
      const records: Record<string, StoredRecord[]> = {};
      for (const [name, list] of Object.entries(saved)) {
        const resource = model.resources.find((candidate) => candidate.collection === `/${name}`);
        if (resource === undefined) return { problem: `no collection "${name}"` };
        if (!Array.isArray(list)) return { problem: `${name}: must be a list of records` };
        const at = list.findIndex((record) => !schemas.fits(resource.recordPointer, record));
        if (at !== -1) return { problem: `${name}[${at}]: does not fit its schema` };
        records[resource.collection] = list as StoredRecord[];
      }
      return { records };
    },
    save: (records) =>
      Object.fromEntries(Object.entries(records).map(([collection, list]) => [collection.slice(1), list])),
  };
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
