import { WebhookVerificationError } from '@partnero-ts/client';
import { parseWebhookEvent, verifyWebhookSignature } from '@partnero-ts/client/webhooks';

// Each webhook has its own secret: the `signature` field POST /webhooks returned when you
// registered it (also in GET /webhooks/{key}).
const secret = 'the_webhooks_signature';

// Works in any fetch-style handler (Node, Deno, Bun, Cloudflare Workers, Next.js route handlers).
export async function handleWebhook(request: Request): Promise<Response> {
  const rawBody = await request.text(); // the raw body: re-serialized JSON would not match
  try {
    const event = await parseWebhookEvent(rawBody, request.headers.get('Signature'), secret);
    console.log(event.event, event.data);
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return new Response('invalid signature', { status: 400 });
    throw error;
  }
}

// Or only check the signature.
export const isGenuine = (rawBody: string, signature: string | null) =>
  verifyWebhookSignature(rawBody, signature, secret);
