import { createPartneroClient, NotFoundError, unwrap } from '@partnero-ts/client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partneroHandlers } from '../../src/msw/handlers.js';
import { uniqueKey } from '../support.js';

// partneroHandlers({ seed }) starts every key from the seed, in-process, as startMock({ seed }) does.
const handlers = await partneroHandlers({
  seed: { partners: [{ id: 'ref_123', email: 'grace@example.com', name: 'Grace', status: 'active' }] },
});
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(async () => {
  server.close();
  await handlers.close();
});

it('answers the seeded partner, and not the spec example', async () => {
  const partnero = createPartneroClient({ apiKey: uniqueKey('msw_seed') });
  const read = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id: 'ref_123' } } }));
  expect(read.data).toEqual({ id: 'ref_123', email: 'grace@example.com', name: 'Grace', status: 'active' });
  await expect(
    unwrap(partnero.GET('/partners/{id}', { params: { path: { id: 'partner_123' } } })),
  ).rejects.toBeInstanceOf(NotFoundError);
});
