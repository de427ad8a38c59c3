/** Counts for the report summary, derived from the results alone. */
import { isUnexpected } from './expectations.js';
import { emptyCounts, type CaseResult, type OutcomeCounts } from './model.js';
import type { Report } from './report-model.js';

/** Summary counts: per outcome, per adapter (as producer or consumer), per standard. */
export function summarize(results: readonly CaseResult[]): Report['summary'] {
  const outcomes = emptyCounts();
  const byAdapter: Record<string, OutcomeCounts> = {};
  const byStandard: Record<string, OutcomeCounts> = {};
  let unexpected = 0;
  let securityFindings = 0;
  for (const r of results) {
    outcomes[r.outcome]++;
    (byStandard[r.standard] ??= emptyCounts())[r.outcome]++;
    for (const a of new Set([r.producer, r.consumer])) {
      if (!a.startsWith('vector:')) (byAdapter[a] ??= emptyCounts())[r.outcome]++;
    }
    if (isUnexpected(r)) unexpected++;
    if (r.failure === 'accepted-invalid') securityFindings++;
  }
  return { total: results.length, outcomes, unexpected, securityFindings, byAdapter, byStandard };
}

/** The closing line: passed, failed (fail and error), skipped (unsupported and not installed). */
export function closingLine(s: Report['summary']): string {
  const o = s.outcomes;
  return `${o.pass} passed, ${o.fail + o.error} failed, ${o.unsupported + o.skipped} skipped`;
}
