import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock } from '@partnero-ts/mock';
import { spec } from '@partnero-ts/spec-tools';
import type { TestProject } from 'vitest/node';
import { mutateSpec } from './mutated-spec.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The mock serving the real spec: production as the spec describes it. */
    mockUrl: string;
    /** The mock serving a copy of the spec with MUTATION applied: production that differs. */
    mutatedMockUrl: string;
  }
}

// Two mocks per run: Prism's module load dominates start-up, so the tests share them.
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'partnero-live-'));
  const mutatedPath = join(dir, 'openapi.json');
  await writeFile(mutatedPath, JSON.stringify(mutateSpec(spec)));
  const [mock, mutated] = await Promise.all([
    startMock({ port: 0 }),
    startMock({ port: 0, specPath: mutatedPath }),
  ]);
  project.provide('mockUrl', mock.url);
  project.provide('mutatedMockUrl', mutated.url);
  return async () => {
    await Promise.all([mock.close(), mutated.close()]);
    await rm(dir, { recursive: true, force: true });
  };
}
