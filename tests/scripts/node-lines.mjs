#!/usr/bin/env node
// `pnpm test:node-lines [22] [24]`: the suites users depend on, on the Node lines users run. The
// workspace is built and packed once (by any Node: the output is plain JS); each line then runs
// the client's unit tests, the contract suite, the MSW example and the packed-tarball consumer
// test with its own official binary first on PATH. The binaries are the `node` package from the
// npm registry (the only place these machines can download from), installed once per line into
// .cache/node<line>/.
//
// The MSW suites run the msw a new project on that line installs: msw 3 from Node 22 (it requires
// 22.12+), installed once into .cache/msw3/ (delete it to take a newer 3.x), and the workspace's
// msw 2 below that, as `pnpm test` runs on Node 20. Likewise the user's vitest suite inside the
// packed consumer test runs the vitest a new project gets: vitest 5 from Node 22 (it requires
// 22.12+; the newest 5.x on the registry, which the consumer test installs itself), the
// workspace's vitest 4 below that. Every process they start preloads peer-probe.mjs, which records
// each msw and vitest it loads: a suite passes only if it loaded msw (and, for the consumer, a
// vitest outside the workspace, whose own vitest runs the consumer test), and only the majors its
// line expects, and its line in the output names those versions.
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyMswExample } from './msw-example-copy.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lines = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['22', '24'];
for (const line of lines) {
  if (!/^\d+$/.test(line)) fail(`"${line}" is not a Node major version: pass e.g. 22 24`);
}

/** The first Node line that runs msw 3 (its `engines`: >=22.12.0; npm's node@22 is the newest 22.x). */
const MSW_3_FROM_LINE = 22;
/** The first Node line that runs vitest 5 (its `engines`: ^22.12.0 || ^24.0.0 || >=26.0.0). */
const VITEST_5_FROM_LINE = 22;
const probe = new URL('./peer-probe.mjs', import.meta.url).href;

const SUITES = [
  { name: 'client unit tests', args: ['--filter', '@partnero-ts/client', 'test'] },
  { name: 'contract suite', args: ['--filter', '@partnero-ts/tests', 'contract'] },
  { name: 'MSW example', args: ['--filter', '@partnero-ts/examples', 'test:msw'], msw: 'example' },
  {
    name: 'packed consumer test',
    args: ['--filter', '@partnero-ts/tests', 'test:package'],
    msw: 'consumer',
    vitest: true,
  },
];

const started = performance.now();
const workspaceMsw = mswAt(realpathSync(join(root, 'apps', 'examples', 'node_modules', 'msw')));
// Installed before the lines start: they run side by side and would both install it.
const msw3 = lines.some((line) => Number(line) >= MSW_3_FROM_LINE) ? await installMsw3() : undefined;
const workspaceVitest = {
  version: JSON.parse(readFileSync(join(root, 'tests', 'node_modules', 'vitest', 'package.json'), 'utf8'))
    .version,
};
const vitest5 = lines.some((line) => Number(line) >= VITEST_5_FROM_LINE) ? newestVitest5() : undefined;
// The lines run side by side (each line's suites in order): the suites wait on child processes
// and npm as much as on the CPU, and every test uses its own port 0 and temporary folder.
const results = await Promise.all(
  lines.map((line) =>
    runLine(
      line,
      Number(line) >= MSW_3_FROM_LINE ? msw3 : workspaceMsw,
      Number(line) >= VITEST_5_FROM_LINE ? vitest5 : workspaceVitest,
    ),
  ),
);
const failed = results.flat().filter((result) => !result.ok);
console.log(
  `node lines ${lines.join(', ')}: ${results.flat().length - failed.length} suites passed, ${failed.length} failed, in ${seconds(started)}`,
);
process.exitCode = failed.length > 0 ? 1 : 0;

async function runLine(line, msw, vitest) {
  const bin = await installNode(line);
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  // What a suite's scripts will run: pnpm spawns them with the first `node` on PATH.
  const seen = execFileSync(
    'pnpm',
    ['--silent', '--filter', '@partnero-ts/client', 'exec', 'node', '--version'],
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  ).trim();
  if (!seen.startsWith(`v${line}.`)) fail(`Node ${line}: pnpm scripts run ${seen}, not the binary in ${bin}`);
  console.log(
    `node ${line}: ${seen} from ${bin}; the MSW suites use msw ${msw.version} from ${msw.folder}; the packed consumer's vitest suite uses vitest ${vitest.version}`,
  );
  const results = [];
  for (const suite of SUITES) {
    const label = `node ${line} · ${suite.name}`;
    results.push(
      suite.msw
        ? await runPeerSuite(label, suite, env, msw, vitest)
        : await run(label, 'pnpm', suite.args, { env }),
    );
  }
  return results;
}

/**
 * An MSW suite with `msw`, passed only if every msw its processes loaded is of `msw`'s major; one
 * marked `vitest` also only if the vitest its user's suite loaded (outside the workspace) is of
 * `vitest`'s major.
 */
