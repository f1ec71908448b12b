import { describe, expect, it } from 'vitest';
import { errorForStatus } from '../src/errors.js';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createPartneroClient,
  InternalServerError,
  NotFoundError,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  unwrap,
  ValidationError,
} from '../src/index.js';
import { json, scriptedFetch } from './stub.js';

const init = (status: number, body: unknown = { status: 0 }, headers: Record<string, string> = {}) => ({
  status,
  body,
  headers: new Headers(headers),
  method: 'GET',
  url: 'https://api.partnero.com/v1/partners',
});

describe('errorForStatus', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])('maps %i to %o', (status, ErrorClass) => {
    const error = errorForStatus(init(status));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(PartneroError);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
  });

  it('says status, method, URL and the body message', () => {
    const error = errorForStatus(init(404, { status: 0, message: 'Partner not found' }));
    expect(error.message).toBe('404 GET https://api.partnero.com/v1/partners: Partner not found');
    expect(String(error)).toBe(
      'NotFoundError: 404 GET https://api.partnero.com/v1/partners: Partner not found',
    );
  });

  it('gives ValidationError the field map', () => {
    const body = { status: 0, message: 'The given data was invalid.', errors: { email: ['Required.'] } };
    const error = errorForStatus(init(422, body));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({ email: ['Required.'] });
    expect((errorForStatus(init(422, 'oops')) as ValidationError).errors).toEqual({});
  });

  it('gives RateLimitError the advised wait in ms', () => {
    expect((errorForStatus(init(429, {}, { 'retry-after': '7' })) as RateLimitError).retryAfter).toBe(7000);
    expect((errorForStatus(init(429, {}, { 'retry-after-ms': '250' })) as RateLimitError).retryAfter).toBe(
      250,
    );
    expect((errorForStatus(init(429)) as RateLimitError).retryAfter).toBeUndefined();
  });
});

describe('unwrap', () => {
  const client = (...responses: Response[]) =>
    createPartneroClient({ apiKey: 'pk_test', maxRetries: 0, fetch: scriptedFetch(responses).fetch });

  it('resolves to data', async () => {
    const partner = { id: 'p1', email: 'a@b.c', status: 'active' };
    const data = await unwrap(
      client(json({ data: partner, status: 1 })).GET('/partners/{id}', {
        params: { path: { id: 'p1' } },
      }),
    );
    expect(data.data).toEqual(partner);
  });

  it('accepts an already awaited result', async () => {
    const result = await client(json({ data: [], status: 1 })).GET('/partners');
    expect(await unwrap(result)).toEqual({ data: [], status: 1 });
  });

  it('resolves to undefined for 204 and empty bodies', async () => {
    const c = client(new Response(null, { status: 204 }));
    expect(await unwrap(c.GET('/test'))).toBeUndefined();
    const empty = client(new Response('', { status: 200, headers: { 'content-length': '0' } }));
    expect(await unwrap(empty.GET('/test'))).toBeUndefined();
  });

  it('throws the class for the status, with request method and URL and response headers', async () => {
    const c = client(json({ status: 0, message: 'Partner not found' }, 404, { 'x-request-id': 'r1' }));
    const error = await unwrap(c.GET('/partners/{id}', { params: { path: { id: 'nope' } } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      method: 'GET',
      url: 'https://api.partnero.com/v1/partners/nope',
      body: { status: 0, message: 'Partner not found' },
    });
    expect((error as NotFoundError).headers.get('x-request-id')).toBe('r1');
    expect((error as Error).message).toBe(
      '404 GET https://api.partnero.com/v1/partners/nope: Partner not found',
    );
  });

  it('reports the method of a POST', async () => {
    const c = client(json({ status: 0, message: 'Invalid', errors: { email: ['Taken.'] } }, 422));
    const error = await unwrap(c.POST('/partners', { body: { email: 'a@b.c' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ method: 'POST', errors: { email: ['Taken.'] } });
  });

  it('keeps a non-JSON error body as text', async () => {
    const c = client(new Response('Bad gateway', { status: 502 }));
    const error = await unwrap(c.GET('/test')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).body).toBe('Bad gateway');
  });
});
