import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), process.env, {
  // pnpm runs the script in tests/; INIT_CWD is where the user typed `pnpm test:live`.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
