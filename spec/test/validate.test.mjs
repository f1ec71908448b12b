// The shared Ajv set-up (`@partnero-ts/spec/validate`), on a small document made here: run by
// `pnpm test` after the build (node --test; Node 20 runs no TypeScript).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createValidators, errorsText } from '../dist/validate.js';

const root = {
  components: {
    schemas: {
      Partner: {
        type: 'object',
        required: ['id', 'email'],
        properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } },
        // An OpenAPI keyword JSON Schema lacks: strict mode would refuse the schema.
        example: { id: 'p1', email: 'jane@example.com' },
      },
    },
  },
};

test('compiles the schema at a pointer, once, with formats checked', () => {
  const validatorAt = createValidators(root, { allErrors: true });
  const validate = validatorAt('#/components/schemas/Partner');
  assert.equal(validatorAt('#/components/schemas/Partner'), validate);
  assert.equal(validate({ id: 'p1', email: 'jane@example.com' }), true);
  assert.equal(validate({ id: 'p1', email: 'not an email' }), false);
  assert.equal(errorsText(validate.errors), 'data/email must match format "email"');
});

test('allErrors lists every difference, one a line; without it the first only', () => {
  const wrong = { id: 1, email: 'not an email' };
  const all = createValidators(root, { allErrors: true })('#/components/schemas/Partner');
  assert.equal(all(wrong), false);
  assert.equal(errorsText(all.errors), 'data/id must be string\ndata/email must match format "email"');
  const first = createValidators(root, { allErrors: false })('#/components/schemas/Partner');
  assert.equal(first(wrong), false);
  assert.equal(first.errors?.length, 1);
  assert.equal(errorsText(null), 'No errors');
});
