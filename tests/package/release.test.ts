import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The workspace root: changesets act on the whole workspace, not on this package.
const root = fileURLToPath(new URL('../../', import.meta.url));
const changesetBin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');

// The root manifest, then every workspace package's, as pnpm-workspace.yaml lists them.
function workspaceManifests(): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const list = /^packages:\n((?: {2}- .+\n)+)/m.exec(yaml)?.[1] ?? '';
  const globs = list.split('\n').flatMap((line) => (line ? [line.replace(/^ {2}- /, '')] : []));
  const dirs = globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2))).map((name) => `${glob.slice(0, -2)}/${name}`)
      : [glob],
  );
  return [
    'package.json',
    ...dirs.map((dir) => `${dir}/package.json`).filter((m) => existsSync(join(root, m))),
  ];
}
const MANIFESTS = workspaceManifests();

const scratch = mkdtempSync(join(tmpdir(), 'partnero-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const readJson = (path: string) => JSON.parse(readFileSync(join(scratch, path), 'utf8'));
const bump = (version: string, kind: string) => {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
};

// The strongest bump each pending changeset asks for, per package, read from the files themselves.
function pendingBumps(): Map<string, string> {
  const rank = ['patch', 'minor', 'major'];
  const bumps = new Map<string, string>();
  for (const file of readdirSync(join(root, '.changeset')).filter(
    (f) => f.endsWith('.md') && f !== 'README.md',
  )) {
    const front = readFileSync(join(root, '.changeset', file), 'utf8').split('---')[1] ?? '';
    for (const [, name, kind] of front.matchAll(/['"]?(@[\w-]+\/[\w-]+)['"]?:\s*(patch|minor|major)/g)) {
      if (name && kind && rank.indexOf(kind) > rank.indexOf(bumps.get(name) ?? '')) bumps.set(name, kind);
    }
  }
  return bumps;
}

describe('changeset version on a copy of the workspace', () => {
  it('bumps exactly the published packages with pending changesets and writes their CHANGELOGs', async () => {
    cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true });
    cpSync(join(root, 'pnpm-workspace.yaml'), join(scratch, 'pnpm-workspace.yaml'));
    for (const manifest of MANIFESTS) {
      mkdirSync(dirname(join(scratch, manifest)), { recursive: true });
      cpSync(join(root, manifest), join(scratch, manifest));
      const changelog = join(root, dirname(manifest), 'CHANGELOG.md');
      if (existsSync(changelog)) cpSync(changelog, join(scratch, dirname(manifest), 'CHANGELOG.md'));
    }
    const bumps = pendingBumps();
    expect(bumps.size).toBeGreaterThan(0);
    const before = new Map(MANIFESTS.map((m) => [m, readJson(m).version as string]));
    const changelogOf = (dir: string) => {
      const path = join(root, dir, 'CHANGELOG.md');
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    };

    for (const file of ['packages/client/src/version.ts', 'packages/client/scripts/sync-version.mjs']) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      cpSync(join(root, file), join(scratch, file));
    }

    // What `pnpm version-packages` runs.
    await run(process.execPath, [changesetBin, 'version'], { cwd: scratch });
    await run(process.execPath, [join(scratch, 'packages/client/scripts/sync-version.mjs')], {
      cwd: scratch,
    });
    const clientVersion = readJson('packages/client/package.json').version;
    expect(readFileSync(join(scratch, 'packages/client/src/version.ts'), 'utf8')).toContain(
      `export const VERSION = '${clientVersion}';`,
    );

    for (const manifest of MANIFESTS.slice(1)) {
      const { name, version, private: isPrivate } = readJson(manifest);
      const kind = bumps.get(name);
      const dir = dirname(manifest);
      if (kind && !isPrivate) {
        expect(version, name).toBe(bump(before.get(manifest) ?? '0.0.0', kind));
        const changelog = readFileSync(join(scratch, dir, 'CHANGELOG.md'), 'utf8');
        expect(changelog).toContain(`# ${name}`);
        expect(changelog).toContain(`## ${version}`);
      } else {
        expect(version, name).toBe(before.get(manifest));
        const path = join(scratch, dir, 'CHANGELOG.md');
        expect(existsSync(path) ? readFileSync(path, 'utf8') : undefined, name).toBe(changelogOf(dir));
      }
    }
    expect(readdirSync(join(scratch, '.changeset')).filter((f) => f.endsWith('.md'))).toEqual(['README.md']);
  });
});
