import { startMock } from '@partnero-ts/mock';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

// One mock per run: Prism's module load dominates start-up, so tests share the server.
export default async function setup(project: TestProject) {
  const mock = await startMock({ port: 0 });
  project.provide('mockUrl', mock.url);
  return () => mock.close();
}
