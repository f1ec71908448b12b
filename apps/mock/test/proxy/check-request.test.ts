import { SPEC_PATH } from '@partnero-ts/spec-tools';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRequest, type SeenRequest } from '../../src/proxy/check-request.js';

let operations: IHttpOperation[];
beforeAll(async () => {
  operations = await getHttpOperationsFromSpec(SPEC_PATH);
});
const operation = (method: string, path: string) =>
  operations.find((candidate) => candidate.method === method && candidate.path === path) as IHttpOperation;

function seen(overrides: Partial<SeenRequest>): SeenRequest {
  return { path: '/partners', query: {}, headers: {}, body: '', ...overrides };
}

function json(body: string): Partial<SeenRequest> {
  return {
    body,
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  };
}

describe('checkRequest', () => {
  it('finds nothing in a request the spec allows', () => {
    const body = JSON.stringify({ email: 'ada@example.com', name: 'Ada' });
    expect(checkRequest(operation('post', '/partners'), seen(json(body)), [])).toEqual([]);
  });

  it('points at a missing field without a value, and at a wrong one with the value sent', () => {
    const differences = checkRequest(operation('post', '/partners'), seen(json('{"name":5}')), []);
    expect(differences).toEqual([
      { pointer: '/body/email', message: 'missing, but the spec requires it' },
      { pointer: '/body/name', message: expect.stringMatching(/must be string$/), value: 5 },
    ]);
  });

  it('reports a body that is not JSON once, and still checks the rest of the request', () => {
    const differences = checkRequest(
      operation('get', '/partners'),
      seen({ path: '/partners', query: { limit: 'lots' }, ...json('{"oops') }),
      [],
    );
    expect(differences).toEqual([
      { pointer: '/body', message: 'not valid JSON', value: '{"oops' },
      expect.objectContaining({ pointer: '/query/limit', value: 'lots' }),
    ]);
  });

  it('reports a body that is not JSON by its media type', () => {
    const differences = checkRequest(
      operation('post', '/partners'),
      seen({ body: 'email=a', headers: { 'content-type': 'text/plain', 'content-length': '7' } }),
      [],
    );
    expect(differences).toContainEqual(
      expect.objectContaining({ pointer: '/headers/content-type', value: 'text/plain' }),
    );
  });

  it('points at a path parameter with the value sent', () => {
    const differences = checkRequest(operation('get', '/leads/{id}'), seen({ path: '/leads/0' }), []);
    expect(differences).toEqual([expect.objectContaining({ pointer: '/path/id', value: '0' })]);
  });

  it('redacts secrets from the values it shows', () => {
    const key = 'sk_request_secret';
    const body = `{"email":"ada@example.com","name":{"echo":"${key}"}}`;
    const differences = checkRequest(operation('post', '/partners'), seen(json(body)), [key]);
    expect(differences).toEqual([
      expect.objectContaining({ pointer: '/body/name', value: { echo: '[redacted]' } }),
    ]);
  });
});
