/**
 * The expectations file: known deviations, each with a normative reason and a link. A result
 * that matches an entry is marked `known`; the run fails only on outcomes nobody expected.
 * Entries that match nothing are reported as stale, so the file cannot rot silently.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { CaseResult, FailureKind, Outcome } from './model.js';

/** One known deviation. `match` is a case id pattern where `*` matches any run of characters. */
export interface KnownDeviation {
  readonly match: string;
  readonly outcome: Outcome;
  readonly failure?: FailureKind;
  readonly reason: string;
  readonly link?: string;
}

const OUTCOMES = new Set(['pass', 'fail', 'error', 'unsupported', 'skipped']);
const FAILURES = new Set(['wrong-output', 'rejected-valid', 'accepted-invalid', 'wrong-capability', 'undetected-tamper']);

/** Reads and checks an expectations file; every problem names the file and the JSON path. */
export function loadExpectations(file: string): KnownDeviation[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read expectations: ${(err as Error).message}`, { file });
  }
  const entries = (doc as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new ConfigError('expected an object with an "entries" array', { file, path: '$' });
  return entries.map((e: unknown, i: number): KnownDeviation => {
    const path = `entries[${i}]`;
    const o = e as Record<string, unknown>;
    const str = (k: string): string => {
      if (typeof o[k] !== 'string' || (o[k] as string).length === 0) throw new ConfigError(`"${k}" must be a non-empty string`, { file, path: `${path}.${k}` });
      return o[k] as string;
    };
    const allowed = new Set(['match', 'outcome', 'failure', 'reason', 'link']);
    for (const k of Object.keys(o)) if (!allowed.has(k)) throw new ConfigError(`unknown property "${k}"`, { file, path: `${path}.${k}` });
    const outcome = str('outcome');
    if (!OUTCOMES.has(outcome)) throw new ConfigError(`unknown outcome "${outcome}"`, { file, path: `${path}.outcome` });
    const failure = o['failure'] === undefined ? undefined : str('failure');
    if (failure !== undefined && !FAILURES.has(failure)) throw new ConfigError(`unknown failure kind "${failure}"`, { file, path: `${path}.failure` });
    return {
      match: str('match'),
      outcome: outcome as Outcome,
      ...(failure ? { failure: failure as FailureKind } : {}),
      reason: str('reason'),
      ...(o['link'] !== undefined ? { link: str('link') } : {}),
    };
  });
}

/** A case id pattern (`*` matches any run of characters) as an anchored RegExp. */
export function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** Marks results as known one at a time, and tells which entries went stale once all are in. */
export interface ExpectationMatcher {
  /** The result, marked `known` when an entry lists its id and outcome (and failure kind, if given). */
  apply(r: CaseResult): CaseResult;
  /**
   * The entries whose pattern matched cases of this run but none with the listed outcome (fixed,
   * or changed). Entries whose cases did not run at all (filtered out) are not stale.
   */
  stale(): KnownDeviation[];
}

/**
 * An {@link ExpectationMatcher} over `known`. It keeps two flags per entry, not the results, so
 * a run that streams its results marks each as it arrives; the order results arrive in changes
 * nothing (the first entry in file order that matches a result marks it).
 */
export function expectationMatcher(known: readonly KnownDeviation[]): ExpectationMatcher {
  const compiled = known.map((k) => ({ k, re: patternToRegExp(k.match), used: false, seen: false }));
  return {
    apply(r) {
      for (const c of compiled) if (!c.seen && c.re.test(r.id)) c.seen = true;
      const hit = compiled.find((c) => c.re.test(r.id) && c.k.outcome === r.outcome && (c.k.failure === undefined || c.k.failure === r.failure));
      if (!hit) return r;
      hit.used = true;
      return { ...r, known: { outcome: hit.k.outcome, reason: hit.k.reason, ...(hit.k.link ? { link: hit.k.link } : {}) } };
    },
    stale: () => compiled.filter((c) => c.seen && !c.used).map((c) => c.k),
  };
}

/** Marks matching results as known; returns the new results and the stale entries (see {@link ExpectationMatcher}). */
export function applyExpectations(results: readonly CaseResult[], known: readonly KnownDeviation[]): { results: CaseResult[]; stale: KnownDeviation[] } {
  const matcher = expectationMatcher(known);
  return { results: results.map((r) => matcher.apply(r)), stale: matcher.stale() };
}

/**
 * True when a tampered input of an unauthenticated standard decrypted without error: the case
 * expected `either` (the standard cannot detect it), so the outcome is explained, not unexpected.
 */
export function isToleratedTamper(r: CaseResult): boolean {
  return r.failure === 'undetected-tamper' && r.expected === 'either';
}

/** True when a result is a fail or error that the expectations file does not list (and the standard does not explain). */
export function isUnexpected(r: CaseResult): boolean {
  return (r.outcome === 'fail' || r.outcome === 'error') && r.known === undefined && !isToleratedTamper(r);
}
