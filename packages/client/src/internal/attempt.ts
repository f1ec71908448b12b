// Abort plumbing that works on Node 20, Deno, Bun and browsers, kept off the hot path: a Request
// or AbortSignal.any per attempt costs more than the whole openapi-fetch call (see BENCHMARKS.md).

export interface Attempt {
  /** Aborts after the timeout, or as soon as the caller aborts (with the caller's reason). */
  signal: AbortSignal;
  /**
   * Settles with `promise`, or rejects with the signal's reason once it aborts: a fetch or a body
   * that ignores its signal (some polyfills and test doubles do) still cannot outlive the timeout.
   */
  settle<T>(promise: Promise<T>): Promise<T>;
  /** Stops the timer and the listener on the caller's signal; the attempt can no longer abort. */
  dispose(): void;
}

/** One attempt: aborted while the caller's signal is not means its timeout fired. */
export function startAttempt(caller: AbortSignal, ms: number): Attempt {
  const controller = new AbortController();
  let fail = (_reason: unknown) => {};
  const abort = (reason?: unknown) => {
    controller.abort(reason);
    fail(controller.signal.reason);
  };
  const timer = setTimeout(abort, ms);
  const onAbort = () => abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort);
  return {
    signal: controller.signal,
    settle: (promise) =>
      controller.signal.aborted
        ? Promise.reject(controller.signal.reason)
        : new Promise((resolve, reject) => {
            fail = reject;
            promise.then(resolve, reject);
          }),
    dispose() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`, or rejects with the signal's reason as soon as the caller aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
  });
}
