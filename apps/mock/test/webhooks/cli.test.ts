import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseWebhookEvent, webhookHandler } from '@partnero-ts/client/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runWebhooksCli } from '../../src/webhooks/cli.js';
import { serveReceiver } from './receiver.js';

const secret = 'whsec_cli_test_secret';
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function receiver(handle: Parameters<typeof serveReceiver>[0]) {
  const served = await serveReceiver(handle);
  servers.push(served);
  return served;
}

/** Runs `partnero-mock webhooks ...args` in-process: exit code and what it printed. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // A hang guard, not a speed check: a loaded machine must not fail a correct receiver.
  const guarded = args.includes('--timeout-ms') ? args : [...args, '--timeout-ms', '120000'];
  const code = await runWebhooksCli(
    guarded,
    {},
    { out: (line) => out.push(line), err: (line) => err.push(line) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `webhooks trigger partner.created --to URL --secret S ...extra`. */
const trigger = (url: string, ...extra: string[]) =>
  cli('trigger', 'partner.created', '--to', url, '--secret', secret, ...extra);

/** A receiver built the way the client README says. */
function correctReceiver(onPartner = vi.fn()) {
  return receiver(webhookHandler({ secret, on: { 'partner.created': onPartner }, seen: new Set() }));
}

function dataFile(value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'partnero-webhooks-')), 'data.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('webhooks trigger', () => {
  it('delivers a signed partner.created that the client verifies, and prints the answer', async () => {
    const onPartner = vi.fn();
    const hook = await correctReceiver(onPartner);
    const run = await trigger(hook.url);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(new RegExp(`^partner\\.created -> ${hook.url}: 200 in \\d+ ms$`));
    const [delivery] = hook.received;
    const event = await parseWebhookEvent(delivery?.body ?? '', delivery?.signature, secret);
    expect(event).toMatchObject({ event: 'partner.created', url: hook.url, webhook_key: expect.any(String) });
    expect(onPartner).toHaveBeenCalledWith(event.data, event);
    expect(`${run.out}${run.err}`).not.toContain(secret);
  });

  it('sends the data of --data, checked against the event schema', async () => {
    const hook = await correctReceiver();
    const data = { id: 'partner_cli', email: 'cli@example.com' };
    const run = await trigger(hook.url, '--data', dataFile(data));
    expect(run.code).toBe(0);
    expect(JSON.parse(hook.received[0]?.body ?? '{}').data).toEqual(data);
  });

  it('refuses --data that does not fit the event, saying where, and sends nothing', async () => {
    const hook = await correctReceiver();
    const run = await trigger(hook.url, '--data', dataFile({ id: 'partner_cli', email: 42 }));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/data of partner\.created: \/email must be string/);
    expect(hook.received).toEqual([]);
  });

  it('refuses --data that is not JSON', async () => {
    const run = await trigger('http://127.0.0.1:9/x', '--data', dataFile('{nope'));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/is not JSON/);
  });

  it('exits 1 when the receiver does not answer 2xx', async () => {
    const hook = await receiver(() => new Response('down', { status: 503 }));
    const run = await trigger(hook.url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/: 503 in \d+ ms \(not 2xx/);
  });

  it('exits 1 when nothing answers, saying so', async () => {
    const hook = await correctReceiver();
    await hook.close();
    const run = await trigger(hook.url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/no answer/);
  });

  it('names the events of the spec when the event is unknown', async () => {
    const run = await cli('trigger', 'partner.made', '--to', 'http://127.0.0.1:9/x', '--secret', secret);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /unknown webhook event "partner\.made": use one of partner\.created, partner\.updated/,
    );
  });

  it('sends only to this machine unless --allow-remote', async () => {
    const run = await trigger('https://hooks.example.com/x');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/hooks\.example\.com is not this machine: .* --allow-remote/);
  });

  it('asks for the secret, by flag or PARTNERO_WEBHOOK_SECRET', async () => {
    const run = await cli('trigger', 'partner.created', '--to', 'http://127.0.0.1:9/x');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/missing the secret: pass --secret \(or set PARTNERO_WEBHOOK_SECRET\)/);
    const hook = await correctReceiver();
    const out: string[] = [];
    const code = await runWebhooksCli(
      ['trigger', 'partner.created', '--to', hook.url, '--timeout-ms', '120000'],
      { PARTNERO_WEBHOOK_SECRET: secret },
      { out: (line) => out.push(line), err: (line) => out.push(line) },
    );
    expect([code, out.join()]).toEqual([0, expect.stringMatching(/: 200 in/)]);
  });
});

