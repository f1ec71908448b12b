// The client never resends a sale the server may have recorded: the mock commits the write, then
// drops the connection, and its ledger proves the sale was recorded once.
import { ConnectionError, createPartneroClient } from '@partnero-ts/client';
import { partneroBaseUrl, testKey } from '@partnero-ts/mock/vitest';
import { expect, it } from 'vitest';

it('records a sale once when its answer is lost', async () => {
  const key = testKey(); // this test's own key: no other test sees its writes
  const baseUrl = partneroBaseUrl(); // from @partnero-ts/mock/vitest/global-setup
  const partnero = createPartneroClient({ apiKey: key, baseUrl });
  const sale = {
    key: 'order_1',
    amount: 99.99,
    amount_units: 'USD',
    action: 'sale',
    customer: { key: 'customer_42' },
  };
  await expect(
    partnero.POST('/transactions', { body: sale, headers: { 'x-mock-fault': 'drop-after-commit' } }),
  ).rejects.toBeInstanceOf(ConnectionError);
  const ledger = await fetch(new URL('/__mock/ledger', baseUrl), {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(await ledger.json()).toHaveLength(1); // sent once, committed once
});
