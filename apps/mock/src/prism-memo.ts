import { createMemo } from './memo.js';
import type { PrismCall, PrismHandler } from './prism.js';
import type { MockResponse } from './problem.js';

const MAX_ENTRIES = 1000;
/** Larger bodies are answered uncached: keying on them would cost more than Prism saves. */
const MAX_KEYED_BODY_CHARS = 8192;

// Everything Prism reads to choose and validate an answer; the token is not among them (auth is
// decided before Prism), so no key ever lands in the memo.
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

/** Serves repeated identical requests from memory; dynamic (random) answers are never reused. */
export function memoizePrism(prism: PrismHandler, maxEntries = MAX_ENTRIES): PrismHandler {
  const memo = createMemo<MockResponse>(maxEntries);
  return async (call) => {
    const key = call.prefs.dynamic ? undefined : keyOf(call);
    if (key === undefined) return prism(call);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const response = await prism(call);
    memo.set(key, response);
    return response;
  };
}
