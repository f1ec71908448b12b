#!/usr/bin/env node
// Proves the project's lint rules bite: copies the spec to a temp dir, breaks one rule at a
// time and asserts that `redocly lint` fails naming that rule. The intact copy must pass.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const specDir = fileURLToPath(new URL('..', import.meta.url));
const redocly = join(specDir, 'node_modules', '.bin', 'redocly');

/** [name, rule expected in the output, file, text to find, replacement] */
const breakages = [
  [
    'remove a 403',
    'rule/operation-answers-401-and-403',
    'paths/partners_{id}.yaml',
    "    '403':\n      $ref: ../components/responses/Forbidden.yaml\n",
    '',
  ],
  ['remove an operationId', 'operation-operationId', 'paths/test.yaml', '  operationId: getTest\n', ''],
  [
    'switch security off',
    'rule/operation-security-not-empty',
    'paths/test.yaml',
    '  operationId: getTest\n',
    '  operationId: getTest\n  security: []\n',
  ],
  [
    'remove an example',
    'rule/media-type-has-example',
    'components/responses/Forbidden.yaml',
    '    example:\n      status: 0\n      message: This action is unauthorized.\n',
    '',
  ],
  [
    'make an example not match its schema',
    'no-invalid-media-type-examples',
    'paths/test.yaml',
    '                status: 1\n',
    "                status: 'one'\n",
  ],
  [
    'misspell a key of x-partnero-action',
    'rule/partnero-action-shape',
    'paths/partners_{id}_archive.yaml',
    'x-partnero-action: {set: {status: archived}, event: partner.archived}',
    'x-partnero-action: {sets: {status: archived}}',
  ],
  [
    'name x-partnero-resource without its leading slash',
    'rule/partnero-resource-shape',
    'paths/partner.yaml',
    'x-partnero-resource: /partners',
    'x-partnero-resource: partners',
  ],
  [
    'drop the WWW-Authenticate header of a 401',
    'rule/unauthorized-has-www-authenticate',
    'components/responses/Unauthorized.yaml',
    'headers:\n  WWW-Authenticate:\n    $ref: ../headers/WWW-Authenticate.yaml\n',
    '',
  ],
];

async function lint(dir) {
  try {
    const { stdout, stderr } = await run(redocly, ['lint', 'openapi.yaml', '--format', 'stylish'], {
      cwd: dir,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    return { code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

async function copySpec() {
  const dir = await mkdtemp(join(tmpdir(), 'partnero-spec-'));
  for (const entry of ['openapi.yaml', 'redocly.yaml', 'paths', 'components', 'webhooks']) {
    await cp(join(specDir, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

async function check([name, rule, file, find, replace]) {
  const dir = await copySpec();
  try {
    if (file) {
      const path = join(dir, file);
      const text = await readFile(path, 'utf8');
      assert.ok(text.includes(find), `${name}: fixture text not found in ${file}`);
      await writeFile(path, text.replace(find, replace));
    }
    const { code, output } = await lint(dir);
    if (rule) {
      assert.notEqual(code, 0, `${name}: lint passed but should fail`);
      assert.ok(output.includes(rule), `${name}: output does not name ${rule}:\n${output}`);
    } else {
      assert.equal(code, 0, `intact spec must lint clean:\n${output}`);
      assert.ok(
        !/warning/.test(output.replace(/Deprecation warning/g, '')),
        `intact spec has warnings:\n${output}`,
      );
    }
    console.log(`ok - ${name}${rule ? ` -> ${rule}` : ''}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A few lints at a time: fast, without starving tasks turbo runs alongside (the mock's CLI tests).
const queue = [['intact spec', null, null], ...breakages];
const worker = async () => {
  for (let next = queue.shift(); next; next = queue.shift()) await check(next);
};
await Promise.all([worker(), worker(), worker()]);
