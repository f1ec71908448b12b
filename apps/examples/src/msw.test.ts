// Test code that calls Partnero, with MSW: the mock's handlers answer in-process (no server, no
// port) with its token contract, validation, state per key and scenario keys.
import { AuthenticationError, createPartneroClient, unwrap, ValidationError } from '@partnero-ts/client';
import { partneroHandlers } from '@partnero-ts/mock/msw';
import { testKey } from '@partnero-ts/mock/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Served where a client left at its defaults calls: PARTNERO_BASE_URL if set, else production.
const handlers = await partneroHandlers();
const server = setupServer(...handlers);
// A request no handler answers fails instead of reaching the network. msw 3 calls the option
// onUnhandledFrame and ignores msw 2's onUnhandledRequest: keep your msw's name (this file runs
// on both).
const refuseUnhandled = { onUnhandledFrame: 'error', onUnhandledRequest: 'error' } as const;
beforeAll(() => server.listen(refuseUnhandled));
afterAll(async () => {
  server.close();
  await handlers.close(); // ends webhook attempts still in flight
});

// A client left at its defaults, as in the code under test. Each test uses its own API key
// (testKey()): the mock keeps state per key, so tests never see each other's writes.
const partneroAs = (apiKey: string) => createPartneroClient({ apiKey });

describe('partners, against the Partnero mock in MSW', () => {
  it('creates a partner and reads it back', async () => {
    const partnero = partneroAs(testKey());
    const created = await unwrap(
      partnero.POST('/partners', { body: { email: 'ada@example.com', name: 'Ada' } }),
    );
    const id = String(created.data.id);
    const read = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id } } }));
    expect(read.data).toMatchObject({ id, email: 'ada@example.com', name: 'Ada' });
  });

  it('refuses a bad key with 401', async () => {
    await expect(unwrap(partneroAs(testKey('invalid_')).GET('/partners'))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it("names the missing field in Partnero's 422", async () => {
    // @ts-expect-error email is required: the mock refuses what the types refuse
    const refused = unwrap(partneroAs(testKey()).POST('/partners', { body: { name: 'Ada' } }));
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toHaveProperty('errors.email');
  });

  it('rides out a rate limit: the key scenario_429x1 answers 429 once, the client retries', async () => {
    const page = await unwrap(partneroAs(testKey('scenario_429x1.')).GET('/partners'));
    expect(page.data.length).toBeGreaterThan(0);
  });
});
