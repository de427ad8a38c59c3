/**
 * The one grouping every human-readable report shares: results by standard → parameter set →
 * kind, each kind a producer × consumer grid whose cells show their worst result. Markdown
 * and HTML differ only in how they draw it.
 */
import type { IntentInfo } from '../core/intent.js';
import type { CaseKind, CaseResult, Outcome, Params } from '../core/model.js';
import type { AdapterInfo, Report, StandardInfo } from '../core/report-model.js';
import { isAllowedByStandard } from '../core/expectations.js';

/**
 * A result's class for display: `fail` split so that security findings stand out, and so that a
 * mismatch (two ends resolving an intent differently) reads apart from a plain failure (a bug).
 */
export type Verdict =
  | 'accepted-invalid'
  | 'fail'
  | 'mismatch'
  | 'error'
  | 'undetected-tamper'
  | 'divergence'
  | 'implicit-rejection'
  | 'pass'
  | 'unsupported'
  | 'skipped';

/** Worst first: a cell shows the first of these among its results. */
export const VERDICTS: readonly Verdict[] = [
  'accepted-invalid',
  'fail',
  'mismatch',
  'error',
  'undetected-tamper',
  'divergence',
  'implicit-rejection',
  'pass',
  'unsupported',
  'skipped',
];

/** Outcomes of cases that did not run: summarised by reason, not counted in `n/m`. */
const DECLINED: readonly Outcome[] = ['unsupported', 'skipped'];

/** True when the case ran: its outcome is neither unsupported nor skipped. */
export function didRun(r: CaseResult): boolean {
  return !DECLINED.includes(r.outcome);
}

/** True when a producer is a vector file (known answers, imported corpora), not an adapter. */
export function isVectorSource(producer: string): boolean {
  return producer.startsWith('vector:');
}

/** Glyphs readable without colour. */
export const GLYPHS: Readonly<Record<Verdict, string>> = {
  'accepted-invalid': '‼',
  fail: '✗',
  mismatch: '≠',
  error: '!',
  'undetected-tamper': '≈',
  divergence: '⋲',
  'implicit-rejection': '↯',
  pass: '✓',
  unsupported: '–',
  skipped: '○',
};

/** What each glyph means, for legends. */
export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  'accepted-invalid': 'accepted an invalid input (security finding)',
  fail: 'fail',
  mismatch:
    'mismatch: told the same intent, the two ends resolve it differently and do not work together (diagnosed: the parameter, the fix, the normative text)',
  error: 'error (crash, timeout, garbage)',
  'undetected-tamper': 'tampered input decrypted to a wrong plaintext without error (unauthenticated mode: the standard cannot detect it)',
  divergence:
    'divergence: on an input where the standard allows either behaviour (Wycheproof\'s "acceptable"), the two ends behave differently (who did what is shown): allowed, but a protocol on this sentence meets both',
  'implicit-rejection':
    'pass by implicit rejection: an invalid input answered with pseudo-random output instead of an error, as the standard permits (RSAES-PKCS1-v1_5, declared by the adapter) or requires (ML-KEM)',
  pass: 'pass',
  unsupported: 'unsupported (declared, with reason)',
  skipped: 'skipped (adapter not available)',
};

/** Marks a glyph whose result is a known deviation listed in the expectations file. */
export const KNOWN_MARK = 'ᵏ';

/** A grid position with no case at all. */
export const NO_CASE = '·';

/** Every glyph with its meaning, for legends. */
export function legend(): Array<readonly [string, string]> {
  return [
    ...VERDICTS.map((v) => [GLYPHS[v], VERDICT_LABELS[v]] as const),
    [KNOWN_MARK, 'known deviation, listed in the expectations file (counts as expected)'],
    ['n/m', 'of m cases that ran, n passed (a known deviation does not pass)'],
    [NO_CASE, 'no case for this pair'],
  ];
}

/** Section titles per kind; the key order is the order kinds appear in a report. */
export const KIND_TITLES: Readonly<Record<CaseKind, string>> = {
  intent: 'As called: each end calls its library as its documentation does (producer × consumer)',
  kat: 'Known answers (vector × consumer)',
  matrix: 'Interoperability (producer × consumer)',
  negative: 'Negative: tampered inputs must be rejected (producer × consumer)',
  fuzz: 'Differential fuzzing (producer × consumer)',
  import: 'Imported corpora (vector × consumer)',
};

/** Short names of the kinds, for captions and column heads where the title would not fit. */
export const KIND_SHORT: Readonly<Record<CaseKind, string>> = {
  intent: 'As called',
  kat: 'Known answers',
  matrix: 'Interoperability',
  negative: 'Tampered inputs',
  fuzz: 'Fuzzing',
  import: 'Imported corpora',
};

