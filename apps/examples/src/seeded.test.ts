// A test of your own code that starts from the state it needs: "given a partner ref_123 with two
// customers", put for this test's own key with PUT /__mock/state and typed by the spec (Seed).
import { createPartneroClient, type PartneroClient, unwrap } from '@partnero-ts/client';
import type { Seed } from '@partnero-ts/mock';
import { partneroBaseUrl, testKey } from '@partnero-ts/mock/vitest';
import { expect, it } from 'vitest';

// The code under test: who a partner is, and how many customers it referred.
async function partnerReport(partnero: PartneroClient, id: string) {
  const partner = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id } } }));
  const query = { 'partner.key': id, limit: 250 };
  const customers = await unwrap(partnero.GET('/customers', { params: { query } }));
  return { name: partner.data.name, customers: customers.data.length };
}

const seed: Seed = {
  partners: [{ id: 'ref_123', email: 'grace@example.com', name: 'Grace', status: 'active' }],
  customers: [
    { key: 'cus_1', partner: 'ref_123', email: 'one@example.com' },
    { key: 'cus_2', partner: 'ref_123', email: 'two@example.com' },
    { key: 'cus_3', partner: 'ref_456', email: 'three@example.com' }, // another partner's
  ],
};

it('reports a seeded partner and its customers', async () => {
  const key = testKey();
  const baseUrl = partneroBaseUrl(); // from @partnero-ts/mock/vitest/global-setup
  const put = await fetch(new URL('/__mock/state', baseUrl), {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(seed),
  });
  expect(put.status).toBe(204); // a record that did not fit its schema would be a 422 naming it
  const partnero = createPartneroClient({ apiKey: key, baseUrl });
  expect(await partnerReport(partnero, 'ref_123')).toEqual({ name: 'Grace', customers: 2 });
});
