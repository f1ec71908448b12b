import { describe, expect, it } from 'vitest';
import {
  type APIError,
  createPartneroClient,
  InternalServerError,
  NotFoundError,
  unwrap,
  ValidationError,
} from '../src/index.js';
import { json, scriptedFetch } from './stub.js';

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
