import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import { createOnce } from '../src/create-once.js';
import type { paths } from '../src/generated/openapi.js';
import {
  type APIError,
  type components,
  createPartneroClient,
  type ItemOf,
  type ListPath,
  NotFoundError,
  type PartneroClient,
  RateLimitError,
  unwrap,
  ValidationError,
  type WebhookEvent,
  type WebhookEventOf,
} from '../src/index.js';

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
    // @ts-expect-error limit is a number
    void client.GET('/partners', { params: { query: { limit: 'ten' } } });
    // @ts-expect-error /test has no POST
    void client.POST('/test');
  });

  it('is still an openapi-fetch Client<paths>', () => {
    expectTypeOf(client).toExtend<Client<paths, 'application/json'>>();
    expectTypeOf<PartneroClient['use']>().toEqualTypeOf<Client<paths>['use']>();
  });

  it('types per-request options', () => {
    void client.GET('/partners', { partnero: { maxRetries: 0, timeout: 5_000, totalTimeout: 20_000 } });
    // @ts-expect-error timeout is a number of ms
    void client.GET('/partners', { partnero: { timeout: '5s' } });
  });
});

describe('unwrap', () => {
  it('resolves to the success body', async () => {
    const partners = await unwrap(client.GET('/partners'));
    expectTypeOf(partners.data).toExtend<components['schemas']['PartnerListItem'][]>();
    expectTypeOf(partners.data[0]?.status).toEqualTypeOf<
      'active' | 'pending' | 'archived' | 'deleted' | undefined
    >();
    const partner = await unwrap(client.GET('/partners/{id}', { params: { path: { id: 'p1' } } }));
    expectTypeOf(partner.data).toExtend<components['schemas']['Partner']>();
    expectTypeOf(partner.data.referrals_count).toEqualTypeOf<number | undefined>();
  });
});

describe('paginate', () => {
  it('yields the element type of the list', async () => {
    for await (const partner of client.paginate('/partners', { params: { query: { limit: 250 } } })) {
      expectTypeOf(partner).toEqualTypeOf<components['schemas']['PartnerListItem']>();
    }
    for await (const page of client.paginate('/partners').pages()) {
      expectTypeOf(page.meta.per_page).toEqualTypeOf<number>();
      expectTypeOf(page.links.next).toEqualTypeOf<string | null>();
    }
  });

  it('collects items with toArray and bounds pages with maxPages', async () => {
    const partners = await client.paginate('/partners', { maxPages: 3 }).toArray({ limit: 10 });
    expectTypeOf(partners).toEqualTypeOf<components['schemas']['PartnerListItem'][]>();
    // @ts-expect-error toArray needs a limit, so a long list cannot fill memory unnoticed
    void client.paginate('/partners').toArray();
    // @ts-expect-error maxPages is a number
    void client.paginate('/partners', { maxPages: 'all' });
  });

  it('accepts only paths whose GET returns an array `data`', () => {
    expectTypeOf<'/partners' | '/customers' | '/transactions' | '/leads'>().toExtend<ListPath<paths>>();
    expectTypeOf<'/partners/{id}'>().not.toExtend<ListPath<paths>>();
    expectTypeOf<'/test'>().not.toExtend<ListPath<paths>>();
    expectTypeOf<ItemOf<paths, '/partners'>>().toEqualTypeOf<components['schemas']['PartnerListItem']>();
    // @ts-expect-error a single partner is not a list
    client.paginate('/partners/{id}', { params: { path: { id: 'p1' } } });
    // @ts-expect-error /test is not a list
    client.paginate('/test');
    // @ts-expect-error the query is still checked
    client.paginate('/partners', { params: { query: { limit: 'all' } } });
  });
});

describe('errors', () => {
  it('narrows with instanceof', (error: unknown) => {
    if (error instanceof ValidationError) {
      expectTypeOf(error.errors).toEqualTypeOf<Record<string, string[]>>();
      expectTypeOf(error.status).toEqualTypeOf<number>();
    }
    if (error instanceof RateLimitError) {
      expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>();
      expectTypeOf(error).toExtend<APIError>();
    }
    if (error instanceof NotFoundError) {
      expectTypeOf(error.headers).toEqualTypeOf<Headers>();
      expectTypeOf(error.method).toEqualTypeOf<string>();
      expectTypeOf(error.url).toEqualTypeOf<string>();
    }
  });
});

