import { createServer } from 'node:net';
import { ConnectionError, createPartneroClient, TimeoutError } from '@partnero-ts/client';
import { type CreateOnceInit, createOnce, type LookupPath } from '@partnero-ts/client/create-once';
import { exampleRequest, specOperations } from '@partnero-ts/spec-tools';
import { describe, expect, inject, it } from 'vitest';

// createOnce against the real mock and its write ledger: whether the create's answer was lost
// after the commit or before it, the resource exists once. One case per create the spec gives an
// `x-partnero-lookup`, so a new one is covered the day it is added.

const mockUrl = inject('mockUrl');
const baseUrl = `${mockUrl}/v1`;

// A fresh connection per request (as operations.test.ts): a kept-alive socket the mock closes on a
// loaded machine would fail with a ConnectionError this test did not cause.
const client = (apiKey: string, options: { timeout?: number; baseUrl?: string } = {}) =>
  createPartneroClient({ apiKey, baseUrl, headers: { connection: 'close' }, ...options });

async function ledgerOf(apiKey: string): Promise<string[]> {
  const res = await fetch(`${mockUrl}/__mock/ledger`, {
    headers: { authorization: `Bearer ${apiKey}`, connection: 'close' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { operation: string }[]).map((entry) => entry.operation);
}

const creates = specOperations().filter((op) => op.method === 'post' && op.operation['x-partnero-lookup']);

it('the spec names a lookup for the creates the issue asks for', () => {
  expect(creates.map((op) => op.path).sort()).toEqual(['/customers', '/partners', '/transactions']);
});

describe.concurrent.each(creates.map((op) => [`POST ${op.path}`, op] as const))(
  'createOnce %s',
  (_name, op) => {
    const path = op.path as LookupPath;
    const by = (op.operation['x-partnero-lookup'] as { by: string[] }).by;
    // The documented example body with identifiers of its own: the mock seeds its state from the
    // same examples, and a lookup would find the seeded record instead of the one created here.
    const initFor = (label: string) => {
      const body = { ...(exampleRequest(op).body as Record<string, unknown>) };
      for (const field of by) {
        if (field in body) body[field] = field === 'email' ? `${label}@example.com` : label;
      }
      return { init: { body } as CreateOnceInit<typeof path>, body };
    };
    const identifier = (body: Record<string, unknown>) => {
      const field = by.find((name) => name in body) as string;
      return { [field]: body[field] };
    };

    it('after drop-after-commit: finds what the first send made, sends nothing more; one commit', async () => {
      const apiKey = `once_after_${op.operationId}`;
      const { init, body } = initFor(`after-${op.operationId.toLowerCase()}`);
      const unknown: string[] = [];
      const found = await createOnce(
        client(apiKey),
        path,
        { ...init, headers: { 'x-mock-fault': 'drop-after-commit' } },
        { settle: 0, onUnknown: (error) => unknown.push(error.outcome) },
      );
      expect(found).toMatchObject({ data: identifier(body) });
      expect(unknown).toEqual(['unknown']);
      expect(await ledgerOf(apiKey)).toEqual([op.operationId]);
    });

    // A scenario key, not the header: the header would drop the resend too. `drop` destroys the
    // first request's connection before anything is committed; the lookup and resend are normal.
    it('after drop (before commit): finds nothing, sends again; one commit', async () => {
      const apiKey = `scenario_drop.once_${op.operationId}`;
      const { init, body } = initFor(`before-${op.operationId.toLowerCase()}`);
      const unknown: string[] = [];
      const created = await createOnce(client(apiKey), path, init, {
        settle: 0,
        onUnknown: (error) => unknown.push(error.outcome),
      });
      expect(created).toMatchObject({ data: identifier(body) });
      expect(unknown).toEqual(['unknown']);
      expect(await ledgerOf(apiKey)).toEqual([op.operationId]);
    });
  },
);

describe('outcome, for each fault the mock can inject on POST /transactions', () => {
  const op = specOperations().find((o) => o.operationId === 'createTransaction');
  const init = { body: exampleRequest(op as NonNullable<typeof op>).body } as CreateOnceInit<'/transactions'>;
  const sendWith = (apiKey: string, headers: Record<string, string> = {}, options = {}) =>
    client(apiKey, options)
      .POST('/transactions', { ...init, headers })
      .catch((e: unknown) => e);

  it.each([
    ['drop (a reset before any header, nothing committed)', 'outcome_drop', { 'x-mock-fault': 'drop' }],
    ['drop-after-commit', 'outcome_after', { 'x-mock-fault': 'drop-after-commit' }],
  ])(
    '%s: ConnectionError, outcome unknown (the client cannot tell the two apart)',
    async (_n, key, headers) => {
      const error = await sendWith(key, headers);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ outcome: 'unknown' });
    },
  );

  it('a timeout: TimeoutError, outcome unknown', async () => {
    // The mock holds the answer far longer than the client waits: the order cannot flip on a busy machine.
    const error = await sendWith('outcome_timeout', { 'x-mock-delay-ms': '30000' }, { timeout: 300 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ outcome: 'unknown' });
  });

  it('a refused connection: ConnectionError, outcome not-sent, and nothing committed', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await sendWith('outcome_refused', {}, { baseUrl: `http://127.0.0.1:${port}/v1` });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'not-sent' });
  });
});
