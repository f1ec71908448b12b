import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { createLogger, IPrismDiagnostic } from '@stoplight/prism-core';
import type { createInstance, getHttpOperationsFromSpec, IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';

/** The Prism functions the pipeline uses (scripts/engine-entry.cjs lists them). */
export interface PrismEngine {
  createInstance: typeof createInstance;
  getHttpOperationsFromSpec: typeof getHttpOperationsFromSpec;
  route(opts: {
    resources: IHttpOperation[];
    input: IHttpRequest;
  }):
    | { _tag: 'Left'; left: Error & { status?: number; detail?: string } }
    | { _tag: 'Right'; right: IHttpOperation };
  validateInput(options: {
    resource: IHttpOperation;
    element: IHttpRequest;
  }): { _tag: 'Left'; left: IPrismDiagnostic[] } | { _tag: 'Right' };
  createLogger: typeof createLogger;
}

const require = createRequire(import.meta.url);
// Written by scripts/bundle-engine.mjs next to the compiled modules (dist/engine/); absent when
// the mock runs from source (its tests), which then loads Prism's own modules the same way.
const BUNDLE = fileURLToPath(new URL('../engine/engine.cjs', import.meta.url));
const OPERATIONS = fileURLToPath(new URL('../engine/operations.json', import.meta.url));
const UNBUNDLED = fileURLToPath(new URL('../../scripts/engine-entry.cjs', import.meta.url));

let engine: PrismEngine | undefined;

/** Prism, from the one-file bundle when built, else from node_modules; loaded on first use. */
export function prismEngine(): PrismEngine {
  engine ??= require(existsSync(BUNDLE) ? BUNDLE : UNBUNDLED) as PrismEngine;
  return engine;
}

/**
 * Prism's operation list for a spec: the one computed at build time when the spec's bytes are
 * those it was computed from (a different `--spec`, or a newer @partnero-ts/spec, is computed
 * here), else Prism dereferences the spec as it always does.
 */
export async function specOperations(specPath: string, specText: string): Promise<IHttpOperation[]> {
  if (existsSync(OPERATIONS)) {
    const built = JSON.parse(readFileSync(OPERATIONS, 'utf8')) as {
      specSha256: string;
      operations: IHttpOperation[];
    };
    if (built.specSha256 === createHash('sha256').update(specText).digest('hex')) return built.operations;
  }
  return prismEngine().getHttpOperationsFromSpec(specPath);
}
