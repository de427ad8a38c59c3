/**
 * The plan: standards × parameter sets × vectors × producers × consumers, as a flat list of
 * cases. Cases a side cannot run are planned too, with a preset outcome and its reason, so
 * every cell of a grid is explained. Adapters that declare a whole standard a gap are left
 * out of that standard's grids; the report lists them with their reason.
 */
import type { Adapter, ProbeResult } from './adapter.js';
import { checkClaim } from './adapter.js';
import type { Case, CaseContext } from './case.js';
import type { IntentResolution } from './intent.js';
import type { CaseKind, Expectation, OpName, Params } from './model.js';
import type { Standard } from './standard.js';
import type { Verdict } from './step.js';
import type { KatOp, KatTest } from './families/family.js';
import { familyOf } from './families/index.js';
import { katExpectation, opsForTest } from './families/kat.js';

/** An adapter with the result of its probe. */
export interface AdapterState {
  readonly adapter: Adapter;
  readonly probe: ProbeResult;
}

/** A vector file as the plan needs it. */
export interface KatFile {
  /** Path relative to the vectors root. */
  readonly file: string;
  readonly standard: string;
  readonly groups: ReadonlyArray<{ readonly params: Params; readonly tests: readonly KatTest[] }>;
  /** What each flag means: its bug type and CVEs travel into every result's vector reference. */
  readonly notes?: Readonly<Record<string, { readonly bugType: string; readonly cves?: readonly string[] }>>;
}

/**
 * An imported test that is a procedure over many operations rather than one input and output
 * (an ACVP Monte Carlo test). Planned like an imported vector, once per consumer.
 */
export interface ImportProcedure {
  /** Corpus path of the source, e.g. `acvp/ACVP-AES-CBC-1.0`. */
  readonly file: string;
  readonly standard: string;
  readonly params: Params;
  readonly tcId: number;
  readonly comment: string;
  readonly source: string;
  /** The operations the consumer must claim. */
  readonly ops: readonly OpName[];
  /** What the test expects of the consumer (default `accept`), and why. */
  readonly expected?: Expectation;
  readonly expectedBecause?: string;
  /** How many ordinary cases' worth of work one run of the procedure is (see Case.budgetFactor). */
  readonly budgetFactor?: number;
  /** The test's flags (the age test kit: its `expect` line), carried into the result's vector reference. */
  readonly flags?: readonly string[];
  run(ctx: CaseContext, consumer: string): Promise<Verdict>;
}

/** A property checked for every producer × consumer pair and parameter set (fuzzing), supplied by the caller. */
export interface PairProperty {
  /** Why every case expects the property to hold. */
  readonly because: string;
  run(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, caseId: string): Promise<Verdict>;
}

/** What to plan. */
export interface PlanInput {
  readonly standards: readonly Standard[];
  readonly adapters: readonly AdapterState[];
  readonly vectors: readonly KatFile[];
  readonly kinds: readonly CaseKind[];
  /** Imported corpora (Wycheproof, ACVP), planned as kind `import`. */
  readonly imports?: readonly KatFile[];
  readonly procedures?: readonly ImportProcedure[];
  /** The property of kind `fuzz` cases; without it no fuzz case is planned. */
  readonly fuzz?: PairProperty;
}

/** All kinds the default run plans. */
export const DEFAULT_KINDS: readonly CaseKind[] = ['intent', 'kat', 'matrix', 'negative'];

/** Why `a` cannot play its role here, or undefined when it can. */
function inability(
  a: AdapterState,
  role: 'producer' | 'consumer',
  std: Standard,
  ops: readonly OpName[],
  params: Params,
  inputs: readonly string[] = [],
): Verdict | undefined {
  const who = `${role} ${a.adapter.id}`;
  if (!a.probe.available) {
    const install = a.probe.install ? ` (install: ${a.probe.install})` : '';
    return { outcome: 'skipped', message: `${who} not available: ${a.probe.reason}${install}`, sides: [] };
  }
  for (const op of ops) {
    const claim = checkClaim(a.adapter, std.id, op, params, inputs);
    if (!claim.ok) {
      const policy = claim.policy ? ` — unsupported by policy (${claim.policy})` : '';
      return { outcome: 'unsupported', message: `${who}: ${claim.reason}${policy}`, sides: [] };
    }
  }
  return undefined;
}

