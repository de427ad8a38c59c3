/**
 * What every renderer says about intents: the two figures per standard ("as called" and
 * "configured identically"), the resolutions under an intent grid with the open parameters
 * marked, and the story of one intent case (both calls, the differing parameters, the fix and
 * the normative text), as raw text for each renderer to escape and lay out.
 */
import type { IntentInfo } from '../core/intent.js';
import { emptyCounts, type Behaviour, type CaseResult, type OutcomeCounts, type ParamValue, type Params } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import { formatParams } from './text.js';

/** Passed of those that ran, in one set of counts. */
export interface Figure {
  readonly passed: number;
  readonly ran: number;
}

/** A standard's two figures: its intent cases, and every other case. */
export interface StandardFigures {
  readonly standard: string;
  /** Absent when the standard ran no intent case. */
  readonly asCalled?: Figure;
  /** Absent when the standard ran nothing but intent cases. */
  readonly configured?: Figure;
}

function figure(c: OutcomeCounts): Figure | undefined {
  const total = c.pass + c.fail + c.error + c.unsupported + c.skipped;
  return total === 0 ? undefined : { passed: c.pass, ran: c.pass + c.fail + c.error };
}

/** `3 of 4 passed`, `nothing ran` or `—` (no such case). */
export function figureText(f: Figure | undefined): string {
  if (!f) return '—';
  return f.ran === 0 ? 'nothing ran' : `${f.passed} of ${f.ran} passed`;
}

/**
 * Per standard of `summary.byStandard`: the intent cases (`summary.asCalled`) and the rest
 * ("configured identically": byStandard less asCalled).
 */
export function standardFigures(report: Report): StandardFigures[] {
  return Object.entries(report.summary.byStandard).map(([standard, all]) => {
    const called = report.summary.asCalled[standard] ?? emptyCounts();
    const rest = emptyCounts();
    for (const k of Object.keys(rest) as Array<keyof OutcomeCounts>) rest[k] = all[k] - called[k];
    const asCalled = figure(called);
    const configured = figure(rest);
    return { standard, ...(asCalled ? { asCalled } : {}), ...(configured ? { configured } : {}) };
  });
}

/** The figures of one standard. */
export function figuresOf(report: Report, standard: string): StandardFigures {
  return standardFigures(report).find((f) => f.standard === standard) ?? { standard };
}

/** One resolution as a row under an intent grid: each parameter flagged when the sentence leaves it open. */
export interface ResolutionRow {
  readonly adapter: string;
  readonly call: string;
  readonly params: ReadonlyArray<{ readonly name: string; readonly value: ParamValue; readonly open: boolean; readonly split: boolean }>;
}

/**
 * The resolutions of an intent, each parameter marked `open` when the sentence leaves it open
 * and `split` when the resolutions of this run that make the call disagree on it (a refused one,
 * whose call reads "none: …", takes no side).
 */
export function resolutionRows(intent: IntentInfo): ResolutionRow[] {
  const split = (name: string): boolean => new Set(intent.resolutions.filter((r) => r.refused === undefined).map((r) => r.params[name])).size > 1;
  return intent.resolutions.map((r) => ({
    adapter: r.adapter,
    call: r.call,
    params: Object.entries(r.params).map(([name, value]) => ({ name, value, open: name in intent.open, split: name in intent.open && split(name) })),
  }));
}

/** `oaepHash=SHA-256` and the like: what an intent fixes, or "(nothing)". */
export function fixesText(intent: Pick<IntentInfo, 'fixes'>): string {
  return Object.keys(intent.fixes).length > 0 ? formatParams(intent.fixes) : '(nothing)';
}

/** `mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta)`: how two resolutions differ in one parameter. */
export function differenceText(r: CaseResult, name: string): string {
  const i = r.intent;
  if (!i) return name;
  const side = (p: Params): string => (p[name] === undefined ? '(not set)' : String(p[name]));
  return `${name}: ${side(i.producer.params)} (${r.producer}) vs ${side(i.consumer.params)} (${r.consumer})`;
}

/**
 * The story of an intent case as label/value lines, raw text: the sentence, each side as
 * called, and for a mismatch the differing parameters, the fix and the normative text.
 */
export function intentLines(r: CaseResult): Array<readonly [string, string]> {
  const i = r.intent;
  if (!i) return [];
  const lines: Array<readonly [string, string]> = [
    ['intent', `“${i.sentence}” (${i.id})`],
    ['producer as called', `${r.producer}: ${i.producer.call}\n${formatParams(i.producer.params)}`],
    ['consumer as called', `${r.consumer}: ${i.consumer.call}\n${formatParams(i.consumer.params)}`],
  ];
  const d = i.diagnosis;
  if (d) {
    lines.push(['differs in', d.differs.map((name) => differenceText(r, name)).join('\n') || '(no parameter named)']);
    lines.push(['fix', d.fix ?? 'none confirmed: no explicit call on either side made the pair work']);
    for (const [name, because] of Object.entries(d.because)) lines.push([`left open (${name})`, because]);
  }
  for (const v of i.divergence ?? []) {
    lines.push(['diverges on', v.input]);
    lines.push(['producer did', `${r.producer}: ${behaviourText(v.producer)}`]);
    lines.push(['consumer did', `${r.consumer}: ${behaviourText(v.consumer)}`]);
    lines.push(['either allowed by', v.because]);
  }
  return lines;
}

/** `refused (its message)` or `derived the all-zero secret`. */
export function behaviourText(b: Behaviour): string {
  return b.detail ? `${b.behaviour} (${b.detail})` : b.behaviour;
}

/** One line for a divergence: `on public key …: alpha refused, beta derived the all-zero secret; … (either allowed: RFC 7748 §6.1 …)`. */
export function divergenceSummary(r: CaseResult): string {
  const ds = r.intent?.divergence;
  if (!ds) return r.message;
  const told = ds.map((d) => `on ${d.input}: ${r.producer} ${d.producer.behaviour}, ${r.consumer} ${d.consumer.behaviour}`);
  return `${told.join('; ')} (either allowed: ${[...new Set(ds.map((d) => d.because))].join('; ')})`;
}

/** One line for a mismatch: `mismatch in mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta); fix: …`. */
export function mismatchSummary(r: CaseResult): string {
  const d = r.intent?.diagnosis;
  if (!d) return r.message;
  const differs = d.differs.map((name) => differenceText(r, name)).join('; ');
  return [
    `mismatch in ${differs || '(no parameter named)'}`,
    `fix: ${d.fix ?? 'none confirmed'}`,
    ...Object.entries(d.because).map(([name, text]) => `${name} is left open by ${text}`),
  ].join('; ');
}

/** Why a group of mismatches failed, whichever way round: the parameters and the text that leaves them open. */
export function mismatchReason(r: CaseResult): string {
  const d = r.intent?.diagnosis;
  if (!r.intent || !d) return r.message;
  const open = Object.entries(d.because).map(([name, text]) => `${name}: ${text}`);
  return `told “${r.intent.sentence}”, the two ends resolve ${d.differs.join(', ') || 'it'} differently${open.length > 0 ? ` (left open by ${open.join('; ')})` : ''}`;
}
