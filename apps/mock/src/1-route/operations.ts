import type { IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { prismEngine } from '../4-prism/load.js';
import { isAnswer, problem, type Reply, withHeaders } from '../answer.js';
import { createLru } from '../lru.js';

/** The stats key: the spec's method and path template, e.g. `GET /partners/{id}`. */
export function operationKey(operation: IHttpOperation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Finds the operation a request is for, or the 404/405 a client should see. */
export function createResolver(
  operations: IHttpOperation[],
  maxEntries = 1000,
): (method: IHttpRequest['method'], path: string) => IHttpOperation | Reply {
  // Prism's router tries every operation on every call; a path seen once resolves from memory.
  const memo = createLru<IHttpOperation | Reply>(maxEntries);
  return (method, path) => {
    const key = `${method} ${path}`;
    let resolved = memo.get(key);
    if (resolved === undefined) {
      resolved = resolveOperation(operations, { method, url: { path } });
      memo.set(key, resolved);
    }
    return resolved;
  };
}

function resolveOperation(operations: IHttpOperation[], request: IHttpRequest): IHttpOperation | Reply {
  // prism-http exports its router only from dist/router (4-prism/load.ts loads it); routing with
  // it (not a matcher of our own) keeps templated-vs-literal precedence, e.g. `/partners:search`
  // vs `/partners/{id}`, exactly as Prism will answer.
  const { route } = prismEngine();
  const result = route({ resources: operations, input: request });
  if (result._tag === 'Right') return result.right;
  const path = request.url.path;
  if (result.left.status === 405) {
    const allowed = operations
      .filter(
        (operation) =>
          route({
            resources: [operation],
            input: { ...request, method: operation.method as IHttpRequest['method'] },
          })._tag === 'Right',
      )
      .map((operation) => operation.method.toUpperCase());
    return withHeaders(
      problem(
        405,
        'Method Not Allowed',
        `${request.method.toUpperCase()} is not defined for ${path}; the spec allows ${allowed.join(', ') || 'no method'}.`,
      ),
      { allow: allowed.join(', ') },
    );
  }
  return problem(404, 'Not Found', `No operation in the spec matches ${path}.`);
}

export function isOperation(value: IHttpOperation | Reply): value is IHttpOperation {
  return !isAnswer(value);
}

export function definesResponse(operation: IHttpOperation, code: number): boolean {
  return operation.responses.some((response) => response.code === String(code));
}