/**
 * The adapters that take part in a standard's grids at all: those that claim it, and those that
 * are not available and claim nothing (an external adapter whose process never said a valid
 * hello: its claims are unknown, so every cell it might have had is `skipped` with the reason,
 * rather than the adapter silently missing from the report).
 */
function participants(std: Standard, adapters: readonly AdapterState[]): AdapterState[] {
  const unknownClaims = (a: AdapterState): boolean => !a.probe.available && Object.keys(a.adapter.capabilities.claims).length === 0;
  return adapters.filter((a) => a.adapter.capabilities.claims[std.id] !== undefined || unknownClaims(a));
}

/** The base name of a vector file, for ids: `aes_gcm_spec_test`. */
export function vectorSlug(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.json$/, '');
}

/** Producer label of an imported file: its corpus path, e.g. `vector:wycheproof:aes_gcm_test`. */
function importSlug(file: string): string {
  return file.replace(/\.json$/, '').replace(/\//g, ':');
}

/** Bug types and CVEs of a test's flags, from its file's notes. */
function flagFacts(notes: KatFile['notes'], flags: readonly string[]): { bugTypes?: string[]; cves?: string[] } {
  const bugTypes = [...new Set(flags.flatMap((f) => (notes?.[f] ? [notes[f].bugType] : [])))];
  const cves = [...new Set(flags.flatMap((f) => notes?.[f]?.cves ?? []))];
  return { ...(bugTypes.length ? { bugTypes } : {}), ...(cves.length ? { cves } : {}) };
}

/**
 * Producer slugs of one standard's vector files: the base name, or the whole path (`:` for `/`)
 * for files whose base name another file shares (two folders may hold the same name).
 */
function vectorSlugs(files: readonly KatFile[]): Map<KatFile, string> {
  const count = new Map<string, number>();
  for (const f of files) count.set(vectorSlug(f.file), (count.get(vectorSlug(f.file)) ?? 0) + 1);
  return new Map(files.map((f) => [f, (count.get(vectorSlug(f.file)) ?? 0) > 1 ? importSlug(f.file) : vectorSlug(f.file)]));
}

function katCases(std: Standard, adapters: readonly AdapterState[], vectors: readonly KatFile[], kind: 'kat' | 'import' = 'kat'): Case[] {
  const cases: Case[] = [];
  const own = vectors.filter((v) => v.standard === std.id);
  const slugs = vectorSlugs(own);
  for (const vf of own) {
    const producer = `vector:${kind === 'import' ? importSlug(vf.file) : slugs.get(vf)}`;
    for (const group of vf.groups) {
      const paramsId = std.paramsId(group.params);
      for (const a of participants(std, adapters)) {
        const base = { standard: std, kind, params: group.params, paramsId, producer, consumer: a.adapter.id };
        // Per known-answer operation (its inputs included: an encapsulation may take no given m).
        const blocked = new Map<KatOp, Verdict | undefined>();
        for (const test of group.tests) {
          for (const k of opsForTest(std, test)) {
            if (!blocked.has(k)) blocked.set(k, inability(a, 'consumer', std, [k.op], group.params, Object.keys(k.inputs)));
            let preset = blocked.get(k);
            // Refused for an input the test does not depend on: asked without it.
            const drop = preset ? (k.incidental?.(test) ?? []) : [];
            const without =
              drop.length > 0 &&
              !inability(
                a,
                'consumer',
                std,
                [k.op],
                group.params,
                Object.keys(k.inputs).filter((n) => !drop.includes(n)),
              )
                ? drop
                : [];
            if (without.length > 0) preset = undefined;
            const id = `${std.id}/${paramsId}/${kind}/${producer}~${a.adapter.id}/tc${test.tcId}/${k.op}`;
            const vector = {
              file: vf.file,
              tcId: test.tcId,
              source: test.source,
              comment: test.comment,
              flags: test.flags,
              ...flagFacts(vf.notes, test.flags),
            };
            const expected = katExpectation(test);
            const why = expected === 'accept' ? 'known answer' : expected === 'reject' ? 'must be rejected' : 'acceptable either way';
            const asked =
              without.length > 0
                ? `; asked without ${without.join(', ')}, which ${a.adapter.id} takes no value for and on which the verdict does not depend`
                : '';
            const expectedBecause = `${test.source}: ${why}${asked}`;
            const kat = without.length > 0 ? { test, op: k.op, without } : { test, op: k.op };
            cases.push(preset ? { ...base, id, vector, expected, expectedBecause, preset } : { ...base, id, vector, expected, expectedBecause, kat });
          }
        }
      }
    }
  }
  return cases;
}

function pairCases(std: Standard, adapters: readonly AdapterState[], kind: 'matrix' | 'negative' | 'fuzz', property?: PairProperty): Case[] {
  const cases: Case[] = [];
  const family = familyOf(std);
  const roles = family.roles;
  const list = participants(std, adapters);
  const mutations = kind === 'negative' && family.negative ? std.mutations : [];
  if (kind === 'negative' && mutations.length === 0) return cases;
  for (const params of kind === 'negative' ? (std.negativeMatrix ?? std.matrix) : std.matrix) {
    const paramsId = std.paramsId(params);
    for (const p of list) {
      for (const c of list) {
        const producer = p.adapter.id;
        const consumer = c.adapter.id;
        const base = { standard: std, kind, params, paramsId, producer, consumer };
        const cell = `${std.id}/${paramsId}/${kind}/${producer}~${consumer}`;
        const preset = inability(p, 'producer', std, roles.producer, params) ?? inability(c, 'consumer', std, roles.consumer, params);
        if (kind === 'fuzz' && property) {
          const execute = (ctx: CaseContext): Promise<Verdict> => property.run(ctx, std, params, producer, consumer, cell);
          cases.push({ ...base, id: cell, expected: 'accept', expectedBecause: property.because, ...(preset ? { preset } : { execute }) });
          continue;
        }
        if (kind === 'matrix') {
          const expectedBecause = `${std.references[0]}: the consumer must recover what the producer encrypted (${std.layout})`;
          cases.push({ ...base, id: cell, expected: 'accept', expectedBecause, ...(preset ? { preset } : {}) });
          continue;
        }
        if (preset) {
          cases.push({ ...base, id: `${cell}/*`, mutation: '*', expected: 'reject', expectedBecause: 'every tamper mutation must be rejected', preset });
          continue;
        }
        for (const m of mutations) {
          if (m.appliesTo && !m.appliesTo(params)) continue;
          const id = `${cell}/${m.id}`;
          cases.push({
            ...base,
            id,
            mutation: m.id,
            expected: m.expected ?? 'reject',
            expectedBecause: m.because,
          });
        }
      }
    }
  }
  return cases;
}

/**
 * The intent grids of `std`: per intent, every adapter taking part in the standard or resolving
 * that intent as producer × every one as consumer, each as its library's documentation calls it. A side that declares
 * no resolution of the intent, or whose resolution lacks its role's operations, is planned with
 * the reason, so the cell says why it did not run.
 */
function intentCases(std: Standard, adapters: readonly AdapterState[]): Case[] {
  const family = familyOf(std);
  if (!family.intent) return [];
  const taking = participants(std, adapters);
  const cases: Case[] = [];
  for (const intent of std.intents ?? []) {
    // An end of another revision of the standard (round-3 Kyber for ML-KEM) claims none of its
    // explicit operations, yet resolves a sentence that names either: it takes part in that intent.
    const list = adapters.filter((a) => taking.includes(a) || a.adapter.intents?.[std.id]?.[intent.id] !== undefined);
    const paramsId = `intent-${intent.id}`;
    // An end that refuses the intent, run all the same as it resolves `refusal.callsAs` (it must refuse the consumer's input).
    const refusing = (a: AdapterState, r: IntentResolution): boolean => {
      const as = intent.refusal && r.refused !== undefined ? a.adapter.intents?.[std.id]?.[intent.refusal.callsAs] : undefined;
      return as !== undefined && family.roles.producer.every((op) => as.ops[op] !== undefined);
    };
    const unable = (a: AdapterState, role: 'producer' | 'consumer'): Verdict | undefined => {
      const who = `${role} ${a.adapter.id}`;
      if (!a.probe.available) return inability(a, role, std, [], intent.fixes);
      const r = a.adapter.intents?.[std.id]?.[intent.id];
      if (!r) return { outcome: 'unsupported', message: `${who} declares no resolution of "${intent.sentence}"`, sides: [] };
      if (role === 'producer' && refusing(a, r)) return undefined;
      const missing = family.roles[role].filter((op) => !r.ops[op]);
      if (missing.length > 0) return { outcome: 'unsupported', message: `${who}: ${r.refused ?? `${r.call} offers no ${missing.join(', ')}`}`, sides: [] };
      return undefined;
    };
    for (const p of list) {
      for (const c of list) {
        const [producer, consumer] = [p.adapter.id, c.adapter.id];
        const preset = unable(p, 'producer') ?? unable(c, 'consumer');
        const base = { standard: std, kind: 'intent' as const, params: intent.fixes, paramsId, producer, consumer, intent: intent.id };
        const refuses = !preset && intent.refusal !== undefined && refusing(p, p.adapter.intents![std.id]![intent.id]!);
        const expectedBecause = refuses
          ? `"${intent.sentence}": ${producer} cannot, and must refuse ${consumer}'s input as its library is called (${intent.refusal!.because})`
          : `"${intent.sentence}": what one end makes as its library is called, the other must read as its library is called (${std.references[0]})`;
        const expected = refuses ? 'reject' : 'accept';
        cases.push({ ...base, id: `${std.id}/${paramsId}/intent/${producer}~${consumer}`, expected, expectedBecause, ...(preset ? { preset } : {}) });
      }
    }
  }
  return cases;
}

/** Imported procedures of `std`, one case per consumer that takes part in the standard. */
function procedureCases(std: Standard, adapters: readonly AdapterState[], procedures: readonly ImportProcedure[]): Case[] {
  return procedures
    .filter((p) => p.standard === std.id)
    .flatMap((p) =>
      participants(std, adapters).map((a): Case => {
        const producer = `vector:${importSlug(p.file)}`;
        const paramsId = std.paramsId(p.params);
        const preset = inability(a, 'consumer', std, p.ops, p.params);
        const base = { standard: std, kind: 'import' as const, params: p.params, paramsId, producer, consumer: a.adapter.id };
        const id = `${std.id}/${paramsId}/import/${producer}~${a.adapter.id}/tc${p.tcId}`;
        const vector = { file: p.file, tcId: p.tcId, source: p.source, comment: p.comment, ...(p.flags ? { flags: p.flags } : {}) };
        const expectedBecause = p.expectedBecause ?? `${p.source}: known answers`;
        const budget = p.budgetFactor === undefined ? {} : { budgetFactor: p.budgetFactor };
        return {
          ...base,
          id,
          vector,
          expected: p.expected ?? 'accept',
          expectedBecause,
          ...budget,
          ...(preset ? { preset } : { execute: (ctx: CaseContext) => p.run(ctx, a.adapter.id) }),
        };
      }),
    );
}

/** Builds the full plan. Order: standard, kind, parameter set, producer, consumer. */
export function buildPlan(input: PlanInput): Case[] {
  const cases: Case[] = [];
  // Appended one by one: spreading a part into push() passes each case as an argument, and a
  // vector file of some 11,000 tests already overflows the stack that way.
  const add = (part: readonly Case[]): void => {
    for (const c of part) cases.push(c);
  };
  for (const std of input.standards) {
    if (input.kinds.includes('intent')) add(intentCases(std, input.adapters));
    if (input.kinds.includes('kat')) add(katCases(std, input.adapters, input.vectors));
    if (input.kinds.includes('matrix')) add(pairCases(std, input.adapters, 'matrix'));
    if (input.kinds.includes('negative')) add(pairCases(std, input.adapters, 'negative'));
    if (input.kinds.includes('import')) {
      add(katCases(std, input.adapters, input.imports ?? [], 'import'));
      add(procedureCases(std, input.adapters, input.procedures ?? []));
    }
    if (input.kinds.includes('fuzz') && input.fuzz) add(pairCases(std, input.adapters, 'fuzz', input.fuzz));
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
