import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { createLogger, IPrismDiagnostic } from '@stoplight/prism-core';
import type { createInstance, getHttpOperationsFromSpec, IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';

/** The Prism functions the pipeline answers with (scripts/engine-entry.cjs lists them). */
export interface PrismEngine {
  createInstance: typeof createInstance;
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
const built = (name: string) => fileURLToPath(new URL(`../engine/${name}`, import.meta.url));
const unbundled = (name: string) => fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));
const OPERATIONS = built('operations.json');

/** A bundle when built, else its entry over node_modules (scripts/ is not published). */
function load<T>(bundle: string, entry: string): T {
  return require(existsSync(built(bundle)) ? built(bundle) : unbundled(entry)) as T;
}

let engine: PrismEngine | undefined;

/** Prism, from the one-file bundle when built, else from node_modules; loaded on first use. */
export function prismEngine(): PrismEngine {
  engine ??= load<PrismEngine>('engine.cjs', 'engine-entry.cjs');
  return engine;
}

/**
 * Prism dereferences the spec into its operation list (a few hundred ms and its own modules).
 * @public test/4-prism/load.test.ts compares the build's list with it, through dist/.
 */
export function computeOperations(specPath: string): Promise<IHttpOperation[]> {
  return load<{ getHttpOperationsFromSpec: typeof getHttpOperationsFromSpec }>(
    'spec.cjs',
    'spec-entry.cjs',
  ).getHttpOperationsFromSpec(specPath);
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
  return computeOperations(specPath);
}
