// 7. MSW start-up: a fresh process (as vitest gives each test file) from spawn to its first
// answer through MSW, the mock's handlers vs one hand-written handler.
import { fileURLToPath } from 'node:url';
import { alternate, fmt, kill, median, pairedRatio, ratio, spawnNode, table } from './lib.mjs';

const RUNS = 5;
const SCRIPT = fileURLToPath(new URL('fixtures/msw-first-answer.mjs', import.meta.url));
const VARIANTS = { 'one hand-written handler': 'hand-written', 'partneroHandlers()': 'ours' };

async function firstAnswerMs(name) {
  const start = performance.now();
  const { child, line } = await spawnNode([SCRIPT, VARIANTS[name]], { ready: /^answered \d+$/ });
  const ms = performance.now() - start;
  await kill(child);
  if (line !== 'answered 200') throw new Error(`${name}: ${line}`);
  return ms;
}

export default async function mswStartup() {
  const runs = await alternate(RUNS, Object.keys(VARIANTS), firstAnswerMs);
  const baseline = runs['one hand-written handler'];
  const ours = runs['partneroHandlers()'];
  const paired = pairedRatio(baseline, ours);
  const rows = Object.entries(runs).map(([name, ms]) => [
    name,
    fmt(median(ms)),
    ms.map((m) => fmt(m)).join(', '),
    ratio(pairedRatio(baseline, ms)),
  ]);
  return {
    title: '7. MSW start-up',
    intro: `A fresh Node process (vitest runs each test file in one) from spawn to the first answer of GET /v1/partners through msw/node: the mock's handlers, or one hand-written handler; ${RUNS} runs each, alternating; the ratio is the median of per-run ratios.`,
    table: table(['handlers', 'median ms', 'runs ms', 'vs hand-written'], rows),
    summary: [
      {
        comparison: 'MSW fresh process to first answer, ms',
        baseline: `hand-written ${fmt(median(baseline))}`,
        ours: fmt(median(ours)),
        ratio: ratio(paired),
        goal: '<= 2.00x',
        met: paired <= 2,
      },
    ],
  };
}
