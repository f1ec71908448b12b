import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  errorCode,
  failureOutcome,
  isIdempotent,
  parseRetryAfter,
  retryDelay,
  shouldRetryFailure,
  shouldRetryResponse,
} from '../../src/internal/retry.js';
import { networkError } from '../stub.js';

const headers = (init: Record<string, string> = {}) => new Headers(init);

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{}, undefined],
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after-ms': '250', 'retry-after': '10' }, 250],
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, 7000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '' }, undefined],
    // A malformed retry-after-ms counts as absent: the valid Retry-After still applies.
    [{ 'retry-after-ms': 'abc', 'retry-after': '5' }, 5000],
    [{ 'retry-after-ms': 'Infinity', 'retry-after': '5' }, 5000],
    [{ 'retry-after-ms': 'abc' }, undefined],
    [{ 'retry-after-ms': '-20' }, 0],
  ])('%j -> %s ms', (init, expected) => {
    expect(parseRetryAfter(headers(init as Record<string, string>), now)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('starts at 0.5 s, doubles, caps at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
  it('subtracts up to 25 % jitter', () => {
    expect(backoffDelay(0, () => 1)).toBe(375);
    expect(backoffDelay(2, () => 0.5)).toBe(1750);
  });
});

describe('retryDelay', () => {
  it('prefers the server advice, capped at 60 s', () => {
    expect(retryDelay(headers({ 'retry-after': '2' }), 0, () => 0)).toBe(2000);
    expect(retryDelay(headers({ 'retry-after': '3600' }), 0, () => 0)).toBe(60_000);
  });
  it('falls back to backoff without advice', () => {
    expect(retryDelay(headers(), 1, () => 0)).toBe(1000);
    expect(retryDelay(undefined, 3, () => 0)).toBe(4000);
  });
});

describe('shouldRetryResponse', () => {
  it('retries an idempotent operation on 408/409/429/5xx only', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) {
      expect(shouldRetryResponse(true, status, headers())).toBe(true);
    }
    for (const status of [200, 201, 204, 400, 401, 403, 404, 422]) {
      expect(shouldRetryResponse(true, status, headers())).toBe(false);
    }
  });
  it('retries a non-idempotent operation only on 429, never on 5xx/408/409', () => {
    expect(shouldRetryResponse(false, 429, headers())).toBe(true);
    for (const status of [408, 409, 500, 503])
      expect(shouldRetryResponse(false, status, headers())).toBe(false);
  });
  it('reads x-should-retry first', () => {
    expect(shouldRetryResponse(true, 503, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(shouldRetryResponse(false, 500, headers({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetryResponse(true, 400, headers({ 'x-should-retry': 'true' }))).toBe(true);
  });
});

describe('failures without an HTTP answer', () => {
  it('finds the first code along the cause chain, AggregateError included', () => {
    const aggregate = Object.assign(new AggregateError([networkError('ECONNREFUSED').cause]), {
      code: 'ECONNREFUSED',
    });
    expect(errorCode(networkError('ENOTFOUND'))).toBe('ENOTFOUND');
    expect(errorCode(new TypeError('fetch failed', { cause: aggregate }))).toBe('ECONNREFUSED');
    expect(errorCode(new TypeError('fetch failed'))).toBeUndefined();
    expect(errorCode('not an error')).toBeUndefined();
  });
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('%s proves no connection was made', (code) => {
    expect(shouldRetryFailure(false, false, networkError(code))).toBe(true);
  });
  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])(
    '%s may have reached the server: a non-idempotent operation is not retried',
    (code) => {
      expect(shouldRetryFailure(false, false, networkError(code))).toBe(false);
      expect(shouldRetryFailure(true, false, networkError(code))).toBe(true);
    },
  );
  it('never retries a non-idempotent operation that timed out, or failed without a code', () => {
    expect(shouldRetryFailure(false, true, networkError('ECONNREFUSED'))).toBe(false);
    expect(shouldRetryFailure(false, false, new TypeError('fetch failed'))).toBe(false);
    expect(shouldRetryFailure(true, true, new Error('aborted'))).toBe(true);
  });
});

describe('failureOutcome', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])(
    '%s: no connection was made, so the request was not sent',
    (code) => {
      expect(failureOutcome(false, networkError(code))).toBe('not-sent');
    },
  );
  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', undefined])(
    '%s: the request may have reached the server',
    (code) => {
      expect(failureOutcome(false, code ? networkError(code) : new TypeError('fetch failed'))).toBe(
        'unknown',
      );
    },
  );
  it('a timeout is unknown whatever its cause says: it may fire after the body was sent', () => {
    expect(failureOutcome(true, networkError('ECONNREFUSED'))).toBe('unknown');
  });
});

