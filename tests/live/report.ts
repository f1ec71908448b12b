import { type Difference, describeDifference } from '@partnero-ts/mock/conformance';
import type { Evidence } from './plan.js';

export type Outcome = 'conforms' | 'differs' | 'skipped';

export interface OperationResult {
  operationId: string;
  method: string;
  path: string;
  evidence: Evidence;
  outcome: Outcome;
  /** The request sent, with the path parameters filled in. */
  request?: string;
  status?: number;
  differences?: Difference[];
  /** Why the operation was not sent. */
  reason?: string;
  /** An `unverified` operation that conforms: worth finding a source for (spec/README.md). */
  newlyConfirmed?: true;
}

export interface AuthResult {
  check: 'no key' | 'wrong key';
  request: string;
  expected: number;
  status: number;
  outcome: Exclude<Outcome, 'skipped'>;
  differences: Difference[];
}

export interface LiveReport {
  baseUrl: string;
  ratePerSecond: number;
  spec: { title: string; version: string };
  generatedAt: string;
  auth: AuthResult[];
  operations: OperationResult[];
  summary: { conforms: number; differs: number; skipped: number; newlyConfirmed: string[] };
}

export function summarize(operations: OperationResult[]): LiveReport['summary'] {
  const count = (outcome: Outcome) => operations.filter((result) => result.outcome === outcome).length;
  return {
    conforms: count('conforms'),
    differs: count('differs'),
    skipped: count('skipped'),
    newlyConfirmed: operations.filter((result) => result.newlyConfirmed).map((result) => result.operationId),
  };
}

/** 1 when anything differs from the spec, else 0. */
export function exitCode(report: LiveReport): number {
  const differs = report.summary.differs > 0 || report.auth.some((check) => check.outcome === 'differs');
  return differs ? 1 : 0;
}

/** The terminal summary: every call with its differences, every skipped GET, and a count of the writes. */
export function formatSummary(report: LiveReport, reportPath: string): string {
  const lines = [`Live run against ${report.baseUrl} (${report.ratePerSecond} requests/s max)`, ''];
  for (const check of report.auth) {
    lines.push(
      `${check.outcome === 'conforms' ? '✓' : '✗'} auth: ${check.check} -> ${check.expected} (${check.request}: ${check.status})`,
    );
    for (const difference of check.differences) lines.push(`    ${describeDifference(difference)}`);
  }
  let writes = 0;
  const writeMethods = new Set<string>();
  for (const result of report.operations) {
    const name = `${result.method} ${result.path} (${result.operationId}) [${result.evidence}]`;
    if (result.outcome === 'skipped') {
      if (result.method !== 'GET') {
        writes += 1;
        writeMethods.add(result.method);
      } else lines.push(`· ${name} skipped: ${result.reason}`);
      continue;
    }
    const mark = result.outcome === 'conforms' ? '✓' : '✗';
    lines.push(`${mark} ${name} ${result.outcome}${result.newlyConfirmed ? ', newly confirmed' : ''}`);
    for (const difference of result.differences ?? []) lines.push(`    ${describeDifference(difference)}`);
  }
  const { conforms, differs, skipped, newlyConfirmed } = report.summary;
  const authDiffers = report.auth.filter((check) => check.outcome === 'differs').length;
  lines.push(
    `· ${writes} operations that may write (${[...writeMethods].join(', ')}) skipped: the live run sends only GET`,
    '',
    `operations: ${conforms} conform, ${differs} differ, ${skipped} skipped; auth checks: ${report.auth.length - authDiffers} conform, ${authDiffers} differ`,
  );
  if (newlyConfirmed.length > 0)
    lines.push(
      `newly confirmed (x-partnero-evidence: unverified, answered as the spec says): ${newlyConfirmed.join(', ')}`,
      '  a source, not this run, changes their evidence level: see "Keeping the spec honest" in spec/README.md',
    );
  lines.push(`report: ${reportPath}`);
  return `${lines.join('\n')}\n`;
}
