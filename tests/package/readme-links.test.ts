import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Written by `pnpm release:dry` (scripts/pack.mjs).
const releaseDir = fileURLToPath(new URL('../.release/', import.meta.url));
const tarballs = readdirSync(releaseDir).filter((name) => name.endsWith('.tgz'));

/** The README exactly as the tarball ships it (and npm's package page shows it). */
const readmeOf = (tarball: string) =>
  execFileSync('tar', ['-xzf', `${releaseDir}${tarball}`, '-O', 'package/README.md'], { encoding: 'utf8' });

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');

describe('READMEs inside the packed tarballs', () => {
  it('packs every published package', () => {
    expect(tarballs.length).toBeGreaterThanOrEqual(3);
  });

  // A relative link (`../../apps/...`, `./examples`) resolves on GitHub but is dead on npm and in
  // node_modules: links must be absolute, or anchors of the README itself.
  it.each(tarballs)('%s links only to absolute URLs and its own headings', (tarball) => {
    const prose = readmeOf(tarball).replace(/```[\s\S]*?```/g, '');
    const anchors = new Set(
      [...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) => `#${slug(match[1] ?? '')}`),
    );
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
    expect(targets.length).toBeGreaterThan(0);
    const dead = targets.filter((target) =>
      target.startsWith('#') ? !anchors.has(target) : !/^(https?:|mailto:)/.test(target),
    );
    expect(dead).toEqual([]);
  });
});
