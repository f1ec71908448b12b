import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keyHash,
  parseStateFile,
  type ReadKey,
  readStateFile,
  renderStateFile,
  StateFileError,
} from '../../src/5-state/state-file.js';

const FILE = '/projects/app/.partnero-mock.json';
const accept = (saved: unknown) => ({ value: saved });
const hash = keyHash('test_key');

/** The one line a file is refused with. */
function refusal(text: string, readKey: ReadKey<unknown> = accept) {
  try {
    parseStateFile(FILE, text, readKey);
  } catch (error) {
    expect(error).toBeInstanceOf(StateFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`state file ${FILE} `);
    expect(message).toMatch(/fix the file, or delete it|upgrade @partnero-ts\/mock/);
    return message;
  }
  throw new Error('the file was accepted');
}

const file = (keys: unknown, head: Record<string, unknown> = { format: 'partnero-mock-state', version: 1 }) =>
  JSON.stringify({ ...head, keys });

describe('the state file format', () => {
  it('names a key by the SHA-256 of its token, never the token', () => {
    expect(hash).toBe(`sha256:${createHash('sha256').update('test_key').digest('hex')}`);
    expect(hash).not.toContain('test_key');
    expect(keyHash('test_key')).toBe(hash);
    expect(keyHash('test_key2')).not.toBe(hash);
  });

  it('reads back what it writes', () => {
    const records = { partners: [{ id: 'p1', email: 'ada@example.com' }], customers: [] };
    const text = renderStateFile([[hash, records]]);
    expect(JSON.parse(text)).toMatchObject({ format: 'partnero-mock-state', version: 1 });
    expect([...parseStateFile(FILE, text, accept)]).toEqual([[hash, records]]);
  });

  it('refuses what is not JSON', () => {
    expect(refusal('{"format": "partnero-mock-state",\n')).toMatch(/is not JSON \(/);
  });

  it('refuses JSON that is not a state file', () => {
    expect(refusal('{"name": "my-app", "version": "1.0.0"}')).toMatch(/is not a partnero-mock state file/);
    expect(refusal('[]')).toMatch(/is not a partnero-mock state file/);
  });

  it('refuses another format version, naming the upgrade for a newer one', () => {
    expect(refusal(file({}, { format: 'partnero-mock-state', version: 2 }))).toMatch(
      /newer partnero-mock \(format version 2; this one reads 1\): upgrade @partnero-ts\/mock/,
    );
    expect(refusal(file({}, { format: 'partnero-mock-state' }))).toMatch(/has format version undefined/);
  });

  it('refuses a wrong shape, naming where', () => {
    expect(refusal(file([]))).toMatch(/has no "keys" object/);
    expect(refusal(file({ test_key: {} }))).toMatch(
      /has a key "test_key" that is not "sha256:" and 64 hex digits/,
    );
  });

  it("refuses a key's state the reader refuses, with the reader's words on one line", () => {
    const readKey: ReadKey<unknown> = (saved) =>
      JSON.stringify(saved).includes('42')
        ? { problem: 'partners[0]/email: must be string\n(got 42)' }
        : { value: saved };
    const message = refusal(file({ [hash]: { partners: [{ email: 42 }] } }), readKey);
    expect(message).toContain(`has a bad state for key ${hash}: partners[0]/email: must be string (got 42)`);
  });

  it("keeps what the reader makes of each key's state", () => {
    const entries = parseStateFile(FILE, file({ [hash]: { partners: [] } }), () => ({ value: 'read' }));
    expect([...entries]).toEqual([[hash, 'read']]);
  });
});

describe('reading the state file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'partnero-mock-state-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts empty when the file does not exist yet', async () => {
    expect((await readStateFile(join(dir, 'new.json'), accept)).size).toBe(0);
  });

  it('refuses a path whose folder does not exist, at start rather than at the first write', async () => {
    const path = join(dir, 'no-such-folder', 'state.json');
    await expect(readStateFile(path, accept)).rejects.toThrow(
      `state file ${path}: its folder ${join(dir, 'no-such-folder')} does not exist`,
    );
  });

  it('refuses a folder', async () => {
    await expect(readStateFile(dir, accept)).rejects.toThrow(`state file ${dir} is a folder, not a file`);
  });
});
