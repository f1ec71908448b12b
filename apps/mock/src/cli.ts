#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startMock } from './server.js';

const USAGE = 'usage: partnero-mock [--port 4010] [--host 127.0.0.1] [--spec path/to/openapi.json]';

function parsePort(value: string | undefined): number {
  const port = Number(value ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${value}": use an integer from 0 to 65535`);
  }
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', short: 'h' },
      spec: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const mock = await startMock({
    port: parsePort(values.port ?? process.env.PORT),
    host: values.host ?? '127.0.0.1',
    ...(values.spec !== undefined && { specPath: values.spec }),
  });
  console.log(`listening on ${mock.url}`);
  const stop = () => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`partnero-mock: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
