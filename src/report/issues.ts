/**
 * Non-passing results grouped into issues, so that a hundred cases failing for one reason read as
 * one paragraph: a known deviation groups by its expectations entry, a failure the standard allows
 * by standard and verdict, a mismatch by standard, intent and the parameters the two ends resolve
 * differently, anything else by standard, failure kind, stage and the shape of its message
 * (numbers and hex left out).
 */
import type { CaseKind, CaseResult, FailureKind } from '../core/model.js';
import { mismatchReason } from './intents.js';
import { VERDICTS, getOrSet, resultStatus, verdictOf, worstFirst, type ResultStatus, type Verdict } from './grid.js';

/** The cells one issue touches: a parameter set, a kind, a producer and a consumer. */
export interface IssueCell {
  readonly paramsId: string;
  readonly kind: CaseKind;
  readonly producer: string;
  readonly consumer: string;
  readonly count: number;
}

/** Results that fail or error for one reason. */
export interface Issue {
  readonly standard: string;
  /** The worst verdict among its results. */
  readonly verdict: Verdict;
  /** The failure kinds among its results, in order of appearance. */
  readonly failures: readonly FailureKind[];
  /** Unexpected, a known deviation, or allowed by the standard (a tamper it cannot detect). */
  readonly status: Exclude<ResultStatus, ''>;
  readonly known?: CaseResult['known'];
  /** The known deviation's reason, or the message of the first result. */
  readonly reason: string;
  /** In display order. */
  readonly results: readonly CaseResult[];
  /** The worst of them (then the first by id): the one every report shows in full. */
  readonly example: CaseResult;
  readonly cells: readonly IssueCell[];
}

/**
 * The fail and error results of `ordered` (display order) as issues: unexpected ones first, then
 * worst verdict first, then the largest; cells keep display order.
 */
export function groupIssues(ordered: readonly CaseResult[]): Issue[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of ordered) {
    if (r.outcome !== 'fail' && r.outcome !== 'error') continue;
    // A known deviation is one issue whatever form it takes, and so is what the standard itself
    // allows (the standard is the reason); anything else groups by what happened.
    const status = resultStatus(r);
    // Mismatches group by the parameters the two resolutions differ in, whichever way round.
    const differs = r.failure === 'mismatch' ? r.intent?.diagnosis?.differs : undefined;
    const why = r.known
      ? ['known', r.known.reason]
      : status === 'allowed by the standard'
        ? [status, verdictOf(r)]
        : differs
          ? [status, verdictOf(r), r.intent?.id ?? '', ...differs]
          : [status, verdictOf(r), r.failure ?? '', r.stage ?? '', messageShape(r.message)];
    getOrSet(groups, JSON.stringify([r.standard, ...why]), () => []).push(r);
  }
  const issues = [...groups.values()].map(toIssue);
  return issues.sort(
    (a, b) =>
      Number(b.status === 'unexpected') - Number(a.status === 'unexpected') ||
      VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict) ||
      b.results.length - a.results.length ||
      worstFirst(a.example, b.example),
  );
}

function toIssue(results: CaseResult[]): Issue {
  const first = [...results].sort(worstFirst)[0] as CaseResult;
  const cells = new Map<string, { paramsId: string; kind: CaseKind; producer: string; consumer: string; count: number }>();
  for (const r of results) {
    const cell = getOrSet(cells, JSON.stringify([r.paramsId, r.kind, r.producer, r.consumer]), () => ({
      paramsId: r.paramsId,
      kind: r.kind,
      producer: r.producer,
      consumer: r.consumer,
      count: 0,
    }));
    cell.count += 1;
  }
  return {
    standard: first.standard,
    verdict: verdictOf(first),
    failures: [...new Set(results.flatMap((r) => (r.failure ? [r.failure] : [])))],
    status: resultStatus(first) || 'unexpected',
    ...(first.known ? { known: first.known } : {}),
    reason: first.known?.reason ?? (first.failure === 'mismatch' && first.intent?.diagnosis ? mismatchReason(first) : first.message),
    results,
    example: first,
    cells: [...cells.values()],
  };
}

/**
 * A message with its particulars left out: runs of hex and numbers become `#`, so "differs at
 * byte 4 … got 11a5dd2d" and "differs at byte 9 … got 0b3c4d5e" read the same.
 */
export function messageShape(message: string): string {
  return message.replace(/\b[0-9a-f]{6,}\b/gi, '#').replace(/\d+/g, '#');
}

/** `12 results in 3 cells`, or `1 result`. */
export function issueSize(issue: Issue): string {
  const n = issue.results.length;
  const cells = issue.cells.length;
  return `${n} result${n === 1 ? '' : 's'}${cells > 1 ? ` in ${cells} cells` : ''}`;
}

/** `fail (wrong-output, rejected-valid)`, `accepted-invalid`, `error`: an issue's title words. */
export function issueVerdictLabel(issue: Issue): string {
  const others = issue.failures.filter((f) => f !== issue.verdict);
  return others.length > 0 ? `${issue.verdict} (${others.join(', ')})` : issue.verdict;
}
