import { createLogger } from '@stoplight/prism-core';
import { createInstance, getHttpOperationsFromSpec, type IHttpRequest } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import type { Preferences } from './prefer.js';
import { type MockResponse, problem } from './problem.js';

export type PrismHandler = (request: IHttpRequest, prefs: Preferences) => Promise<MockResponse>;

export async function loadOperations(specPath: string): Promise<IHttpOperation[]> {
  return getHttpOperationsFromSpec(specPath);
}

// Auth is decided by our own layer (auth.ts) before Prism sees the request.
const BASE_CONFIG = {
  checkSecurity: false,
  validateRequest: true,
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false as const,
};

export function createPrismHandler(operations: IHttpOperation[]): PrismHandler {
  // Prism calls logger.success(), a custom level only its own logger factory defines.
  const logger = createLogger('partnero-mock', { enabled: false });
  const prism = createInstance({ ...BASE_CONFIG, mock: { dynamic: false } }, { logger });

  return async (request, prefs) => {
    const mock = {
      dynamic: prefs.dynamic ?? false,
      ...(prefs.code !== undefined && { code: prefs.code }),
      ...(prefs.exampleKey !== undefined && { exampleKey: prefs.exampleKey }),
    };
    const result = await prism.request(request, operations, { ...BASE_CONFIG, mock })();
    if (result._tag === 'Left') return fromPrismError(result.left);
    const { output } = result.right;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(output.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const body = output.body;
    return {
      status: output.statusCode,
      headers,
      body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
    };
  };
}

function fromPrismError(error: Error & { status?: number; detail?: string }): MockResponse {
  const status = typeof error.status === 'number' ? error.status : 500;
  return problem(status, error.message || 'Mock error', error.detail ?? error.message);
}
