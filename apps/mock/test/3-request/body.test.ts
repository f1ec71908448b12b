import { describe, expect, it } from 'vitest';
import { depthExceeds, MAX_JSON_DEPTH, readJsonBody } from '../../src/3-request/body.js';
import { checkMediaTypes, isValidMediaType } from '../../src/3-request/media-type.js';
import { isAnswer } from '../../src/answer.js';

const post = (body: string, type = 'application/json') =>
  new Request('http://mock.local/v1/partners', { method: 'POST', headers: { 'content-type': type }, body });

describe('readJsonBody', () => {
  it('parses JSON and reads an empty body as undefined', async () => {
    expect(await readJsonBody(post('{"a":[1]}'))).toEqual({ value: { a: [1] } });
    expect(await readJsonBody(new Request('http://mock.local/'))).toEqual({ value: undefined });
  });

  it('refuses JSON nested deeper than the limit before anything walks it', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const answer = await readJsonBody(post(deep));
    expect(isAnswer(answer) && answer).toMatchObject({ status: 400 });
    const limit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(await readJsonBody(post(limit))).not.toHaveProperty('status');
  });

  it('refuses a body over the limit with 413, by declared length or by bytes read', async () => {
    expect(await readJsonBody(post('"0123456789"'), 5)).toMatchObject({ status: 413 });
    const stream = new Request('http://mock.local/', {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('"0123'));
          controller.enqueue(new TextEncoder().encode('456789"'));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(await readJsonBody(stream, 8)).toMatchObject({ status: 413 });
  });

  it('refuses non-JSON bodies with 415 and malformed JSON with 400', async () => {
    expect(await readJsonBody(post('a=1', 'application/x-www-form-urlencoded'))).toMatchObject({
      status: 415,
    });
    expect(await readJsonBody(post('{"a":'))).toMatchObject({ status: 400 });
  });
});

describe('depthExceeds', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(depthExceeds({ a: { b: [1] } }, 3)).toBe(false);
    expect(depthExceeds({ a: { b: [[1]] } }, 3)).toBe(true);
    expect(depthExceeds('text', 0)).toBe(false);
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
  it('checks each Accept range, then Content-Type', () => {
    const fine = new Headers({ accept: 'application/json, */*;q=0.5', 'content-type': 'application/json' });
    expect(checkMediaTypes(fine)).toBe(fine);
    expect(checkMediaTypes(new Headers({ accept: 'application/json, nope' }))).toMatchObject({ status: 400 });
    expect(checkMediaTypes(new Headers({ 'content-type': 'json' }))).toMatchObject({ status: 400 });
  });
});