/** The label of a grid's corner cell: known answers have vectors, not producers, as rows. */
export function cornerLabel(kind: CaseKind): string {
  return kind === 'kat' || kind === 'import' ? 'vector ↓ · consumer →' : 'producer ↓ · consumer →';
}

/** An adapter's declared limits and unclaimed standards, as `[standard, explanation]` pairs. */
export function adapterLimits(a: AdapterInfo): Array<readonly [string, string]> {
  return [
    ...Object.entries(a.claims).flatMap(([std, claim]) => [
      ...claim.limits.map((limit) => [std, limit] as const),
      ...(claim.rejection === 'implicit'
        ? [[std, 'declares implicit rejection: answers an invalid ciphertext with pseudo-random output, not an error'] as const]
        : []),
    ]),
    ...Object.entries(a.gaps).map(([std, reason]) => [std, `not implemented: ${reason}`] as const),
  ];
}

/** The display class of one result. */
export function verdictOf(r: CaseResult): Verdict {
  if (r.outcome === 'fail' && (r.failure === 'accepted-invalid' || r.failure === 'undetected-tamper' || r.failure === 'mismatch' || r.failure === 'divergence'))
    return r.failure;
  if (r.outcome === 'pass' && r.rejection === 'implicit') return 'implicit-rejection';
  return r.outcome;
}

/** A pass, a deviation the expectations file lists, a tamper the standard cannot detect, or a divergence it allows: what the run expected. */
export function metExpectation(r: CaseResult): boolean {
  return r.outcome === 'pass' || r.known !== undefined || isAllowedByStandard(r);
}

/**
 * A pass, or a failure the standard itself allows (a tamper an unauthenticated mode cannot
 * detect, a divergence between two allowed behaviours): the implementation did what the standard asks. Stricter than {@link metExpectation}:
 * a known deviation met the run's expectations but is still a deviation.
 */
export function conforms(r: CaseResult): boolean {
  return r.outcome === 'pass' || (r.known === undefined && metExpectation(r));
}

/** How a result stands against the expectations, in words; empty for a pass or a case that did not run. */
export type ResultStatus = '' | 'unexpected' | 'known deviation' | 'allowed by the standard';

/** Whether a non-passing result was unexpected, a listed deviation, or something the standard allows. */
export function resultStatus(r: CaseResult): ResultStatus {
  if (r.outcome === 'pass' || !didRun(r)) return '';
  if (r.known) return 'known deviation';
  return metExpectation(r) ? 'allowed by the standard' : 'unexpected';
}

