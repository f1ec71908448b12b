// Attempt hooks with the spec's operation ids. The table of every operation lives in this entry
// (`@partnero-ts/client/hooks`), not the main one, so a client that is not watched does not carry it.
import type { AttemptHooks } from './config.js';
import { operationIds } from './generated/operations.js';

export type { AttemptEvent, AttemptHooks } from './config.js';

// Compiled once, on first use: literal paths first, so `/leads/convert` is not `/leads/{id}`.
let patterns: [RegExp, string][] | undefined;
const compile = () =>
  Object.entries(operationIds)
    .sort(([a], [b]) => Number(a.includes('{')) - Number(b.includes('{')))
    .map(([operation, id]): [RegExp, string] => [
      new RegExp(`^${operation.replace(/\{[^}]*\}/g, '[^/]+')}$`),
      id,
    ]);

/** The operationId of `method path` (path below the base URL, query ignored), undefined for a path the spec does not know. */
export function operationIdOf(method: string, path: string): string | undefined {
  const request = `${method.toUpperCase()} ${path.replace(/[?#].*$/, '')}`;
  patterns ??= compile();
  return operationIds[request] ?? patterns.find(([pattern]) => pattern.test(request))?.[1];
}

/**
 * `hooks` for `createPartneroClient` whose events carry the spec's `operationId`:
 *
 * ```ts
 * createPartneroClient({ hooks: attemptHooks({ onRetry: (e) => console.log(e.operationId, e.attempt, e.delay) }) });
 * ```
 */
export function attemptHooks(hooks: Omit<AttemptHooks, 'operationOf'>): AttemptHooks {
  return { ...hooks, operationOf: operationIdOf };
}
