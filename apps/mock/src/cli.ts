#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import module from 'node:module';
import { SeedError } from './5-state/fixtures.js';
import { StateFileError } from './5-state/state-file.js';
import { parseCli, USAGE } from './cli-args.js';
import { describeFailure } from './cli-failure.js';
import type { Seed } from './generated/seed.js';

async function main(): Promise<void> {
  if (process.argv[2] === 'webhooks') {
    const { runWebhooksCli } = await import('./webhooks/cli.js');
    process.exitCode = await runWebhooksCli(process.argv.slice(3), process.env);
    return;
  }
  const options = parseCli(process.argv.slice(2), process.env);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const seed = options.seedPath === undefined ? undefined : await readSeedFile(options.seedPath);
  // Node 22.1+ keeps compiled code on disk (os.tmpdir()): the 3 MB engine bundle is parsed once
  // per machine, not per start. Node 20 has no compile cache and skips this.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // The engine takes a few hundred ms to load; --help and bad arguments must not wait for it.
  const { startMock } = await import('./http/server.js');
  const mock = await startMock({
    port: options.port,
    host: options.host,
    allowedHosts: options.allowedHosts,
    verbose: options.verbose,
    ...(options.specPath !== undefined && { specPath: options.specPath }),
    ...(seed !== undefined && { seed }),
    ...(options.proxy === undefined
      ? {
          faults: { delayMs: options.delayMs, dropRate: options.dropRate },
          stateless: options.stateless,
          ...(options.stateFile !== undefined && { stateFile: options.stateFile }),
        }
      : { proxy: options.proxy }),
  }).catch((error: unknown) => {
    // The records are the file's: the line names it, as its JSON errors do.
    if (!(error instanceof SeedError)) throw error;
    throw new Error(
      `--seed ${options.seedPath}: ${error.records}; fix those records (the Seed type of @partnero-ts/mock types them)`,
    );
  });
  console.log(`listening on ${mock.url}`);
  // close() writes the state file's last changes: a stop must wait for it, and say when it failed.
  const stop = () => {
    mock.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`partnero-mock: ${describeFailure(error).line}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The `--seed` file's JSON; an unreadable or non-JSON file is one line naming it. Checked by startMock. */
async function readSeedFile(path: string): Promise<Seed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`--seed ${path}: ${reason}; pass a JSON file of the state to start from`);
  }
  try {
    return JSON.parse(text) as Seed;
  } catch (error) {
    throw new Error(
      `--seed ${path} is not JSON (${(error as Error).message}); write it as {"partners": [...], ...}`,
    );
  }
}

main().catch((error: unknown) => {
  const failure = describeFailure(error);
  console.error(`partnero-mock: ${failure.line}`);
  if (failure.showUsage) console.error(USAGE);
  // 2: the state file needs the developer (fix or delete it); restarting as is cannot help.
  process.exit(error instanceof StateFileError ? 2 : 1);
});
