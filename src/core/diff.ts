/**
 * The regression view between two reports: new failures, fixed cells, other changed outcomes,
 * and added or removed adapters, standards and cases — what a vendor's CI needs to see after
 * a library upgrade.
 */
import type { CaseResult } from './model.js';
import type { Report } from './report-model.js';

/** One result whose outcome changed. */
export interface Change {
  readonly id: string;
  readonly before: string;
  readonly after: string;
  readonly message: string;
}

/** Everything that differs between `before` and `after`. */
export interface ReportDiff {
  /** Failing or erroring now, and not in the same way before (or absent before). */
  readonly newFailures: readonly Change[];
  /** Failing or erroring before, passing now. */
  readonly fixed: readonly Change[];
  /** Any other change of outcome (e.g. pass → unsupported when an adapter dropped a claim). */
  readonly changed: readonly Change[];
  readonly addedAdapters: readonly string[];
  readonly removedAdapters: readonly string[];
  /** Adapters present in both whose availability or version changed. */
  readonly changedAdapters: readonly string[];
  readonly addedStandards: readonly string[];
  readonly removedStandards: readonly string[];
  readonly addedCases: number;
  readonly removedCases: number;
}

const bad = (r: CaseResult): boolean => r.outcome === 'fail' || r.outcome === 'error';
const label = (r: CaseResult | undefined): string =>
  r ? `${r.outcome}${r.failure ? ` (${r.failure})` : ''}${r.rejection ? ` (${r.rejection} rejection)` : ''}` : 'absent';

function setDiff(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  return a.filter((x) => !inB.has(x));
}

/** Compares two reports by result id. */
export function diffReports(before: Report, after: Report): ReportDiff {
  const old = new Map(before.results.map((r) => [r.id, r]));
  const newFailures: Change[] = [];
  const fixed: Change[] = [];
  const changed: Change[] = [];
  for (const r of after.results) {
    const o = old.get(r.id);
    if (o && label(o) === label(r)) continue;
    const change = { id: r.id, before: label(o), after: label(r), message: r.message };
    if (bad(r)) newFailures.push(change);
    else if (o && bad(o) && r.outcome === 'pass') fixed.push(change);
    else if (o) changed.push(change);
  }
  const ids = (r: Report): string[] => r.results.map((x) => x.id);
  const adapterIds = (r: Report): string[] => r.adapters.map((a) => a.id);
  const oldAdapters = new Map(before.adapters.map((a) => [a.id, a]));
  return {
    newFailures,
    fixed,
    changed,
    addedAdapters: setDiff(adapterIds(after), adapterIds(before)),
    removedAdapters: setDiff(adapterIds(before), adapterIds(after)),
    changedAdapters: after.adapters
      .filter((a) => {
        const o = oldAdapters.get(a.id);
        return o !== undefined && (o.available !== a.available || o.version !== a.version);
      })
      .map((a) => `${a.id}: ${oldAdapters.get(a.id)!.version ?? 'unavailable'} → ${a.version ?? `unavailable (${a.reason ?? 'no reason'})`}`),
    addedStandards: setDiff(
      after.standards.map((s) => s.id),
      before.standards.map((s) => s.id),
    ),
    removedStandards: setDiff(
      before.standards.map((s) => s.id),
      after.standards.map((s) => s.id),
    ),
    addedCases: setDiff(ids(after), ids(before)).length,
    removedCases: setDiff(ids(before), ids(after)).length,
  };
}

/** A plain-text rendering for the terminal and CI logs. */
export function formatDiff(d: ReportDiff, limit = 50): string {
  const lines: string[] = [];
  const section = (title: string, list: readonly Change[]): void => {
    lines.push(`${title}: ${list.length}`);
    for (const c of list.slice(0, limit)) lines.push(`  ${c.id}: ${c.before} → ${c.after}${c.message ? ` — ${c.message}` : ''}`);
    if (list.length > limit) lines.push(`  … and ${list.length - limit} more`);
  };
  section('new failures', d.newFailures);
  section('fixed', d.fixed);
  section('other changes', d.changed);
  const names = (title: string, list: readonly string[]): void => {
    if (list.length) lines.push(`${title}: ${list.join(', ')}`);
  };
  names('added adapters', d.addedAdapters);
  names('removed adapters', d.removedAdapters);
  names('changed adapters', d.changedAdapters);
  names('added standards', d.addedStandards);
  names('removed standards', d.removedStandards);
  lines.push(`cases: ${d.addedCases} added, ${d.removedCases} removed`);
  return lines.join('\n');
}
