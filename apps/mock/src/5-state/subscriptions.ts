import { randomBytes } from 'node:crypto';

// Webhook subscriptions are records like any other (the state keeps them); these are the two
// things about them the state must know. Sending to them is deliveries.ts.

/** Where the spec keeps webhook subscriptions: `POST /webhooks` registers one. */
export const SUBSCRIPTIONS = '/webhooks';

/** A signing secret for a new subscription, shaped like the spec example's (`whsec_...`). */
export function newSecret(example: unknown): string {
  const prefix = typeof example === 'string' ? (/^[A-Za-z]+_/.exec(example)?.[0] ?? '') : '';
  return `${prefix}${randomBytes(24).toString('hex')}`;
}
