import { randomBytes } from 'node:crypto';
import { createConformance, type ObservedAnswer } from '@partnero-ts/mock/conformance';
import { type Json, type SpecOperation, spec, specOperations } from '@partnero-ts/spec-tools';
import { evidenceOf, type Feed, planLiveRun, type Step } from './plan.js';
import { type Clock, createRateLimiter, systemClock } from './rate-limit.js';
import { createReader, type Read } from './read.js';
import { type AuthResult, type LiveReport, type OperationResult, summarize } from './report.js';

export interface LiveRunOptions {
  apiKey: string;
  /** Base URL of the API, e.g. https://api.partnero.com/v1 (no trailing slash needed). */
  baseUrl: string;
  ratePerSecond: number;
  fetch?: typeof fetch;
  clock?: Clock;
}

// The same checks as the validating proxy's (`partnero-mock --proxy`), so both report a difference alike.
const conformance = createConformance(spec);

/** The key was refused: every answer would be a 401, so there is nothing to compare. */
export class KeyRefusedError extends Error {}

/**
 * A key no server accepts: random, so never a real key, and with the prefix the mock's token
 * contract answers 401, so the same probe works against the mock standing in for production.
 */
function wrongKeyProbe(): string {
  return `invalid_live_run_${randomBytes(20).toString('hex')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first value of `field` among the items of the list's answer. */
function fedValue(feed: Feed, answers: Map<string, ObservedAnswer>): string | undefined {
  const answer = answers.get(feed.list.operationId);
  const body = answer ? (parseJson(answer.body) as Json | undefined) : undefined;
  const items = body?.[feed.itemsProperty];
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const value = (item as Json | null)?.[feed.field];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function fillPath(
  step: Extract<Step, { kind: 'call' }>,
  answers: Map<string, ObservedAnswer>,
): string | { missing: Feed } {
  let path = step.op.path;
  for (const feed of step.feeds) {
    const value = fedValue(feed, answers);
    if (value === undefined) return { missing: feed };
    path = path.replace(`{${feed.param}}`, encodeURIComponent(value));
  }
  return path;
}

function base(op: SpecOperation): Pick<OperationResult, 'operationId' | 'method' | 'path' | 'evidence'> {
  return {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    evidence: evidenceOf(op),
  };
}

async function authChecks(read: Read, op: SpecOperation, secrets: string[]): Promise<AuthResult[]> {
  const probes = [
    { check: 'no key' as const, authorization: undefined },
    { check: 'wrong key' as const, authorization: `Bearer ${wrongKeyProbe()}` },
  ];
  const results: AuthResult[] = [];
  for (const probe of probes) {
    const answer = await read(op.path, probe.authorization);
    const differences = conformance.checkResponse(op, answer, 401, secrets);
    results.push({
      check: probe.check,
      request: `GET ${op.path}`,
      expected: 401,
      status: answer.status,
      outcome: differences.length === 0 ? 'conforms' : 'differs',
      differences,
    });
  }
  return results;
}

/**
 * Calls every operation the plan allows, in plan order, filling path parameters from earlier
 * list answers, and compares each answer with the spec.
 */
export async function runLive(options: LiveRunOptions): Promise<LiveReport> {
  const clock = options.clock ?? systemClock;
  const read = createReader({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: options.fetch ?? fetch,
    clock,
    nextSlot: createRateLimiter(options.ratePerSecond, clock),
  });
  const authorization = `Bearer ${options.apiKey}`;
  const plan = planLiveRun();
  const results = new Map<string, OperationResult>();
  const answers = new Map<string, ObservedAnswer>();

  const firstCall = plan.find((step) => step.kind === 'call' && step.feeds.length === 0);
  const auth = firstCall ? await authChecks(read, firstCall.op, [options.apiKey]) : [];

  for (const step of plan) {
    if (step.kind === 'skip') {
      results.set(step.op.operationId, { ...base(step.op), outcome: 'skipped', reason: step.reason });
      continue;
    }
    const path = fillPath(step, answers);
    if (typeof path !== 'string') {
      const { list, field, param } = path.missing;
      results.set(step.op.operationId, {
        ...base(step.op),
        outcome: 'skipped',
        reason: `path parameter \`{${param}}\`: the answer of GET ${list.path} has no item with \`${field}\``,
      });
      continue;
    }
    const answer = await read(path, authorization);
    if (answer.status === 401 && answers.size === 0)
      throw new KeyRefusedError(
        `the API answered 401 to GET ${path}: PARTNERO_API_KEY was refused; use a current key of a Partnero test program`,
      );
    answers.set(step.op.operationId, answer);
    const differences = conformance.checkResponse(step.op, answer, 'success', [options.apiKey]);
    const conforms = differences.length === 0;
    results.set(step.op.operationId, {
      ...base(step.op),
      outcome: conforms ? 'conforms' : 'differs',
      request: `GET ${path}`,
      status: answer.status,
      ...(!conforms && { differences }),
      ...(conforms && evidenceOf(step.op) === 'unverified' && { newlyConfirmed: true as const }),
    });
  }

  const operations = specOperations().flatMap((op) => results.get(op.operationId) ?? []);
  const info = spec.info as { title: string; version: string };
  return {
    baseUrl: options.baseUrl,
    ratePerSecond: options.ratePerSecond,
    spec: { title: info.title, version: info.version },
    generatedAt: new Date().toISOString(),
    auth,
    operations,
    summary: summarize(operations),
  };
}
