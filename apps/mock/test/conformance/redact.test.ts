import { describe, expect, it } from 'vitest';
import { describeDifference, preview, redact } from '../../src/conformance/index.js';

describe('redact', () => {
  it('replaces every occurrence, the whole header before the bare token', () => {
    expect(redact('Bearer abc123 and abc123', ['Bearer abc123', 'abc123'])).toBe('[redacted] and [redacted]');
  });

  it('also replaces the JSON-escaped form of a secret', () => {
    const secret = 'we"ird\\key';
    expect(redact(JSON.stringify({ echoed: secret }), [secret])).toBe('{"echoed":"[redacted]"}');
  });

  it('ignores empty secrets', () => {
    expect(redact('text', [''])).toBe('text');
  });
});

describe('preview', () => {
  it('keeps small values as they are and cuts large ones to 200 characters', () => {
    expect(preview(42)).toBe(42);
    expect(preview({ a: 1 })).toEqual({ a: 1 });
    expect(preview('x'.repeat(300))).toBe(`${'x'.repeat(200)}…`);
  });

  it('redacts a number that is the secret', () => {
    expect(preview(12345678, ['12345678'])).toBe('[redacted]');
  });
});

describe('describeDifference', () => {
  it('prints the pointer, the message and the value found, if any', () => {
    expect(describeDifference({ pointer: '/body/a', message: 'must be string', value: 7 })).toBe(
      '/body/a: must be string (found 7)',
    );
    expect(describeDifference({ pointer: '', message: 'missing' })).toBe('/: missing');
  });
});
