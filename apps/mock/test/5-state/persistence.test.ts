import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { keyHash } from '../../src/5-state/state-file.js';
import { type Seed, startMock } from '../../src/index.js';
import { apiAs, callOperation, mockRoute, uniqueKey } from '../support.js';

// A local mock started with a state file keeps what a developer made across restarts. Every
// write here lands through close() (the delay is far longer than any test): no test waits for it.
const LONG_DELAY = { delayMs: 600_000 };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partnero-mock-persistence-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let files = 0;
function statePath(): string {
  files += 1;
  return join(dir, `state-${files}.json`);
}

/** Runs `body` against a mock on `path`, then closes it (which writes the file). */
async function withMock<T>(path: string, body: (url: string) => Promise<T>): Promise<T> {
  const mock = await startMock({ port: 0, stateFile: { path, ...LONG_DELAY } });
  try {
    return await body(mock.url);
  } finally {
    await mock.close();
  }
}

async function createPartner(url: string, key: string, name: string): Promise<string> {
  const created = await apiAs(url, key)('POST', '/partners', { email: `${name}@example.com`, name });
  expect(created.status).toBe(200);
  return String(created.body.data.id);
}

const readPartner = (url: string, key: string, id: string) => apiAs(url, key)('GET', `/partners/${id}`);

