import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The `--state-file` format: every key's records, so a local mock keeps what a developer created
 * across restarts. Keys are stored by a hash of the API key, never the key itself: the file sits
 * in a project folder, next to code that gets committed and shared.
 *
 *     { "format": "partnero-mock-state", "version": 1,
 *       "keys": { "sha256:<hex>": { "partners": [ ... ], "customers": [ ... ] } } }
 */
const STATE_FILE_FORMAT = 'partnero-mock-state';
const STATE_FILE_VERSION = 1;

/** A state file that cannot be read or written as it is: one line naming the file and the fix. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** How a key is named in the file: `sha256:` and the hex SHA-256 of the API key. */
export function keyHash(token: string): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`;
}

const KEY_HASH = /^sha256:[0-9a-f]{64}$/;

/** One key's saved state as the mock holds it, or what is wrong with it (one line). */
export type ReadKey<T> = (saved: unknown) => { value: T } | { problem: string };

/**
 * The file's entries; none when the file does not exist yet (it is written on the first change).
 * Anything else that is not a state file this version wrote is a `StateFileError`: loading part
 * of it, or starting empty, would throw away what the developer made at the next write.
 */
export async function readStateFile<T>(path: string, readKey: ReadKey<T>): Promise<Map<string, T>> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await requireFolder(file);
      return new Map();
    }
    if (code === 'EISDIR') throw refused(file, 'is a folder, not a file', 'pass the path of a .json file');
    throw refused(file, `cannot be read (${code ?? (error as Error).message})`, 'check its permissions');
  }
  return parseStateFile(file, text, readKey);
}

/** Pure: the file's text to entries (key hash to state), or a `StateFileError` naming `file`. */
export function parseStateFile<T>(file: string, text: string, readKey: ReadKey<T>): Map<string, T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw refused(file, `is not JSON (${oneLine((error as Error).message)})`);
  }
  if (!isPlainObject(json) || json.format !== STATE_FILE_FORMAT) {
    throw refused(file, `is not a partnero-mock state file (no "format": "${STATE_FILE_FORMAT}")`);
  }
  if (json.version !== STATE_FILE_VERSION) {
    const newer = typeof json.version === 'number' && json.version > STATE_FILE_VERSION;
    throw refused(
      file,
      newer
        ? `was written by a newer partnero-mock (format version ${json.version}; this one reads ${STATE_FILE_VERSION})`
        : `has format version ${JSON.stringify(json.version)}; this partnero-mock reads ${STATE_FILE_VERSION}`,
      newer ? 'upgrade @partnero-ts/mock, or delete the file' : undefined,
    );
  }
  if (!isPlainObject(json.keys)) throw refused(file, 'has no "keys" object');
  const entries = new Map<string, T>();
  for (const [hash, saved] of Object.entries(json.keys)) {
    if (!KEY_HASH.test(hash)) {
      throw refused(file, `has a key "${hash.slice(0, 80)}" that is not "sha256:" and 64 hex digits`);
    }
    const read = readKey(saved);
    if ('problem' in read) throw refused(file, `has a bad state for key ${hash}: ${oneLine(read.problem)}`);
    entries.set(hash, read.value);
  }
  return entries;
}

/** The file's text for these entries (key hash to saved state), indented: a developer may read it. */
export function renderStateFile(entries: Iterable<[string, unknown]>): string {
  const keys = Object.fromEntries(entries);
  return `${JSON.stringify({ format: STATE_FILE_FORMAT, version: STATE_FILE_VERSION, keys }, null, 2)}\n`;
}

/** A missing file is created on the first write, so its folder must be there now, not then. */
async function requireFolder(file: string): Promise<void> {
  const folder = dirname(file);
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) {
    throw new StateFileError(
      `state file ${file}: its folder ${folder} does not exist: create the folder or pass another --state-file path`,
    );
  }
}

function refused(
  file: string,
  what: string,
  fix = 'fix the file, or delete it to start over',
): StateFileError {
  return new StateFileError(`state file ${file} ${what}: ${fix}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').slice(0, 300);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
