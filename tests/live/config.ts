import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';
const DEFAULT_RATE = 2;
const DEFAULT_REPORT = 'live-report.json';
/** Tokens the mock's token contract refuses on purpose (apps/mock README); config.test.ts keeps the two in step. */
export const MOCK_TEST_TOKEN_PREFIXES = ['invalid_', 'expired_', 'forbidden_'] as const;

export const USAGE = `usage: PARTNERO_API_KEY=... [PARTNERO_BASE_URL=${DEFAULT_BASE_URL}] pnpm test:live [--rate ${DEFAULT_RATE}] [--report ${DEFAULT_REPORT}]
  --rate     at most this many requests per second (default ${DEFAULT_RATE})
  --report   where to write the JSON report (default ./${DEFAULT_REPORT})`;

export interface LiveConfig {
  help: boolean;
  apiKey: string;
  baseUrl: string;
  ratePerSecond: number;
  reportPath: string;
}

/** Bad input, with a message that names the fix and never contains the key. */
export class ConfigError extends Error {}

function apiKeyFrom(env: NodeJS.ProcessEnv): string {
  const key = env.PARTNERO_API_KEY;
  if (key === undefined || key === '')
    throw new ConfigError(
      'PARTNERO_API_KEY is not set: export the API key of a Partnero test program (the live run only reads)',
    );
  if (/\s/.test(key))
    throw new ConfigError(
      'PARTNERO_API_KEY contains whitespace or a line break: copy the key again, without them',
    );
  const prefix = MOCK_TEST_TOKEN_PREFIXES.find((candidate) => key.startsWith(candidate));
  if (prefix !== undefined)
    throw new ConfigError(
      `PARTNERO_API_KEY starts with ${prefix}, a partnero-mock test token that every server refuses: use a real key, or any other token (such as test_live) against the mock`,
    );
  return key;
}

function baseUrlFrom(env: NodeJS.ProcessEnv): string {
  const value = env.PARTNERO_BASE_URL || DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PARTNERO_BASE_URL is not a URL: set it like ${DEFAULT_BASE_URL}, or unset it`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`PARTNERO_BASE_URL must be an http(s) URL such as ${DEFAULT_BASE_URL}`);
  // Credentials in the URL would end up in the report and in error messages.
  if (url.username || url.password)
    throw new ConfigError('PARTNERO_BASE_URL must not contain credentials: the key goes in PARTNERO_API_KEY');
  return value.replace(/\/+$/, '');
}

function rateFrom(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RATE;
  const rate = Number(value);
  if (value.trim() === '' || !Number.isFinite(rate) || rate <= 0)
    throw new ConfigError(`--rate "${value}" is not a number of requests per second above 0 (e.g. --rate 1)`);
  return rate;
}

/** Pure: argv and env to the run's configuration, or a ConfigError naming the fix. */
export function parseLiveConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string): LiveConfig {
  let values: { rate?: string; report?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rate: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.help) return { help: true, apiKey: '', baseUrl: '', ratePerSecond: 0, reportPath: '' };
  return {
    help: false,
    apiKey: apiKeyFrom(env),
    baseUrl: baseUrlFrom(env),
    ratePerSecond: rateFrom(values.rate),
    reportPath: resolve(cwd, values.report ?? DEFAULT_REPORT),
  };
}
