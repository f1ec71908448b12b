import { isAnswer, problem, type Reply } from '../answer.js';
import { createLru } from '../lru.js';

/**
 * Scenario keys: the API key itself scripts faults, for clients that cannot add headers
 * (generated clients, a browser app, someone else's SDK). Grammar:
 *
 *   scenario_<step>[_<step>...][.<label>]
 *
 *   429xN | 5NNxN           answer that status N times (xN optional, default once)
 *   dropxN                  destroy the connection before anything is committed, N times
 *   drop-after-commitxN     commit the write, then destroy the connection, N times
 *   delayMS                 wait MS milliseconds before every answer
 *
 * Steps run in order, one request each, then the key behaves normally. The label after the
 * dot is free text: it makes a key (and so its state) unique, e.g. per test.
 */
export const SCENARIO_PREFIX = 'scenario_';
const MAX_TIMES = 1000;

export type ScriptedFault =
  | { kind: 'status'; status: number }
  | { kind: 'drop'; when: 'before-commit' | 'after-commit' };

export interface Scenario {
  steps: { fault: ScriptedFault; times: number }[];
  delayMs: number;
}

/** What a scenario key does to one request. */
export interface ScenarioTurn {
  delayMs: number;
  fault?: ScriptedFault;
}

const NONE: ScenarioTurn = { delayMs: 0 };
const STEP =
  /^(?:(?<status>429|5\d\d)|(?<drop>drop|drop-after-commit))(?:x(?<times>\d+))?$|^delay(?<delay>\d+)$/;

export function parseScenario(token: string, maxDelayMs: number): Scenario | Reply {
  const [script = ''] = token.slice(SCENARIO_PREFIX.length).split('.', 1);
  const scenario: Scenario = { steps: [], delayMs: 0 };
  for (const part of script.split('_')) {
    const groups = STEP.exec(part)?.groups;
    if (!groups) return invalid(`unknown step "${part}"`);
    if (groups.delay !== undefined) {
      scenario.delayMs += Number(groups.delay);
      if (scenario.delayMs > maxDelayMs) return invalid(`delays add up to more than ${maxDelayMs} ms`);
      continue;
    }
    const times = groups.times === undefined ? 1 : Number(groups.times);
    if (times < 1 || times > MAX_TIMES) return invalid(`"${part}" must repeat 1 to ${MAX_TIMES} times`);
    const fault: ScriptedFault =
      groups.status !== undefined
        ? { kind: 'status', status: Number(groups.status) }
        : { kind: 'drop', when: groups.drop === 'drop' ? 'before-commit' : 'after-commit' };
    scenario.steps.push({ fault, times });
  }
  return scenario;
}

function invalid(reason: string): Reply {
  return problem(
    400,
    'Invalid Scenario Key',
    `The API key starts with "${SCENARIO_PREFIX}" but ${reason}; write scenario_<step>[_<step>...][.label] with steps 429xN, 5NNxN, dropxN, drop-after-commitxN or delayMS (apps/mock/README.md).`,
  );
}

/** The fault of the request `index` (0-based) under `scenario`, if a step covers it. */
export function faultAt(scenario: Scenario, index: number): ScriptedFault | undefined {
  let end = 0;
  for (const step of scenario.steps) {
    end += step.times;
    if (index < end) return step.fault;
  }
  return undefined;
}

export interface Scenarios {
  /** The next turn of the key's script (counting this request), or the 400 for a malformed key. */
  next(token: string): ScenarioTurn | Reply;
  /** Forgets one key's progress, or every key's. */
  reset(token?: string): void;
}

/** Remembers how far each scenario key has got; bounded like the keys' state. */
export function createScenarios(maxKeys: number, maxDelayMs: number): Scenarios {
  const progress = createLru<{ scenario: Scenario | Reply; used: number }>(maxKeys);
  return {
    next(token) {
      if (!token.startsWith(SCENARIO_PREFIX)) return NONE;
      let entry = progress.get(token);
      if (entry === undefined) {
        entry = { scenario: parseScenario(token, maxDelayMs), used: 0 };
        progress.set(token, entry);
      }
      const { scenario } = entry;
      if (isAnswer(scenario)) return scenario;
      const fault = faultAt(scenario, entry.used);
      entry.used += 1;
      return fault === undefined ? { delayMs: scenario.delayMs } : { delayMs: scenario.delayMs, fault };
    },
    reset: (token) => (token === undefined ? progress.clear() : progress.delete(token)),
  };
}
