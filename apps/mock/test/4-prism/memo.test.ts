import type { IHttpOperation } from '@stoplight/types';
import { describe, expect, it } from 'vitest';
import type { PrismCall, PrismHandler } from '../../src/4-prism/engine.js';
import { memoizePrism } from '../../src/4-prism/memo.js';
import { reply } from '../../src/answer.js';
import { createLru } from '../../src/lru.js';

describe('createLru', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const evicted: string[] = [];
    const memo = createLru<number>(2, (key) => evicted.push(key));
    memo.set('a', 1);
    memo.set('b', 2);
    expect(memo.get('a')).toBe(1); // a is now the most recently used
    memo.set('c', 3);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe(1);
    expect(memo.get('c')).toBe(3);
    expect(memo.size).toBe(2);
    expect(evicted).toEqual(['b']);
  });
});

describe('memoizePrism', () => {
  const operation = {
    id: 'op1',
    method: 'get',
    path: '/partners',
    responses: [],
  } as unknown as IHttpOperation;
  const call = (overrides: Partial<PrismCall> = {}): PrismCall => ({
    request: { method: 'get', url: { path: '/partners', query: { limit: '5' } }, headers: {} },
    operation,
    prefs: {},
    ...overrides,
  });

  function countingPrism(): { prism: PrismHandler; calls: () => number } {
    let calls = 0;
    return {
      prism: async () => {
        calls += 1;
        return reply(200, {}, String(calls));
      },
      calls: () => calls,
    };
  }

  it('runs Prism once for repeated identical requests', async () => {
    const { prism, calls } = countingPrism();
    const memoized = memoizePrism(prism);
    const first = await memoized(call());
    expect(await memoized(call())).toEqual(first);
    expect(calls()).toBe(1);
  });

  it('tells apart requests that differ in anything Prism reads', async () => {
    const { prism, calls } = countingPrism();
    const memoized = memoizePrism(prism);
    await memoized(call());
    await memoized(call({ prefs: { code: 404 } }));
    await memoized(call({ prefs: { exampleKey: 'other' } }));
    await memoized(call({ request: { method: 'get', url: { path: '/partners', query: { limit: '6' } } } }));
    await memoized(call({ request: { method: 'get', url: { path: '/partners' }, body: { a: 1 } } }));
    await memoized(
      call({ request: { method: 'get', url: { path: '/partners' }, headers: { accept: 'text/plain' } } }),
    );
    await memoized(call({ validate: false }));
    expect(calls()).toBe(7);
  });

  it('never reuses a dynamic (random) answer', async () => {
    const { prism, calls } = countingPrism();
    const memoized = memoizePrism(prism);
    await memoized(call({ prefs: { dynamic: true } }));
    await memoized(call({ prefs: { dynamic: true } }));
    expect(calls()).toBe(2);
  });

  it('stays within its bound', async () => {
    const { prism, calls } = countingPrism();
    const memoized = memoizePrism(prism, 2);
    for (const limit of ['1', '2', '3', '1']) {
      await memoized(call({ request: { method: 'get', url: { path: '/partners', query: { limit } } } }));
    }
    expect(calls()).toBe(4); // limit=1 was evicted by limit=3
  });
});
