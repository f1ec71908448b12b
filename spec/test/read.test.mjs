// The shared reader (`@partnero-ts/spec/read`), on small documents made here: run by `pnpm test`
// after the build (node --test; Node 20 runs no TypeScript).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  examplesOf,
  follow,
  nodeAt,
  operationsOf,
  pathParameters,
  pointerOf,
  successStatus,
  successStatuses,
} from '../dist/read.js';

const root = {
  paths: {
    '/partners/{id}': {
      get: { operationId: 'getPartner', responses: { 200: { $ref: '#/components/responses/Ok' }, 404: {} } },
      post: { operationId: 'touchPartner', responses: { 201: {}, 204: {}, 422: {} } },
    },
  },
  components: {
    responses: { Ok: { $ref: '#/components/responses/Real' }, Real: { description: 'ok' } },
    schemas: { 'a/b~c': { type: 'string' }, Loop: { $ref: '#/components/schemas/Loop' } },
    examples: { One: { value: { id: 'p1' } } },
  },
};

test('pointers escape ~ and / and name the node they point at', () => {
  const pointer = pointerOf('components', 'schemas', 'a/b~c');
  assert.equal(pointer, '#/components/schemas/a~1b~0c');
  assert.deepEqual(nodeAt(root, pointer), { type: 'string' });
  assert.equal(nodeAt(root, '#/components/nothing/here'), undefined);
});

test('follow walks $refs to the node and its pointer, and ends on a cycle', () => {
  const start = '#/paths/~1partners~1{id}/get/responses/200';
  assert.deepEqual(follow(root, nodeAt(root, start), start), {
    node: { description: 'ok' },
    pointer: '#/components/responses/Real',
  });
  const loop = follow(root, { $ref: '#/components/schemas/Loop' }, '');
  assert.equal(loop.pointer, '#/components/schemas/Loop');
});

test('operations in document order, their success statuses, their examples', () => {
  const ops = operationsOf(root);
  assert.deepEqual(
    ops.map((op) => [op.method, op.operationId, op.pointer]),
    [
      ['get', 'getPartner', '#/paths/~1partners~1{id}/get'],
      ['post', 'touchPartner', '#/paths/~1partners~1{id}/post'],
    ],
  );
  assert.deepEqual(successStatuses(ops[1].operation), [201, 204]);
  assert.deepEqual(examplesOf(root, { examples: { one: { $ref: '#/components/examples/One' } } }), [
    ['one', { id: 'p1' }],
  ]);
  assert.deepEqual(examplesOf(root, { example: 7 }), [['default', 7]]);
  assert.deepEqual(examplesOf(root, undefined), []);
});

test('path parameters are matched segment by segment and decoded; a malformed escape is kept', () => {
  assert.deepEqual(pathParameters('/partners/{id}/customers/{key}', '/partners/p%201/customers/c:2'), {
    id: 'p 1',
    key: 'c:2',
  });
  assert.deepEqual(pathParameters('/partners/{id}', '/partners/%E0%A4%A'), { id: '%E0%A4%A' });
  assert.deepEqual(pathParameters('/partners', '/partners'), {});
});

test('the success status: the one x-partnero-success names, else the lowest 2xx, else none', () => {
  const responses = { 204: {}, 201: {}, 404: {} };
  assert.equal(successStatus({ responses }), 201);
  assert.equal(successStatus({ responses, 'x-partnero-success': 204 }), 204);
  assert.equal(successStatus({ responses: { 404: {} } }), undefined);
});
