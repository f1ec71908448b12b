import { createPartneroClient } from '@partnero-ts/client';

const partnero = createPartneroClient({ maxRetries: 2, timeout: 30_000 });

// Per-request overrides travel in the `partnero` field of the init object.
await partnero.GET('/partners', { partnero: { maxRetries: 5, timeout: 5_000, totalTimeout: 20_000 } });

// A caller's signal works alongside the timeouts, body included; aborting rejects with the
// platform's AbortError.
const controller = new AbortController();
setTimeout(() => controller.abort(), 1_000);
await partnero.GET('/test', { signal: controller.signal }).catch((error: unknown) => {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  throw error;
});

// POST is retried only when the server surely did not act (429, refused connection):
// Partnero does not de-duplicate transactions, so a blind retry could record a sale twice.
await partnero.POST('/transactions', {
  body: { key: 'order_1042', amount: 99.5, rewarded: false, rewardable: true, customer: { key: 'cus_7' } },
});