async function runPeerSuite(label, suite, env, msw, vitest) {
  const scratch = mkdtempSync(join(tmpdir(), 'partnero-node-lines-'));
  const report = join(scratch, 'peers-loaded.txt');
  const check = () => {
    const checks = [checkLoaded(report, 'msw', msw.version)];
    if (suite.vitest) checks.push(checkLoaded(report, 'vitest', vitest.version, root));
    return checks.find((checked) => checked instanceof Error) ?? checks.join(' · ');
  };
  // PARTNERO_TEST_MSW and PARTNERO_TEST_VITEST: what tests/package/consumer.test.ts installs into
  // its project.
  const probed = {
    ...env,
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${probe}`.trim(),
    PARTNERO_PEER_PROBE: report,
    PARTNERO_TEST_MSW: msw.version,
    PARTNERO_TEST_VITEST: vitest.version,
  };
  try {
    if (suite.msw === 'example' && msw.folder !== workspaceMsw.folder) {
      // The example's own script, run in a copy whose msw is `msw.folder`.
      const copy = copyMswExample(root, msw.folder, join(scratch, 'example'));
      const { scripts } = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
      const PATH = `${join(copy, 'node_modules', '.bin')}${delimiter}${probed.PATH}`;
      return await run(
        label,
        scripts['test:msw'],
        [],
        { cwd: copy, env: { ...probed, PATH }, shell: true },
        check,
      );
    }
    return await run(label, 'pnpm', suite.args, { env: probed }, check);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Which `name` (msw or vitest) the probe recorded, as `msw X.Y.Z`, or an Error when none or
 * another major than `version`'s ran. Copies inside `outside` (the workspace) are not counted.
 */
function checkLoaded(report, name, version, outside) {
  const loaded = (existsSync(report) ? readFileSync(report, 'utf8').split('\n') : [])
    .map((entry) => /^(\S+) (\S+) (.+)$/.exec(entry))
    .filter((entry) => entry?.[1] === name)
    .map(([, , found, folder]) => ({ version: found, folder }))
    .filter((entry) => outside === undefined || !entry.folder.startsWith(outside));
  const major = version.split('.')[0];
  const others = loaded.filter((entry) => entry.version.split('.')[0] !== major);
  const where = outside === undefined ? '' : ` outside ${outside}`;
  if (loaded.length === 0) return new Error(`loaded no ${name}${where} at all: expected ${name} ${version}`);
  if (others.length > 0) {
    return new Error(
      `expected ${name} ${major}.x (${version}), but it loaded ${[...new Set(others.map((entry) => `${name} ${entry.version} from ${entry.folder}`))].join(', ')}`,
    );
  }
  return `${name} ${[...new Set(loaded.map((entry) => entry.version))].join(' + ')}`;
}

/** The newest vitest 5.x on the registry: what `npm install vitest` gives a new project there. */
function newestVitest5() {
  let listed = '[]';
  try {
    listed = execFileSync('npm', ['view', 'vitest@5', 'version', '--json'], { encoding: 'utf8' });
  } catch (error) {
    fail(`could not ask the npm registry for vitest 5 (npm view vitest@5 version): ${error.message}`);
  }
  // One matching version is printed as a string, several as an array in release order.
  const newest = [JSON.parse(listed)]
    .flat()
    .filter((version) => /^5\.\d+\.\d+$/.test(version))
    .at(-1);
  if (!newest) fail('the npm registry lists no vitest 5 release (npm view vitest@5 version)');
  return { version: newest };
}

/** msw 3 from the npm registry, installed once into .cache/msw3 (its postinstall is not wanted). */
async function installMsw3() {
  const dir = join(root, '.cache', 'msw3');
  const folder = join(dir, 'node_modules', 'msw');
  if (mswAt(folder)?.version.startsWith('3.')) return mswAt(folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'msw3', private: true }));
  const install = await run('npm i msw@3', 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    '--prefix',
    dir,
    'msw@3',
  ]);
  if (!install.ok || !mswAt(folder)?.version.startsWith('3.')) fail(`could not install msw@3 into ${dir}`);
  return mswAt(folder);
}

/** The msw package in `folder`: its version and folder, or undefined when there is none. */
function mswAt(folder) {
  try {
    return { version: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version, folder };
  } catch {
    return undefined;
  }
}

/** The official binary of `line` from the npm registry, installed once into .cache/node<line>. */
async function installNode(line) {
  const dir = join(root, '.cache', `node${line}`);
  const bin = join(dir, 'node_modules', '.bin');
  const node = join(bin, process.platform === 'win32' ? 'node.cmd' : 'node');
  if (existsSync(node) && versionOf(node).startsWith(`v${line}.`)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `node${line}`, private: true }));
  const install = await run(`node ${line} · npm i node@${line}`, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefix',
    dir,
    `node@${line}`,
  ]);
  if (!install.ok || !versionOf(node).startsWith(`v${line}.`))
    fail(`could not install node@${line} into ${dir}`);
  return bin;
}

function versionOf(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/**
 * Runs a command with its output buffered: printed whole when it fails, one line when it passes.
 * `check`, run after a passing command, fails it with an Error or adds its string to the line.
 */
function run(label, command, args, { cwd = root, env = process.env, shell = false } = {}, check = () => '') {
  const begun = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, shell, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', (error) => {
      output += String(error);
    });
    child.once('close', (code) => {
      const checked = code === 0 ? check() : '';
      const ok = code === 0 && !(checked instanceof Error);
      const note = checked instanceof Error ? `: ${checked.message}` : checked ? ` · ${checked}` : '';
      console.log(`${ok ? '✓' : '✗'} ${label}${note} (${seconds(begun)})`);
      if (code !== 0) console.log(output);
      resolve({ label, ok });
    });
  });
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function fail(line) {
  console.error(`test:node-lines: ${line}`);
  process.exit(1);
}
