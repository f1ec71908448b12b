// An Express receiver. The classic trap: `app.use(express.json())` parses the body, and the HMAC of
// re-serialized JSON never matches the `Signature`. Give this route the raw bytes (express.raw)
// and verify those; parse only what verified.
import { WebhookVerificationError } from '@partnero-ts/client';
import { parseWebhookEvent, webhookEventId } from '@partnero-ts/client/webhooks';
import express from 'express';

const secret = process.env.PARTNERO_WEBHOOK_SECRET ?? ''; // the webhook's `signature`
const processed = new Set<string>(); // a database table in production: deliveries repeat

export const app = express();

app.post('/webhooks/partnero', express.raw({ type: () => true }), async (req, res) => {
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let event: Awaited<ReturnType<typeof parseWebhookEvent>>;
  try {
    event = await parseWebhookEvent(rawBody, req.header('signature'), secret);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return res.status(400).send(error.message);
    throw error;
  }
  const id = webhookEventId(event);
  if (processed.has(id)) return res.sendStatus(200); // a retry: acknowledged, not done twice
  if (event.event === 'partner.created') console.log(`welcome ${event.data.email}`);
  processed.add(id);
  return res.sendStatus(200); // every other event too: unanswered events are retried
});

// app.listen(3000);
