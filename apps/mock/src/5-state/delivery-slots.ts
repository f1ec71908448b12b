/**
 * Bounds the webhook attempts in flight: 100 subscriptions pointing at a receiver that never
 * answers held 100 sockets open until the file descriptors ran out, and other keys' connections
 * broke. Attempts beyond the bounds wait in a bounded queue; beyond that they are dropped, and
 * the caller shows it in `/__mock/webhooks`.
 */
export interface SlotLimits {
  /** Attempts in flight for all keys together. Default 16. */
  total?: number;
  /** Attempts in flight for one key. Default 4. */
  perKey?: number;
  /** Attempts waiting for a slot, all keys together. Default 1000. */
  queued?: number;
}

const DEFAULT_SLOTS = { total: 16, perKey: 4, queued: 1000 } as const;

export type Taken = 'running' | 'queued' | 'dropped';

export interface Slots {
  /** Runs `job` now if a slot is free, or once one is (`queued`), or never (`dropped`, the queue is full). */
  take(token: string, job: () => Promise<void>, onStart?: () => void): Taken;
  /** Forgets the queued jobs of one key, or all. */
  clear(token?: string): void;
}

export function createSlots(limits: SlotLimits = {}): Slots {
  const total = limits.total ?? DEFAULT_SLOTS.total;
  const perKey = limits.perKey ?? DEFAULT_SLOTS.perKey;
  const maxQueued = limits.queued ?? DEFAULT_SLOTS.queued;
  const running = new Map<string, number>();
  let active = 0;
  let queue: { token: string; job: () => Promise<void>; onStart?: () => void }[] = [];

  const free = (token: string) => active < total && (running.get(token) ?? 0) < perKey;

  function start(token: string, job: () => Promise<void>) {
    active += 1;
    running.set(token, (running.get(token) ?? 0) + 1);
    job()
      .catch(() => {})
      .finally(() => {
        active -= 1;
        const left = (running.get(token) ?? 1) - 1;
        if (left === 0) running.delete(token);
        else running.set(token, left);
        pump();
      });
  }

  /** Starts queued jobs, oldest first, whose key has a slot free. */
  function pump() {
    for (let i = 0; i < queue.length && active < total; ) {
      const next = queue[i] as (typeof queue)[number];
      if (!free(next.token)) {
        i += 1;
        continue;
      }
      queue.splice(i, 1);
      next.onStart?.();
      start(next.token, next.job);
    }
  }

  return {
    take(token, job, onStart) {
      if (free(token)) {
        onStart?.();
        start(token, job);
        return 'running';
      }
      if (queue.length >= maxQueued) return 'dropped';
      queue.push({ token, job, ...(onStart && { onStart }) });
      return 'queued';
    },
    clear(token) {
      queue = token === undefined ? [] : queue.filter((item) => item.token !== token);
    },
  };
}
