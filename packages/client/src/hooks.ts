// Attempt hooks with the spec's operation ids. The table of every operation lives in this entry
// (`@partnero-ts/client/hooks`), not the main one, so a client that is not watched does not carry it.

import { operationIds } from './generated/operations.js';
import type { AttemptEvent, AttemptHooks } from './options.js';

export type { AttemptEvent, AttemptHooks } from './options.js';

// Compiled once, on first use. Matched against the end of the URL's path, so any base path (`/v1`)
// works without knowing the base URL. Longest templates first (a partner whose id is `program` is
// `getPartner`, not `getProgram`), then literal before template (`/leads/convert` is not `/leads/{id}`).
let patterns: [RegExp, string][] | undefined;
const rank = (operation: string) => operation.split('/').length * 2 - Number(operation.includes('{'));
const compile = () =>
  Object.entries(operationIds)
    .sort(([a], [b]) => rank(b) - rank(a))
    .map(([operation, id]): [RegExp, string] => {
      const [method, path] = operation.split(' ');
      return [new RegExp(`^${method} (?:/[^/]+)*?${(path as string).replace(/\{[^}]*\}/g, '[^/]+')}$`), id];
    });

/**
 * The operationId of `method url`: a URL (the event's, whatever its base path) or a path below the
 * base URL, query ignored. Undefined for a path the spec does not know.
 */
export function operationIdOf(method: string, url: string): string | undefined {
  // Everything from the first `?` or `#` on, newlines included (`.` would stop at one).
  const path = URL.canParse(url) ? new URL(url).pathname : (url.split(/[?#]/, 1)[0] as string);
  const request = `${method.toUpperCase()} ${path}`;
  patterns ??= compile();
  return patterns.find(([pattern]) => pattern.test(request))?.[1];
}

type Hook = (event: AttemptEvent) => void;

/**
 * `hooks` for `createPartneroClient` whose events carry the spec's `operationId`:
 *
 * ```ts
 * createPartneroClient({ hooks: attemptHooks({ onRetry: (e) => console.log(e.operationId, e.attempt, e.delay) }) });
 * ```
 */
export function attemptHooks(hooks: AttemptHooks): AttemptHooks {
  const withId = (hook: Hook | undefined): Hook | undefined =>
    hook && ((event) => hook({ ...event, operationId: operationIdOf(event.method, event.url) }));
  return {
    onRequest: withId(hooks.onRequest),
    onResponse: withId(hooks.onResponse),
    onRetry: withId(hooks.onRetry),
    onError: withId(hooks.onError),
  };
}
