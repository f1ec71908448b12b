// Abort plumbing that works on Node 20, Deno, Bun and browsers, kept off the hot path: a Request
// or AbortSignal.any per attempt costs more than the whole openapi-fetch call (see BENCHMARKS.md).

export interface Attempt {
  /** Aborts after the timeout, or as soon as the caller aborts (with the caller's reason). */
  signal: AbortSignal;
  /**
   * Settles with `promise`, or rejects with the signal's reason once it aborts: a fetch that
   * ignores its signal (some polyfills and test doubles do) still cannot outlive the timeout.
   */
  settle<T>(promise: Promise<T>): Promise<T>;
  /**
   * Stops the timer and the listener on the caller's signal; the attempt can no longer abort.
   * `reusable: false` when something may still read through the signal (a body we do not guard).
   */
  dispose(reusable?: boolean): void;
}

// Creating an AbortSignal is the costliest step of an attempt on Node 20 (about as much as the
// rest of our layer; see BENCHMARKS.md). A controller whose attempt ended without aborting is
// kept for the next attempt: its fetch is over, so aborting it later can only touch finished
// requests. Each fetch leaves a listener on the signal until the request is collected, and undici
// lists them all when it links a reused signal, so a controller serves at most 8 attempts.
let spare: [controller: AbortController, uses: number] | undefined;

/**
 * One attempt: aborted while the caller's signal is not means its timeout fired. Its timer is
 * unref'd where the platform can (Node, Bun): the request's own socket keeps a process alive while
 * it runs, and a timer left armed (a body nobody reads) must not hold a CLI open for a whole
 * `timeout`. `hold` keeps it ref'd for a wait with nothing else pending (the backoff sleep).
 */
export function startAttempt(caller: AbortSignal, ms: number, hold = false): Attempt {
  const [controller, uses] = spare ?? [new AbortController(), 1];
  spare = undefined;
  let disposed = false;
  let fail = (_reason: unknown) => {};
  const abort = (reason?: unknown) => {
    controller.abort(reason);
    fail(controller.signal.reason);
  };
  const timer = setTimeout(abort, ms);
  if (!hold) (timer as { unref?: () => void }).unref?.();
  const onAbort = () => abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort);
  const dispose = (reusable = true) => {
    if (disposed) return;
    disposed = true;
    clearTimeout(timer);
    caller.removeEventListener('abort', onAbort);
    if (reusable && !controller.signal.aborted && uses < 8) spare = [controller, uses + 1];
  };
  return {
    signal: controller.signal,
    settle: (promise) =>
      new Promise((resolve, reject) => {
        fail = reject;
        // Subscribed even when already aborted, so that its rejection is never left unhandled.
        promise.then(resolve, reject);
        if (controller.signal.aborted) reject(controller.signal.reason);
      }),
    dispose,
  };
}

/**
 * Waits `ms`, or rejects with the caller's reason as soon as it aborts: an attempt that never
 * settles, whose timeout ending is the wait's end.
 */
export function sleep(ms: number, caller: AbortSignal): Promise<void> {
  const wait = startAttempt(caller, ms, true);
  return wait.settle(new Promise<void>(() => {})).catch((reason: unknown) => {
    wait.dispose();
    if (caller.aborted) throw reason;
  });
}
