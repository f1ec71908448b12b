// Record a sale once, even when the connection drops after Partnero may have recorded it.
import { createPartneroClient } from '@partnero-ts/client';
import { createOnce } from '@partnero-ts/client/create-once';

const partnero = createPartneroClient(); // PARTNERO_API_KEY, PARTNERO_BASE_URL

// If the answer is lost (outcome 'unknown'), createOnce looks the transaction up by its key
// (GET /transactions/{key}) and returns it; it sends again only if Partnero does not have it.
const sale = await createOnce(
  partnero,
  '/transactions',
  { body: { key: 'order_2042', amount: 49.5, action: 'sale', customer: { key: 'customer_42' } } },
  { onUnknown: (error, send) => console.log(`send ${send}: ${error.name}, outcome ${error.outcome}`) },
);
console.log('transaction recorded once:', sale.data.key, sale.data.amount);
