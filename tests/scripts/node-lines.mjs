#!/usr/bin/env node
// `pnpm test:node-lines [22] [24]`: the suites users depend on, on the Node lines users run. The
// workspace is built and packed once (by any Node: the output is plain JS); each line then runs
// the client's unit tests, the contract suite, the MSW example and the packed-tarball consumer
// test with its own official binary first on PATH. The binaries are the `node` package from the
// npm registry (the only place these machines can download from), installed once per line into
// .cache/node<line>/.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const lines = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['22', '24'];
for (const line of lines) {
  if (!/^\d+$/.test(line)) fail(`"${line}" is not a Node major version: pass e.g. 22 24`);
}

const SUITES = [
  ['client unit tests', ['--filter', '@partnero-ts/client', 'test']],
  ['contract suite', ['--filter', '@partnero-ts/tests', 'contract']],
  ['MSW example', ['--filter', '@partnero-ts/examples', 'test:msw']],
  ['packed consumer test', ['--filter', '@partnero-ts/tests', 'test:package']],
];

const started = performance.now();
// The lines run side by side (each line's suites in order): the suites wait on child processes
// and npm as much as on the CPU, and every test uses its own port 0 and temporary folder.
const results = await Promise.all(lines.map((line) => runLine(line)));
const failed = results.flat().filter((result) => !result.ok);
console.log(
  `node lines ${lines.join(', ')}: ${results.flat().length - failed.length} suites passed, ${failed.length} failed, in ${seconds(started)}`,
);
process.exitCode = failed.length > 0 ? 1 : 0;

async function runLine(line) {
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
  console.log(`node ${line}: ${seen} from ${bin}`);
  const results = [];
  for (const [name, args] of SUITES) {
    const result = await run(`node ${line} · ${name}`, 'pnpm', args, env);
    results.push(result);
  }
  return results;
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

/** Runs a command with its output buffered: printed whole when it fails, one line when it passes. */
function run(label, command, args, env = process.env) {
  const begun = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const ok = code === 0;
      console.log(`${ok ? '✓' : '✗'} ${label} (${seconds(begun)})`);
      if (!ok) console.log(output);
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
