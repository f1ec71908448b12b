import { createPartneroClient } from '@partnero-ts/client';
import { describe, expect, inject, it } from 'vitest';
import { exampleRequest, successStatuses } from '../support/requests.js';
import { formatErrors, validatorAt } from '../support/schema.js';
import { responseSchemaPointer, type SpecOperation, specOperations } from '../support/spec.js';

const baseUrl = `${inject('mockUrl')}/v1`;

// The client's typed surface is exercised by its own type tests; here paths come from the spec at run time.
type AnyRequest = (
  method: string,
  path: string,
  init: unknown,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

// Partnero's own answer to a request without a key can only be provoked past the client's guard.
const withoutAuthorization: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  request.headers.delete('authorization');
  return fetch(request);
};

function send(apiKey: string, op: SpecOperation, fetchImpl?: typeof fetch) {
  const client = createPartneroClient({ apiKey, baseUrl, fetch: fetchImpl });
  return (client.request as unknown as AnyRequest)(op.method.toUpperCase(), op.path, exampleRequest(op));
}

function expectBodyMatches(op: SpecOperation, status: number, body: unknown) {
  const validate = validatorAt(responseSchemaPointer(op, status));
  expect(validate(body), formatErrors(validate)).toBe(true);
}

describe.each(specOperations().map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
  '%s',
  (_name, op) => {
    it('answers a valid request with its documented success status and schema', async () => {
      const { response, data } = await send('test_key', op);
      expect(successStatuses(op)).toContain(response.status);
      if (data !== undefined) expectBodyMatches(op, response.status, data);
    });

    it('answers 401 with WWW-Authenticate when no key is sent', async () => {
      const { response, error } = await send('test_key', op, withoutAuthorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
      expectBodyMatches(op, 401, error);
    });

    it('answers 401 with WWW-Authenticate when the key is invalid', async () => {
      const { response, error } = await send('invalid_key', op);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expectBodyMatches(op, 401, error);
    });

    it('answers 403 when the key lacks permission', async () => {
      const { response, error } = await send('forbidden_key', op);
      expect(response.status).toBe(403);
      expectBodyMatches(op, 403, error);
    });
  },
);
