import { deref, specOperations } from '@partnero-ts/spec-tools';
import { describe, expect, it } from 'vitest';
import { listShape, planLiveRun, type Step } from './plan.js';

const plan = planLiveRun();
const calls = plan.filter((step): step is Extract<Step, { kind: 'call' }> => step.kind === 'call');
const stepOf = (method: string, path: string) =>
  plan.find((step) => step.op.method === method && step.op.path === path);

describe('planLiveRun', () => {
  it('plans every operation of the spec exactly once', () => {
    const planned = plan.map((step) => step.op.operationId).sort();
    expect(planned).toEqual(
      specOperations()
        .map((op) => op.operationId)
        .sort(),
    );
  });

  it('calls only GETs marked x-partnero-idempotent: true, without required query parameters', () => {
    expect(calls.length).toBeGreaterThan(0);
    for (const { op } of calls) {
      expect(op.method).toBe('get');
      expect(op.operation['x-partnero-idempotent']).toBe(true);
      const params = ((op.operation.parameters as unknown[] | undefined) ?? []).map((ref) =>
        deref<{ in: string; required?: boolean }>(ref),
      );
      expect(params.filter((param) => param.in === 'query' && param.required)).toEqual([]);
    }
  });

  it('skips every write, every acting GET and every GET it cannot fill, saying why', () => {
    for (const op of specOperations().filter((op) => op.method !== 'get')) {
      expect(stepOf(op.method, op.path)).toMatchObject({
        kind: 'skip',
        reason: expect.stringMatching(/sends only GET/),
      });
    }
    for (const path of ['/leads/convert', '/leads/reject']) {
      expect(stepOf('get', path)).toMatchObject({
        kind: 'skip',
        reason: expect.stringMatching(/idempotent: false/),
      });
    }
    // Idempotent, but its required `key` is never filled, so it is never sent.
    expect(stepOf('get', '/customer')).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/required query parameter `key`/),
    });
  });

  it('fills every path parameter from a list that is called earlier', () => {
    const order = new Map(calls.map((step, index) => [step.op.operationId, index]));
    for (const step of calls) {
      const params = [...step.op.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      expect(step.feeds.map((feed) => feed.param)).toEqual(params);
      for (const feed of step.feeds) {
        expect(order.get(feed.list.operationId)).toBeLessThan(order.get(step.op.operationId) as number);
        expect(listShape(feed.list)?.itemsProperty).toBe(feed.itemsProperty);
      }
    }
  });

  it('feeds a parameter from the list of its collection, by the parameter name', () => {
    const partner = stepOf('get', '/partners/{id}');
    expect(partner?.kind === 'call' && partner.feeds).toEqual([
      expect.objectContaining({
        param: 'id',
        field: 'id',
        list: expect.objectContaining({ path: '/partners' }),
      }),
    ]);
    const transactions = stepOf('get', '/customers/{key}/transactions');
    expect(transactions?.kind === 'call' && transactions.feeds[0]?.list.path).toBe('/customers');
  });

  it('prefers a colon action listing the same schema when the collection has no list of its own', () => {
    // /partner_referral_links has no GET; :domains lists domains (with ids), :search lists links.
    const link = stepOf('get', '/partner_referral_links/{id}');
    expect(link?.kind === 'call' && link.feeds[0]?.list.path).toBe('/partner_referral_links:search');
  });
});
