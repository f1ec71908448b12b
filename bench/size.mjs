// 6. Bundle size: the client (dist/index.js bundled with openapi-fetch) next to openapi-fetch alone,
// as measured by the client's own size budget check (`size --json`), so both report one number.
import { execFileSync } from 'node:child_process';
import { fmt, ratio, table } from './lib.mjs';

function measure() {
  const out = execFileSync('pnpm', ['--silent', '--filter', '@partnero-ts/client', 'run', 'size', '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

export default async function size() {
  const { index: ours, 'openapi-fetch': bare, budget } = measure();
  const rows = [
    ['openapi-fetch alone', fmt(bare.minified), fmt(bare.gzipped), ratio(1)],
    [
      '@partnero-ts/client + openapi-fetch',
      fmt(ours.minified),
      fmt(ours.gzipped),
      ratio(ours.gzipped / bare.gzipped),
    ],
    ['budget (`pnpm --filter @partnero-ts/client size`)', fmt(budget.minified), fmt(budget.gzipped), '-'],
  ];
  return {
    title: '6. Bundle size',
    intro: `esbuild, ESM, platform neutral, minified, gzip level 9, measured by the client's budget check (\`pnpm --filter @partnero-ts/client size --json\`). Ours bundles packages/client/dist/index.js with openapi-fetch; all exports kept. The budget was raised three times. First from 12,288 B minified / 5,120 B gzipped to 14,848 / 6,140 B (+2,560 / +1,020 B), for the guards of issue 12 (spec-driven retry safety, browser guard, timeouts that cover the body and the whole call, bounded pagination, redaction of echoed keys); it measured 14,401 / 6,111 B then. Then to 16,226 / 6,687 B, by the +1,378 / +547 B that issue 24's fixes measured (15,779 / 6,658 B): operations matched on the parsed URL below the parsed base URL, \`attempts\` on errors, the key set on a per-attempt copy of the headers and redacted in every spelling (JSON, percent-encoded, base64) from failed answers' bodies and headers, and streamed bodies that end their attempt. Then to ${fmt(budget.minified)} / ${fmt(budget.gzipped)} B, the size measured with issue 25 (+664 / +476 B): \`outcome\` on transport errors, \`logLevel\` (with \`PARTNERO_LOG\` and a debug line per attempt), attempt hooks, and \`apiKey\` as a function (read per attempt, a 401 to a replaced key resent once, every returned key redacted). What not every call needs has its own entry and is not counted here: \`createOnce\` (\`./create-once\`) and the operation-id table of the hooks (\`./hooks\`). That is within the ceiling of 18 KiB / 7 KiB (7,168 B); openai-node is about 150 KiB / 36 KiB.`,
    table: table(['bundle', 'min bytes', 'gzip bytes', 'gzip vs openapi-fetch'], rows),
    summary: [
      {
        comparison: 'client bundle, min+gzip bytes',
        baseline: `openapi-fetch ${fmt(bare.gzipped)}`,
        ours: `${fmt(ours.gzipped)} (+${fmt(ours.gzipped - bare.gzipped)})`,
        ratio: ratio(ours.gzipped / bare.gzipped),
        goal: `<= ${fmt(budget.gzipped)} B`,
        met: ours.gzipped <= budget.gzipped,
      },
    ],
  };
}
