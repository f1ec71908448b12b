// 6. Bundle size: the client (dist/index.js bundled with openapi-fetch) next to openapi-fetch alone.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fmt, ROOT, ratio, table } from './lib.mjs';

async function bundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
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
