import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CreateOnceOptions, createOnce } from '../src/create-once.js';
import {
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  createPartneroClient,
  NotFoundError,
  TimeoutError,
  ValidationError,
} from '../src/index.js';
import { json, networkError, type Step, scriptedFetch } from './stub.js';

// Only fetch is stubbed: the real client sends, fails and looks up. No settle wait (settle: 0).
function setup(steps: Step[]) {
  const { fetch, seen } = scriptedFetch(steps);
  const partnero = createPartneroClient({ apiKey: 'pk_test_once', fetch, maxRetries: 0 });
  const calls = () =>
    seen.map((request) => `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
  return { partnero, seen, calls };
}
const options: CreateOnceOptions = { settle: 0 };
const sale = { key: 'order_1001', amount: 99.99, customer: { key: 'c_42' } };
const transaction = { data: { key: 'order_1001', amount: 99.99 }, status: 1 };
const notFound = () => json({ status: 0, message: 'Not found' }, 404);

afterEach(() => {
  vi.useRealTimers();
});

describe('createOnce', () => {
  it('returns the answer of a create that succeeded, with one request', async () => {
    const { partnero, calls } = setup([json(transaction)]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).resolves.toEqual(
      transaction,
    );
    expect(calls()).toEqual(['POST /v1/transactions']);
  });

  it('after a reset (outcome unknown) finds the transaction by key and does not send it again', async () => {
    const { partnero, calls } = setup([networkError('ECONNRESET'), json(transaction)]);
    const unknown: unknown[] = [];
    const found = await createOnce(
      partnero,
      '/transactions',
      { body: sale },
      {
        ...options,
        onUnknown: (error, send) => unknown.push([error.outcome, send]),
      },
    );
    expect(found).toEqual(transaction);
    expect(calls()).toEqual(['POST /v1/transactions', 'GET /v1/transactions/order_1001']);
    expect(unknown).toEqual([['unknown', 1]]);
  });

  it('sends again when the lookup finds nothing, then looks again before giving up', async () => {
    const { partnero, calls } = setup([
      networkError('ECONNRESET'),
      notFound(),
      networkError('ECONNRESET'),
      notFound(),
    ]);
    const error = await createOnce(partnero, '/transactions', { body: sale }, options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'unknown' });
    expect(calls()).toEqual([
      'POST /v1/transactions',
      'GET /v1/transactions/order_1001',
      'POST /v1/transactions',
      'GET /v1/transactions/order_1001',
    ]);
  });

  it('a resend that succeeds is the answer', async () => {
    const { partnero, calls } = setup([networkError('ECONNRESET'), notFound(), json(transaction)]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).resolves.toEqual(
      transaction,
    );
    expect(calls()).toHaveLength(3);
  });

  it('a timeout is unknown too: it looks up before any resend', async () => {
    const { fetch, seen } = scriptedFetch([
      (_request, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
      json(transaction),
    ]);
    const partnero = createPartneroClient({ apiKey: 'pk_test_once', fetch, maxRetries: 0, timeout: 20 });
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).resolves.toEqual(
      transaction,
    );
    expect(seen.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('finds a partner by key when given, else by email, through GET /partner', async () => {
    const partner = { data: { email: 'ada@example.com' }, status: 1 };
    const byKey = setup([networkError('ECONNRESET'), json(partner)]);
    await createOnce(
      byKey.partnero,
      '/partners',
      { body: { email: 'ada@example.com', key: 'ref_ada' } },
      options,
    );
    expect(byKey.calls()[1]).toBe('GET /v1/partner?key=ref_ada');
    const byEmail = setup([networkError('ECONNRESET'), json(partner)]);
    await createOnce(byEmail.partnero, '/partners', { body: { email: 'ada@example.com' } }, options);
    expect(byEmail.calls()[1]).toBe('GET /v1/partner?email=ada%40example.com');
  });

  it('a resend refused as a duplicate key looks once more and returns what the first send made', async () => {
    const customer = { data: { key: 'c_42' }, status: 1 };
    const { partnero, calls } = setup([
      networkError('ECONNRESET'),
      notFound(),
      json({ status: 0, message: 'The key has already been taken.', errors: { key: ['taken'] } }, 422),
      json(customer),
    ]);
    const body = { key: 'c_42', partner: { key: 'ref_1' } };
    await expect(createOnce(partnero, '/customers', { body }, options)).resolves.toEqual(customer);
    expect(calls()).toEqual([
      'POST /v1/customers',
      'GET /v1/customers/c_42',
      'POST /v1/customers',
      'GET /v1/customers/c_42',
    ]);
  });

  it('throws API errors of the first send untouched, without a lookup', async () => {
    const { partnero, calls } = setup([json({ status: 0, errors: { amount: ['required'] } }, 422)]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(calls()).toHaveLength(1);
  });

  it('sends again without a lookup when the connection was refused (not sent)', async () => {
    const { partnero, calls } = setup([networkError('ECONNREFUSED'), json(transaction)]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).resolves.toEqual(
      transaction,
    );
    expect(calls()).toEqual(['POST /v1/transactions', 'POST /v1/transactions']);
  });

  it('when the lookup fails too, throws the create error: its outcome is still unknown', async () => {
    const { partnero } = setup([networkError('ECONNRESET'), json({ status: 0 }, 403)]);
    const error = await createOnce(partnero, '/transactions', { body: sale }, options).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(NotFoundError);
  });

  it('refuses, before sending, a body without the identifying field, naming it', async () => {
    const { partnero, seen } = setup([json(transaction)]);
    const body = { amount: 1, customer: { key: 'c' } };
    await expect(createOnce(partnero, '/transactions', { body }, options)).rejects.toThrow(
      new ConfigurationError(
        'createOnce(POST /transactions) needs body.key to find what it made: set it to your own identifier',
      ),
    );
    expect(seen).toHaveLength(0);
  });

  it('refuses a path the spec gives no lookup, at run time as at compile time', async () => {
    const { partnero } = setup([json({})]);
    // @ts-expect-error POST /leads carries no x-partnero-lookup
    await expect(createOnce(partnero, '/leads', { body: {} })).rejects.toThrow('no x-partnero-lookup');
  });

  it('waits settle ms before each lookup (so a create still in progress can commit)', async () => {
    const { partnero, calls } = setup([networkError('ECONNRESET'), json(transaction)]);
    const controller = new AbortController();
    // The caller gives up as soon as the outcome is unknown: during the wait, so no lookup is sent.
    const pending = createOnce(
      partnero,
      '/transactions',
      { body: sale, signal: controller.signal },
      { settle: 60_000, onUnknown: () => controller.abort(new Error('caller gave up')) },
    );
    await expect(pending).rejects.toThrow('caller gave up');
    expect(calls()).toEqual(['POST /v1/transactions']);
  });
});

describe('createOnce: when it looks again, and when it gives up', () => {
  const taken = (status: number) => json({ status: 0, message: 'The key has already been taken.' }, status);

  it('a resend refused as a conflict (409) looks once more, like a 422', async () => {
    const { partnero, calls } = setup([
      networkError('ECONNRESET'),
      notFound(),
      taken(409),
      json(transaction),
    ]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).resolves.toEqual(
      transaction,
    );
    expect(calls()).toEqual([
      'POST /v1/transactions',
      'GET /v1/transactions/order_1001',
      'POST /v1/transactions',
      'GET /v1/transactions/order_1001',
    ]);
  });

  it('a resend refused otherwise (400) is thrown at once: no duplicate, no lookup', async () => {
    const { partnero, calls } = setup([
      networkError('ECONNRESET'),
      notFound(),
      taken(400),
      json(transaction),
    ]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(calls()).toHaveLength(3);
  });

  it('a first send answered 409 is thrown as is: nothing was sent before it', async () => {
    const { partnero, calls } = setup([taken(409), json(transaction)]);
    await expect(createOnce(partnero, '/transactions', { body: sale }, options)).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(calls()).toEqual(['POST /v1/transactions']);
  });

  it('a duplicate the lookup still cannot find is thrown, with sends left, and is not an unknown outcome', async () => {
    const { partnero, calls } = setup([
      networkError('ECONNRESET'),
      notFound(),
      taken(422),
      notFound(),
      json(transaction),
    ]);
    const unknown: unknown[] = [];
    const error = await createOnce(
      partnero,
      '/transactions',
      { body: sale },
      { ...options, maxSends: 5, onUnknown: (e, send) => unknown.push([e.outcome, send]) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(calls()).toHaveLength(4);
    expect(unknown).toEqual([['unknown', 1]]);
  });

  it('maxSends bounds the sends: 1 looks up once and never resends, 3 sends three times', async () => {
    const once = setup([networkError('ECONNRESET'), notFound(), json(transaction)]);
    const error = await createOnce(
      once.partnero,
      '/transactions',
      { body: sale },
      { ...options, maxSends: 1 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', outcome: 'unknown' });
    expect(once.calls()).toEqual(['POST /v1/transactions', 'GET /v1/transactions/order_1001']);
    const reset = () => networkError('ECONNRESET');
    const thrice = setup([reset(), notFound(), reset(), notFound(), reset(), notFound(), json(transaction)]);
    await createOnce(thrice.partnero, '/transactions', { body: sale }, { ...options, maxSends: 3 }).catch(
      () => undefined,
    );
    expect(thrice.calls().filter((call) => call.startsWith('POST'))).toHaveLength(3);
    expect(thrice.calls()).toHaveLength(6);
  });

  it('when every send was refused (not sent), throws the last refusal without any lookup', async () => {
    // The stub repeats its last step: every send is refused.
    const { partnero, calls } = setup([networkError('ECONNREFUSED')]);
    const error = await createOnce(partnero, '/transactions', { body: sale }, options).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'ConnectionError', outcome: 'not-sent' });
    expect(calls()).toEqual(['POST /v1/transactions', 'POST /v1/transactions']);
  });

  it("looks up or resends only after the client's own transport errors, not another error that claims an outcome", async () => {
    for (const outcome of ['unknown', 'not-sent']) {
      const { fetch, seen } = scriptedFetch([json(transaction)]);
      const partnero = createPartneroClient({ apiKey: 'pk_test_once', fetch, maxRetries: 0 });
      const foreign = Object.assign(new Error('from a middleware'), { outcome });
      let sends = 0;
      partnero.use({
        onRequest: () => {
          sends++;
          throw foreign;
        },
      });
      await expect(createOnce(partnero, '/transactions', { body: sale }, options)).rejects.toBe(foreign);
      expect(sends).toBe(1);
      expect(seen).toHaveLength(0);
    }
  });
});

describe('createOnce: settle', () => {
  it('waits exactly settle ms before the lookup, not less', async () => {
    vi.useFakeTimers();
    const { partnero, calls } = setup([networkError('ECONNRESET'), json(transaction)]);
    let unknown = () => {};
    const failed = new Promise<void>((resolve) => {
      unknown = resolve;
    });
    const pending = createOnce(
      partnero,
      '/transactions',
      { body: sale },
      { settle: 250, onUnknown: () => unknown() },
    );
    await failed;
    await vi.advanceTimersByTimeAsync(249);
    expect(calls()).toEqual(['POST /v1/transactions']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(transaction);
    expect(calls()).toEqual(['POST /v1/transactions', 'GET /v1/transactions/order_1001']);
  });

  it('waits 1 s by default', async () => {
    vi.useFakeTimers();
    const { partnero, calls } = setup([networkError('ECONNRESET'), json(transaction)]);
    let unknown = () => {};
    const failed = new Promise<void>((resolve) => {
      unknown = resolve;
    });
    const pending = createOnce(partnero, '/transactions', { body: sale }, { onUnknown: () => unknown() });
    await failed;
    await vi.advanceTimersByTimeAsync(999);
    expect(calls()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual(transaction);
    expect(calls()).toHaveLength(2);
  });

  it('settle: 0 looks up at once: there is no wait for a caller who gives up to interrupt', async () => {
    const { partnero, calls } = setup([networkError('ECONNRESET'), json(transaction)]);
    const controller = new AbortController();
    const error = await createOnce(
      partnero,
      '/transactions',
      { body: sale, signal: controller.signal },
      { settle: 0, onUnknown: () => controller.abort(new Error('caller gave up')) },
    ).catch((e: unknown) => e);
    // The lookup started and failed on the abort: what the create did is still unknown, which its error says.
    expect(error).toMatchObject({ name: 'ConnectionError', outcome: 'unknown' });
    expect(calls()).toEqual(['POST /v1/transactions', 'GET /v1/transactions/order_1001']);
  });
});

describe('createOnce: which identifier it looks up by', () => {
  it('skips an empty or non-string field for the next one the spec names', async () => {
    const partner = { data: { email: 'ada@example.com' }, status: 1 };
    for (const key of ['', 42]) {
      const { partnero, calls } = setup([networkError('ECONNRESET'), json(partner)]);
      await createOnce(partnero, '/partners', { body: { email: 'ada@example.com', key } as never }, options);
      expect(calls()[1]).toBe('GET /v1/partner?email=ada%40example.com');
    }
  });

  it('names every field it could use when none is set, and every path it knows when the path has none', async () => {
    const { partnero, seen } = setup([json({})]);
    await expect(
      createOnce(partnero, '/partners', { body: { name: 'Ada' } as never }, options),
    ).rejects.toThrow(
      new ConfigurationError(
        'createOnce(POST /partners) needs body.key or body.email to find what it made: set it to your own identifier',
      ),
    );
    // @ts-expect-error no body at all
    await expect(createOnce(partnero, '/transactions', {}, options)).rejects.toThrow(
      'createOnce(POST /transactions) needs body.key',
    );
    // @ts-expect-error POST /leads carries no x-partnero-lookup
    await expect(createOnce(partnero, '/leads', { body: {} })).rejects.toThrow(
      new ConfigurationError(
        'createOnce cannot find what POST /leads makes: the spec gives it no x-partnero-lookup (use /customers, /partners, /transactions)',
      ),
    );
    expect(seen).toHaveLength(0);
  });
});

it('TimeoutError is recognised although it is not a ConnectionError', () => {
  expect(new TimeoutError('t')).not.toBeInstanceOf(ConnectionError);
});