/** Worst first; among equals an unexpected result before a known deviation, then by id. */
export function worstFirst(a: CaseResult, b: CaseResult): number {
  return (
    VERDICTS.indexOf(verdictOf(a)) - VERDICTS.indexOf(verdictOf(b)) ||
    Number(a.known !== undefined) - Number(b.known !== undefined) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** All results of one producer with one consumer in one grid. */
export interface Cell {
  readonly producer: string;
  readonly consumer: string;
  /** Worst first. */
  readonly results: readonly CaseResult[];
  readonly worst: CaseResult;
  readonly verdict: Verdict;
  /** Results that ran (neither unsupported nor skipped)… */
  readonly ran: number;
  /** …how many of those met their expectation (known deviations included)… */
  readonly met: number;
  /** …and how many passed, or failed only as the standard allows (see {@link conforms}). */
  readonly ok: number;
}

/** The glyph of a cell, marked when its worst result is a known deviation. */
export function cellGlyph(cell: Cell): string {
  return GLYPHS[cell.verdict] + (cell.worst.known ? KNOWN_MARK : '');
}

/** `7/9` (passed/ran) when a cell holds several results of which some ran; empty otherwise. */
export function cellCount(cell: Cell): string {
  return cell.results.length > 1 && cell.ran > 0 ? `${cell.ok}/${cell.ran}` : '';
}

/** Glyph and count, e.g. `✗ 7/9`. */
export function cellText(cell: Cell): string {
  const count = cellCount(cell);
  return count ? `${cellGlyph(cell)} ${count}` : cellGlyph(cell);
}

/** `pass 7, fail 2`: the outcomes behind a cell, for tooltips and drill-downs. */
export function cellBreakdown(cell: Cell): string {
  const counts = new Map<Verdict, number>();
  for (const r of cell.results) counts.set(verdictOf(r), (counts.get(verdictOf(r)) ?? 0) + 1);
  const known = cell.results.filter((r) => r.known).length;
  const parts = VERDICTS.filter((v) => counts.has(v)).map((v) => `${v} ${counts.get(v)}`);
  return known > 0 ? `${parts.join(', ')} (${known} known)` : parts.join(', ');
}

/** One kind of test for one parameter set: rows are producers, columns consumers. */
export interface Grid {
  readonly kind: CaseKind;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** `cells[row][col]`; undefined where that pair has no case. */
  readonly cells: ReadonlyArray<ReadonlyArray<Cell | undefined>>;
}

/** One parameter set of one standard, or one intent of it ("as called"). */
export interface ParamSection {
  readonly paramsId: string;
  readonly params: Params;
  readonly grids: readonly Grid[];
  /** The intent whose cases these are (an intent's cases form a parameter set of their own). */
  readonly intent?: IntentInfo;
}

/** One standard. */
export interface StandardSection {
  readonly id: string;
  readonly title: string;
  /** What the report says about the standard; absent when its results name a standard it does not list. */
  readonly info?: StandardInfo;
  readonly paramSets: readonly ParamSection[];
}

/**
 * Groups a report for display. Standards and parameter sets follow `report.standards`, kinds
 * follow {@link KIND_TITLES}, adapters follow `report.adapters`; anything the report does not
 * list comes after, in a fixed order, so the same report always draws the same way.
 */
export function groupReport(report: Report): StandardSection[] {
  const tree = new Map<string, Map<string, Map<CaseKind, CaseResult[]>>>();
  for (const r of report.results) {
    const bySet = getOrSet(tree, r.standard, () => new Map<string, Map<CaseKind, CaseResult[]>>());
    getOrSet(
      getOrSet(bySet, r.paramsId, () => new Map<CaseKind, CaseResult[]>()),
      r.kind,
      () => [],
    ).push(r);
  }
  const adapterRank = rankOf(report.adapters.map((a) => a.id));
  const standardOrder = orderBy([...tree.keys()], rankOf(report.standards.map((s) => s.id)));
  return standardOrder.map((id) => {
    const info = report.standards.find((s) => s.id === id);
    const bySet = tree.get(id) ?? new Map<string, Map<CaseKind, CaseResult[]>>();
    // Intents lead ("as called"), in the order the report lists them; then the explicit sets.
    const intents = report.intents.filter((i) => i.standard === id);
    const intentOf = (paramsId: string): IntentInfo | undefined => {
      // An unsupported cell carries no intent: the first case that ran names it.
      const named = bySet
        .get(paramsId)
        ?.get('intent')
        ?.find((r) => r.intent)?.intent?.id;
      return named === undefined ? undefined : intents.find((i) => i.id === named);
    };
    const isIntent = (paramsId: string): boolean => bySet.get(paramsId)?.has('intent') === true;
    const setOrder = [
      ...orderBy([...bySet.keys()].filter(isIntent), rankOf(intents.map((i) => `intent-${i.id}`)), false),
      ...orderBy(
        [...bySet.keys()].filter((p) => !isIntent(p)),
        rankOf(info?.paramSets.map((p) => p.id) ?? []),
        false,
      ),
    ];
    return {
      id,
      title: info?.title ?? id,
      ...(info ? { info } : {}),
      paramSets: setOrder.map((paramsId) => {
        const byKind = bySet.get(paramsId) ?? new Map<CaseKind, CaseResult[]>();
        const kinds = (Object.keys(KIND_TITLES) as CaseKind[]).filter((k) => byKind.has(k));
        const first = byKind.get(kinds[0] ?? 'matrix')?.[0];
        const intent = intentOf(paramsId);
        return {
          paramsId,
          params: info?.paramSets.find((p) => p.id === paramsId)?.params ?? first?.params ?? {},
          grids: kinds.map((kind) => buildGrid(kind, byKind.get(kind) ?? [], adapterRank)),
          ...(intent ? { intent } : {}),
        };
      }),
    };
  });
}

function buildGrid(kind: CaseKind, results: readonly CaseResult[], adapterRank: ReadonlyMap<string, number>): Grid {
  const rows = orderBy([...new Set(results.map((r) => r.producer))], adapterRank);
  const cols = orderBy([...new Set(results.map((r) => r.consumer))], adapterRank);
  const buckets = new Map<string, CaseResult[]>();
  for (const r of results) getOrSet(buckets, `${r.producer}\u0000${r.consumer}`, () => []).push(r);
  const cells = rows.map((producer) =>
    cols.map((consumer) => {
      const bucket = buckets.get(`${producer}\u0000${consumer}`);
      return bucket ? makeCell(producer, consumer, bucket) : undefined;
    }),
  );
  return { kind, rows, cols, cells };
}

/** A cell of the results of one producer with one consumer; `results` must not be empty. */
export function makeCell(producer: string, consumer: string, results: readonly CaseResult[]): Cell {
  const sorted = [...results].sort(worstFirst);
  const worst = sorted[0] as CaseResult;
  const ran = sorted.filter(didRun);
  return {
    producer,
    consumer,
    results: sorted,
    worst,
    verdict: verdictOf(worst),
    ran: ran.length,
    met: ran.filter(metExpectation).length,
    ok: ran.filter(conforms).length,
  };
}

/** Every cell of a grid, row by row. */
export function gridCells(grid: Grid): Cell[] {
  return grid.cells.flatMap((row) => row.filter((c): c is Cell => c !== undefined));
}

/** Every result in display order: section by section, cell by cell, worst first within a cell. */
export function displayOrder(sections: readonly StandardSection[]): CaseResult[] {
  return sections.flatMap((s) => s.paramSets.flatMap((p) => p.grids.flatMap((g) => gridCells(g).flatMap((c) => c.results))));
}

/** `References: … · Layout: …`, the line under a standard's heading. */
export function standardAbout(info: StandardInfo): string {
  return [`References: ${info.references.join('; ') || '(none listed)'}`, `Layout: ${info.layout}`].join(' · ');
}

/** How to read the declined-cases table. */
export const DECLINED_NOTE =
  'Cases that did not run, one line per reason. The adapter column names who declined: an unavailable adapter, else one declaring a gap for the standard, else the one the reason names.';

/** Unsupported or skipped results that share a reason, summarised instead of listed one by one. */
export interface DeclinedGroup {
  readonly standard: string;
  readonly outcome: Outcome;
  readonly reason: string;
  /** The adapters that declined, as far as the report tells (see {@link summarizeDeclined}). */
  readonly adapters: readonly string[];
  readonly paramsIds: readonly string[];
  readonly cases: number;
}

/**
 * Summarises the unsupported and skipped results per standard, reason and adapter. A result
 * does not say which side declined, so {@link decliners} infers it per case; within a parameter
 * set, the adapters common to every case with the same reason are named. Parameter sets with
 * the same reason and adapters then share one line.
 */
export function summarizeDeclined(report: Report, sections: readonly StandardSection[]): DeclinedGroup[] {
  const perSet = new Map<string, { standard: string; outcome: Outcome; reason: string; paramsId: string; common: string[]; all: Set<string>; cases: number }>();
  for (const r of displayOrder(sections)) {
    if (didRun(r)) continue;
    const who = decliners(report, r);
    // "producer X: …" and "consumer X: …" are one reason: X cannot do it, on either side.
    const reason = r.message.replace(/^(producer|consumer) (?=\S+: )/, '');
    const entry = getOrSet(perSet, JSON.stringify([r.standard, r.paramsId, r.outcome, reason]), () => ({
      standard: r.standard,
      outcome: r.outcome,
      reason,
      paramsId: r.paramsId,
      common: who,
      all: new Set<string>(),
      cases: 0,
    }));
    entry.common = entry.common.filter((a) => who.includes(a));
    for (const a of who) entry.all.add(a);
    entry.cases += 1;
  }
  const merged = new Map<string, { standard: string; outcome: Outcome; reason: string; adapters: string[]; paramsIds: string[]; cases: number }>();
  for (const e of perSet.values()) {
    const adapters = e.common.length > 0 ? e.common : [...e.all];
    const group = getOrSet(merged, JSON.stringify([e.standard, e.outcome, e.reason, adapters]), () => ({
      standard: e.standard,
      outcome: e.outcome,
      reason: e.reason,
      adapters,
      paramsIds: [],
      cases: 0,
    }));
    group.paramsIds.push(e.paramsId);
    group.cases += e.cases;
  }
  return [...merged.values()];
}

/**
 * The adapters of a declined case most likely to have declined it: an unavailable one, else one
 * that declares a gap for the standard, else one the message names, else both sides.
 */
function decliners(report: Report, r: CaseResult): string[] {
  const sides = [...new Set([r.producer, r.consumer])].filter((s) => !isVectorSource(s));
  const info = (id: string): AdapterInfo | undefined => report.adapters.find((a) => a.id === id);
  const tests: Array<(id: string) => boolean> = [
    (id) => info(id)?.available === false,
    (id) => info(id)?.gaps[r.standard] !== undefined,
    (id) => new RegExp(`(^|[^\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(r.message),
  ];
  for (const test of tests) {
    const hit = sides.filter(test);
    if (hit.length > 0) return hit;
  }
  return sides;
}

/** The value at `key`, made and stored first when absent. */
export function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Each id's position, for {@link orderBy}. */
export function rankOf(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/**
 * Listed keys in their listed order, then the rest: sorted when `sortRest`, otherwise in the
 * order they came (first appearance in the results, which a seeded run keeps stable).
 */
export function orderBy(keys: readonly string[], rank: ReadonlyMap<string, number>, sortRest = true): string[] {
  const listed = keys.filter((k) => rank.has(k)).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const rest = keys.filter((k) => !rank.has(k));
  return [...listed, ...(sortRest ? rest.sort() : rest)];
}
