// Track a sale: record the customer a partner referred, then the customer's purchase.
import { createPartneroClient, unwrap } from '@partnero-ts/client';

const partnero = createPartneroClient(); // PARTNERO_API_KEY, PARTNERO_BASE_URL

const customer = await unwrap(
  partnero.POST('/customers', {
    body: { key: 'customer_42', email: 'ada@example.com', name: 'Ada', partner: { key: 'ref_123' } },
  }),
);
console.log('customer created:', customer.data);

// Never retried after the server may have acted: Partnero would record the sale twice.
const sale = await unwrap(
  partnero.POST('/transactions', {
    body: {
      key: 'order_1001',
      amount: 99.99,
      amount_units: 'USD',
      action: 'sale',
      customer: { key: 'customer_42' },
    },
  }),
);
console.log('transaction recorded:', sale.data.key, sale.data.amount);
