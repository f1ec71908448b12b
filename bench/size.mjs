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
  const { index: ours, 'openapi-fetch': bare } = measure();
  const rows = [
    ['openapi-fetch alone', fmt(bare.minified), fmt(bare.gzipped), ratio(1)],
    [
      '@partnero-ts/client + openapi-fetch',
      fmt(ours.minified),
      fmt(ours.gzipped),
      ratio(ours.gzipped / bare.gzipped),
    ],
  ];
  return {
    title: '6. Bundle size',
    intro:
      "esbuild, ESM, platform neutral, minified, gzip level 9, measured by the client's budget check (`pnpm --filter @partnero-ts/client size --json`). Ours bundles packages/client/dist/index.js with openapi-fetch; all exports kept.",
    table: table(['bundle', 'min bytes', 'gzip bytes', 'gzip vs openapi-fetch'], rows),
    summary: [
      {
        comparison: 'client bundle, min+gzip bytes',
        baseline: `openapi-fetch ${fmt(bare.gzipped)}`,
        ours: `${fmt(ours.gzipped)} (+${fmt(ours.gzipped - bare.gzipped)})`,
        ratio: ratio(ours.gzipped / bare.gzipped),
        goal: 'report only',
        met: null,
      },
    ],
  };
}
