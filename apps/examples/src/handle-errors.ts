// Handle the failures a production integration meets: bad keys, missing permissions, rate limits.
import {
  AuthenticationError,
  createPartneroClient,
  PermissionDeniedError,
  RateLimitError,
  unwrap,
} from '@partnero-ts/client';

const baseUrl = process.env.PARTNERO_BASE_URL;

async function describe(label: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    console.log(`${label}: ok`);
  } catch (error) {
    if (error instanceof AuthenticationError)
      console.log(`${label}: 401, check the API key (${error.message})`);
    else if (error instanceof PermissionDeniedError) console.log(`${label}: 403, the key lacks permission`);
    else if (error instanceof RateLimitError)
      console.log(`${label}: 429, retry after ${error.retryAfter} ms`);
    else throw error;
  }
}

// The mock answers tokens starting invalid_ with 401 and forbidden_ with 403.
await describe('invalid key', () =>
  unwrap(createPartneroClient({ apiKey: 'invalid_key', baseUrl }).GET('/partners')));
await describe('forbidden key', () =>
  unwrap(createPartneroClient({ apiKey: 'forbidden_key', baseUrl }).GET('/partners')));

// `Prefer: code=429` makes the mock rate-limit; the client retries (honouring Retry-After), then gives up.
const partnero = createPartneroClient({ maxRetries: 1 });
await describe('rate limited', () => unwrap(partnero.GET('/partners', { headers: { Prefer: 'code=429' } })));
