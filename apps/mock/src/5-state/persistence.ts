import { createDebouncedFile } from './debounced-file.js';
import type { StoredRecord } from './records.js';
import { keyHash, readStateFile, renderStateFile, StateFileError } from './state-file.js';
import type { Store } from './store.js';

export interface StateFileOptions {
  /** The JSON file; created on the first change when missing (its folder must exist). */
  path: string;
  /** How long changes gather before one write. Default 200 ms; close() writes at once. */
  delayMs?: number;
}

/** A key's records as the store holds them, per collection path (`/partners`). */
type Records = Readonly<Record<string, readonly StoredRecord[]>>;

/**
 * How a key's state is saved: in the shape `GET /__mock/state` answers (the `Seed` type), so a
 * developer can read the file and copy a key's state into a seed; checked against the schemas on
 * the way in, as a seed is.
 */
export interface SavedForm {
  /** A saved state as the store's records, or what is wrong with it: collection, index, pointer. */
  read(saved: unknown): { records: Records } | { problem: string };
  save(records: Records): unknown;
}

/** The store and a state file kept in step: read at start, written after changes, flushed on close. */
export interface Persistence {
  /** For `createStore`'s `onChange`: schedules a write. */
  changed(): void;
  /** `store`, restoring a key's state from the file the first time the key is used. */
  attach(store: Store): Store;
  /** Writes what is not written yet; rejects when that fails (what was made would be lost). */
  close(): Promise<void>;
}

/**
 * Opens the state file (a `StateFileError` when it cannot be used as it is). Keys are restored
 * lazily: the file names keys by hash only, so a key's state can be found when the key calls,
 * and not before. Until then its entry is kept as read, and written back with every write: a
 * key that never calls again keeps its state in the file.
 */
export async function openPersistence(
  options: StateFileOptions,
  form: SavedForm,
  warn: (line: string) => void,
): Promise<Persistence> {
  if (typeof options.path !== 'string' || options.path.trim() === '') {
    throw new Error('stateFile needs the path of a JSON file, e.g. stateFile: ".partnero-mock.json"');
  }
  const { delayMs } = options;
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0 && delayMs <= 2 ** 31 - 1)) {
    throw new Error(`invalid stateFile.delayMs ${delayMs}: use a number of milliseconds, 0 or more`);
  }
  const saved = await readStateFile(options.path, (value) => {
    const read = form.read(value);
    return 'problem' in read ? read : { value: read.records };
  });
  let store: Store | undefined;
  /** Saved keys the caps refused: warned about once. */
  const refused = new Set<string>();

  function entries(): [string, unknown][] {
    const live = new Map<string, Records>();
    for (const token of store?.tokens() ?? []) live.set(keyHash(token), store?.snapshot(token) ?? {});
    const waiting = [...saved].filter(([hash]) => !live.has(hash));
    return [...waiting, ...live].map(([hash, records]) => [hash, form.save(records)]);
  }

  const file = createDebouncedFile({
    path: options.path,
    render: () => renderStateFile(entries()),
    ...(options.delayMs !== undefined && { delayMs: options.delayMs }),
    onError: (error) =>
      warn(
        `cannot write the state file ${options.path} (${error.message}); the state is kept in memory and written at the next change`,
      ),
  });

  /** Brings a key's saved state into the store, once, before the key is first read or written. */
  function restore(target: Store, token: string): void {
    if (saved.size === 0 || target.peek(token) !== undefined) return;
    const hash = keyHash(token);
    const records = saved.get(hash);
    if (records === undefined || refused.has(hash)) return;
    if (target.load(token, records)) {
      saved.delete(hash);
    } else {
      // Kept in the file (until the key writes) rather than lost; the key starts from the seed.
      refused.add(hash);
      warn(
        `the state file ${options.path} holds more for key ${hash} than the state caps allow (maxRecordsPerKey, maxBytesPerKey, maxTotalBytes): the key starts from the seed, and its first write replaces what the file holds for it; raise the caps to keep it`,
      );
    }
  }

  return {
    changed: () => file.changed(),
    attach(target) {
      store = target;
      return {
        key(token) {
          restore(target, token);
          return target.key(token);
        },
        peek(token) {
          restore(target, token);
          return target.peek(token);
        },
        snapshot(token) {
          restore(target, token);
          return target.snapshot(token);
        },
        load(token, records) {
          // What is put replaces what the file holds for the key; a refused put changes neither.
          if (!target.load(token, records)) return false;
          saved.delete(keyHash(token));
          return true;
        },
        reset(token) {
          // A reset key starts from the seed after a restart too.
          if (token === undefined) saved.clear();
          else saved.delete(keyHash(token));
          target.reset(token);
        },
        tokens: () => target.tokens(),
        evicted: (token) => target.evicted(token),
        get size() {
          return target.size;
        },
      };
    },
    close: () =>
      file.close().catch((error: Error) => {
        throw new StateFileError(
          `state file ${options.path}: the last changes could not be written (${error.message}): check the folder and the disk`,
        );
      }),
  };
}
