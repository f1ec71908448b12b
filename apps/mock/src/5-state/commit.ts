import type { IHttpOperation } from '@stoplight/types';
import { operationKey } from '../1-route/operations.js';
import type { Refusal } from '../2-contract/stages.js';
import { DROP, type Reply } from '../answer.js';
import { type Exchange, need, type Stage } from '../exchange.js';
import type { Commit, StateApplier } from './apply.js';
import type { Deliveries } from './deliveries.js';
import type { Ledger } from './ledger.js';
import type { StateModel } from './model.js';

/**
 * The last stage, so it always answers. For a successful answer not chosen on purpose: the
 * caller's records answer and take the write (`state` is undefined with --stateless), the
 * ledger records the committed write, subscribed webhooks are sent its event. Then the
 * `drop-after-commit` fault: after the commit, so a client sees a write that happened but no
 * answer.
 */
export function commitStage(options: {
  state: StateApplier | undefined;
  model: StateModel;
  ledger: Ledger;
  deliveries: Deliveries;
  refuse: Refusal;
}): Stage {
  const { state, model, ledger, deliveries, refuse } = options;

  async function answerFromState(exchange: Exchange, token: string, answer: Reply) {
    if (!state) return { answer, commit: undefined };
    return state.apply({
      token,
      operationKey: operationKey(need(exchange, 'operation')),
      url: exchange.url,
      path: need(exchange, 'path'),
      body: exchange.body,
      answer,
      answerStatus: (status, message) => refuse(exchange, status, message),
    });
  }

  function recordWrite(token: string, operation: IHttpOperation, commit: Commit | undefined): void {
    ledger.record(token, {
      operation: operation.iid ?? operationKey(operation),
      method: operation.method.toUpperCase(),
      path: operation.path,
      ...(commit?.id !== undefined && { id: commit.id }),
    });
  }

  /** Writes go to the ledger: any method but GET and HEAD, and GETs that change a record (`x-partnero-action`). */
  function isWrite(operation: IHttpOperation): boolean {
    const method = operation.method.toUpperCase();
    return (
      (method !== 'GET' && method !== 'HEAD') ||
      model.operations.get(operationKey(operation))?.role.kind === 'action'
    );
  }

  async function settle(exchange: Exchange): Promise<Reply> {
    const reply = need(exchange, 'reply');
    if (exchange.chosen || !isSuccess(reply)) return reply;
    const token = need(exchange, 'token');
    const operation = need(exchange, 'operation');
    const { answer, commit } = await answerFromState(exchange, token, reply);
    if (isSuccess(answer) && isWrite(operation)) recordWrite(token, operation, commit);
    if (commit?.event && state) {
      deliveries.send(token, state.subscriptions(token), commit.event.name, commit.event.data);
    }
    return answer;
  }

  return async (exchange) => {
    const answer = await settle(exchange);
    return exchange.plan?.drop === 'after-commit' ? DROP : answer;
  };
}

function isSuccess(answer: Reply): boolean {
  return answer.status >= 200 && answer.status < 300;
}
