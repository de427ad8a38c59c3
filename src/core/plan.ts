/**
 * The plan: standards × parameter sets × vectors × producers × consumers, as a flat list of
 * cases. Cases a side cannot run are planned too, with a preset outcome and its reason, so
 * every cell of a grid is explained. Adapters that declare a whole standard a gap are left
 * out of that standard's grids; the report lists them with their reason.
 */
import type { Adapter, ProbeResult } from './adapter.js';
import { checkClaim } from './adapter.js';
import type { Case } from './case.js';
import type { CaseKind, OpName, Params } from './model.js';
import type { Standard } from './standard.js';
import type { Verdict } from './step.js';
import { FAMILIES } from './cases/families.js';
import { katExpectation, opsForTest, type KatTest } from './cases/kat.js';

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
}

/** What to plan. */
export interface PlanInput {
  readonly standards: readonly Standard[];
  readonly adapters: readonly AdapterState[];
  readonly vectors: readonly KatFile[];
  readonly kinds: readonly CaseKind[];
}

/** All kinds the default run plans. */
export const DEFAULT_KINDS: readonly CaseKind[] = ['kat', 'matrix', 'negative'];

/** Why `a` cannot play its role here, or undefined when it can. */
function inability(a: AdapterState, role: 'producer' | 'consumer', std: Standard, ops: readonly OpName[], params: Params): Verdict | undefined {
  const who = `${role} ${a.adapter.id}`;
  if (!a.probe.available) {
    const install = a.probe.install ? ` (install: ${a.probe.install})` : '';
    return { outcome: 'skipped', message: `${who} not available: ${a.probe.reason}${install}`, sides: [] };
  }
  for (const op of ops) {
    const claim = checkClaim(a.adapter, std.id, op, params);
    if (!claim.ok) {
      const policy = claim.policy ? ` — unsupported by policy (${claim.policy})` : '';
      return { outcome: 'unsupported', message: `${who}: ${claim.reason}${policy}`, sides: [] };
    }
  }
  return undefined;
}

/** The adapters that take part in a standard's grids at all. */
function participants(std: Standard, adapters: readonly AdapterState[]): AdapterState[] {
  return adapters.filter((a) => a.adapter.capabilities.claims[std.id] !== undefined);
}

/** The base name of a vector file, for ids: `aes_gcm_spec_test`. */
export function vectorSlug(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.json$/, '');
}

function katCases(std: Standard, adapters: readonly AdapterState[], vectors: readonly KatFile[]): Case[] {
  const cases: Case[] = [];
  for (const vf of vectors.filter((v) => v.standard === std.id)) {
    const producer = `vector:${vectorSlug(vf.file)}`;
    for (const group of vf.groups) {
      const paramsId = std.paramsId(group.params);
      for (const a of participants(std, adapters)) {
        const base = { standard: std, kind: 'kat' as const, params: group.params, paramsId, producer, consumer: a.adapter.id };
        const blocked = new Map<OpName, Verdict | undefined>();
        for (const test of group.tests) {
          for (const k of opsForTest(std, test)) {
            if (!blocked.has(k.op)) blocked.set(k.op, inability(a, 'consumer', std, [k.op], group.params));
            const preset = blocked.get(k.op);
            const id = `${std.id}/${paramsId}/kat/${producer}~${a.adapter.id}/tc${test.tcId}/${k.op}`;
            const vector = { file: vf.file, tcId: test.tcId, source: test.source, comment: test.comment, flags: test.flags };
            const expected = katExpectation(test);
            const expectedBecause = `${test.source}: ${expected === 'accept' ? 'known answer' : expected === 'reject' ? 'must be rejected' : 'acceptable either way'}`;
            cases.push(preset ? { ...base, id, vector, expected, expectedBecause, preset } : { ...base, id, vector, expected, expectedBecause, kat: { test, op: k.op } });
          }
        }
      }
    }
  }
  return cases;
}

function pairCases(std: Standard, adapters: readonly AdapterState[], kind: 'matrix' | 'negative'): Case[] {
  const cases: Case[] = [];
  const family = FAMILIES[std.family];
  const roles = family.roles;
  const list = participants(std, adapters);
  const mutations = kind === 'negative' && family.negative ? std.mutations : [];
  if (kind === 'negative' && mutations.length === 0) return cases;
  for (const params of std.matrix) {
    const paramsId = std.paramsId(params);
    for (const p of list) {
      for (const c of list) {
        const producer = p.adapter.id;
        const consumer = c.adapter.id;
        const base = { standard: std, kind, params, paramsId, producer, consumer };
        const cell = `${std.id}/${paramsId}/${kind}/${producer}~${consumer}`;
        const preset = inability(p, 'producer', std, roles.producer, params) ?? inability(c, 'consumer', std, roles.consumer, params);
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
          const id = `${cell}/${m.id}`;
          cases.push({
            ...base,
            id,
            mutation: m.id,
            expected: 'reject',
            expectedBecause: m.because,
          });
        }
      }
    }
  }
  return cases;
}

/** Builds the full plan. Order: standard, kind, parameter set, producer, consumer. */
export function buildPlan(input: PlanInput): Case[] {
  const cases: Case[] = [];
  for (const std of input.standards) {
    if (input.kinds.includes('kat')) cases.push(...katCases(std, input.adapters, input.vectors));
    if (input.kinds.includes('matrix')) cases.push(...pairCases(std, input.adapters, 'matrix'));
    if (input.kinds.includes('negative')) cases.push(...pairCases(std, input.adapters, 'negative'));
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}
