import { createPartneroClient } from '@partnero-ts/client';

// Any subset of console's levels. Log lines name the method, URL and status, never the API key.
const partnero = createPartneroClient({ logger: console });

try {
  await partnero.GET('/test');
} catch (error) {
  // Errors carry method and URL only: no request headers, and the key is redacted from causes.
  console.error(error);
}
