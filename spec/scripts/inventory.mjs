#!/usr/bin/env node
// Reads dist/openapi.json and (1) asserts that every `METHOD /path` of inventory.txt is in it,
// (2) renders the per-tag operation table. `--write` updates README.md between the markers,
// `--check` fails when README.md is out of date; no flag prints the Markdown.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const spec = JSON.parse(readFileSync(new URL('dist/openapi.json', root), 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const operations = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (op) operations.push({ method: method.toUpperCase(), path, op });
  }
}

const expected = readFileSync(new URL('inventory.txt', root), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const present = new Set(operations.map(({ method, path }) => `${method} ${path}`));
const missing = expected.filter((line) => !present.has(line));
assert.deepEqual(
  missing,
  [],
  `operations of inventory.txt missing from dist/openapi.json:\n${missing.join('\n')}`,
);
const unlisted = [...present].filter((line) => !expected.includes(line));
assert.deepEqual(unlisted, [], `operations in the spec but not in inventory.txt:\n${unlisted.join('\n')}`);

const webhookOps = Object.entries(spec.webhooks ?? {}).map(([event, item]) => ({ event, op: item.post }));
const LEVELS = ['documented', 'official-client', 'unverified'];
const countBy = (entries, pick) =>
  LEVELS.map((level) => `${entries.filter((entry) => pick(entry) === level).length} ${level}`).join(', ');
const evidenceOf = ({ op }) => op['x-partnero-evidence'];
const notIdempotent = operations.filter(({ op }) => op['x-partnero-idempotent'] === false);

const byTag = new Map((spec.tags ?? []).map((tag) => [tag.name, []]));
for (const entry of operations) {
  const tag = entry.op.tags?.[0] ?? '(untagged)';
  if (!byTag.has(tag)) byTag.set(tag, []);
  byTag.get(tag).push(entry);
}
const lines = [
  `**${operations.length} operations** (${operations.filter((e) => e.op.deprecated).length} deprecated) in ${
    [...byTag.values()].filter((ops) => ops.length).length
  } tags, plus ${webhookOps.length} outbound webhook events.`,
  '',
  `Evidence (\`x-partnero-evidence\`): operations ${countBy(operations, evidenceOf)}; webhook events ${countBy(
    webhookOps,
    evidenceOf,
  )}. Not idempotent (\`x-partnero-idempotent: false\`, never resent after the server may have acted): ${
    notIdempotent.length
  } operations, marked ⚠.`,
  '',
  '| Tag | Operations | Method and path (operationId): evidence |',
  '| --- | ---: | --- |',
];
for (const [tag, ops] of byTag) {
  if (!ops.length) continue;
  const cells = ops.map(
    ({ method, path, op }) =>
      `\`${method} ${path}\` (${op.operationId}${op.deprecated ? ', deprecated' : ''}): ${op['x-partnero-evidence']}${
        op['x-partnero-idempotent'] === false ? ' ⚠' : ''
      }`,
  );
  lines.push(`| ${tag} | ${ops.length} | ${cells.join('<br>')} |`);
}
lines.push(
  `| Webhook events | ${webhookOps.length} | ${webhookOps
    .map(({ event, op }) => `\`${event}\`: ${op['x-partnero-evidence']}`)
    .join('<br>')} |`,
);
const table = lines.join('\n');

const START = '<!-- inventory:start -->';
const END = '<!-- inventory:end -->';
const readmeUrl = new URL('README.md', root);
const readme = readFileSync(readmeUrl, 'utf8');
const [head, rest] = readme.split(START);
const updated = rest === undefined ? readme : `${head}${START}\n${table}\n${END}${rest.split(END)[1]}`;

if (process.argv.includes('--write')) {
  writeFileSync(readmeUrl, updated);
  console.log(`README.md: ${operations.length} operations`);
} else if (process.argv.includes('--check')) {
  assert.ok(rest !== undefined, 'README.md lacks the inventory markers');
  assert.equal(
    readme,
    updated,
    'README.md operation table is stale: run `pnpm --filter @partnero-ts/spec inventory`',
  );
  console.log(`inventory: ${expected.length} expected operations present; README table up to date`);
} else {
  console.log(table);
}
