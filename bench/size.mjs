// 6. Bundle size: the client (dist/index.js bundled with openapi-fetch) next to openapi-fetch alone.
import { BUDGET, bundleSize } from '../packages/client/scripts/bundle-size.mjs';
import { fmt, ROOT, ratio, table } from './lib.mjs';

async function bundle(contents) {
  const { minified, gzipped } = await bundleSize(contents, ROOT);
  return { min: minified, gzip: gzipped };
}

export default async function size() {
  const bare = await bundle("export * from 'openapi-fetch'; export { default } from 'openapi-fetch';");
  const ours = await bundle("export * from './packages/client/dist/index.js';");
  const rows = [
    ['openapi-fetch alone', fmt(bare.min), fmt(bare.gzip), ratio(1)],
    ['@partnero-ts/client + openapi-fetch', fmt(ours.min), fmt(ours.gzip), ratio(ours.gzip / bare.gzip)],
    ['budget (`pnpm --filter @partnero-ts/client size`)', fmt(BUDGET.minified), fmt(BUDGET.gzipped), '-'],
  ];
  return {
    title: '6. Bundle size',
    intro: `esbuild, ESM, platform neutral, minified, gzip level 9. Ours bundles packages/client/dist/index.js with openapi-fetch; all exports kept. The budget was raised once, from 12,288 B minified / 5,120 B gzipped to ${fmt(BUDGET.minified)} / ${fmt(BUDGET.gzipped)} B (+${fmt(BUDGET.minified - 12_288)} / +${fmt(BUDGET.gzipped - 5_120)} B), for the guards of issue 12 (spec-driven retry safety, browser guard, timeouts that cover the body and the whole call, bounded pagination, redaction of echoed keys); it measured 14,401 / 6,111 B when raised. The ceiling is 16 KiB / 6 KiB; openai-node is about 150 KiB / 36 KiB.`,
    table: table(['bundle', 'min bytes', 'gzip bytes', 'gzip vs openapi-fetch'], rows),
    summary: [
      {
        comparison: 'client bundle, min+gzip bytes',
        baseline: `openapi-fetch ${fmt(bare.gzip)}`,
        ours: `${fmt(ours.gzip)} (+${fmt(ours.gzip - bare.gzip)})`,
        ratio: ratio(ours.gzip / bare.gzip),
        goal: `<= ${fmt(BUDGET.gzipped)} B`,
        met: ours.gzip <= BUDGET.gzipped,
      },
    ],
  };
}
