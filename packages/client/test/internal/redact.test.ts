import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactError } from '../../src/internal/redact.js';

const KEY = 'pk_live_SECRET_4f9a1c';

describe('redaction', () => {
  const redact = createRedactor(KEY);

  it('replaces every occurrence', () => {
    expect(redact(`a ${KEY} b ${KEY}`)).toBe('a [redacted] b [redacted]');
  });

  it('copies name, code and the cause chain, nothing else', () => {
    const cause = Object.assign(new Error(`inner ${KEY}`), { code: 'ECONNREFUSED', secret: KEY });
    const copy = redactError(new TypeError(`outer ${KEY}`, { cause }), redact);
    expect(copy).toMatchObject({ name: 'TypeError', message: 'outer [redacted]' });
    expect(copy.cause).toMatchObject({ name: 'Error', message: 'inner [redacted]', code: 'ECONNREFUSED' });
    expect(inspect(copy, { depth: Number.POSITIVE_INFINITY })).not.toContain(KEY);
    expect(redactError(`plain ${KEY}`, redact).message).toBe('plain [redacted]');
  });
});
