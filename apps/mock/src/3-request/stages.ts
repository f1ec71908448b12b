import { isAnswer } from '../answer.js';
import { need, type Stage } from '../exchange.js';
import { readJsonBody } from './body.js';
import { checkMediaTypes } from './media-type.js';

/**
 * The Accept and Content-Type syntax, then the JSON body (bounded in bytes and depth). After the
 * contract stages: a refused caller's body is never read.
 */
export function readRequestStage(maxBodyBytes: number): Stage {
  return async (exchange) => {
    const checked = checkMediaTypes(exchange.request.headers);
    if (isAnswer(checked)) return checked;
    const body = await readJsonBody(exchange.request, maxBodyBytes);
    if (isAnswer(body)) return body;
    if (body.value === undefined) return exchange;
    return { ...exchange, body: body.value, prism: { ...need(exchange, 'prism'), body: body.value } };
  };
}
