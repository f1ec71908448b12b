import { createPartneroClient } from '@partnero-ts/client';

// Reads PARTNERO_API_KEY (and PARTNERO_BASE_URL, if set) from the environment.
export const partnero = createPartneroClient();

// Or configure everything explicitly.
export const custom = createPartneroClient({
  apiKey: 'your_api_key',
  baseUrl: 'https://api.partnero.com/v1',
  maxRetries: 3, // retries after the first attempt (default 2)
  timeout: 20_000, // ms per attempt, body included (default 60_000)
  totalTimeout: 45_000, // ms for the whole call, retries and backoff included (default 120_000)
  headers: { 'X-Request-Source': 'billing-worker' },
  userAgent: 'billing-worker/1.4', // sent as "partnero-ts/<version> billing-worker/1.4"
});

const { data } = await partnero.GET('/partners', { params: { query: { limit: 50 } } });
console.log(data?.data.map((partner) => partner.email));