describe('a mock started with a state file', () => {
  it('answers after a restart what a key created before it, to that key only', async () => {
    const path = statePath();
    const [mine, theirs] = [uniqueKey('persist_mine'), uniqueKey('persist_theirs')];
    const id = await withMock(path, (url) => createPartner(url, mine, 'ada'));

    await withMock(path, async (url) => {
      const read = await readPartner(url, mine, id);
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({ id, email: 'ada@example.com', name: 'ada' });
      expect((await readPartner(url, theirs, id)).status).toBe(404);
    });
  });

  it('keeps a key that never calls again through later writes of other keys', async () => {
    const path = statePath();
    const [early, late] = [uniqueKey('persist_early'), uniqueKey('persist_late')];
    const earlyId = await withMock(path, (url) => createPartner(url, early, 'early'));
    // The early key does not call in this run; the late one writes, which rewrites the file.
    const lateId = await withMock(path, (url) => createPartner(url, late, 'late'));
    await withMock(path, async (url) => {
      expect((await readPartner(url, early, earlyId)).status).toBe(200);
      expect((await readPartner(url, late, lateId)).status).toBe(200);
    });
  });

  it("restores every collection's records exactly as the key held them", async () => {
    const path = statePath();
    const key = uniqueKey('persist_all');
    const auth = { authorization: `Bearer ${key}` };
    // Every documented write, with its example request: whatever each stores must come back.
    const writes = specOperations().filter((op) => ['post', 'put', 'patch', 'delete'].includes(op.method));
    const [before, untouched] = await withMock(path, async (url) => {
      for (const op of writes) await (await callOperation(url, op, auth)).text();
      return [await mockRoute(url, '/__mock/state', key), await mockRoute(url, '/__mock/state', uniqueKey())];
    });
    // The writes changed most collections: the test compares more than the spec's examples.
    const changed = Object.keys(before).filter(
      (collection) => JSON.stringify(before[collection]) !== JSON.stringify(untouched[collection]),
    );
    expect(changed.length).toBeGreaterThanOrEqual(8);
    await withMock(path, async (url) => {
      expect(await mockRoute(url, '/__mock/state', key)).toEqual(before);
    });
  });

  it('keeps a state put with PUT /__mock/state, in place of what the file held for the key', async () => {
    const path = statePath();
    const key = uniqueKey('persist_put');
    const oldId = await withMock(path, (url) => createPartner(url, key, 'old'));
    const put: Seed = {
      partners: [{ id: 'partner_put', email: 'put@example.com', name: 'Put', status: 'active' }],
    };
    await withMock(path, async (url) => {
      const answer = await fetch(`${url}/__mock/state`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(put),
      });
      expect(answer.status).toBe(204);
    });
    await withMock(path, async (url) => {
      expect((await readPartner(url, key, 'partner_put')).body.data).toMatchObject(
        put.partners?.[0] as object,
      );
      expect((await readPartner(url, key, oldId)).status).toBe(404);
    });
  });

  it('forgets what the file held for a key once the key was put and then evicted, as memory does', async () => {
    const path = statePath();
    const [key, other] = [uniqueKey('persist_evicted'), uniqueKey('persist_evicter')];
    const oldId = await withMock(path, (url) => createPartner(url, key, 'old'));
    const mock = await startMock({ port: 0, state: { maxKeys: 1 }, stateFile: { path, ...LONG_DELAY } });
    try {
      const answer = await fetch(`${mock.url}/__mock/state`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ partners: [] }),
      });
      expect(answer.status).toBe(204);
      await createPartner(mock.url, other, 'other'); // evicts the key (one key is held)
      expect((await mockRoute(mock.url, '/__mock/state', key)).evicted).toEqual(['state']);
    } finally {
      await mock.close();
    }
    await withMock(path, async (url) => {
      expect((await readPartner(url, key, oldId)).status).toBe(404);
    });
  });

  it('keeps in the file, and says so, a saved key the caps cannot hold', async () => {
    const path = statePath();
    const key = uniqueKey('persist_capped');
    const ids = await withMock(path, async (url) => [
      await createPartner(url, key, 'one'),
      await createPartner(url, key, 'two'),
    ]);
    const warnings: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => {
      warnings.push(line);
    });
    try {
      const mock = await startMock({
        port: 0,
        state: { maxRecordsPerKey: 1 },
        stateFile: { path, ...LONG_DELAY },
      });
      try {
        expect((await readPartner(mock.url, key, ids[0] as string)).status).toBe(404);
        expect((await readPartner(mock.url, key, ids[1] as string)).status).toBe(404);
        await createPartner(mock.url, uniqueKey('persist_writer'), 'writer'); // the file is rewritten
      } finally {
        await mock.close();
      }
    } finally {
      spy.mockRestore();
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^partnero-mock: the state file .* holds more for key ${keyHash(key)} than`),
      ),
    ]);
    expect(warnings.join('')).not.toContain(key);
    await withMock(path, async (url) => {
      expect((await readPartner(url, key, ids[1] as string)).status).toBe(200);
    });
  });

  it('restores a saved key over the seed, and starts a new key from the seed', async () => {
    const path = statePath();
    const [saved, fresh] = [uniqueKey('persist_seeded'), uniqueKey('persist_fresh')];
    const seed: Seed = {
      partners: [{ id: 'partner_seed', email: 'seed@example.com', name: 'Seed', status: 'active' }],
    };
    const id = await withMock(path, (url) => createPartner(url, saved, 'saved'));
    const mock = await startMock({ port: 0, seed, stateFile: { path, ...LONG_DELAY } });
    try {
      expect((await readPartner(mock.url, saved, id)).status).toBe(200);
      expect((await readPartner(mock.url, saved, 'partner_seed')).status).toBe(404);
      expect((await readPartner(mock.url, fresh, 'partner_seed')).status).toBe(200);
      expect((await readPartner(mock.url, fresh, id)).status).toBe(404);
    } finally {
      await mock.close();
    }
  });

  it('holds no API key in clear, only its SHA-256', async () => {
    const path = statePath();
    const secret = `${uniqueKey('persist_secret')}_s3cr3t`;
    await withMock(path, (url) => createPartner(url, secret, 'ada'));
    const bytes = await readFile(path);
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes(secret.slice(0, 16))).toBe(false);
    // One-way: the SHA-256 of the key, computed here independently of the mock's code.
    const sha256 = createHash('sha256').update(secret).digest('hex');
    expect(Object.keys(JSON.parse(bytes.toString('utf8')).keys)).toEqual([`sha256:${sha256}`]);
  });

  it('writes the last of a burst of writes when it closes', async () => {
    const path = statePath();
    const key = uniqueKey('persist_burst');
    const ids = await withMock(path, (url) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => createPartner(url, key, `burst${i}`))),
    );
    await withMock(path, async (url) => {
      const answers = await Promise.all(ids.map((id) => readPartner(url, key, id)));
      expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
    });
  });

  it('drops a key it resets from the file, and every key on a reset of all', async () => {
    const path = statePath();
    const [kept, reset] = [uniqueKey('persist_kept'), uniqueKey('persist_reset')];
    const [keptId, resetId] = await withMock(path, async (url) => [
      await createPartner(url, kept, 'kept'),
      await createPartner(url, reset, 'reset'),
    ]);
    // Reset before the key calls in this run: its saved state must go too.
    await withMock(path, async (url) => {
      const answer = await fetch(`${url}/__mock/reset`, {
        method: 'POST',
        headers: { authorization: `Bearer ${reset}` },
      });
      expect(answer.status).toBe(204);
    });
    const saved = Object.keys(JSON.parse(await readFile(path, 'utf8')).keys);
    expect(saved).toEqual([keyHash(kept)]);
    await withMock(path, async (url) => {
      expect((await readPartner(url, reset, resetId)).status).toBe(404);
      expect((await readPartner(url, kept, keptId)).status).toBe(200);
      expect((await fetch(`${url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    });
    expect(JSON.parse(await readFile(path, 'utf8')).keys).toEqual({});
  });

  it('reads the file, not a temp file an interrupted write left beside it', async () => {
    const path = statePath();
    const key = uniqueKey('persist_temp');
    const id = await withMock(path, (url) => createPartner(url, key, 'ada'));
    const name = path.slice(dir.length + 1);
    await writeFile(join(dir, `.${name}.99999.1.tmp`), '{"format": "partnero-mock-st');
    await withMock(path, async (url) => {
      expect((await readPartner(url, key, id)).status).toBe(200);
    });
  });
});