describe('isIdempotent', () => {
  const unsafe = ['GET /leads/convert', 'PUT /coupons', 'DELETE /things/{id}'];

  it('follows the method rule for operations the list does not name', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'get']) {
      expect(isIdempotent(method, '/partners', unsafe)).toBe(true);
    }
    for (const method of ['POST', 'PATCH', 'post', 'patch']) {
      expect(isIdempotent(method, '/partners', unsafe)).toBe(false);
    }
  });

  it('refuses the listed operations, with or without a query, whatever the case of the method', () => {
    expect(isIdempotent('GET', '/leads/convert', unsafe)).toBe(false);
    expect(isIdempotent('GET', '/leads/convert?id=7', unsafe)).toBe(false);
    expect(isIdempotent('get', '/leads/convert', unsafe)).toBe(false);
    expect(isIdempotent('PUT', '/coupons', unsafe)).toBe(false);
    expect(isIdempotent('DELETE', '/things/t%2F1', unsafe)).toBe(false);
    expect(isIdempotent('DELETE', '/things/t1?force=1', unsafe)).toBe(false);
  });

  it('matches whole paths, one segment per parameter, and the method', () => {
    expect(isIdempotent('GET', '/leads/convert/extra', unsafe)).toBe(true);
    expect(isIdempotent('GET', '/leads/converted', unsafe)).toBe(true);
    expect(isIdempotent('GET', '/coupons', unsafe)).toBe(true);
    expect(isIdempotent('DELETE', '/things/a/b', unsafe)).toBe(true);
    expect(isIdempotent('DELETE', '/things/', unsafe)).toBe(true);
    expect(isIdempotent('GET', '/things/t1', unsafe)).toBe(true);
  });

  it('treats a URL outside the base URL by the method rule', () => {
    expect(isIdempotent('GET', 'https://proxy.example/leads/convert', unsafe)).toBe(true);
    expect(isIdempotent('POST', 'https://proxy.example/leads/convert', unsafe)).toBe(false);
  });
});

describe('the generated list', () => {
  const require = createRequire(import.meta.url);
  const spec = JSON.parse(readFileSync(require.resolve('@partnero-ts/spec/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { 'x-partnero-idempotent'?: boolean }>>;
  };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );

  it('covers operations the spec declares unsafe although their method is not', () => {
    expect(
      operations.filter(
        (op) => op.operation['x-partnero-idempotent'] === false && !/POST|PATCH/.test(op.method),
      ).length,
    ).toBeGreaterThan(0);
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s is resent only if x-partnero-idempotent allows it (and it is no POST or PATCH)',
    (_name, { method, path, operation }) => {
      // A concrete request: each parameter filled in, the way openapi-fetch encodes it.
      const concrete = path.replace(/\{[^}]*\}/g, 'v%2F1');
      const declared = operation['x-partnero-idempotent'];
      expect(typeof declared).toBe('boolean');
      const expected = declared === true && !/^(POST|PATCH)$/.test(method);
      expect(isIdempotent(method, concrete)).toBe(expected);
      expect(isIdempotent(method, `${concrete}?page=2`)).toBe(expected);
    },
  );
});
