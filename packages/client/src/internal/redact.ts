// The API key must never reach a message, a log line or an inspected error. Everything the
// client surfaces passes through a redactor that closes over the key, so no object holds it.

/** Removes every key it knows; `add` teaches it another (each key a rotating `apiKey` returns). */
export type Redactor = ((text: string) => string) & { add(secret: string): void };

const REDACTED = '[redacted]';

/**
 * Every spelling of the key a server or a library may echo: as written, JSON-escaped,
 * percent-encoded (encodeURIComponent's and the form encoding's) and base64, each also with PHP's
 * escaped `/` (Partnero runs Laravel), lower-case percent hex and base64url's digits. Variants that
 * fit no real encoding cost nothing but a few replacements. The redactor replaces them longest
 * first, so that no form is left half replaced.
 */
function spellings(secret: string): string[] {
  // The key at the start of a longer base64 text (`Basic base64(key:)`): only whole 3-byte groups
  // encode the same wherever the text goes on.
  const whole = secret.slice(0, secret.length - (secret.length % 3));
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ k: secret }).toString().slice(2),
    btoa(secret),
    btoa(whole),
  ].flatMap((form) => [
    form,
    form.replaceAll('/', '\\/'),
    form.replace(/%[\dA-F]{2}/g, (hex) => hex.toLowerCase()),
    form.replace(/\+/g, '-').replace(/\//g, '_'),
  ]);
  return forms;
}

export function createRedactor(...secrets: string[]): Redactor {
  let forms: string[] = [];
  // A key is one of its own spellings: one already known is not spelled out again.
  // A key shorter than 3 characters has no whole base64 group: an empty form would match everywhere.
  const add = (secret: string) => {
    if (!forms.includes(secret))
      forms = [...new Set([...forms, ...spellings(secret)])]
        .filter(Boolean)
        .sort((a, b) => b.length - a.length);
  };
  secrets.forEach(add);
  return Object.assign((text: string) => forms.reduce((out, form) => out.replaceAll(form, REDACTED), text), {
    add,
  });
}

/**
 * A detached copy of an error (name, message, code, cause chain) with the key removed.
 * Transport errors may hold the Request (and so the Authorization header) in fields we cannot
 * scan portably; copying only the printable parts is the one way to be sure. The depth bound
 * also ends a chain whose causes loop.
 */
export function redactError(error: unknown, redact: Redactor, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const { name, message, cause, code } = error as Error & { code?: unknown };
  const copy = new Error(redact(message), {
    cause: cause === undefined || depth > 4 ? undefined : redactError(cause, redact, depth + 1),
  });
  return Object.assign(copy, { name: redact(name) }, code !== undefined && { code: redact(String(code)) });
}
