import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactError } from '../../src/internal/redact.js';
import { ODD_KEY, spellingsOf } from '../key-spellings.js';

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

describe('redaction of encoded forms', () => {
  const redact = createRedactor(ODD_KEY);

  it.each(spellingsOf(ODD_KEY).map((form) => [form]))('removes %s', (form) => {
    expect(redact(`before ${form} after`)).toBe('before [redacted] after');
  });

  it('removes the key inside a longer base64 text, in base64 and base64url', () => {
    const basic = btoa(`${ODD_KEY}:`);
    expect(redact(basic)).not.toContain(basic.slice(0, 28));
    expect(redact(basic)).toMatch(/^\[redacted\]/);
    const url = basic.replace(/\+/g, '-').replace(/\//g, '_');
    expect(redact(url)).toMatch(/^\[redacted\]/);
  });

  it('leaves text without the key alone, and never matches an empty form (a 1- or 2-character key)', () => {
    expect(redact('nothing to hide')).toBe('nothing to hide');
    expect(createRedactor('ab')('xabx yy')).toBe('x[redacted]x yy');
  });

  it('ends a cause chain that loops, and redacts name and code too', () => {
    const looping = Object.assign(new Error(`loop ${ODD_KEY}`), { code: `E_${ODD_KEY}` });
    looping.name = `Named ${ODD_KEY}`;
    looping.cause = looping;
    const copy = redactError(looping, redact);
    let depth = 0;
    for (let e: unknown = copy; e; e = (e as Error).cause) depth++;
    expect(depth).toBe(6);
    expect(inspect(copy, { depth: Number.POSITIVE_INFINITY })).not.toContain(ODD_KEY);
    expect(copy).toMatchObject({ name: 'Named [redacted]', code: 'E_[redacted]' });
  });
});

describe('redaction edge cases', () => {
  it('removes base64url, which spells base64 `+` and `/` as `-` and `_`', () => {
    const key = 'pk_live_>?>?xyz';
    const base64 = btoa(key);
    // Self-check: this key's base64 has both digits that base64url changes.
    expect(base64).toMatch(/\+.*\//);
    const base64url = base64.replace(/\+/g, '-').replace(/\//g, '_');
    expect(createRedactor(key)(`token=${base64url}`)).toBe('token=[redacted]');
  });

  it('replaces the longest spelling first, so no stray escape is left behind', () => {
    // The literal key is a prefix of its JSON spelling (`ab\` -> `ab\\`).
    const key = 'pk_ab\\';
    expect(createRedactor(key)('"pk_ab\\\\"')).toBe('"[redacted]"');
    // The whole-group base64 prefix is a prefix of the full base64 form.
    expect(createRedactor('abcd')(btoa('abcd'))).toBe('[redacted]');
  });

  it('adds no code to a copy of an error that has none', () => {
    const copy = redactError(new Error('plain'), createRedactor(KEY));
    expect(Object.hasOwn(copy, 'code')).toBe(false);
  });

  it('gives a copy of an error without a cause no cause', () => {
    expect(redactError(new Error('plain'), createRedactor(KEY)).cause).toBeUndefined();
  });
});
