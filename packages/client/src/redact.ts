// The API key must never reach a message, a log line or an inspected error. Everything the
// client surfaces passes through a redactor that closes over the key, so no object holds it.

export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

export function createRedactor(secret: string): Redactor {
  return (text) => (secret === '' ? text : text.split(secret).join(REDACTED));
}

const MAX_CAUSE_DEPTH = 5;

/**
 * A detached copy of an error (name, message, code, stack, cause chain) with the key removed.
 * Transport errors may hold the Request (and so the Authorization header) in fields we cannot
 * scan portably; copying only the printable parts is the one way to be sure.
 */
export function redactError(error: unknown, redact: Redactor, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const options =
    error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: redactError(error.cause, redact, depth + 1) }
      : undefined;
  const copy: Error & { code?: unknown; errors?: Error[] } = new Error(redact(error.message), options);
  copy.name = error.name;
  copy.stack = redact(error.stack ?? '');
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' || typeof code === 'number') copy.code = code;
  // AggregateError (happy-eyeballs connects) carries one error per address tried.
  if (Array.isArray(errors) && depth < MAX_CAUSE_DEPTH) {
    copy.errors = errors.map((inner) => redactError(inner, redact, depth + 1));
  }
  return copy;
}
