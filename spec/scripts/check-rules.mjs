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
const spectral = join(specDir, 'node_modules', '.bin', 'spectral');

/** [name, rule expected in the output, file, text to find, replacement, message expected (optional)] */
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
    'components/responses/NotFound.yaml',
    '    examples:\n      illustrative:\n',
    '    x-no-examples:\n      illustrative:\n',
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
    'name x-partnero-filter as a path instead of a field',
    'rule/partnero-filter-shape',
    'paths/customers.yaml',
    '      x-partnero-filter: partner\n      schema:\n        type: string\n    - name: partner.email',
    '      x-partnero-filter: partner.key\n      schema:\n        type: string\n    - name: partner.email',
  ],
  [
    'drop the WWW-Authenticate header of a 401',
    'rule/unauthorized-has-www-authenticate',
    'components/responses/Unauthorized.yaml',
    'headers:\n  WWW-Authenticate:\n    $ref: ../headers/WWW-Authenticate.yaml\n',
    '',
  ],
  [
    'drop x-partnero-evidence from an operation',
    'partnero/operation-semantics',
    'paths/test.yaml',
    '  x-partnero-evidence: official-client\n',
    '',
    'getTest: x-partnero-evidence must be one of',
  ],
  [
    'give x-partnero-evidence an unknown value',
    'partnero/operation-semantics',
    'paths/leads_convert.yaml',
    '  operationId: convertLead\n  x-partnero-evidence: documented\n',
    '  operationId: convertLead\n  x-partnero-evidence: observed-once\n',
    '(got "observed-once")',
  ],
  [
    'drop x-partnero-idempotent from an operation',
    'partnero/operation-semantics',
    'paths/test.yaml',
    '  x-partnero-idempotent: true\n',
    '',
    'getTest: x-partnero-idempotent must be true or false',
  ],
  [
    'give x-partnero-idempotent a non-boolean value',
    'partnero/operation-semantics',
    'paths/leads_convert.yaml',
    '  operationId: convertLead\n  x-partnero-evidence: documented\n  x-partnero-idempotent: false\n',
    "  operationId: convertLead\n  x-partnero-evidence: documented\n  x-partnero-idempotent: 'no'\n",
    'convertLead: x-partnero-idempotent must be true or false (got "no")',
  ],
  [
    'drop x-partnero-evidence from a webhook',
    'partnero/operation-semantics',
    'webhooks/partner.created.yaml',
    '  x-partnero-evidence: documented\n',
    '',
    'partnerCreatedWebhook: x-partnero-evidence must be one of',
  ],
  [
    'mark a GET not idempotent without saying why',
    'partnero/operation-semantics',
    'paths/leads_convert.yaml',
    '\n    Not idempotent:',
    '\n    Repeating:',
    'convertLead: x-partnero-idempotent: false is not what GET suggests',
  ],
  [
    'give a schema an unknown x-partnero-evidence',
    'partnero/operation-semantics',
    'components/schemas/PayoutRequest.yaml',
    'x-partnero-evidence: unverified\n',
    'x-partnero-evidence: probably\n',
    '(got "probably")',
  ],
  [
    'point x-partnero-lookup at an operation that does not exist',
    'partnero/lookup',
    'paths/transactions.yaml',
    'x-partnero-lookup: {operationId: getTransaction, by: [key]}',
    'x-partnero-lookup: {operationId: fetchTransaction, by: [key]}',
    'createTransaction: x-partnero-lookup names fetchTransaction, which is not an idempotent GET',
  ],
  [
    'look a create up by a field its read operation does not take',
    'partnero/lookup',
    'paths/customers.yaml',
    'x-partnero-lookup: {operationId: getCustomer, by: [key]}',
    'x-partnero-lookup: {operationId: getCustomer, by: [email]}',
    'createCustomer: x-partnero-lookup field email is not a path or query parameter of getCustomer',
  ],
  [
    'misspell a key of x-partnero-lookup',
    'partnero/lookup',
    'paths/partners.yaml',
    'x-partnero-lookup: {operationId: findPartner, by: [key, email]}',
    'x-partnero-lookup: {operationId: findPartner, field: key}',
    'createPartner: x-partnero-lookup must be {operationId',
  ],
  [
    'put x-partnero-lookup on an operation that is not a create',
    'partnero/lookup',
    'paths/test.yaml',
    '  x-partnero-idempotent: true\n',
    '  x-partnero-idempotent: true\n  x-partnero-lookup: {operationId: getTest, by: [key]}\n',
    'getTest: x-partnero-lookup belongs on a create',
  ],
  [
    'drop the 422 of a list whose limit is validated',
    'partnero/documents-client-errors',
    'paths/leads.yaml',
    "    '422':\n      $ref: ../components/responses/ValidationFailed.yaml\n",
    '',
    'listLeads: document the 422',
  ],
  [
    'drop the 400 of an operation with a body',
    'partnero/documents-client-errors',
    'paths/leads.yaml',
    "    '400':\n      $ref: ../components/responses/BadRequest.yaml\n",
    '',
    'createLead: document the 400',
  ],
  [
    'drop the 404 of an action on a record',
    'partnero/documents-client-errors',
    'paths/leads_convert.yaml',
    "    '404':\n      $ref: ../components/responses/NotFound.yaml\n",
    '',
    'convertLead: document the 404',
  ],
  [
    'document two 2xx without naming the answer',
    'partnero/operation-semantics',
    'paths/partner_referral_links.yaml',
    '  x-partnero-success: 201\n',
    '',
    'createPartnerReferralLink: documents 200 and 201; say which one',
  ],
  [
    'name an undocumented status as the success',
    'partnero/operation-semantics',
    'paths/partner_referral_links.yaml',
    '  x-partnero-success: 201\n',
    '  x-partnero-success: 202\n',
    'x-partnero-success must be one of',
  ],
  [
    'leave an array without items (Spectral on the bundle)',
    'spectral:array-items',
    'components/schemas/Coupon.yaml',
    '    items: {}\n',
    '',
    'array-items',
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

/** `pnpm lint`'s second half: Spectral's `oas` ruleset on the bundle, as a generator sees it. */
async function spectralLint(dir) {
  try {
    await run(redocly, ['bundle', 'openapi.yaml', '--output', 'bundle.json'], { cwd: dir });
    await cp(join(specDir, '.spectral.yaml'), join(dir, '.spectral.yaml'));
    const { stdout, stderr } = await run(
      spectral,
      ['lint', 'bundle.json', '--ruleset', '.spectral.yaml', '--fail-severity', 'error'],
      { cwd: dir },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    return { code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

async function copySpec() {
  const dir = await mkdtemp(join(tmpdir(), 'partnero-spec-'));
  for (const entry of ['openapi.yaml', 'redocly.yaml', 'plugins', 'paths', 'components', 'webhooks']) {
    await cp(join(specDir, entry), join(dir, entry), { recursive: true });
  }
  return dir;
}

async function check([name, rule, file, find, replace, message]) {
  const dir = await copySpec();
  try {
    if (file) {
      const path = join(dir, file);
      const text = await readFile(path, 'utf8');
      assert.ok(text.includes(find), `${name}: fixture text not found in ${file}`);
      await writeFile(path, text.replace(find, replace));
    }
    const { code, output } = await (rule?.startsWith('spectral:') ? spectralLint(dir) : lint(dir));
    if (rule) {
      assert.notEqual(code, 0, `${name}: lint passed but should fail`);
      const named = rule.replace(/^spectral:/, '');
      assert.ok(output.includes(named), `${name}: output does not name ${named}:\n${output}`);
      if (message)
        assert.ok(output.includes(message), `${name}: output does not say "${message}":\n${output}`);
    } else {
      assert.equal(code, 0, `intact spec must lint clean:\n${output}`);
      const bundle = await spectralLint(dir);
      assert.equal(bundle.code, 0, `intact bundle must pass Spectral's oas rules:\n${bundle.output}`);
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
