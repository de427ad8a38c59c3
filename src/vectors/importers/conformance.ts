/**
 * The `corpora` section of a report, computed from the importers' inventory and the results
 * alone: per adapter and imported file, how many cases passed of those that ran, and every
 * accepted invalid input as a security finding with its flags, bug types and CVEs; imported
 * tests no adapter ran, with the reason; and the stated policy for `acceptable` tests.
 */
import type { AcceptedInvalid, AdapterConformance, ConformanceRow, CorporaSection, CorpusFileEntry, Uncovered } from '../../core/corpora-model.js';
import type { CaseResult } from '../../core/model.js';
import type { Report } from '../../core/report-model.js';
import { ACCEPTABLE_POLICY } from './policy.js';

const DECLINED = new Set(['unsupported', 'skipped']);

function row(file: string, standard: string, results: readonly CaseResult[]): ConformanceRow {
  const count = (p: (r: CaseResult) => boolean): number => results.filter(p).length;
  const acceptedInvalid = results
    .filter((r) => r.failure === 'accepted-invalid')
    .map(
      (r): AcceptedInvalid => ({
        caseId: r.id,
        tcId: r.vector?.tcId ?? 0,
        comment: r.vector?.comment ?? '',
        flags: r.vector?.flags ?? [],
        bugTypes: r.vector?.bugTypes ?? [],
        cves: r.vector?.cves ?? [],
        known: r.known !== undefined,
      }),
    );
  return {
    file,
    standard,
    cases: results.length,
    ran: count((r) => !DECLINED.has(r.outcome)),
    passed: count((r) => r.outcome === 'pass'),
    failed: count((r) => r.outcome === 'fail'),
    errors: count((r) => r.outcome === 'error'),
    declined: count((r) => DECLINED.has(r.outcome)),
    known: count((r) => (r.outcome === 'fail' || r.outcome === 'error') && r.known !== undefined),
    acceptedInvalid,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The most frequent message among declined results: the reason nothing ran. */
function commonReason(results: readonly CaseResult[]): string {
  const counts = groupBy(results, (r) => r.message);
  return [...counts.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0] ?? 'no case';
}

/** Imported tests nothing ran: parameter sets where every case was declined, and files with no case at all. */
function uncovered(inventory: readonly CorpusFileEntry[], imported: readonly CaseResult[]): Uncovered[] {
  const out: Uncovered[] = [];
  for (const [, rs] of groupBy(imported, (r) => `${r.vector!.file}\0${r.standard}\0${r.paramsId}`)) {
    if (rs.every((r) => DECLINED.has(r.outcome)))
      out.push({ file: rs[0]!.vector!.file, standard: rs[0]!.standard, paramsId: rs[0]!.paramsId, cases: rs.length, reason: commonReason(rs) });
  }
  for (const entry of inventory) {
    for (const standard of entry.standards) {
      if (!imported.some((r) => r.vector!.file === entry.file && r.standard === standard)) {
        out.push({
          file: entry.file,
          standard,
          paramsId: '*',
          cases: 0,
          reason: 'no case planned: the standard was not selected, or no adapter implements it',
        });
      }
    }
  }
  return out;
}

/** The corpora section for a run's inventory and results. */
export function corporaSection(inventory: readonly CorpusFileEntry[], results: readonly CaseResult[]): CorporaSection {
  const files = new Set(inventory.map((e) => e.file));
  const imported = results.filter((r) => r.kind === 'import' && r.vector !== undefined && files.has(r.vector.file));
  const conformance: AdapterConformance[] = [...groupBy(imported, (r) => r.consumer)].map(([adapter, rs]) => ({
    adapter,
    files: [...groupBy(rs, (r) => `${r.vector!.file}\0${r.standard}`).values()].map((list) => row(list[0]!.vector!.file, list[0]!.standard, list)),
  }));
  return {
    files: inventory,
    conformance,
    uncovered: uncovered(inventory, imported),
    acceptablePolicy: Object.entries(ACCEPTABLE_POLICY).map(([flag, p]) => ({ flag, policy: p.policy, because: p.because })),
  };
}

/** The report with its corpora section. */
export function withCorpora(report: Report, inventory: readonly CorpusFileEntry[]): Report {
  return inventory.length === 0 ? report : { ...report, corpora: corporaSection(inventory, report.results) };
}
