// The whole error hierarchy, with one factory (`errorForStatus`) mapping an HTTP status to a class.
// Errors keep only what is safe to print: the request's method and URL, never its headers.
import { parseRetryAfter } from './internal/retry.js';

/** Base class of every error this package throws. */
export class PartneroError extends Error {
  override name = 'PartneroError';

  // Error's own `message` is not enumerable, so JSON.stringify would print `{}` (or only the
  // status); loggers that serialize errors get what identifies the failure, and never headers.
  toJSON(): Record<string, unknown> {
    const { name, message, status, method, url, attempts, outcome } = this as PartneroError &
      Partial<APIErrorInit> & { outcome?: Outcome };
    return { name, message, status, method, url, attempts, outcome };
  }
}

/** The client was configured in a way that cannot work; thrown before any request is sent. */
export class ConfigurationError extends PartneroError {
  override name = 'ConfigurationError';
}

/** Partnero's error envelope: `status` is always 0 on failure. */
export interface ErrorBody {
  status?: number;
  message?: string;
  errors?: Record<string, string[]>;
}

export interface APIErrorInit {
  status: number;
  body: unknown;
  headers: Headers;
  method: string;
  url: string;
  /** How many times the request was sent (default 1). */
  attempts?: number | undefined;
}

/** The API answered with a non-2xx status. */
export class APIError extends PartneroError {
  override name = 'APIError';
  // `declare` fields emit no code: Object.assign sets them, which keeps the bundle small.
  declare readonly status: number;
  /** The parsed response body (JSON when it parses, else text). */
  declare readonly body: unknown;
  /** The response headers. */
  declare readonly headers: Headers;
  declare readonly method: string;
  declare readonly url: string;
  /**
   * How many times the request was sent, this answer's included. A 404 from a DELETE with
   * `attempts > 1` means an earlier attempt deleted it and its answer was lost: the delete is done.
   */
  declare readonly attempts: number;

  constructor(init: APIErrorInit) {
    const message = (init.body as ErrorBody | null)?.message;
    // `404 GET https://api.partnero.com/v1/partners/p1: Partner not found`
    super(`${init.status} ${init.method} ${init.url}${typeof message === 'string' ? `: ${message}` : ''}`);
    Object.assign(this, init, { attempts: init.attempts ?? 1 });
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}

/** 422: the request was understood but a field failed validation. */
export class ValidationError extends APIError {
  override name = 'ValidationError';
  /** Messages per field, e.g. `{ email: ['The email field is required.'] }`. */
  declare readonly errors: Record<string, string[]>;

  constructor(init: APIErrorInit) {
    super(init);
    this.errors = (init.body as ErrorBody | null)?.errors ?? {};
  }
}

/** 429: slow down; `retryAfter` is how long the server asked to wait, in ms. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  declare readonly retryAfter: number | undefined;

  constructor(init: APIErrorInit) {
    super(init);
    this.retryAfter = parseRetryAfter(init.headers);
  }
}

export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/**
 * Whether a request that got no HTTP answer may have reached Partnero. `not-sent`: no connection
 * was made (refused, DNS failure, connect timeout), so the server cannot have acted and the call
 * is safe to send again. `unknown`: the request may have been received and acted on (a reset or
 * a timeout after connecting); a create may have happened, so look it up before sending it again
 * (`createOnce` in `@partnero-ts/client/create-once` does that).
 */
export type Outcome = 'not-sent' | 'unknown';

// What ConnectionError and TimeoutError share; not exported, so `instanceof` keeps meaning one of them.
class TransportError extends PartneroError {
  /** Whether the request may have reached the server (see `Outcome`); the transport sets it. */
  readonly outcome: Outcome = 'unknown';
}

/** The request never got an HTTP answer (refused, reset, DNS failure, ...). */
export class ConnectionError extends TransportError {
  override name = 'ConnectionError';
  /** How many times the request was sent, the failed one included. */
  declare readonly attempts: number;
}

/** An attempt took longer than `timeout`, or the whole call longer than `totalTimeout`. */
export class TimeoutError extends TransportError {
  override name = 'TimeoutError';
  /** How many times the request was sent, the one that timed out included. */
  declare readonly attempts: number;
}

/** A webhook's `Signature` header did not match its body, or the body was not a Partnero event. */
export class WebhookVerificationError extends PartneroError {
  override name = 'WebhookVerificationError';
}

type APIErrorClass = new (init: APIErrorInit) => APIError;

const STATUS_CLASSES: Record<number, APIErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
  429: RateLimitError,
};

/** The one place that maps a status to its error class. */
export function errorForStatus(init: APIErrorInit): APIError {
  const ErrorClass = STATUS_CLASSES[init.status] ?? (init.status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(init);
}
