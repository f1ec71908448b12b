// The API key must never reach a message, a log line or an inspected error. Everything the
// client surfaces passes through a redactor that closes over the key, so no object holds it.

export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

export function createRedactor(secret: string): Redactor {
  return (text) => text.replaceAll(secret, REDACTED);
}

/**
 * A detached copy of an error (name, message, code, cause chain) with the key removed.
 * Transport errors may hold the Request (and so the Authorization header) in fields we cannot
 * scan portably; copying only the printable parts is the one way to be sure.
 */
export function redactError(error: unknown, redact: Redactor, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const { name, message, cause, code } = error as Error & { code?: unknown };
  const copy = new Error(redact(message), {
    cause: cause === undefined || depth > 4 ? undefined : redactError(cause, redact, depth + 1),
  });
  return Object.assign(copy, { name }, code !== undefined && { code });
}
