import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep, startAttempt } from '../../src/internal/attempt.js';

afterEach(() => {
  vi.useRealTimers();
});

const never = () => new Promise<never>(() => {});

describe('startAttempt', () => {
  it('aborts after its timeout and says so', async () => {
    vi.useFakeTimers();
    const attempt = startAttempt(new AbortController().signal, 50);
    await vi.advanceTimersByTimeAsync(49);
    expect(attempt.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toMatchObject({ name: 'AbortError' });
  });

  it("aborts with the caller's reason when the caller aborts, without calling it a timeout", () => {
    const caller = new AbortController();
    const attempt = startAttempt(caller.signal, 60_000);
    caller.abort('because');
    expect(attempt.signal.reason).toBe('because');
    attempt.dispose();
  });

  it('is aborted at once when the caller already is', () => {
    const attempt = startAttempt(AbortSignal.abort('early'), 60_000);
    expect(attempt.signal.reason).toBe('early');
    attempt.dispose();
  });

  it('stops listening and timing once disposed', async () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const attempt = startAttempt(caller.signal, 50);
    attempt.dispose();
    caller.abort('late');
    await vi.advanceTimersByTimeAsync(100);
    expect(attempt.signal.aborted).toBe(false);
  });
});

describe('startAttempt(...).settle', () => {
  it('rejects with the reason when the caller aborts, even if the promise never settles', async () => {
    const caller = new AbortController();
    const waiting = startAttempt(caller.signal, 60_000).settle(never());
    caller.abort(new DOMException('stop', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects when the timeout fires, even if the promise never settles', async () => {
    vi.useFakeTimers();
    const attempt = startAttempt(new AbortController().signal, 10);
    const waiting = attempt.settle(never());
    const outcome = expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(10);
    await outcome;
    expect(attempt.signal.aborted).toBe(true);
  });

  it('rejects at once when already aborted', async () => {
    await expect(startAttempt(AbortSignal.abort('early'), 60_000).settle(Promise.resolve(1))).rejects.toBe(
      'early',
    );
  });

  it('settles with the promise otherwise, and keeps the attempt running', async () => {
    vi.useFakeTimers();
    const attempt = startAttempt(new AbortController().signal, 50);
    await expect(attempt.settle(Promise.resolve(7))).resolves.toBe(7);
    await expect(attempt.settle(Promise.reject(new Error('x')))).rejects.toThrow('x');
    await vi.advanceTimersByTimeAsync(50);
    expect(attempt.signal.aborted).toBe(true);
  });
});

describe('controller reuse', () => {
  it('hands the signal of an attempt that ended without aborting to the next attempt', () => {
    const first = startAttempt(new AbortController().signal, 60_000);
    first.dispose();
    const second = startAttempt(new AbortController().signal, 60_000);
    expect(second.signal).toBe(first.signal);
    second.dispose();
  });

  it('never reuses an aborted signal, or one something may still read through', () => {
    const caller = new AbortController();
    const aborted = startAttempt(caller.signal, 60_000);
    caller.abort();
    aborted.dispose();
    const kept = startAttempt(new AbortController().signal, 60_000);
    kept.dispose(false);
    const next = startAttempt(new AbortController().signal, 60_000);
    expect(next.signal).not.toBe(aborted.signal);
    expect(next.signal).not.toBe(kept.signal);
    expect(next.signal.aborted).toBe(false);
    next.dispose();
  });

  it('gives concurrent attempts distinct signals, and a reused one still times out', async () => {
    const a = startAttempt(new AbortController().signal, 60_000);
    const b = startAttempt(new AbortController().signal, 60_000);
    expect(a.signal).not.toBe(b.signal);
    a.dispose();
    b.dispose();
    vi.useFakeTimers();
    const reused = startAttempt(new AbortController().signal, 10);
    expect([a.signal, b.signal]).toContain(reused.signal);
    await vi.advanceTimersByTimeAsync(10);
    expect(reused.signal.aborted).toBe(true);
  });

  it('retires a controller after 8 attempts, since each fetch may leave a listener on its signal', () => {
    const signals: AbortSignal[] = [];
    for (let i = 0; i < 40; i++) {
      const attempt = startAttempt(new AbortController().signal, 60_000);
      signals.push(attempt.signal);
      attempt.dispose();
    }
    const uses = new Map<AbortSignal, number>();
    for (const signal of signals) uses.set(signal, (uses.get(signal) ?? 0) + 1);
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(8);
    expect(uses.size).toBeLessThan(40);
  });

  it('disposes once: a late second dispose cannot hand a signal in use to another attempt', () => {
    const first = startAttempt(new AbortController().signal, 60_000);
    first.dispose();
    const second = startAttempt(new AbortController().signal, 60_000);
    expect(second.signal).toBe(first.signal);
    first.dispose();
    const third = startAttempt(new AbortController().signal, 60_000);
    expect(third.signal).not.toBe(second.signal);
    second.dispose();
    third.dispose();
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1_000, new AbortController().signal).then(() => {
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
