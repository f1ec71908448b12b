#!/usr/bin/env node
import module from 'node:module';
import { StateFileError } from './5-state/state-file.js';
import { parseCli, USAGE } from './cli-args.js';
import { describeFailure } from './cli-failure.js';

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
    ...(options.proxy === undefined
      ? {
          faults: { delayMs: options.delayMs, dropRate: options.dropRate },
          stateless: options.stateless,
          ...(options.stateFile !== undefined && { stateFile: options.stateFile }),
        }
      : { proxy: options.proxy }),
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

main().catch((error: unknown) => {
  const failure = describeFailure(error);
  console.error(`partnero-mock: ${failure.line}`);
  if (failure.showUsage) console.error(USAGE);
  // 2: the state file needs the developer (fix or delete it); restarting as is cannot help.
  process.exit(error instanceof StateFileError ? 2 : 1);
});
