/**
 * What every corpus importer returns: the imported tests as the known-answer files the plan
 * already runs (`KatFile`, kind `import`), procedures that are not a fixed input and output
 * (ACVP Monte Carlo tests), an inventory saying for every external file what was imported and,
 * for the rest, why not, and the errors met. Nothing is dropped silently: a test is either
 * imported or counted under an exclusion with its reason.
 */
import { toHex } from '../../core/bytes.js';
import type { CorpusFileEntry, ExclusionKind, Exclusion } from '../../core/corpora-model.js';
import { ConfigError } from '../../core/errors.js';
import type { ParamValue, Params } from '../../core/model.js';
import type { ImportProcedure, KatFile } from '../../core/plan.js';
import type { Standard } from '../../core/standard.js';
import { interpret } from '../interpret.js';
import type { BugType, VectorFileJson, VectorResult, VectorTestJson } from '../vector-file.js';

/** Everything one or more importers produced. */
export interface ImportedCorpus {
  readonly files: readonly KatFile[];
  readonly procedures: readonly ImportProcedure[];
  readonly inventory: readonly CorpusFileEntry[];
  readonly errors: readonly ConfigError[];
}

/** An empty result, to merge into. */
export const NO_IMPORT: ImportedCorpus = { files: [], procedures: [], inventory: [], errors: [] };

/** Merges importer results. */
export function mergeImports(parts: readonly ImportedCorpus[]): ImportedCorpus {
  return {
    files: parts.flatMap((p) => p.files),
    procedures: parts.flatMap((p) => p.procedures),
    inventory: parts.flatMap((p) => p.inventory),
    errors: parts.flatMap((p) => p.errors),
  };
}

/** Counts exclusions by kind and reason, with the groups and tests each covers. */
export class Exclusions {
  private readonly byReason = new Map<string, { kind: ExclusionKind; reason: string; groups: Set<number>; tests: number }>();

  /** Records `tests` tests of group number `group` as left out. */
  add(kind: ExclusionKind, reason: string, group: number, tests = 1): void {
    const key = `${kind}\0${reason}`;
    let entry = this.byReason.get(key);
    if (!entry) {
      entry = { kind, reason, groups: new Set(), tests: 0 };
      this.byReason.set(key, entry);
    }
    entry.groups.add(group);
    entry.tests += tests;
  }

  /** Total tests left out. */
  get total(): number {
    return [...this.byReason.values()].reduce((n, e) => n + e.tests, 0);
  }

  list(): Exclusion[] {
    return [...this.byReason.values()].map((e) => ({ kind: e.kind, reason: e.reason, groups: e.groups.size, tests: e.tests }));
  }
}

/** A flag's explanation as imported: Wycheproof's bug type (any spelling) and CVEs. */
export interface ImportedNote {
  readonly bugType: string;
  readonly description: string;
  readonly cves?: readonly string[];
}

/** One imported test before checking: bytes by bothends field name. */
export interface DraftTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  /** Where in the source, e.g. `tcId 17 (google-wycheproof 0.9rc5)`. */
  readonly ref: string;
  readonly fields: Readonly<Record<string, Uint8Array>>;
}

/** The imported tests of one external file for one standard, before checking. */
export interface Draft {
  readonly file: string;
  readonly standard: string;
  readonly description: string;
  /** Citation title of the external file. */
  readonly title: string;
  readonly notes: Readonly<Record<string, ImportedNote>>;
  readonly groups: ReadonlyArray<{ readonly params: Params; readonly tests: readonly DraftTest[] }>;
}

/**
 * The standard's parameter set made of `values`: every parameter the standard declares must be
 * present and one of its declared values, or the reason why not (a group outside the standard).
 */
export function declaredParams(std: Standard, values: Readonly<Record<string, ParamValue | undefined>>, where: string): { params: Params } | { why: string } {
  const params: Record<string, ParamValue> = {};
  for (const spec of std.params) {
    const value = values[spec.name];
    if (value === undefined) return { why: `${std.id} parameter ${spec.name} has no counterpart in ${where}` };
    if (!spec.values.includes(value))
      return { why: `${spec.name} ${JSON.stringify(value)} is not declared by ${std.id} (declared: ${spec.values.join(', ')})` };
    params[spec.name] = value;
  }
  return { params };
}

const SOURCE_ID = 'corpus';

/**
 * Checks a draft with the very rules the project's own vector files obey (the loader's
 * `interpret`: parameters, fields per family and result, byte lengths) and returns it as a
 * file the plan runs. A problem here is an importer error, named by file, JSON path and tcId.
 */
export function checkDraft(d: Draft): { file?: KatFile; errors: ConfigError[] } {
  const groups = d.groups.filter((g) => g.tests.length > 0);
  if (groups.length === 0) return { errors: [] };
  const json: VectorFileJson = {
    standard: d.standard,
    description: d.description,
    numberOfTests: groups.reduce((n, g) => n + g.tests.length, 0),
    sources: { [SOURCE_ID]: { title: d.title } },
    notes: Object.fromEntries(Object.entries(d.notes).map(([flag, n]) => [flag, { bugType: n.bugType as BugType, description: n.description }])),
    groups: groups.map((g) => ({ params: g.params, tests: g.tests.map(testJson) })),
  };
  const out = interpret(json, d.file);
  if (!out.vectors) {
    return { errors: out.problems.map((p) => new ConfigError(`importer: ${p.message}`, { file: d.file, ...(p.path === undefined ? {} : { path: p.path }) })) };
  }
  return { file: { file: d.file, standard: d.standard, groups: out.vectors.groups, notes: d.notes }, errors: [] };
}

function testJson(t: DraftTest): VectorTestJson {
  const hex = Object.fromEntries(Object.entries(t.fields).map(([k, v]) => [k, toHex(v)]));
  return { tcId: t.tcId, comment: t.comment, source: SOURCE_ID, ref: t.ref, flags: t.flags, result: t.result, ...hex };
}
