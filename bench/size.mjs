// 6. Bundle size: the client (dist/index.js bundled with openapi-fetch) next to openapi-fetch alone.
import { bundleSize } from '../packages/client/scripts/bundle-size.mjs';
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
  ];
  return {
    title: '6. Bundle size',
    intro:
      'esbuild, ESM, platform neutral, minified, gzip level 9. Ours bundles packages/client/dist/index.js with openapi-fetch; all exports kept.',
    table: table(['bundle', 'min bytes', 'gzip bytes', 'gzip vs openapi-fetch'], rows),
    summary: [
      {
        comparison: 'client bundle, min+gzip bytes',
        baseline: `openapi-fetch ${fmt(bare.gzip)}`,
        ours: `${fmt(ours.gzip)} (+${fmt(ours.gzip - bare.gzip)})`,
        ratio: ratio(ours.gzip / bare.gzip),
        goal: 'report only',
        met: null,
      },
    ],
  };
}
