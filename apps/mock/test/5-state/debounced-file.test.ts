import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AtomicWriteFs, createDebouncedFile, type Timer } from '../../src/5-state/debounced-file.js';

/** A timer the test fires by hand: no test waits for the delay to pass. */
function manualTimer() {
  const runs = new Map<number, () => void>();
  let ids = 0;
  const timer: Timer = {
    set(run) {
      ids += 1;
      runs.set(ids, run);
      return ids;
    },
    clear: (handle) => runs.delete(handle as number),
  };
  return {
    timer,
    get pending() {
      return runs.size;
    },
    fire() {
      const due = [...runs.values()];
      runs.clear();
      for (const run of due) run();
    },
  };
}

/** The real file operations, counting the writes. */
function countingFs(overrides: Partial<AtomicWriteFs> = {}) {
  const written: string[] = [];
  const fs: AtomicWriteFs = {
    async writeTemp(path, text) {
      written.push(text);
      await writeFile(path, text);
    },
    rename,
    remove: (path) => rm(path, { force: true }),
    ...overrides,
  };
  return { fs, written };
}

const folders: string[] = [];
async function folder(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'partnero-mock-writer-'));
  folders.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((made) => rm(made, { recursive: true, force: true })));
});

describe('the debounced atomic file', () => {
  it('writes a burst of changes once, with the last state', async () => {
    const path = join(await folder(), 'state.json');
    const clock = manualTimer();
    const { fs, written } = countingFs();
    let state = 0;
    const file = createDebouncedFile({ path, render: () => `${state}`, timer: clock.timer, fs });
    // A burst as requests make it: each change in its own turn of the event loop.
    for (let change = 1; change <= 20; change += 1) {
      state = change;
      file.changed();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(clock.pending).toBe(1);
    expect(written).toEqual([]); // nothing before the delay is over
    clock.fire();
    await file.flush();
    expect(written).toEqual(['20']);
    expect(await readFile(path, 'utf8')).toBe('20');
  });

  it('writes again for changes made while a write is in flight, never two at once', async () => {
    const path = join(await folder(), 'state.json');
    const clock = manualTimer();
    let release: () => void = () => {};
    let inFlight = 0;
    let overlapped = false;
    const { fs, written } = countingFs({
      async writeTemp(temp, text) {
        inFlight += 1;
        overlapped ||= inFlight > 1;
        written.push(text);
        if (written.length === 1) await new Promise<void>((resolve) => (release = resolve));
        await writeFile(temp, text);
        inFlight -= 1;
      },
    });
    let state = 'first';
    const file = createDebouncedFile({ path, render: () => state, timer: clock.timer, fs });
    file.changed();
    clock.fire(); // the first write starts and blocks
    await new Promise((resolve) => setImmediate(resolve));
    state = 'second';
    file.changed();
    clock.fire(); // queued behind the first
    release();
    await file.flush();
    expect(written).toEqual(['first', 'second']);
    expect(overlapped).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('second');
  });

  it('close() writes the last state at once, and nothing after it', async () => {
    const path = join(await folder(), 'state.json');
    const clock = manualTimer();
    const { fs, written } = countingFs();
    let state = 'before close';
    const file = createDebouncedFile({ path, render: () => state, timer: clock.timer, fs });
    file.changed();
    await file.close(); // the timer never fired
    expect(await readFile(path, 'utf8')).toBe('before close');
    expect(clock.pending).toBe(0);
    state = 'after close';
    file.changed();
    clock.fire();
    await file.flush();
    expect(written).toEqual(['before close']);
  });

  it('writes nothing when nothing changed', async () => {
    const path = join(await folder(), 'state.json');
    const { fs, written } = countingFs();
    const file = createDebouncedFile({ path, render: () => 'x', timer: manualTimer().timer, fs });
    await file.close();
    expect(written).toEqual([]);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves the old file whole when a write is interrupted, and the next write lands', async () => {
    const dir = await folder();
    const path = join(dir, 'state.json');
    const clock = manualTimer();
    let interrupt: 'midway' | 'before rename' | undefined;
    const { fs } = countingFs({
      async writeTemp(temp, text) {
        if (interrupt === 'midway') {
          await writeFile(temp, text.slice(0, text.length / 2)); // half the bytes, then the crash
          throw new Error('killed midway');
        }
        await writeFile(temp, text);
      },
      async rename(from, to) {
        if (interrupt === 'before rename') throw new Error('killed before rename');
        await rename(from, to);
      },
    });
    let state = JSON.stringify({ version: 'old' });
    const errors: Error[] = [];
    const file = createDebouncedFile({
      path,
      render: () => state,
      timer: clock.timer,
      fs,
      onError: (error) => errors.push(error),
    });
    file.changed();
    await file.flush();

    for (const how of ['midway', 'before rename'] as const) {
      interrupt = how;
      state = JSON.stringify({ version: `new, ${'x'.repeat(10_000)}` });
      file.changed();
      clock.fire();
      await file.flush().catch(() => {});
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 'old' });
      expect(await readdir(dir)).toEqual(['state.json']); // the temp file is cleaned up
    }
    expect(errors.map((error) => error.message)).toEqual(['killed midway', 'killed before rename']);

    interrupt = undefined;
    await file.close(); // what did not land is still due
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(state));
  });

  it('rejects flush() with the cause when the write fails', async () => {
    const path = join(await folder(), 'missing-folder', 'state.json');
    const file = createDebouncedFile({ path, render: () => 'x', timer: manualTimer().timer });
    file.changed();
    await expect(file.flush()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes through the real file system with owner-only permissions and no temp file left', async () => {
    const dir = await folder();
    const path = join(dir, 'state.json');
    const file = createDebouncedFile({ path, render: () => 'on disk', timer: manualTimer().timer });
    file.changed();
    await file.close();
    expect(await readFile(path, 'utf8')).toBe('on disk');
    expect(await readdir(dir)).toEqual(['state.json']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});
