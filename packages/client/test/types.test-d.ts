import { describe, expectTypeOf, it } from 'vitest';
import { createPartneroClient } from '../src/index.js';

const client = createPartneroClient({ apiKey: 'k', fetch: async () => Response.json({}) });

describe('typed paths', () => {
  it('types response data from the spec', async () => {
    const { data } = await client.GET('/partners/{id}', { params: { path: { id: 'p1' } } });
    expectTypeOf(data?.data.email).toEqualTypeOf<string | undefined>();
  });

  it('rejects unknown paths, missing path params and wrong bodies at compile time', () => {
    // @ts-expect-error unknown path
    void client.GET('/nope');
    // @ts-expect-error the id path parameter is required
    void client.GET('/partners/{id}', {});
    // @ts-expect-error email is required by the spec
    void client.POST('/partners', { body: { name: 'Jane' } });
  });
});
