import {
  AuthenticationError,
  BadRequestError,
  createPartneroClient,
  PermissionDeniedError,
  RateLimitError,
  unwrap,
  ValidationError,
} from '@partnero-ts/client';
import {
  type ExampleRequest,
  exampleRequest,
  requiredInput,
  responseOf,
  type SpecOperation,
  specOperations,
  withoutInput,
} from '@partnero-ts/spec-tools';
import { responseBodyErrors } from '@partnero-ts/spec-tools/schema';
import { describe, expect, inject, it } from 'vitest';
import { applicability, CASES, type CaseId } from './cases.js';

declare module 'vitest' {
  interface TaskMeta {
    contract?: { operation: string; case: CaseId };
  }
}

const baseUrl = `${inject('mockUrl')}/v1`;

type Result = { data?: unknown; error?: unknown; response: Response };
// Paths come from the spec at run time; the client's compile-time typing has its own type tests.
type AnyRequest = (method: string, path: string, init: unknown) => Promise<Result>;

interface SendOptions {
  apiKey?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  request?: ExampleRequest;
}

// Each case checks one answer, so no retries; and a fresh connection per request: a kept-alive
// socket left idle while a loaded machine starves the test can be closed by the mock (Node's 5 s
// keepAliveTimeout) just as the next request reuses it, failing with "other side closed".
function send(op: SpecOperation, options: SendOptions = {}): Promise<Result> {
  const client = createPartneroClient({
    // The mock keeps state per key: a key per operation keeps one operation's writes (a delete)
    // from changing what another, running concurrently, reads.
    apiKey: options.apiKey ?? `test_${op.operationId}`,
    baseUrl,
    fetch: options.fetch,
    maxRetries: 0,
    headers: { connection: 'close' },
  });
  const init = { ...(options.request ?? exampleRequest(op)), headers: options.headers };
  return (client.request as unknown as AnyRequest)(op.method.toUpperCase(), op.path, init);
}

// Partnero's own answer to a request without a key can only be provoked past the client's guard.
const withoutAuthorization: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  request.headers.delete('authorization');
  return fetch(request);
};

function expectBodyMatches(op: SpecOperation, status: number, body: unknown) {
  expect(responseBodyErrors(op, status, body), `${status} body against the spec`).toBe('');
}

async function expectThrown<E extends Error>(
  result: Result,
  errorClass: abstract new (...args: never[]) => E,
) {
  const error = await unwrap(Promise.resolve(result as never)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(errorClass);
  return error as E;
}

const operations = specOperations();

describe.concurrent.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
  '%s',
  (name, op) => {
    const contractCase = (id: CaseId, body: (op: SpecOperation) => Promise<void>) => {
      const applies = applicability(op, id);
      if (!applies.applies) return;
      it(CASES[id], async ({ task }) => {
        task.meta.contract = { operation: name, case: id };
        await body(op);
      });
    };

    contractCase('success', async () => {
      const { response, data } = await send(op);
      expect(response.ok, `status ${response.status}`).toBe(true);
      expect(responseOf(op, response.status), `undocumented status ${response.status}`).toBeDefined();
      if (data !== undefined) expectBodyMatches(op, response.status, data);
    });

    contractCase('noKey', async () => {
      const result = await send(op, { fetch: withoutAuthorization });
      expect(result.response.status).toBe(401);
      expect(result.response.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
      expectBodyMatches(op, 401, result.error);
      await expectThrown(result, AuthenticationError);
    });

    contractCase('invalidKey', async () => {
      for (const apiKey of ['invalid_key', 'expired_key']) {
        const result = await send(op, { apiKey });
        expect(result.response.status).toBe(401);
        expect(result.response.headers.get('www-authenticate')).toMatch(/^Bearer realm="partnero"/);
        expectBodyMatches(op, 401, result.error);
        const error = await expectThrown(result, AuthenticationError);
        expect(error.status).toBe(401);
      }
    });

    contractCase('forbidden', async () => {
      const result = await send(op, { apiKey: 'forbidden_key' });
      expect(result.response.status).toBe(403);
      expectBodyMatches(op, 403, result.error);
      const error = await expectThrown(result, PermissionDeniedError);
      expect(error.status).toBe(403);
    });

    contractCase('missingField', async () => {
      const input = requiredInput(op);
      if (!input) throw new Error('case 5 scheduled without a required input');
      const result = await send(op, { request: withoutInput(exampleRequest(op), input) });
      expect([422, 400]).toContain(result.response.status);
      expectBodyMatches(op, result.response.status, result.error);
      if (result.response.status === 422) {
        const error = await expectThrown(result, ValidationError);
        expect(Object.keys(error.errors ?? {}).join(' ')).toContain(input.name);
      } else {
        const error = await expectThrown(result, BadRequestError);
        expect(JSON.stringify(error.body)).toContain(input.name);
      }
    });

    // No retry here: waiting out Retry-After would tie the outcome to the clock. The client's
    // own tests prove, with an injected sleep, that it waits the advertised delay and retries.
    contractCase('rateLimited', async () => {
      const result = await send(op, { headers: { Prefer: 'code=429' } });
      expect(result.response.status).toBe(429);
      expectBodyMatches(op, 429, result.error);
      const seconds = Number(result.response.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      const error = await expectThrown(result, RateLimitError);
      expect(error.retryAfter).toBe(seconds * 1000);
    });
  },
);
