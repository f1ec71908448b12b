import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep, startAttempt } from '../src/signal.js';

afterEach(() => {
  vi.useRealTimers();
});

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
    const waiting = startAttempt(caller.signal, 60_000).settle(new Promise(() => {}));
    caller.abort(new DOMException('stop', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects when the timeout fires, even if the promise never settles', async () => {
    const attempt = startAttempt(new AbortController().signal, 10);
    await expect(attempt.settle(new Promise(() => {}))).rejects.toMatchObject({ name: 'AbortError' });
    expect(attempt.signal.aborted).toBe(true);
  });

  it('rejects at once when already aborted', async () => {
    await expect(startAttempt(AbortSignal.abort('early'), 60_000).settle(Promise.resolve(1))).rejects.toBe(
      'early',
    );
  });

  it('settles with the promise otherwise', async () => {
    const attempt = startAttempt(new AbortController().signal, 60_000);
    await expect(attempt.settle(Promise.resolve(7))).resolves.toBe(7);
    await expect(attempt.settle(Promise.reject(new Error('x')))).rejects.toThrow('x');
    attempt.dispose();
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
