import { describe, expect, it } from 'vitest';
import { errorForStatus } from '../src/errors.js';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PartneroError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from '../src/index.js';

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

describe('toJSON', () => {
  it('keeps name, message, status, method, URL and attempts of an APIError, and nothing else', () => {
    const error = errorForStatus(init(404, { status: 0, message: 'Partner not found' }, { 'x-secret': 's' }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      message: '404 GET https://api.partnero.com/v1/partners: Partner not found',
      status: 404,
      method: 'GET',
      url: 'https://api.partnero.com/v1/partners',
      attempts: 1,
    });
    expect(errorForStatus({ ...init(404, null), attempts: 3 }).attempts).toBe(3);
    expect(errorForStatus({ ...init(404, null), attempts: undefined }).attempts).toBe(1);
  });

  it('keeps the name and message of a ConfigurationError', () => {
    const error = new ConfigurationError('Missing API key');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: error.name, message: error.message });
  });

  it.each([
    [
      Object.assign(new ConnectionError('Connection failed: GET https://x/v1/a'), { outcome: 'not-sent' }),
      'not-sent',
    ],
    [new TimeoutError('Timed out (timeout 5 ms): GET https://x/v1/a'), 'unknown'],
  ])('keeps the name, message and outcome of %s (unknown unless told)', (error, outcome) => {
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: error.name, message: error.message, outcome });
  });
});
