import { ConnectionError, createPartneroClient } from '@partnero-ts/client';
import { exampleRequest, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { beforeAll, describe, expect, inject, it } from 'vitest';

// The client's central promise, proven against the mock's write ledger: an operation the spec
// marks `x-partnero-idempotent: false` is never sent twice once the server may have acted, and
// resending an idempotent one after a lost answer ends in the same state as sending it once.

const mockUrl = inject('mockUrl');
const baseUrl = `${mockUrl}/v1`;

type Result = { data?: unknown; error?: unknown; response: Response };
type AnyRequest = (method: string, path: string, init: unknown) => Promise<Result>;

interface SendOptions {
  headers?: Record<string, string>;
  /** Counts the attempts that reached the wire. */
  attempts?: { count: number };
  maxRetries?: number;
}

/** Sends the operation's documented example request through the client. */
function send(
  op: SpecOperation,
  apiKey: string,
  { headers, attempts = { count: 0 }, maxRetries = 2 }: SendOptions = {},
): Promise<Result> {
  const counting: typeof fetch = (input, init) => {
    attempts.count += 1;
    return fetch(input, init);
  };
  // A fresh connection per request, as in operations.test.ts: a kept-alive socket the mock closes
  // on a loaded machine would fail with a ConnectionError this test did not cause.
  const client = createPartneroClient({
    apiKey,
    baseUrl,
    maxRetries,
    fetch: counting,
    headers: { connection: 'close' },
  });
  return (client.request as unknown as AnyRequest)(op.method.toUpperCase(), op.path, {
    ...exampleRequest(op),
    headers,
  });
}

async function mockRoute(path: string, apiKey: string): Promise<unknown> {
  const res = await fetch(`${mockUrl}${path}`, {
    headers: { authorization: `Bearer ${apiKey}`, connection: 'close' },
  });
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

// The first state snapshot computes every resource's seed (schemas compiled once): done here, so
// no test waits behind it.
beforeAll(async () => {
  await mockRoute('/__mock/state', 'warm_up');
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
        send(op, apiKey, { headers: { 'x-mock-fault': 'drop-after-commit' }, attempts }),
      ).rejects.toBeInstanceOf(ConnectionError);
      expect(attempts.count).toBe(1);
      const ledger = (await mockRoute('/__mock/ledger', apiKey)) as { operation: string }[];
      expect(ledger.map((entry) => entry.operation)).toEqual([op.operationId]);
    });
  },
);

describe.concurrent.each(idempotent.map((op) => [name(op), op] as const))('idempotent: %s', (_name, op) => {
  // What is proven is the server side of the spec's promise: resending is harmless. Whether the
  // client resends by itself is its own unit tests' business, so it is not asked to here (and no
  // backoff is waited out).
  it('resending after a dropped answer converges on the state of one request', async () => {
    const once = `once_${op.operationId}`;
    expect((await send(op, once, { maxRetries: 0 })).response.status).toBeLessThan(300);

    // The first request of this key commits and loses its answer; later ones are normal.
    const dropped = `scenario_drop-after-commit.${op.operationId}`;
    await expect(send(op, dropped, { maxRetries: 0 })).rejects.toBeInstanceOf(ConnectionError);
    const retried = await send(op, dropped, { maxRetries: 0 });
    // A resent delete finds nothing left to delete; anything else succeeds again.
    expect(retried.response.status < 300 || (op.method === 'delete' && retried.response.status === 404)).toBe(
      true,
    );
    expect(await stateOf(dropped)).toEqual(await stateOf(once));
  });
});
