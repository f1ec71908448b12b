import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sign } from '../5-state/deliveries.js';
import { timestamp } from '../5-state/records.js';
import { UsageError } from '../cli-failure.js';
import { defaultSpecPath, loadDocument } from '../document.js';
import { createWebhookCatalog, type WebhookCatalog } from './catalog.js';
import { checkReceiver, formatReport } from './check.js';
import { deliveryBody } from './delivery.js';
import { receiverUrl, sendDelivery } from './send.js';

const WEBHOOKS_USAGE = `usage: partnero-mock webhooks trigger <event> --to URL --secret S [--data file.json]
       partnero-mock webhooks check URL --secret S [--event NAME] [--json]
       partnero-mock webhooks events
  trigger        send one signed delivery of <event> (e.g. partner.created) to URL; exits 1
                 unless the receiver answers 2xx
  check          grade the receiver at URL: valid, duplicate and unknown events must get 2xx,
                 forged, unsigned and malformed deliveries 4xx; exits 1 on any failure
  events         list the events of the spec
  --to           the receiver (trigger)
  --secret       the webhook's signing secret (env PARTNERO_WEBHOOK_SECRET), as POST /webhooks returns it
  --data         a JSON file with the event's data, checked against the spec (default: the spec's example)
  --event        the event of check's valid delivery (default: the spec's first)
  --json         check: print the results as JSON
  --allow-remote send to a host other than this machine (default: loopback URLs only)
  --timeout-ms   how long to wait for each answer (default 5000, Partnero's limit)
  --spec         bundled OpenAPI document (default @partnero-ts/spec)`;

/** Prints to these; the CLI's are the console's. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** `partnero-mock webhooks ...`: the exit code (0 ok, 1 a failed delivery, check or argument). */
export async function runWebhooksCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  output: Output = CONSOLE,
): Promise<number> {
  try {
    return await run(argv, env, output);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_')) {
      output.err(`partnero-mock webhooks: ${(error as Error).message}`);
      output.err(WEBHOOKS_USAGE);
      return 1;
    }
    output.err(`partnero-mock webhooks: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(argv: string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      secret: { type: 'string' },
      data: { type: 'string' },
      event: { type: 'string' },
      json: { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      spec: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, target, ...extra] = positionals;
  if (values.help || command === undefined) {
    output.out(WEBHOOKS_USAGE);
    return command === undefined && !values.help ? 1 : 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
  const timeoutMs = parseTimeout(values['timeout-ms']);
  const allowRemote = values['allow-remote'] ?? false;
  const secret = () => {
    const value = values.secret ?? env.PARTNERO_WEBHOOK_SECRET;
    if (!value) {
      throw new UsageError(
        "missing the secret: pass --secret (or set PARTNERO_WEBHOOK_SECRET) to the webhook's `signature`",
      );
    }
    return value;
  };
  const catalog = async () =>
    createWebhookCatalog((await loadDocument(values.spec ?? defaultSpecPath())).root);

  switch (command) {
    case 'events': {
      for (const name of (await catalog()).names) output.out(name);
      return 0;
    }
    case 'trigger': {
      if (target === undefined)
        throw new UsageError('missing the event: webhooks trigger partner.created --to URL');
      const events = await catalog();
      if (!events.get(target)) throw new UsageError(events.unknownEvent(target));
      const url = receiverUrl(values.to, allowRemote);
      const key = secret();
      const data = values.data === undefined ? undefined : await readData(values.data);
      return trigger(events, { event: target, url, secret: key, data, timeoutMs }, output);
    }
    case 'check': {
      const events = await catalog();
      const url = receiverUrl(target ?? values.to, allowRemote);
      const key = secret();
      if (values.event !== undefined && !events.get(values.event))
        throw new UsageError(events.unknownEvent(values.event));
      const results = await checkReceiver({
        url,
        secret: key,
        catalog: events,
        timeoutMs,
        createdAt: timestamp(new Date(), 'date-time'),
        ...(values.event !== undefined && { event: values.event }),
      });
      const failed = results.filter((result) => !result.pass).length;
      output.out(
        values.json
          ? JSON.stringify(
              { url: url.href, passed: results.length - failed, failed, cases: results },
              null,
              2,
            )
          : formatReport(url, results),
      );
      return failed > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command.slice(0, 50)}": use trigger, check or events`);
  }
}

async function trigger(
  catalog: WebhookCatalog,
  input: { event: string; url: URL; secret: string; data: unknown; timeoutMs: number },
  output: Output,
): Promise<number> {
  const built = deliveryBody(catalog, {
    event: input.event,
    url: input.url.href,
    createdAt: timestamp(new Date(), 'date-time'),
    ...(input.data !== undefined && { data: input.data }),
  });
  if ('problems' in built) {
    for (const line of built.problems) output.err(`partnero-mock webhooks: ${line}`);
    return 1;
  }
  const sent = await sendDelivery(input.url, {
    headers: { signature: sign(built.body, input.secret) },
    body: built.body,
    timeoutMs: input.timeoutMs,
  });
  const where = `${input.event} -> ${input.url.href}`;
  if (sent.status === undefined) {
    output.err(`${where}: no answer (${sent.error}) after ${sent.ms} ms`);
    return 1;
  }
  const ok = sent.status >= 200 && sent.status < 300;
  const line = `${where}: ${sent.status} in ${sent.ms} ms${ok ? '' : ' (not 2xx: Partnero would retry this delivery)'}`;
  if (ok) output.out(line);
  else output.err(line);
  return ok ? 0 : 1;
}

async function readData(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --data ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--data ${path} is not JSON (${(error as Error).message}): pass the event's data object`,
    );
  }
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 5000;
  const ms = Number(value);
  if (!/^\d+$/.test(value.trim()) || ms < 1 || ms > 600_000) {
    throw new UsageError(`invalid --timeout-ms "${value}": use an integer from 1 to 600000`);
  }
  return ms;
}
