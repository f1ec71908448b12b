import type { IHttpOperation } from '@stoplight/types';
import { createResolver } from './1-route/operations.js';
import { specOperations } from './4-prism/load.js';
import { type Answer, problem, toResponse } from './answer.js';
import { defaultSpecPath, loadDocument, type SpecDocument } from './document.js';
import { loggedPath } from './http/log.js';
import type { MockRequest } from './incoming.js';
import { answerInternal, isInternalPath, type Routes } from './internal/routes.js';
import { createStats, type Stats } from './internal/stats.js';
import type { MockPipeline } from './mock-pipeline.js';

/** What the shell loaded for a pipeline to build its stages on. */
export interface LoadedSpec {
  operations: IHttpOperation[];
  /** The operation a method and path are for, or the 404/405 (1-route/operations.ts), memoized. */
  resolve: ReturnType<typeof createResolver>;
  document: SpecDocument;
  stats: Stats;
}

/** What a pipeline adds to the shell: its own routes and their context, its API stages, its cleanup. */
export interface PipelineParts<C> {
  routes: Routes<C>;
  context: C;
  /** The API key that scopes the per-key internal routes, when the pipeline has any. */
  tokenOf?: (request: MockRequest) => string | undefined;
  /** Everything that is not an internal route. */
  api(request: MockRequest, url: URL): Promise<Answer>;
  /** The title of the 500 a thrown error becomes, e.g. "Mock failure". */
  failure: string;
  close(): void | Promise<void>;
}

/**
 * The skeleton the mock and the proxy share: load the spec once, send internal routes (health,
 * docs, /__mock/*) to their handlers and everything else to the pipeline's API stages, and turn
 * a thrown error into a 500 problem so the server never crashes on one request.
 */
export async function openShell<C>(
  specPath: string | undefined,
  build: (spec: LoadedSpec) => PipelineParts<C> | Promise<PipelineParts<C>>,
): Promise<MockPipeline> {
  const path = specPath ?? defaultSpecPath();
  const document = await loadDocument(path);
  const operations = await specOperations(path, document.text);
  const resolve = createResolver(operations);
  const parts = await build({ operations, resolve, document, stats: createStats() });

  async function answer(request: MockRequest): Promise<Answer> {
    try {
      const url = new URL(request.url);
      if (isInternalPath(parts.routes, url.pathname)) {
        return await answerInternal(parts.routes, parts.context, request, url, parts.tokenOf?.(request));
      }
      return await parts.api(request, url);
    } catch (error) {
      return problem(500, parts.failure, error instanceof Error ? error.message : 'unexpected error');
    }
  }

  return {
    answer,
    async fetch(request) {
      return toResponse(await answer(request), request.method);
    },
    logPath: (method, target) =>
      loggedPath(method, target, (pathname) => Object.hasOwn(parts.routes, pathname), resolve),
    async close() {
      await parts.close();
    },
  };
}
