// vitest.global-setup.ts: one mock for the whole test run, its URL provided to every test.
import { startMock } from '@partnero-ts/mock';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    partneroBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock({ port: 0 }); // -> { url, close() }
  project.provide('partneroBaseUrl', `${mock.url}/v1`);
  return () => mock.close();
}
