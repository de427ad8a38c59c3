/**
 * Scorecards: one line per implementation and one per standard, the first thing a reader
 * choosing a toolkit looks at. Counts only; every number links to the results behind it.
 */
import { isUnexpected } from '../core/expectations.js';
import type { CaseResult } from '../core/model.js';
import type { AdapterInfo, Report } from '../core/report-model.js';
import { didRun, isVectorSource, resultStatus, verdictOf, type StandardSection } from './grid.js';
import { VECTORS_ROW, pairWorks, type Overview } from './overview.js';

/** Counts over a set of results. */
export interface Tally {
  readonly total: number;
  /** Cases that ran (neither unsupported nor skipped)… */
  readonly ran: number;
  /** …of which passed… */
  readonly passed: number;
  /** …failed or errored as the expectations file lists… */
  readonly known: number;
  /** …or failed in a way the standard allows (a tamper an unauthenticated mode cannot detect). */
  readonly allowed: number;
  /** Fails and errors the expectations file does not list. */
  readonly unexpected: number;
  /** Accepted invalid inputs: security findings. */
  readonly findings: number;
}

/** Tallies results. */
export function tally(results: readonly CaseResult[]): Tally {
  const ran = results.filter(didRun);
  return {
    total: results.length,
    ran: ran.length,
    passed: ran.filter((r) => r.outcome === 'pass').length,
    known: ran.filter((r) => resultStatus(r) === 'known deviation').length,
    allowed: ran.filter((r) => resultStatus(r) === 'allowed by the standard').length,
    unexpected: results.filter(isUnexpected).length,
    findings: results.filter((r) => verdictOf(r) === 'accepted-invalid').length,
  };
}

/**
 * `91.6%`: passed of the cases that ran and could pass, one decimal, or `—`. Cases the standard
 * allows to fail (a tamper it cannot detect) are left out: no implementation could pass them.
 */
export function passRate(t: Tally): string {
  const could = t.ran - t.allowed;
  return could === 0 ? '—' : `${(Math.floor((t.passed * 1000) / could) / 10).toFixed(1)}%`;
}

/** A known deviation and how many results it covers. */
export interface DeviationCount {
  readonly reason: string;
  readonly link?: string;
  readonly count: number;
}

/** One implementation at a glance. */
export interface AdapterScore {
  readonly info: AdapterInfo;
  /** Standards it claims, in report order. */
  readonly standards: readonly string[];
  /** Results where it is producer or consumer; security findings only where it consumed. */
  readonly tally: Tally;
  /** Known deviations among its results, most frequent first. */
  readonly deviations: readonly DeviationCount[];
}

/**
 * One scorecard line per adapter that took part in the run (a run with `--standard` lists only
 * the adapters of those standards), in report order; its standards are those of the run.
 */
export function adapterScores(report: Report): AdapterScore[] {
  const order = report.standards.map((s) => s.id);
  const takesPart = new Set(report.results.flatMap((r) => [r.producer, r.consumer]));
  return report.adapters
    .filter((info) => takesPart.has(info.id))
    .map((info) => {
      const mine = report.results.filter((r) => r.producer === info.id || r.consumer === info.id);
      const t = tally(mine);
      const findings = mine.filter((r) => r.consumer === info.id && verdictOf(r) === 'accepted-invalid').length;
      const claimed = Object.keys(info.claims);
      return {
        info,
        standards: order.filter((s) => claimed.includes(s)),
        tally: { ...t, findings },
        deviations: deviations(mine),
      };
    });
}

/** The known deviations among `results`, one per reason, most frequent first. */
export function deviations(results: readonly CaseResult[]): DeviationCount[] {
  const byReason = new Map<string, { reason: string; link?: string; count: number }>();
  for (const r of results) {
    if (!r.known) continue;
    const entry = byReason.get(r.known.reason) ?? { reason: r.known.reason, ...(r.known.link ? { link: r.known.link } : {}), count: 0 };
    entry.count += 1;
    byReason.set(r.known.reason, entry);
  }
  return [...byReason.values()].sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
}

/** One standard at a glance. */
export interface StandardScore {
  readonly section: StandardSection;
  readonly overview: Overview;
  /** Adapters that took part, as producer or consumer. */
  readonly adapters: readonly string[];
  /** Producer × consumer pairs (adapters only) that ran at least one case… */
  readonly pairs: number;
  /** …and those that passed in every parameter set (see {@link pairWorks}). */
  readonly pairsOk: number;
  /** Known answers: consumers that ran vectors, and those that passed in every parameter set. */
  readonly katConsumers: number;
  readonly katConsumersOk: number;
  readonly tally: Tally;
}

/** One scorecard line per standard, from its overview grid. */
export function standardScores(overviewList: readonly Overview[]): StandardScore[] {
  return overviewList.map((overview) => {
    const cells = overview.cells.flatMap((row, i) => row.flatMap((c) => (c ? [{ row: overview.rows[i] as string, cell: c }] : [])));
    const pairs = cells.filter(({ row, cell }) => row !== VECTORS_ROW && cell.paramSets > 0).map(({ cell }) => cell);
    const kat = cells.filter(({ row, cell }) => row === VECTORS_ROW && cell.paramSets > 0).map(({ cell }) => cell);
    const results = cells.flatMap(({ cell }) => cell.results);
    const adapters = new Set(results.flatMap((r) => [r.producer, r.consumer]).filter((a) => !isVectorSource(a)));
    return {
      section: overview.section,
      overview,
      adapters: [...overview.cols.filter((c) => adapters.has(c)), ...[...adapters].filter((a) => !overview.cols.includes(a)).sort()],
      pairs: pairs.length,
      pairsOk: pairs.filter(pairWorks).length,
      katConsumers: kat.length,
      katConsumersOk: kat.filter(pairWorks).length,
      tally: tally(results),
    };
  });
}
