import { definesResponse } from '../1-route/operations.js';
import { need, type Stage } from '../exchange.js';
import type { PrismHandler } from './engine.js';
import { forcedAnswer } from './forced.js';
import { parsePrefer } from './prefer.js';

/**
 * Prism's answer from the spec (validating the request), or the status a scenario key or
 * `Prefer: code` forces. A status or example chosen on purpose is marked `chosen`: the state
 * stage passes it on as it is.
 */
export function prismStage(prism: PrismHandler): Stage {
  return async (exchange) => {
    const request = need(exchange, 'prism');
    const operation = need(exchange, 'operation');
    const forced = exchange.plan?.status;
    const prefs = parsePrefer(exchange.request.headers.get('prefer') ?? undefined);
    const reply =
      forced !== undefined
        ? await forcedAnswer(prism, request, operation, forced)
        : // Prism can only answer statuses the spec defines; an outage must be reproducible for every operation.
          prefs.code !== undefined && !definesResponse(operation, prefs.code)
          ? await forcedAnswer(prism, request, operation, prefs.code)
          : await prism({ request, operation, prefs });
    const chosen =
      forced !== undefined || prefs.code !== undefined || prefs.exampleKey !== undefined || prefs.dynamic;
    return { ...exchange, prefs, reply, chosen: chosen === true };
  };
}