describe('a state file it cannot use', () => {
  const refusals: [string, string, RegExp][] = [
    ['not JSON', '{"format": "partnero-mock-state", "version": 1, "keys": {', /is not JSON/],
    ['not a state file', '{"name": "my-app"}', /is not a partnero-mock state file/],
    [
      'a record that breaks its schema',
      JSON.stringify({
        format: 'partnero-mock-state',
        version: 1,
        keys: { [keyHash('test_key')]: { partners: [{ id: 42, email: ['not', 'an', 'email'] }] } },
      }),
      /has a bad state for key sha256:[0-9a-f]{64}: [^\n]*partners\[0\]\/email: must be string/,
    ],
  ];

  it.each(refusals)('is refused with one line naming it: %s', async (_, text, what) => {
    const path = statePath();
    await writeFile(path, text);
    const started = startMock({ port: 0, stateFile: path });
    await expect(started).rejects.toThrow(what);
    const message = await started.catch((error: Error) => error.message);
    expect(message).not.toContain('\n');
    expect(message).toContain(path);
    expect(message).toContain('fix the file, or delete it');
    // Never a silent reset: the file is as it was.
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('is refused without a path, or with a delay that is no number of milliseconds', async () => {
    await expect(startMock({ port: 0, stateFile: ' ' })).rejects.toThrow('stateFile needs the path');
    for (const delayMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(startMock({ port: 0, stateFile: { path: statePath(), delayMs } })).rejects.toThrow(
        `invalid stateFile.delayMs ${delayMs}`,
      );
    }
  });

  it('is refused with stateless, which stores nothing to keep', async () => {
    await expect(startMock({ port: 0, stateless: true, stateFile: statePath() })).rejects.toThrow(
      'stateFile does not apply with stateless',
    );
  });

  it('starts with a missing file and leaves no temp file after writing it', async () => {
    const path = statePath();
    await withMock(path, (url) => createPartner(url, uniqueKey('persist_new'), 'ada'));
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith('.tmp') && !name.includes('.99999.'))).toEqual([]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      format: 'partnero-mock-state',
      version: 1,
    });
  });
});
