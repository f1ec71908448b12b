import { describe, expect, it } from 'vitest';
import { lookups, renderLookups } from '../../scripts/lookups.mjs';

// A minimal document: a create on /orders looked up through GET /orders/{key} or GET /order?email=.
function documentOf(lookup: unknown, bodyProperties: Record<string, unknown> = { key: {}, email: {} }) {
  return {
    openapi: '3.1.0',
    paths: {
      '/orders': {
        post: {
          operationId: 'createOrder',
          'x-partnero-lookup': lookup,
          requestBody: { $ref: '#/components/requestBodies/Order' },
        },
      },
      '/orders/{key}': {
        get: { operationId: 'getOrder', parameters: [{ $ref: '#/components/parameters/Key' }] },
      },
      '/order': {
        get: { operationId: 'findOrder', parameters: [{ name: 'email', in: 'query' }] },
      },
    },
    components: {
      parameters: { Key: { name: 'key', in: 'path', required: true } },
      requestBodies: {
        Order: {
          content: {
            'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Order' }] } },
          },
        },
      },
      schemas: { Order: { oneOf: [{ type: 'object', properties: bodyProperties }] } },
    },
  };
}

describe('lookups', () => {
  it('maps each create to its read path and where each identifying field goes, through $refs and combiners', () => {
    expect(lookups(documentOf({ operationId: 'getOrder', by: ['key'] }))).toEqual([
      { create: '/orders', path: '/orders/{key}', by: [['key', 'path']] },
    ]);
    expect(lookups(documentOf({ operationId: 'findOrder', by: ['email'] }))).toEqual([
      { create: '/orders', path: '/order', by: [['email', 'query']] },
    ]);
  });

  it('refuses a field the create body does not have, naming the create and the field', () => {
    expect(() => lookups(documentOf({ operationId: 'getOrder', by: ['key'] }, { email: {} }))).toThrow(
      'POST /orders: x-partnero-lookup field key is not a property of its JSON request body',
    );
  });

  it('refuses a field the read operation does not take, and a read operation that does not exist', () => {
    expect(() => lookups(documentOf({ operationId: 'getOrder', by: ['email'] }))).toThrow(
      'field email is not a path or query parameter of getOrder',
    );
    expect(() => lookups(documentOf({ operationId: 'fetchOrder', by: ['key'] }))).toThrow(
      'names fetchOrder, which is not a GET',
    );
  });

  it('renders a const table keyed by create path', () => {
    const source = renderLookups(documentOf({ operationId: 'getOrder', by: ['key'] }));
    expect(source).toContain("  '/orders': { path: '/orders/{key}', by: [['key', 'path']] },\n");
    expect(source).toContain('} as const;');
    expect(source).toContain('Do not edit by hand');
  });
});
