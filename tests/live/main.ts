import { writeFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { redact } from '@partnero-ts/mock/conformance';
import { ConfigError, parseLiveConfig, USAGE } from './config.js';
import type { Clock } from './rate-limit.js';
import { UnreachableError } from './read.js';
import { exitCode, formatSummary } from './report.js';
import { KeyRefusedError, runLive } from './run.js';

export interface MainDeps {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: typeof fetch;
  clock?: Clock;
}

/** `pnpm test:live`: 0 when everything conforms, 1 on a difference, 2 when the run could not happen. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, deps: MainDeps): Promise<number> {
  const secrets = env.PARTNERO_API_KEY ? [env.PARTNERO_API_KEY] : [];
  try {
    const config = parseLiveConfig(argv, env, deps.cwd);
    if (config.help) {
      deps.out(`${USAGE}\n`);
      return 0;
    }
    const report = await runLive({ ...config, fetch: deps.fetch, clock: deps.clock });
    await writeFile(config.reportPath, `${redact(JSON.stringify(report, null, 2), secrets)}\n`);
    // Shown relative to where the run started, unless it lies elsewhere.
    const shown = relative(deps.cwd, config.reportPath);
    const reportPath =
      shown === '' || shown.startsWith('..') || isAbsolute(shown) ? config.reportPath : shown;
    deps.out(redact(formatSummary(report, reportPath), secrets));
    return exitCode(report);
  } catch (error) {
    const known =
      error instanceof ConfigError || error instanceof KeyRefusedError || error instanceof UnreachableError;
    const message = error instanceof Error ? error.message : String(error);
    deps.err(`test:live: ${redact(known ? message : `unexpected failure: ${message}`, secrets)}\n`);
    return 2;
  }
}
