import { describe, expect, it } from 'vitest';
import {
  exampleRequest,
  firstExample,
  requiredBodyFields,
  requiredInput,
  responseOf,
  type SpecOperation,
  specOperations,
  successStatus,
  withoutInput,
} from '../src/index.js';
import { responseBodyErrors } from '../src/schema.js';

// Hand-made operations test the readers' rules; the bundled spec tests that references resolve.
const operation = (fields: Record<string, unknown>): SpecOperation => ({
  method: 'post',
  path: '/things/{id}',
  operationId: 'makeThing',
  pointer: '#/paths/~1things~1{id}/post',
  operation: { responses: { '422': {}, '204': {}, '201': {} }, ...fields },
});
const withBody = (schema: unknown, example?: unknown) =>
  operation({ requestBody: { content: { 'application/json': { schema, example } } } });

const partners = specOperations().find(
  (op) => op.method === 'get' && op.path === '/partners',
) as SpecOperation;

describe('responses', () => {
  it('responseOf answers the documented response, following $ref, and undefined otherwise', () => {
    expect(responseOf(partners, 401)).toMatchObject({ content: { 'application/json': {} } });
    expect(responseOf(partners, '401')).toEqual(responseOf(partners, 401));
    expect(responseOf(partners, 418)).toBeUndefined();
  });

  it('successStatus is the lowest documented 2xx', () => {
    expect(successStatus(operation({}))).toBe(201);
    expect(() => successStatus(operation({ responses: { '404': {} } }))).toThrow(
      'makeThing documents no 2xx',
    );
  });

  it('successStatus is the one x-partnero-success names, where the spec names one', () => {
    expect(successStatus(operation({ 'x-partnero-success': 204 }))).toBe(204);
    const createLink = specOperations().find(
      (op) => op.operationId === 'createPartnerReferralLink',
    ) as SpecOperation;
    expect(successStatus(createLink)).toBe(201);
  });

  it('responseBodyErrors accepts the documented example and names what a wrong body breaks', () => {
    expect(responseBodyErrors(partners, 401, firstExample(partners, 401))).toBe('');
    expect(responseBodyErrors(partners, 401, { status: 'no' })).toMatch(/status/);
  });
});

describe('requests', () => {
  it('exampleRequest fills path and required query parameters and the body from examples', () => {
    const op = operation({
      parameters: [
        { name: 'id', in: 'path', required: true, example: 'p_1' },
        { name: 'limit', in: 'query', required: true, schema: { default: 10 } },
        { name: 'page', in: 'query', example: 2 },
      ],
      requestBody: { content: { 'application/json': { examples: { one: { value: { key: 'k' } } } } } },
    });
    expect(exampleRequest(op)).toEqual({
      params: { path: { id: 'p_1' }, query: { limit: 10 } },
      body: { key: 'k' },
    });
  });

  it('requiredBodyFields keeps only the fields every oneOf variant requires, plus allOf and its own', () => {
    const schema = {
      required: ['key'],
      allOf: [{ required: ['amount'] }],
      oneOf: [{ required: ['email', 'name'] }, { required: ['email'] }],
    };
    expect(requiredBodyFields(withBody(schema)).sort()).toEqual(['amount', 'email', 'key']);
    expect(requiredBodyFields(operation({}))).toEqual([]);
  });

  it('requiredInput prefers a body field, then a required query parameter', () => {
    expect(requiredInput(withBody({ required: ['key'] }))).toEqual({ in: 'body', name: 'key' });
    const query = operation({ parameters: [{ name: 'email', in: 'query', required: true }] });
    expect(requiredInput(query)).toEqual({ in: 'query', name: 'email' });
    expect(requiredInput(operation({}))).toBeUndefined();
  });

  it('withoutInput drops exactly that input', () => {
    const request = {
      params: { path: { id: 'x' }, query: { email: 'e', page: 1 } },
      body: { key: 'k', n: 1 },
    };
    expect(withoutInput(request, { in: 'body', name: 'key' })).toEqual({ ...request, body: { n: 1 } });
    expect(withoutInput(request, { in: 'query', name: 'email' }).params).toEqual({
      path: { id: 'x' },
      query: { page: 1 },
    });
  });
});
