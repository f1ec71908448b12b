// app/api/webhooks/partnero/route.ts, a Next.js route handler. `POST` is a plain
// (request: Request) => Promise<Response>, so the same export serves Hono, Bun.serve, Deno.serve
// and workers. It verifies `Signature`, answers 401 to forgeries, 200 to events without a handler,
// and 500 when a handler throws (Partnero then delivers again).
import { webhookHandler } from '@partnero-ts/client/webhooks';

// Partnero can deliver an event twice; in production remember processed deliveries where every
// instance sees them (a database table with a unique key), not in memory.
const processed = new Set<string>();

export const POST = webhookHandler({
  secret: process.env.PARTNERO_WEBHOOK_SECRET ?? '', // the webhook's `signature` from POST /webhooks
  seen: processed,
  on: {
    'partner.created': async (partner) => {
      console.log(`welcome ${partner.email}`);
    },
    'transaction.created': async (sale, event) => {
      console.log(`sale ${sale.key} reported by webhook ${event.webhook_key}`);
    },
  },
});
