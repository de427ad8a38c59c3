/**
 * The expectations file: known deviations, each with a normative reason and a link. A result
 * that matches an entry is marked `known`; the run fails only on outcomes nobody expected.
 * Entries that match nothing are reported as stale, so the file cannot rot silently.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { childPath, explainSchemaError } from './json-schema-errors.js';
import { ConfigError } from './errors.js';
import { projectPath } from './paths.js';
import { entryMatcher } from './wildcard.js';
import type { CaseResult, FailureKind, Outcome } from './model.js';

/**
 * One known deviation. `match` is a case id pattern where `*` matches a run of characters within
 * one `/`-separated part and `{a,b}` either alternative (see {@link entryMatcher}); `failure` is
 * required with outcome `fail`, so an entry never absorbs a failure of another kind.
 */
export interface KnownDeviation {
  readonly match: string;
  readonly outcome: Outcome;
  readonly failure?: FailureKind;
  readonly reason: string;
  readonly link?: string;
}

/** The JSON Schema of an expectations file (docs/expectations.md). */
export const EXPECTATIONS_SCHEMA_PATH = projectPath('schemas', 'expectations.schema.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true }).compile(JSON.parse(readFileSync(EXPECTATIONS_SCHEMA_PATH, 'utf8')) as object);
  return compiled;
}

/** The first schema violation of `doc` as a path and a sentence, or undefined when it conforms. */
function firstProblem(doc: unknown): { path: string; message: string } | undefined {
  const validate = validator();
  if (validate(doc)) return undefined;
  // "if" only says that its "then" or "else" failed, which the next error tells precisely.
  const e = (validate.errors ?? []).find((x) => x.keyword !== 'if');
  if (!e) return { path: '$', message: 'does not match the schema' };
  const { segs, message } = explainSchemaError(e);
  const path = segs.reduce<string>((base, s) => childPath(base, s), '') || '$';
  return e.keyword === 'not' ? { path: `${path}.failure`, message: 'a failure kind is allowed only with outcome "fail"' } : { path, message };
}

/**
 * Reads and checks an expectations file against schemas/expectations.schema.json; every
 * problem names the file and the JSON path (a `null` file or entry included).
 */
export function loadExpectations(file: string): KnownDeviation[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read expectations: ${(err as Error).message}`, { file });
  }
  const problem = firstProblem(doc);
  if (problem) throw new ConfigError(problem.message, { file, path: problem.path });
  const entries = (doc as { entries: KnownDeviation[] }).entries;
  entries.forEach((e, i) => {
    try {
      entryMatcher(e.match);
    } catch (err) {
      throw new ConfigError((err as Error).message, { file, path: `entries[${i}].match` });
    }
  });
  return entries.map((e) => ({
    match: e.match,
    outcome: e.outcome,
    ...(e.failure ? { failure: e.failure } : {}),
    reason: e.reason,
    ...(e.link ? { link: e.link } : {}),
  }));
}

/**
 * The known deviations a command uses: the project's file, plus each `--expectations FILE`;
 * with `replace`, only the given files; `none` among them drops every file.
 */
export function resolveExpectations(files: readonly string[], replace = false): { entries: KnownDeviation[]; files: string[] } {
  if (files.includes('none')) return { entries: [], files: [] };
  const all = replace && files.length > 0 ? [...files] : [PROJECT_EXPECTATIONS, ...files];
  return { entries: all.flatMap((f) => loadExpectations(f)), files: all };
}

/** The project's own expectations file. */
export const PROJECT_EXPECTATIONS = projectPath('vectors', 'expectations.json');

/** Marks results as known one at a time, and tells which entries went stale once all are in. */
export interface ExpectationMatcher {
  /** The result, marked `known` when an entry lists its id, outcome and failure kind. */
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
  const compiled = known.map((k) => ({ k, test: entryMatcher(k.match), used: false, seen: false }));
  return {
    apply(r) {
      for (const c of compiled) if (!c.seen && c.test(r.id)) c.seen = true;
      const hit = compiled.find((c) => c.test(r.id) && c.k.outcome === r.outcome && c.k.failure === r.failure);
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

/**
 * True when two ends told the same intent behaved differently on an input where the standard
 * allows either behaviour (core/families/intent-runner.ts makes no divergence of anything else):
 * shown with who did what, not unexpected.
 */
export function isAllowedDivergence(r: CaseResult): boolean {
  return r.failure === 'divergence';
}

/** A failure the standard itself allows: a tamper it cannot detect, or a divergence between two allowed behaviours. */
export function isAllowedByStandard(r: CaseResult): boolean {
  return isToleratedTamper(r) || isAllowedDivergence(r);
}

/** True when a result is a fail or error that the expectations file does not list (and the standard does not explain). */
export function isUnexpected(r: CaseResult): boolean {
  return (r.outcome === 'fail' || r.outcome === 'error') && r.known === undefined && !isAllowedByStandard(r);
}
