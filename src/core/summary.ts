/** Counts for the report summary, derived from the results alone. */
import { isUnexpected } from './expectations.js';
import { emptyCounts, type CaseResult, type OutcomeCounts } from './model.js';
import type { Report } from './report-model.js';

/**
 * Counts under one key, with the earliest place the key was met at: 2 × plan position, + 1 for
 * a consumer, since a result lists its producer before its consumer.
 */
type Keyed = Map<string, { first: number; readonly counts: OutcomeCounts }>;

/**
 * Summary counts built one result at a time, so a run that streams its results to disk can
 * count them without keeping them: per outcome, per adapter (as producer or consumer), per
 * standard. Results arrive in completion order; `index` is the result's position in the plan,
 * and keys are listed by the first position they occur at, so the summary and its JSON are the
 * same whatever the arrival order, and the same as {@link summarize} over the plan-ordered list.
 */
export class Summarizer {
  private readonly outcomes = emptyCounts();
  private readonly byAdapter: Keyed = new Map();
  private readonly byStandard: Keyed = new Map();
  private readonly asCalled: Keyed = new Map();
  private total = 0;
  private unexpected = 0;
  private securityFindings = 0;

  add(r: CaseResult, index: number): void {
    this.total++;
    this.outcomes[r.outcome]++;
    countsOf(this.byStandard, r.standard, 2 * index)[r.outcome]++;
    if (r.kind === 'intent') countsOf(this.asCalled, r.standard, 2 * index)[r.outcome]++;
    // Vector producers (`vector:…`) are not adapters.
    if (!r.producer.startsWith('vector:')) countsOf(this.byAdapter, r.producer, 2 * index)[r.outcome]++;
    if (r.consumer !== r.producer && !r.consumer.startsWith('vector:')) countsOf(this.byAdapter, r.consumer, 2 * index + 1)[r.outcome]++;
    if (isUnexpected(r)) this.unexpected++;
    if (r.failure === 'accepted-invalid') this.securityFindings++;
  }

  summary(): Report['summary'] {
    return {
      total: this.total,
      outcomes: { ...this.outcomes },
      unexpected: this.unexpected,
      securityFindings: this.securityFindings,
      byAdapter: inPlanOrder(this.byAdapter),
      byStandard: inPlanOrder(this.byStandard),
      asCalled: inPlanOrder(this.asCalled),
    };
  }
}

function countsOf(map: Keyed, key: string, place: number): OutcomeCounts {
  const entry = map.get(key);
  if (entry) {
    if (place < entry.first) entry.first = place;
    return entry.counts;
  }
  const counts = emptyCounts();
  map.set(key, { first: place, counts });
  return counts;
}

function inPlanOrder(map: Keyed): Record<string, OutcomeCounts> {
  return Object.fromEntries([...map].sort((a, b) => a[1].first - b[1].first).map(([k, v]) => [k, { ...v.counts }]));
}

/** Summary counts of a plan-ordered list of results. */
export function summarize(results: readonly CaseResult[]): Report['summary'] {
  const s = new Summarizer();
  results.forEach((r, i) => s.add(r, i));
  return s.summary();
}

/**
 * The two closing lines: `N passed, N failed, N unsupported, N skipped` (fail and error count as
 * failed; unsupported is a side that cannot express the parameters, skipped a case that could
 * not run), then the plain `N passed, N failed, N skipped` that CI scripts read, last. Neither
 * counts an unsupported case as skipped.
 */
export function closingLines(s: Report['summary']): [string, string] {
  const o = s.outcomes;
  const failed = o.fail + o.error;
  return [`${o.pass} passed, ${failed} failed, ${o.unsupported} unsupported, ${o.skipped} skipped`, `${o.pass} passed, ${failed} failed, ${o.skipped} skipped`];
}
