import { specOperations } from '@partnero-ts/spec-tools';
import type { Reporter, TestModule } from 'vitest/node';
import { applicability, CASES, type CaseId } from './cases.js';

type Cell = 'pass' | 'FAIL' | 'n/a' | 'missing';

const SYMBOL: Record<Cell, string> = { pass: '✓', FAIL: '✗', 'n/a': '·', missing: '?' };

/**
 * Prints operations x cases at the end of the run: which ran and passed, which failed, which
 * do not apply (and why), and any applicable case that never ran.
 */
export default class ContractCoverageReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const outcome = new Map<string, Cell>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().contract;
        if (!meta) continue;
        outcome.set(`${meta.operation}|${meta.case}`, test.result().state === 'passed' ? 'pass' : 'FAIL');
      }
    }
    const ids = Object.keys(CASES) as CaseId[];
    const lines: string[] = [];
    const notApplicable = new Map<string, number>();
    const gaps: string[] = [];
    const totals = { pass: 0, FAIL: 0, 'n/a': 0, missing: 0 } satisfies Record<Cell, number>;
    for (const op of specOperations()) {
      const name = `${op.method.toUpperCase()} ${op.path}`;
      const cells = ids.map((id): Cell => {
        const applies = applicability(op, id);
        if (!applies.applies) {
          notApplicable.set(
            `case ${CASES[id]}: ${applies.reason}`,
            (notApplicable.get(`case ${CASES[id]}: ${applies.reason}`) ?? 0) + 1,
          );
          return 'n/a';
        }
        const cell = outcome.get(`${name}|${id}`) ?? 'missing';
        if (cell !== 'pass')
          gaps.push(`${name}: case ${CASES[id]} ${cell === 'FAIL' ? 'failed' : 'did not run'}`);
        return cell;
      });
      for (const cell of cells) totals[cell] += 1;
      lines.push(`${cells.map((cell) => SYMBOL[cell]).join('  ')}  ${name}`);
    }
    const header = ids.map((_, i) => String(i + 1)).join('  ');
    const out = [
      '',
      `Contract coverage: ${specOperations().length} operations x ${ids.length} cases`,
      ...ids.map((id) => `  ${CASES[id]}`),
      '',
      `${header}  operation`,
      ...lines,
      '',
      `passed ${totals.pass}, failed ${totals.FAIL}, not applicable ${totals['n/a']}, not run ${totals.missing}`,
      ...[...notApplicable].map(([reason, count]) => `  n/a x${count}: ${reason}`),
      ...(gaps.length
        ? ['Not exercised or failing:', ...gaps.map((gap) => `  ${gap}`)]
        : ['Every applicable case passed.']),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
