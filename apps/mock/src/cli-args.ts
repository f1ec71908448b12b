import { parseArgs } from 'node:util';
import { MAX_DELAY_MS } from './2-contract/faults.js';
import { UsageError } from './cli-failure.js';
import { parseUpstream } from './proxy/options.js';

export const USAGE = `usage: partnero-mock [--port 4010] [--host 127.0.0.1] [--allowed-host NAME]... [--spec path/to/openapi.json] [--verbose]
                     [--delay-ms N] [--drop-rate 0..1] [--seed file.json] [--state-file path | --stateless] | [--proxy URL]
  --port, -p     port to listen on (env PORT; 0 picks a free one)
  --host         interface to bind (default 127.0.0.1)
  --allowed-host a Host name to answer besides loopback names and --host (repeatable; .example.test
                 allows a domain and its subdomains); any other Host gets 403 (DNS rebinding)
  --spec         bundled OpenAPI document (default @partnero-ts/spec)
  --verbose      one line per request: method, path, status, ms
  --delay-ms     add N ms (0..${MAX_DELAY_MS}) before every API answer
  --drop-rate    drop this share (0..1) of API connections without an answer
  --seed         start every API key from this JSON state ({"partners": [...], "customers": [...]},
                 the Seed type; a collection left out is empty) instead of the spec's examples
  --state-file   keep every key's state in this JSON file across restarts (created when missing;
                 keys are stored hashed, never in clear); add it to .gitignore
  --stateless    answer every request from the spec's examples: store nothing, send no webhooks
  --proxy        be a validating proxy: forward /v1/* to URL (e.g. https://api.partnero.com/v1),
                 pass its answers back unchanged, log each difference from the spec and count them
                 at GET /__mock/conformance; state, scenario keys, faults and the token contract
                 are off (the upstream decides), so --stateless, --seed, --state-file, --delay-ms and
                 --drop-rate do not apply
       partnero-mock webhooks trigger|check|events ...: send test deliveries, grade a receiver (--help)`;

export interface CliOptions {
  help: boolean;
  port: number;
  host: string;
  allowedHosts: string[];
  specPath?: string;
  verbose: boolean;
  delayMs: number;
  dropRate: number;
  stateless: boolean;
  /** The JSON file of `--seed`, read by the CLI before the engine loads. */
  seedPath?: string;
  /** Where every key's state is kept across restarts. */
  stateFile?: string;
  /** The upstream of the validating proxy; absent for the mock. */
  proxy?: string;
}

/** Pure: argv and env to options, or an Error naming the fix. Runs before Prism is loaded. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      spec: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      'delay-ms': { type: 'string' },
      'drop-rate': { type: 'string' },
      stateless: { type: 'boolean' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      proxy: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.proxy !== undefined) {
    try {
      parseUpstream(values.proxy);
    } catch (error) {
      // The same check guards startMock({ proxy }); on the command line it is a usage mistake.
      throw new UsageError((error as Error).message);
    }
    const mockOnly = (['stateless', 'seed', 'state-file', 'delay-ms', 'drop-rate'] as const).filter(
      (name) => values[name] !== undefined,
    );
    if (mockOnly.length > 0) {
      throw new UsageError(
        `--${mockOnly.join(', --')} cannot be combined with --proxy: the upstream answers every request; drop ${mockOnly.length === 1 ? 'it' : 'them'} or --proxy`,
      );
    }
  }
  if (values.seed !== undefined && values.stateless) {
    throw new UsageError(
      '--seed cannot be combined with --stateless, which keeps no records; drop one of them',
    );
  }
  if (values.stateless && values['state-file'] !== undefined) {
    throw new UsageError(
      '--state-file cannot be combined with --stateless: nothing is stored to keep; drop one of them',
    );
  }
  if (values['state-file']?.trim() === '') {
    throw new UsageError('--state-file needs a path, e.g. --state-file .partnero-mock.json');
  }
  return {
    help: values.help ?? false,
    port:
      values.port !== undefined
        ? parseInteger('--port', values.port, 0, 65535)
        : parseInteger('PORT', env.PORT ?? '4010', 0, 65535),
    host: values.host ?? '127.0.0.1',
    allowedHosts: values['allowed-host'] ?? [],
    ...(values.spec !== undefined && { specPath: values.spec }),
    verbose: values.verbose ?? false,
    delayMs: parseInteger('--delay-ms', values['delay-ms'] ?? '0', 0, MAX_DELAY_MS),
    dropRate: parseRate(values['drop-rate'] ?? '0'),
    stateless: values.stateless ?? false,
    ...(values.seed !== undefined && { seedPath: values.seed }),
    ...(values['state-file'] !== undefined && { stateFile: values['state-file'] }),
    ...(values.proxy !== undefined && { proxy: values.proxy }),
  };
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
    throw new UsageError(`invalid ${name} "${value}": use an integer from ${min} to ${max}`);
  }
  return number;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UsageError(`invalid --drop-rate "${value}": use a number from 0 to 1`);
  }
  return rate;
}
