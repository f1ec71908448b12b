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
    intro: `esbuild, ESM, platform neutral, minified, gzip level 9, measured by the client's budget check (\`pnpm --filter @partnero-ts/client size --json\`). Ours bundles packages/client/dist/index.js with openapi-fetch; all exports kept. The budget was raised once, from 12,288 B minified / 5,120 B gzipped to ${fmt(budget.minified)} / ${fmt(budget.gzipped)} B (+${fmt(budget.minified - 12_288)} / +${fmt(budget.gzipped - 5_120)} B), for the guards of issue 12 (spec-driven retry safety, browser guard, timeouts that cover the body and the whole call, bounded pagination, redaction of echoed keys); it measured 14,401 / 6,111 B when raised. The ceiling is 16 KiB / 6 KiB; openai-node is about 150 KiB / 36 KiB.`,
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
