import { DROP, isAnswer, type Reply, withHeaders } from '../answer.js';
import { type Exchange, need, type Stage } from '../exchange.js';
import { checkAuthorization } from './auth.js';
import { type GlobalFaults, planFaults } from './faults.js';
import type { createScenarios } from './scenario.js';

/** The operation's own answer for a status the mock decides (4-prism/forced.ts). */
export type Refusal = (exchange: Exchange, status: number, message?: string) => Promise<Reply>;

/** The token contract (auth.ts): before anything else reads the request, as a real API refuses a stranger first. */
export function authenticateStage(refuse: Refusal): Stage {
  return async (exchange) => {
    const auth = checkAuthorization(exchange.request.headers.get('authorization'));
    if (auth.ok) return { ...exchange, token: auth.token };
    const refusal = await refuse(exchange, auth.status, auth.message);
    return withHeaders(refusal, { 'www-authenticate': auth.challenge });
  };
}

/**
 * A scenario key's next step, the fault headers and the global chaos settings, as one plan;
 * waits its delay and drops before commit here, so a dropped request never reaches the state.
 */
export function faultsStage(options: {
  scenarios: ReturnType<typeof createScenarios>;
  global: GlobalFaults;
  random: (() => number) | undefined;
  sleep: (ms: number) => Promise<void>;
  /** True once the pipeline closed: a request still waiting is dropped. */
  closed: () => boolean;
}): Stage {
  return async (exchange) => {
    const turn = options.scenarios.next(need(exchange, 'token'));
    if (isAnswer(turn)) return turn;
    const { headers } = exchange.request;
    const plan = planFaults(
      { delay: headers.get('x-mock-delay-ms'), fault: headers.get('x-mock-fault') },
      turn,
      options.global,
      options.random,
    );
    if (isAnswer(plan)) return plan;
    if (plan.delayMs > 0) {
      await options.sleep(plan.delayMs);
      if (options.closed()) return DROP;
    }
    if (plan.drop === 'before-commit') return DROP;
    return { ...exchange, plan };
  };
}
