import { randomBytes } from 'node:crypto';
import { sign } from '../5-state/deliveries.js';
import type { WebhookCatalog } from './catalog.js';
import { deliveryBody } from './delivery.js';
import { type SendResult, sendDelivery } from './send.js';

/** What a correct receiver answers: acknowledge (2xx) or refuse (4xx, so nothing is done). */
type Expected = '2xx' | '4xx';

interface Case {
  name: string;
  expected: Expected;
  /** What to fix when the receiver answers otherwise. */
  hint: string;
  body: string;
  /** The `Signature` header; absent: none is sent. */
  signature?: string;
}

export interface CaseResult extends SendResult {
  case: string;
  expected: Expected;
  pass: boolean;
  hint?: string;
}

export interface CheckOptions {
  url: URL;
  secret: string;
  catalog: WebhookCatalog;
  /** The event of the valid delivery; default the spec's first. */
  event?: string;
  /** Per case; Partnero waits 5 s for an answer. */
  timeoutMs: number;
  createdAt: string;
  fetch?: typeof fetch;
}

/**
 * Grades a receiver the way Partnero's guide asks receivers to behave: verify `Signature` over
 * the raw body, acknowledge fast, acknowledge duplicates and events it does not handle (else
 * Partnero retries them), refuse anything not signed with its secret. Cases run one at a time,
 * in order: the duplicate follows the delivery it repeats.
 */
export async function checkReceiver(options: CheckOptions): Promise<CaseResult[]> {
  const cases = receiverCases(options);
  const results: CaseResult[] = [];
  for (const item of cases) {
    const sent = await sendDelivery(options.url, {
      headers: item.signature === undefined ? {} : { signature: item.signature },
      body: item.body,
      timeoutMs: options.timeoutMs,
      ...(options.fetch && { fetch: options.fetch }),
    });
    const pass = sent.status !== undefined && matches(item.expected, sent.status);
    results.push({
      case: item.name,
      expected: item.expected,
      ...sent,
      pass,
      ...(!pass && { hint: item.hint }),
    });
  }
  return results;
}

function receiverCases(options: CheckOptions): Case[] {
  const { catalog, secret } = options;
  const event = options.event ?? catalog.names[0];
  if (event === undefined) throw new Error('the spec declares no webhook events');
  const body = (name: string, data?: unknown) => {
    const built = deliveryBody(catalog, {
      event: name,
      url: options.url.href,
      createdAt: options.createdAt,
      ...(data !== undefined && { data }),
    });
    if ('problems' in built) throw new Error(built.problems.join('; '));
    return built;
  };
  const valid = body(event);
  const family = event.split('.')[0];
  // Another spec event, from another family when there is one: a receiver built for one event
  // must still acknowledge the rest of what its webhook is subscribed to.
  const other =
    catalog.names.find((name) => name.split('.')[0] !== family) ??
    catalog.names.find((name) => name !== event);
  const unknownName = `${family}.added_later`;
  const signed = (text: string) => ({ body: text, signature: sign(text, secret) });
  const tampered = JSON.stringify({
    ...valid.payload,
    data: { ...(valid.payload.data as object), tampered: true },
  });
  const notJson = `{"event": "${event}", not json`;
  const cases: Case[] = [
    {
      name: `valid delivery (${event})`,
      expected: '2xx',
      hint: 'a signed delivery must be acknowledged: verify Signature over the raw body with this secret',
      ...signed(valid.body),
    },
    {
      name: 'the same delivery again',
      expected: '2xx',
      hint: 'Partnero retries deliveries: acknowledge a duplicate (skip it, but answer 2xx)',
      ...signed(valid.body),
    },
  ];
  if (other !== undefined) {
    cases.push({
      name: `an event it may not handle (${other})`,
      expected: '2xx',
      hint: 'acknowledge events you do not handle, or Partnero retries them',
      ...signed(body(other).body),
    });
  }
  if (!catalog.names.includes(unknownName)) {
    cases.push({
      name: `a new event name (${unknownName})`,
      expected: '2xx',
      hint: 'acknowledge event names you do not know yet: Partnero adds events',
      ...signed(JSON.stringify({ ...valid.payload, event: unknownName })),
    });
  }
  cases.push(
    {
      name: 'tampered body, original signature',
      expected: '4xx',
      hint: 'verify Signature over the exact raw body before trusting it',
      body: tampered,
      signature: sign(valid.body, secret),
    },
    {
      name: 'signed with another secret',
      expected: '4xx',
      hint: "verify with this webhook's own secret (its `signature`), not any secret",
      body: valid.body,
      signature: sign(valid.body, randomBytes(24).toString('hex')),
    },
    {
      name: 'no Signature header',
      expected: '4xx',
      hint: 'refuse a delivery without Signature',
      body: valid.body,
    },
    {
      name: 'Signature not hex',
      expected: '4xx',
      hint: 'refuse a Signature that is not 64 hex digits',
      body: valid.body,
      signature: 'z'.repeat(64),
    },
    {
      name: 'signed body that is not JSON',
      expected: '4xx',
      hint: 'a body that does not parse is a client error (4xx), not a crash (5xx)',
      ...signed(notJson),
    },
  );
  return cases;
}

function matches(expected: Expected, status: number): boolean {
  return expected === '2xx' ? status >= 200 && status < 300 : status >= 400 && status < 500;
}

/** The table `webhooks check` prints. */
export function formatReport(url: URL, results: readonly CaseResult[]): string {
  const width = Math.max(...results.map((result) => result.case.length));
  const lines = results.map((result) => {
    const got = result.status !== undefined ? String(result.status) : 'none';
    const row = `  ${result.pass ? 'pass' : 'FAIL'}  ${result.case.padEnd(width)}  want ${result.expected}  got ${got.padEnd(4)} ${String(result.ms).padStart(5)} ms`;
    const why = [result.error, result.hint].filter(Boolean).join('; ');
    return result.pass ? row : `${row}  ${why}`;
  });
  const failed = results.filter((result) => !result.pass).length;
  return [
    `partnero-mock webhooks check ${url.href}`,
    ...lines,
    `${results.length} cases: ${results.length - failed} passed, ${failed} failed`,
  ].join('\n');
}
