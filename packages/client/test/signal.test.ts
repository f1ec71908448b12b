import { afterEach, describe, expect, it, vi } from 'vitest';
import { anySignal, sleep } from '../src/signal.js';

const realAny = AbortSignal.any;

afterEach(() => {
  Object.defineProperty(AbortSignal, 'any', { value: realAny, configurable: true, writable: true });
  vi.useRealTimers();
});

// Older browsers (Safari < 17.4) have no AbortSignal.any.
function removeAny() {
  Object.defineProperty(AbortSignal, 'any', { value: undefined, configurable: true, writable: true });
}

describe.each([
  ['AbortSignal.any', false],
  ['the fallback', true],
])('anySignal with %s', (_label, withoutAny) => {
  it('aborts with the reason of the first input to abort', () => {
    if (withoutAny) removeAny();
    const a = new AbortController();
    const b = new AbortController();
    const signal = anySignal([a.signal, b.signal]);
    expect(signal.aborted).toBe(false);
    b.abort('because');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('because');
  });

  it('is aborted at once when an input already is', () => {
    if (withoutAny) removeAny();
    const signal = anySignal([new AbortController().signal, AbortSignal.abort('early')]);
    expect(signal.reason).toBe('early');
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
