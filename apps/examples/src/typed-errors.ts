import {
  APIError,
  ConnectionError,
  createPartneroClient,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  unwrap,
  ValidationError,
} from '@partnero-ts/client';

const partnero = createPartneroClient();

try {
  // unwrap resolves to `data` or throws the error class for the status.
  const { data: partner } = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id: 'p1' } } }));
  console.log(partner.email);
} catch (error) {
  if (error instanceof NotFoundError) console.log('no such partner');
  else if (error instanceof ValidationError)
    console.log(error.errors); // { email: ['...'] }
  else if (error instanceof RateLimitError) console.log(`retry in ${error.retryAfter} ms`);
  else if (error instanceof APIError) console.log(error.status, error.method, error.url, error.body);
  else if (error instanceof TimeoutError || error instanceof ConnectionError) console.log(error.cause);
  else throw error;
}

// Without unwrap, HTTP errors are values, exactly as in openapi-fetch.
const { data, error, response } = await partnero.GET('/partners');
if (error) console.log(response.status, error.message);
else console.log(data.data.length);
