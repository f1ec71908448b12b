const REDACTED = '[redacted]';

/**
 * Every occurrence of every secret replaced, also in its JSON-escaped form (a key echoed inside
 * a JSON string). Longest first, so a whole `Bearer <key>` goes before the key alone.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
}
