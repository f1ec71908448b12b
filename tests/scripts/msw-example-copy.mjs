// The MSW example (apps/examples' `test:msw`) in a throwaway folder where `msw` is another install
// than the workspace's, for `pnpm test:node-lines`. Node resolves a bare `msw` from the real path
// of the importing file, and the mock's handlers import it from apps/mock, where pnpm linked the
// workspace's msw 2: so the example and a copy of the built mock (its published files) go into a
// folder outside the workspace, whose node_modules link everything else back to the workspace's
// install. Nothing is downloaded and the workspace is never changed, so a run that dies midway
// leaves nothing to repair.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes the copy in `dir` (new; the caller removes it) and returns `dir`: the example's
 * `test:msw` script, run there with node_modules/.bin on PATH, runs its test with the msw in
 * `mswFolder`, in the test file and in the handlers alike. `dir` must be outside the workspace
 * (e.g. under the system's temporary folder): inside, Node's lookup would climb into the
 * workspace's own node_modules.
 */
export function copyMswExample(root, mswFolder, dir) {
  const examples = join(root, 'apps', 'examples');
  const mock = realpathSync(join(examples, 'node_modules', '@partnero-ts', 'mock'));
  if (realpathSync(join(dir, '..')).startsWith(realpathSync(root))) {
    throw new Error(`copyMswExample: ${dir} is inside the workspace ${root}; use a temporary folder`);
  }
  mkdirSync(dir);
  for (const entry of ['package.json', 'vitest.config.ts', 'src']) {
    cpSync(join(examples, entry), join(dir, entry), { recursive: true });
  }
  linkDependencies(join(examples, 'node_modules'), join(dir, 'node_modules'), mswFolder);
  // The mock as it is published (its `files`), so its handlers resolve msw from the copy.
  const copiedMock = join(dir, 'node_modules', '@partnero-ts', 'mock');
  const { files } = JSON.parse(readFileSync(join(mock, 'package.json'), 'utf8'));
  for (const entry of ['package.json', ...files]) {
    if (existsSync(join(mock, entry)))
      cpSync(join(mock, entry), join(copiedMock, entry), { recursive: true });
  }
  linkDependencies(join(mock, 'node_modules'), join(copiedMock, 'node_modules'), mswFolder);
  // The example's script calls `vitest`, which a package manager finds in node_modules/.bin.
  mkdirSync(join(dir, 'node_modules', '.bin'));
  symlinkSync(join(dir, 'node_modules', 'vitest', 'vitest.mjs'), join(dir, 'node_modules', '.bin', 'vitest'));
  return dir;
}

/** Links each of `from`'s packages into `to`, msw replaced by `mswFolder` and the mock left out. */
function linkDependencies(from, to, mswFolder) {
  mkdirSync(join(to, '@partnero-ts'), { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === '.bin' || name === 'msw' || name === '@partnero-ts' || name.startsWith('.')) continue;
    symlinkSync(realpathSync(join(from, name)), join(to, name));
  }
  const scope = join(from, '@partnero-ts');
  for (const name of existsSync(scope) ? readdirSync(scope) : []) {
    if (name !== 'mock') symlinkSync(realpathSync(join(scope, name)), join(to, '@partnero-ts', name));
  }
  symlinkSync(realpathSync(mswFolder), join(to, 'msw'));
}
