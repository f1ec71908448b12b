import type { Reply } from '../answer.js';
import { createLru } from '../lru.js';
import type { PrismCall, PrismHandler } from './engine.js';

const MAX_ENTRIES = 1000;
/** Larger bodies are answered uncached: keying on them would cost more than Prism saves. */
const MAX_KEYED_BODY_CHARS = 8192;

// Everything Prism reads to choose and validate an answer; the token is not among them (auth is
// decided before Prism), so no key ever lands in the memo. Bodies reach here only after the
// depth check (request/body.ts), so JSON.stringify cannot overflow the stack.
function keyOf({ request, operation, prefs, validate = true }: PrismCall): string | undefined {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  if (body.length > MAX_KEYED_BODY_CHARS) return undefined;
  const headers = request.headers ?? {};
  return JSON.stringify([
    operation.id,
    request.method,
    request.url.path,
    request.url.query ?? {},
    headers.accept ?? '',
    headers['content-type'] ?? '',
    prefs.code ?? '',
    prefs.exampleKey ?? '',
    validate,
    body,
  ]);
}

/**
 * With `dynamic` off Prism is deterministic: the same request always gets the same answer, so an
 * answer computed once is served again without Prism's pipeline (fp-ts, Ajv, router: ~60% of a
 * request's CPU). Dynamic (random) answers are never reused. State is applied after this stage,
 * so a memoized example never hides what a key has stored.
 */
export function memoizePrism(prism: PrismHandler, maxEntries = MAX_ENTRIES): PrismHandler {
  const memo = createLru<Reply>(maxEntries);
  return async (call) => {
    const key = call.prefs.dynamic ? undefined : keyOf(call);
    if (key === undefined) return prism(call);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const answer = await prism(call);
    memo.set(key, answer);
    return answer;
  };
}
