import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  errorCode,
  isIdempotent,
  neverConnected,
  retryDelay,
  shouldRetryFailure,
  shouldRetryResponse,
} from '../src/retry.js';
import { parseRetryAfter } from '../src/retry-after.js';
import { networkError } from './stub.js';

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
  it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])('%s retries 408/409/429/5xx only', (method) => {
    for (const status of [408, 409, 429, 500, 502, 503, 504]) {
      expect(shouldRetryResponse(method, status, headers())).toBe(true);
    }
    for (const status of [200, 201, 204, 400, 401, 403, 404, 422]) {
      expect(shouldRetryResponse(method, status, headers())).toBe(false);
    }
  });
  it.each(['POST', 'PATCH'])('%s retries only on 429, never on 5xx/408/409', (method) => {
    expect(shouldRetryResponse(method, 429, headers())).toBe(true);
    for (const status of [408, 409, 500, 503])
      expect(shouldRetryResponse(method, status, headers())).toBe(false);
  });
  it('reads x-should-retry first', () => {
    expect(shouldRetryResponse('GET', 503, headers({ 'x-should-retry': 'false' }))).toBe(false);
    expect(shouldRetryResponse('POST', 500, headers({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetryResponse('GET', 400, headers({ 'x-should-retry': 'true' }))).toBe(true);
  });
  it('is case-insensitive on the method', () => {
    expect(isIdempotent('post')).toBe(false);
    expect(isIdempotent('get')).toBe(true);
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
    expect(neverConnected(networkError(code))).toBe(true);
    expect(shouldRetryFailure('POST', false, networkError(code))).toBe(true);
  });
  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'])(
    '%s may have reached the server: POST is not retried',
    (code) => {
      expect(shouldRetryFailure('POST', false, networkError(code))).toBe(false);
      expect(shouldRetryFailure('GET', false, networkError(code))).toBe(true);
    },
  );
  it('never retries a POST that timed out, or failed without a code', () => {
    expect(shouldRetryFailure('POST', true, networkError('ECONNREFUSED'))).toBe(false);
    expect(shouldRetryFailure('POST', false, new TypeError('fetch failed'))).toBe(false);
    expect(shouldRetryFailure('GET', true, new Error('aborted'))).toBe(true);
  });
});
