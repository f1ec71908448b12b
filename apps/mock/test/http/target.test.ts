import { describe, expect, it } from 'vitest';
import { isAnswer } from '../../src/answer.js';
import { formatRequestLine } from '../../src/http/log.js';
import { targetUrl } from '../../src/http/target.js';

describe('targetUrl', () => {
  it('makes origin-form targets absolute on the Host, and keeps absolute-form ones', () => {
    expect(targetUrl('/v1/partners?limit=5', '127.0.0.1:4010')).toBe(
      'http://127.0.0.1:4010/v1/partners?limit=5',
    );
    expect(targetUrl('http://api.example/v1/partners', '127.0.0.1:4010')).toBe(
      'http://api.example/v1/partners',
    );
  });

  it('falls back to localhost for a missing or odd Host header', () => {
    expect(targetUrl('/health', undefined)).toBe('http://localhost/health');
    expect(targetUrl('/health', 'a b')).toBe('http://localhost/health');
  });

  it.each(['/v1/%zz', '/v1/..', '/v1/%2E/x', '//v1/partners', 'v1/partners', '*'])(
    'refuses %s with a 400',
    (raw) => {
      const answer = targetUrl(raw, 'x');
      expect(isAnswer(answer) && answer).toMatchObject({ status: 400 });
    },
  );

  it('refuses targets over 8 KiB with a 414', () => {
    expect(targetUrl(`/v1/partners?q=${'a'.repeat(9000)}`, 'x')).toMatchObject({ status: 414 });
  });
});

describe('request lines', () => {
  it('carry method, path, status and time, never a query string', () => {
    expect(formatRequestLine('GET', '/v1/partners', 200, 1.234)).toBe('GET /v1/partners 200 1.2ms');
  });
});
