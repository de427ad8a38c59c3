/**
 * The answer to "does A work with B for this standard": one producer × consumer grid per
 * standard, each cell gathering every parameter set and every kind of test of that pair. Known
 * answers, whose producers are vector files, share one row. Each cell then breaks down by
 * parameter set and kind. These are the grids "configured identically": intent cases ("as
 * called", each side resolving the sentence its own way) are left to their own grids.
 */
import type { CaseResult } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import { conforms, didRun, displayOrder, getOrSet, isVectorSource, makeCell, orderBy, rankOf, type Cell, type StandardSection } from './grid.js';

/** The row that gathers the vector files of a standard (never an adapter id: it has spaces). */
export const VECTORS_ROW = 'known-answer vectors';

/** What the count `n/m` of an overview cell means, for captions and legends. */
export const PAIR_COUNT_NOTE = 'of m parameter sets in which the pair ran, n passed everywhere (known deviations do not count as passing)';

/** Every result of one producer (or the vectors) with one consumer, across parameter sets and kinds. */
export interface PairCell extends Cell {
  /** Parameter sets in which at least one case ran… */
  readonly paramSets: number;
  /** …and those in which every case that ran passed (or failed only as the standard allows). */
  readonly paramSetsOk: number;
}

/** The pair grid of one standard. */
export interface Overview {
  readonly section: StandardSection;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** `cells[row][col]`; undefined where the pair has no case. */
  readonly cells: ReadonlyArray<ReadonlyArray<PairCell | undefined>>;
}

/** The overview row of a result: its producer, or {@link VECTORS_ROW} for a vector file. */
export function pairRow(r: CaseResult): string {
  return isVectorSource(r.producer) ? VECTORS_ROW : r.producer;
}

/** One pair grid per standard section, adapters in report order, the vectors row last. */
export function overviews(report: Report, sections: readonly StandardSection[]): Overview[] {
  const rank = rankOf([...report.adapters.map((a) => a.id), VECTORS_ROW]);
  return sections.map((section) => {
    const buckets = new Map<string, CaseResult[]>();
    // "Configured identically": the intent cases ("as called") have grids of their own.
    for (const r of displayOrder([section])) if (r.kind !== 'intent') getOrSet(buckets, JSON.stringify([pairRow(r), r.consumer]), () => []).push(r);
    const pairs = [...buckets.keys()].map((k) => JSON.parse(k) as [string, string]);
    const rows = orderBy([...new Set(pairs.map(([p]) => p))], rank);
    const cols = orderBy([...new Set(pairs.map(([, c]) => c))], rank);
    const cells = rows.map((row) =>
      cols.map((col) => {
        const results = buckets.get(JSON.stringify([row, col]));
        return results ? pairCell(row, col, results) : undefined;
      }),
    );
    return { section, rows, cols, cells };
  });
}

function pairCell(producer: string, consumer: string, results: readonly CaseResult[]): PairCell {
  const bySet = new Map<string, CaseResult[]>();
  for (const r of results) if (didRun(r)) getOrSet(bySet, r.paramsId, () => []).push(r);
  const paramSetsOk = [...bySet.values()].filter((set) => set.every(conforms)).length;
  return { ...makeCell(producer, consumer, results), paramSets: bySet.size, paramSetsOk };
}

/** `11/13` (parameter sets passed / ran), or empty when the pair never ran. */
export function pairCount(cell: PairCell): string {
  return cell.paramSets > 0 ? `${cell.paramSetsOk}/${cell.paramSets}` : '';
}

/** True when every case of the pair that ran passed (or failed only as the standard allows). */
export function pairWorks(cell: PairCell): boolean {
  return cell.paramSets > 0 && cell.paramSetsOk === cell.paramSets;
}
