import { describe, expect, it } from 'vitest';
import { parseCli } from '../src/args.js';
import { localizeBundle } from '../src/docs.js';
import { planFaults } from '../src/faults.js';
import { formatRequestLine } from '../src/log.js';
import { checkAccept, isValidMediaType } from '../src/media-type.js';
import { parsePrefer } from '../src/prefer.js';
import { withFieldErrors, withRetryAfter } from '../src/prism.js';
import { createStats } from '../src/stats.js';
import { isTarget, parseTarget } from '../src/target.js';
import { fieldOf, validationBody } from '../src/validation.js';

describe('parseTarget', () => {
  it('keeps origin-form and absolute-form paths and queries', () => {
    const origin = parseTarget('/v1/partners?limit=5');
    expect(isTarget(origin) && [origin.pathname, origin.searchParams.get('limit')]).toEqual([
      '/v1/partners',
      '5',
    ]);
    const absolute = parseTarget('http://api.example/v1/partners');
    expect(isTarget(absolute) && absolute.pathname).toBe('/v1/partners');
  });

  it.each(['/v1/%zz', '/v1/..', '/v1/%2E/x', 'v1/partners', '*'])('refuses %s with a 400', (raw) => {
    expect(parseTarget(raw)).toMatchObject({ status: 400 });
  });
});

describe('planFaults', () => {
  const none = { delay: undefined, fault: undefined };
  it('is a no-op by default', () => {
    expect(planFaults(none, {})).toEqual({ delayMs: 0, drop: false });
  });
  it('adds header and global delays and drops by rate', () => {
    expect(planFaults({ delay: '10', fault: undefined }, { delayMs: 5, dropRate: 0.5 }, () => 0.4)).toEqual({
      delayMs: 15,
      drop: true,
    });
    expect(planFaults(none, { dropRate: 0.5 }, () => 0.6)).toEqual({ delayMs: 0, drop: false });
  });
  it.each([{ delay: 'x' }, { delay: '30001' }, { fault: 'boom' }])('refuses %o', (headers) => {
    expect(planFaults({ ...none, ...headers }, {})).toMatchObject({ status: 400 });
  });
});

describe('validation bodies', () => {
  it('names missing properties and nested paths', () => {
    expect(fieldOf({ path: ['body'], message: "must have required property 'email'", severity: 0 })).toBe(
      'email',
    );
    expect(
      fieldOf({ path: ['body', 'customer'], message: "must have required property 'key'", severity: 0 }),
    ).toBe('customer.key');
    expect(fieldOf({ path: ['query', 'limit'], message: 'must be integer', severity: 0 })).toBe('limit');
    expect(fieldOf({ message: 'Body parameter is required', severity: 0 })).toBe('body');
  });

  it('groups messages per field in Partnero shape', () => {
    expect(
      validationBody([
        { path: ['body', 'name'], message: 'a', severity: 0 },
        { path: ['body', 'name'], message: 'b', severity: 0 },
      ]),
    ).toEqual({ status: 0, message: 'The given data was invalid.', errors: { name: ['a', 'b'] } });
  });

  it('replaces only a 400/422 answer to a request with errors', () => {
    const response = { status: 200, headers: {}, body: '{}' };
    expect(withFieldErrors(response, [{ message: 'x', severity: 0 }])).toBe(response);
    const invalid = { status: 422, headers: {}, body: '{}' };
    expect(withFieldErrors(invalid, [{ message: 'warning only', severity: 1 }])).toBe(invalid);
    expect(
      JSON.parse(withFieldErrors(invalid, [{ path: ['query', 'page'], message: 'x', severity: 0 }]).body),
    ).toEqual({
      status: 0,
      message: 'The given data was invalid.',
      errors: { page: ['x'] },
    });
  });
});

describe('withRetryAfter', () => {
  it('defaults Retry-After on a 429 that has none', () => {
    expect(withRetryAfter({ status: 429, headers: {}, body: '' }).headers['retry-after']).toBe('1');
    expect(
      withRetryAfter({ status: 429, headers: { 'retry-after': '7' }, body: '' }).headers['retry-after'],
    ).toBe('7');
  });
});

describe('media types', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'text/plain;a="b c"'])(
    'accepts %s',
    (value) => {
      expect(isValidMediaType(value)).toBe(true);
    },
  );
  it.each(['!', 'json', 'a/b/c', 'application/json; x'])('refuses %s', (value) => {
    expect(isValidMediaType(value)).toBe(false);
  });
  it('checks each Accept range', () => {
    expect(checkAccept('application/json, */*;q=0.5')).toBeUndefined();
    expect(checkAccept('application/json, nope')).toMatchObject({ status: 400 });
  });
});

describe('parsePrefer', () => {
  it('reads code, example and dynamic', () => {
    expect(parsePrefer('code=404, example="missing"; dynamic=true')).toEqual({
      code: 404,
      exampleKey: 'missing',
      dynamic: true,
    });
  });
});

describe('parseCli', () => {
  it('has the documented defaults and reads PORT', () => {
    expect(parseCli([], {})).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      verbose: false,
      delayMs: 0,
      dropRate: 0,
    });
    expect(parseCli([], { PORT: '5000' }).port).toBe(5000);
    expect(
      parseCli(['--port', '1', '--drop-rate', '0.25', '--delay-ms', '50', '--verbose'], { PORT: '2' }),
    ).toMatchObject({ port: 1, dropRate: 0.25, delayMs: 50, verbose: true });
  });
});

describe('small pieces', () => {
  it('stats count per operation and reset', () => {
    const stats = createStats();
    stats.record('GET /partners');
    stats.record('GET /partners');
    stats.record(undefined);
    expect(stats.snapshot()).toEqual({ total: 3, byOperation: { 'GET /partners': 2 } });
    stats.reset();
    expect(stats.snapshot()).toEqual({ total: 0, byOperation: {} });
  });

  it('request lines carry no query string', () => {
    expect(formatRequestLine('GET', '/v1/partners', 200, 1.234)).toBe('GET /v1/partners 200 1.2ms');
  });

  it('points the Redoc logo away from the CDN', () => {
    expect(localizeBundle('src:"https://cdn.redoc.ly/redoc/logo-mini.svg"')).not.toContain('https://');
  });
});
