import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** When a write runs; injectable so tests decide when the delay is over instead of waiting for it. */
export interface Timer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The file operations of one atomic write; injectable so a test can interrupt one midway. */
export interface AtomicWriteFs {
  /** Writes `text` to a new file at `path`, on disk (fsync) before it resolves. */
  writeTemp(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
}

export interface DebouncedFileOptions {
  path: string;
  /** The file's whole text, read when a write starts: every write carries the latest state. */
  render: () => string;
  /** How long changes gather before one write. Default 200 ms. */
  delayMs?: number;
  timer?: Timer;
  fs?: AtomicWriteFs;
  /** A write that failed after a delay (a full disk); the next change or `flush()` tries again. */
  onError?: (error: Error) => void;
}

export interface DebouncedFile {
  /** The state changed: the file is written within `delayMs`, once for all changes in that time. */
  changed(): void;
  /** Writes what changed now and waits for it (and for a write in flight); rejects when it fails. */
  flush(): Promise<void>;
  /** `flush()`, after which changes are no longer written. */
  close(): Promise<void>;
}

const DEFAULT_DELAY_MS = 200;

const realTimer: Timer = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const realFs: AtomicWriteFs = {
  async writeTemp(path, text) {
    // 0o600: the records are the developer's test data, not the world's.
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  remove: (path) => rm(path, { force: true }),
};

/**
 * A file rewritten whole a while after it changes. Each write goes to a temp file in the same
 * folder, then is renamed over the file: rename is atomic within a file system, so a crash or a
 * kill mid-write leaves the old file or the new one, never half of one. Writes never overlap:
 * one waits for the one before it.
 */
export function createDebouncedFile(options: DebouncedFileOptions): DebouncedFile {
  const file = resolve(options.path);
  const delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  const timer = options.timer ?? realTimer;
  const fs = options.fs ?? realFs;
  const onError = options.onError ?? (() => {});
  let dirty = false;
  let closed = false;
  let pending: unknown;
  let writes = 0;
  let last: Promise<void> = Promise.resolve();

  async function writeAtomically(text: string): Promise<void> {
    writes += 1;
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${writes}.tmp`);
    try {
      await fs.writeTemp(temp, text);
      await fs.rename(temp, file);
    } catch (error) {
      await fs.remove(temp).catch(() => {});
      throw error;
    }
  }

  function write(): Promise<void> {
    const next = last.then(async () => {
      if (!dirty) return;
      dirty = false;
      try {
        await writeAtomically(options.render());
      } catch (error) {
        dirty = true; // what did not land is written by the next attempt
        throw error;
      }
    });
    last = next.catch(() => {});
    return next;
  }

  function cancelPending() {
    if (pending === undefined) return;
    timer.clear(pending);
    pending = undefined;
  }

  return {
    changed() {
      if (closed) return;
      dirty = true;
      // Not restarted by later changes: a steady stream of writes still reaches the file every delayMs.
      pending ??= timer.set(() => {
        pending = undefined;
        write().catch((error: unknown) => onError(error as Error));
      }, delayMs);
    },
    flush() {
      cancelPending();
      return write();
    },
    close() {
      closed = true;
      cancelPending();
      return write();
    },
  };
}
