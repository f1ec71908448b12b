import type { Json } from '@partnero-ts/spec/read';
import { spec, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveModel } from '../../src/5-state/model.js';
import { createMockPipeline, type MockPipeline } from '../../src/index.js';
import { uniqueKey, validRequest } from '../support.js';

const model = deriveModel(spec);
const roleOf = (operationId: string) =>
  [...model.operations.values()].find((op) => op.operationId === operationId)?.role;

describe('deriveModel on the spec', () => {
  it('finds the resources the state covers, with the fields that identify their records', () => {
    const resources = Object.fromEntries(model.resources.map((r) => [r.collection, r.lookupFields]));
    expect(resources).toEqual({
      '/partners': ['id'],
      '/customers': ['key', 'id'],
      '/transactions': ['key'],
      '/leads': ['id'],
      '/partner_referral_links': ['id'],
      '/customer_referral_links': ['id'],
      '/coupons': ['uuid_code'],
      '/promotion-codes': ['code'],
      '/subscribers': ['id'],
      '/rewards': ['id'],
      '/payout_requests': ['id'],
      '/webhooks': ['key'],
    });
  });

  it('reads what each operation does from its path, body and extensions', () => {
    expect(roleOf('listPartners')).toEqual({ kind: 'list' });
    expect(roleOf('searchPartners')).toEqual({ kind: 'search' });
    expect(roleOf('createPartner')).toEqual({ kind: 'create' });
    expect(roleOf('getPartner')).toEqual({ kind: 'read', by: 'path' });
    expect(roleOf('updatePartner')).toMatchObject({ kind: 'update', by: 'path', wrapped: true });
    expect(roleOf('updatePartnerByBody')).toMatchObject({ kind: 'update', by: 'body', wrapped: true });
    expect(roleOf('updateCoupon')).toMatchObject({
      kind: 'update',
      by: 'body',
      wrapped: false,
      bodyIdentifiers: ['uuid_code'],
    });
    expect(roleOf('deletePartnerByBody')).toMatchObject({ kind: 'delete', by: 'body' });
    expect(roleOf('findPartner')).toEqual({ kind: 'read', by: 'query' });
    expect(roleOf('archivePartner')).toMatchObject({
      kind: 'action',
      set: { status: 'archived' },
      event: 'partner.archived',
    });
    expect(roleOf('convertLead')).toMatchObject({ kind: 'action', by: 'query', event: 'lead.converted' });
    expect(roleOf('convertLeadByPost')).toMatchObject({ kind: 'action', by: 'body' });
    expect(roleOf('createLead')).toEqual({ kind: 'create', event: 'lead.submitted' });
    expect(roleOf('listCustomerTransactions')).toEqual({ kind: 'nested' });
    // Deprecated and non-resource operations keep Prism's answers.
    expect(roleOf('createCustomerLegacy')).toBeUndefined();
    expect(roleOf('updateProgram')).toBeUndefined();
    expect(roleOf('inviteCustomer')).toBeUndefined();
  });

  it('names the events of each resource from x-partnero-resource on the webhooks', () => {
    const partners = model.resources.find((r) => r.collection === '/partners');
    expect(partners?.events).toEqual(
      expect.arrayContaining(['partner.created', 'partner.updated', 'partner.deleted']),
    );
  });
});

describe('deriveModel refuses extensions that name nothing', () => {
  const withOperation = (operation: Json): Json => ({
    openapi: '3.1.0',
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          responses: {
            '200': {
              content: {
                'application/json': { schema: { type: 'object', properties: { data: { type: 'object' } } } },
              },
            },
          },
        },
      },
      '/elsewhere': { get: { operationId: 'oddOne', responses: { '200': {} }, ...operation } },
    },
  });

  it('an x-partnero-action event that is no webhook of the spec', () => {
    expect(() => deriveModel(withOperation({ 'x-partnero-action': { event: 'thing.exploded' } }))).toThrow(
      /oddOne: x-partnero-action.event "thing.exploded" names no webhook/,
    );
  });

  it('an x-partnero-resource that is no collection', () => {
    expect(() => deriveModel(withOperation({ 'x-partnero-resource': '/nowhere' }))).toThrow(
      /oddOne: x-partnero-resource "\/nowhere" is not a collection/,
    );
  });
});

describe('the seed', () => {
  let pipeline: MockPipeline;
  beforeAll(async () => {
    pipeline = await createMockPipeline();
  });
  afterAll(() => pipeline.close());

  // Every documented example request of an operation the state answers finds the record it
  // names, on a fresh key: the seed is what makes the spec's examples (and the contract suite) work.
  const stateful = specOperations().filter((op) =>
    model.operations.has(`${op.method.toUpperCase()} ${op.path}`),
  );

  it.each(stateful.map((op) => [op.operationId, op] as const))(
    '%s: the documented example succeeds',
    async (_id, op) => {
      const { path, body } = validRequest(op);
      const res = await pipeline.fetch(
        new Request(`http://localhost${path}`, {
          method: op.method.toUpperCase(),
          headers: { authorization: `Bearer ${uniqueKey('seed')}`, 'content-type': 'application/json' },
          ...(body !== undefined && { body }),
        }),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    },
  );
});
