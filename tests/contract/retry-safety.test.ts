import { ConnectionError, createPartneroClient } from '@partnero-ts/client';
import { describe, expect, inject, it } from 'vitest';
import { exampleRequest } from '../support/requests.js';
import { type SpecOperation, specOperations } from '../support/spec.js';

// The client's central promise, proven against the mock's write ledger: an operation the spec
// marks `x-partnero-idempotent: false` is never sent twice once the server may have acted, and
// resending an idempotent one after a lost answer ends in the same state as sending it once.

const mockUrl = inject('mockUrl');
const baseUrl = `${mockUrl}/v1`;

type Result = { data?: unknown; error?: unknown; response: Response };
type AnyRequest = (method: string, path: string, init: unknown) => Promise<Result>;

/** Sends the operation's documented example request; `attempts` counts what reached the wire. */
function send(
  op: SpecOperation,
  apiKey: string,
  headers?: Record<string, string>,
  attempts = { count: 0 },
): Promise<Result> {
  const counting: typeof fetch = (input, init) => {
    attempts.count += 1;
    return fetch(input, init);
  };
  const client = createPartneroClient({ apiKey, baseUrl, maxRetries: 2, fetch: counting });
  return (client.request as unknown as AnyRequest)(op.method.toUpperCase(), op.path, {
    ...exampleRequest(op),
    headers,
  });
}

async function mockRoute(path: string, apiKey: string): Promise<unknown> {
  const res = await fetch(`${mockUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return res.json();
}

/** The key's stored records, without the timestamps each write stamps anew. */
async function stateOf(apiKey: string): Promise<unknown> {
  return JSON.parse(JSON.stringify(await mockRoute('/__mock/state', apiKey)), (name, value) =>
    name.endsWith('_at') ? undefined : value,
  );
}

const idempotency = (op: SpecOperation) => op.operation['x-partnero-idempotent'];
const name = (op: SpecOperation) => `${op.method.toUpperCase()} ${op.path}`;

it('the spec says, for every operation, whether it may be sent twice', () => {
  const unmarked = specOperations().filter((op) => typeof idempotency(op) !== 'boolean');
  expect(unmarked.map(name)).toEqual([]);
});

const notIdempotent = specOperations().filter((op) => idempotency(op) === false);
const idempotent = specOperations().filter((op) => idempotency(op) === true);

describe.concurrent.each(notIdempotent.map((op) => [name(op), op] as const))(
  'not idempotent: %s',
  (_name, op) => {
    it('a dropped answer after the commit raises ConnectionError, unsent again; the ledger shows one commit', async () => {
      const apiKey = `retry_${op.operationId}`;
      const attempts = { count: 0 };
      await expect(
        send(op, apiKey, { 'x-mock-fault': 'drop-after-commit' }, attempts),
      ).rejects.toBeInstanceOf(ConnectionError);
      expect(attempts.count).toBe(1);
      const ledger = (await mockRoute('/__mock/ledger', apiKey)) as { operation: string }[];
      expect(ledger.map((entry) => entry.operation)).toEqual([op.operationId]);
    });
  },
);

describe.concurrent.each(idempotent.map((op) => [name(op), op] as const))('idempotent: %s', (_name, op) => {
  it('resending after a dropped answer converges on the state of one request', async () => {
    const once = `once_${op.operationId}`;
    expect((await send(op, once)).response.status).toBeLessThan(300);

    // The first request of this key commits and loses its answer; later ones are normal.
    const dropped = `scenario_drop-after-commit.${op.operationId}`;
    const retried = await send(op, dropped).catch(async (error: unknown) => {
      // A client that does not resend this method on its own raised instead: the caller resends.
      expect(error).toBeInstanceOf(ConnectionError);
      return send(op, dropped);
    });
    // A resent delete finds nothing left to delete; anything else succeeds again.
    expect(retried.response.status < 300 || (op.method === 'delete' && retried.response.status === 404)).toBe(
      true,
    );
    expect(await stateOf(dropped)).toEqual(await stateOf(once));
  });
});