describe('webhook events', () => {
  interface FakeWebhooks {
    'partner.created': {
      post: {
        requestBody: { content: { 'application/json': { event: 'partner.created'; data: { id: string } } } };
      };
    };
    'transaction.created': {
      post: {
        requestBody: {
          content: { 'application/json': { event: 'transaction.created'; data: { key: string } } };
        };
      };
    };
  }

  it('derives the union from a webhooks map', () => {
    type Event = WebhookEventOf<FakeWebhooks>;
    expectTypeOf<Event['event']>().toEqualTypeOf<'partner.created' | 'transaction.created'>();
    const narrow = (event: Event) => (event.event === 'partner.created' ? event.data.id : event.data.key);
    expectTypeOf(narrow).returns.toEqualTypeOf<string>();
  });

  it('falls back to a base event while the spec declares none', () => {
    expectTypeOf<WebhookEventOf<Record<string, never>>>().toEqualTypeOf<{
      event: string;
      data: unknown;
      [key: string]: unknown;
    }>();
    expectTypeOf<WebhookEvent['event']>().toBeString();
  });
});

describe('options', () => {
  it('opts in to browsers by the name openai-node users know', () => {
    createPartneroClient({ apiKey: 'k', dangerouslyAllowBrowser: true, totalTimeout: 30_000 });
    // @ts-expect-error a boolean
    createPartneroClient({ apiKey: 'k', dangerouslyAllowBrowser: 'yes' });
  });
});

describe('transaction bodies', () => {
  it('require a customer and one of amount, reward or a batch', () => {
    void client.POST('/transactions', { body: { customer: { key: 'c1' }, amount: 10 } });
    void client.POST('/transactions', { body: { customer: { key: 'c1' }, reward: 2.5 } });
    // @ts-expect-error a customer is required
    void client.POST('/transactions', { body: { amount: 10 } });
    // @ts-expect-error amount must be a number
    void client.POST('/transactions', { body: { customer: { key: 'c1' }, amount: '10' } });
  });
});

// Bodies whose schema says "one of these identifiers" stay typed (an untyped anyOf branch made
// openapi-typescript emit `X | unknown`, which is `unknown`, and every body compiled).
describe('body-identified and partly-required bodies', () => {
  it('type the partner and customer selectors, flat or wrapped partner updates, and the batch', () => {
    void client.DELETE('/partners', { body: { email: 'jane@example.com' } });
    // @ts-expect-error key must be a string
    void client.DELETE('/partners', { body: { key: 42 } });
    void client.PUT('/partners/{id}', { params: { path: { id: 'p1' } }, body: { update: { name: 'Jo' } } });
    void client.PUT('/partners/{id}', { params: { path: { id: 'p1' } }, body: { name: 'Jo' } });
    // @ts-expect-error a name is a string, wrapped or flat
    void client.PUT('/partners/{id}', { params: { path: { id: 'p1' } }, body: { update: { name: 42 } } });
    void client.PUT('/customers', { body: { id: 'c1', update: { name: 'Jo' } } });
    // @ts-expect-error update is required
    void client.PUT('/customers', { body: { key: 'c1' } });
    void client.POST('/transactions', {
      body: { customer: { key: 'c1' }, transactions: [{ key: 't1', amount: 5 }] },
    });
  });
});

describe('webhook helpers', () => {
  it("take node:http's header type as it comes", async () => {
    const { verifyWebhookSignature } = await import('../src/webhooks/index.js');
    const header = undefined as string | string[] | undefined;
    expectTypeOf(verifyWebhookSignature('{}', header, 's')).resolves.toBeBoolean();
  });
});

describe('createOnce', () => {
  it('accepts only creates the spec says how to look up, with their typed body', async () => {
    const sale = await createOnce(client, '/transactions', {
      body: { key: 'order_1', amount: 1, customer: { key: 'c' } },
    });
    expectTypeOf(sale.data.key).toEqualTypeOf<string>();
    // @ts-expect-error POST /leads has no x-partnero-lookup: its result cannot be found again
    void createOnce(client, '/leads', { body: { email: 'a@b.c' } });
    // @ts-expect-error email is required by the spec
    void createOnce(client, '/partners', { body: { key: 'ref' } });
  });
});

describe('webhookHandler', () => {
  it("types each handler's data and event by the event's spec payload", async () => {
    const { webhookHandler } = await import('../src/webhooks/index.js');
    webhookHandler({
      secret: 's',
      on: {
        'partner.created': (data, event) => {
          expectTypeOf(data.email).toBeString();
          expectTypeOf(event.event).toEqualTypeOf<'partner.created'>();
          expectTypeOf(event.webhook_key).toBeString();
        },
        'transaction.created': (data) => {
          expectTypeOf(data).toHaveProperty('key');
        },
      },
    });
    // @ts-expect-error not an event the spec declares
    webhookHandler({ secret: 's', on: { 'partner.exploded': () => {} } });
    webhookHandler({
      secret: 's',
      on: {
        'partner.created': (data) => {
          // @ts-expect-error a partner's email is a string
          const email: number = data.email;
          return email;
        },
      },
    });
    // A Set<string> is a seen store.
    webhookHandler({ secret: 's', on: {}, seen: new Set<string>() });
  });
});