describe('webhooks check', () => {
  it('passes a receiver built with webhookHandler', async () => {
    const hook = await correctReceiver();
    const run = await cli('check', hook.url, '--secret', secret);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/9 cases: 9 passed, 0 failed/);
    expect(run.out).not.toContain('FAIL');
  });

  it('fails a receiver that answers 200 to everything, naming each case it got wrong', async () => {
    const hook = await receiver(() => new Response(null, { status: 200 }));
    const run = await cli('check', hook.url, '--secret', secret);
    expect(run.code).toBe(1);
    const failed = run.out.split('\n').filter((line) => line.includes('FAIL'));
    expect(failed.map((line) => line.replace(/\s+want.*/, '').replace(/^\s*FAIL\s+/, ''))).toEqual([
      'tampered body, original signature',
      'signed with another secret',
      'no Signature header',
      'Signature not hex',
      'signed body that is not JSON',
    ]);
    expect(run.out).toMatch(/9 cases: 4 passed, 5 failed/);
  });

  it('fails a receiver that refuses what it does not handle or has seen', async () => {
    const seen = new Set<string>();
    const strict = async (request: Request) => {
      const body = await request.text();
      const event = await parseWebhookEvent(body, request.headers.get('signature'), secret).catch(
        () => undefined,
      );
      if (!event) return new Response(null, { status: 401 });
      if (event.event !== 'partner.created' || seen.has(body)) return new Response(null, { status: 422 });
      seen.add(body);
      return new Response(null, { status: 204 });
    };
    const run = await cli('check', (await receiver(strict)).url, '--secret', secret, '--json');
    const report = JSON.parse(run.out) as {
      failed: number;
      cases: { case: string; pass: boolean; status: number }[];
    };
    expect(run.code).toBe(1);
    expect(report.cases.filter((item) => !item.pass).map((item) => [item.case, item.status])).toEqual([
      ['the same delivery again', 422],
      ['an event it may not handle (customer.created)', 422],
      ['a new event name (partner.added_later)', 422],
    ]);
  });

  it('sends the valid delivery of --event, signed with the secret, then the same bytes again', async () => {
    const hook = await correctReceiver();
    const run = await cli('check', hook.url, '--secret', secret, '--event', 'transaction.created');
    expect(run.code).toBe(0);
    const [first, second] = hook.received;
    expect(JSON.parse(first?.body ?? '{}').event).toBe('transaction.created');
    expect(second).toEqual(first);
    expect(await parseWebhookEvent(first?.body ?? '', first?.signature, secret)).toBeTruthy();
  });

  it('counts a receiver that never answers as failing, after --timeout-ms', async () => {
    const hook = await receiver(() => new Promise<Response>(() => {}));
    const run = await cli('check', hook.url, '--secret', secret, '--timeout-ms', '50', '--json');
    const report = JSON.parse(run.out) as { passed: number; cases: { error?: string }[] };
    expect(run.code).toBe(1);
    expect(report.passed).toBe(0);
    expect(report.cases[0]?.error).toBe('no answer within 50 ms');
  });
});

describe('the partnero-mock bin', () => {
  it('runs `webhooks` without loading the server, and says how to use it', async () => {
    const bin = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const failed = await promisify(execFile)(process.execPath, [bin, 'webhooks', 'trigger'], {}).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(
      /missing the event: webhooks trigger partner\.created/,
    );
    const events = await promisify(execFile)(process.execPath, [bin, 'webhooks', 'events']);
    expect(events.stdout.split('\n')).toContain('subscriber.rewarded');
  });
});
