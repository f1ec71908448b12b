/**
 * A ready vitest global setup: `globalSetup: ['@partnero-ts/mock/vitest/global-setup']` starts one
 * mock on a free port for the whole run and provides its `/v1` base URL as `partneroBaseUrl`
 * (read it with `partneroBaseUrl()` from `@partnero-ts/mock/vitest`, or `inject`).
 */
import type { TestProject } from 'vitest/node';
import { startMock } from '../http/server.js';
import './provided-context.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock({ port: 0 });
  project.provide('partneroBaseUrl', `${mock.url}/v1`);
  return () => mock.close();
}
