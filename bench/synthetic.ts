/**
 * Synthetic plans for the benchmark: any number of real, cheap cases. Each case runs the same
 * family code a matrix cell runs (producer encrypts, consumer decrypts, compare) on one small
 * message, with its own seed, so N cases are N times the work and no case reuses another's
 * bytes unless they share a group on purpose ("produce once, every consumer reads it").
 */
import type { Adapter } from '../src/core/adapter.js';
import { checkClaim } from '../src/core/adapter.js';
import type { Case, CaseContext } from '../src/core/case.js';
import { familyOf } from '../src/core/families/index.js';
import type { Params } from '../src/core/model.js';
import type { RunnerOptions } from '../src/core/run-cases.js';
import type { Standard } from '../src/core/standard.js';

/** A standard and parameter set an adapter can both encrypt and decrypt. */
export interface Workload {
  readonly adapter: Adapter;
  readonly standard: Standard;
  readonly params: Params;
  /** Plaintext bytes per operation. */
  readonly size: number;
}

/**
 * The workload of an in-process adapter: aes-gcm with its first parameter set when claimed
 * (every AES library has it), else the first symmetric standard it claims; undefined if none.
 */
export function workloadFor(adapter: Adapter, standards: readonly Standard[], size: number): Workload | undefined {
  // Symmetric standards: their family's vector tests carry a key.
  const symmetric = standards.filter((s) => familyOf(s).fields.some((f) => f.name === 'key') && s.matrix.length > 0);
  const ordered = [...symmetric.filter((s) => s.id === 'aes-gcm'), ...symmetric.filter((s) => s.id !== 'aes-gcm')];
  const claims = (s: Standard): boolean => (['encrypt', 'decrypt'] as const).every((op) => checkClaim(adapter, s.id, op, s.matrix[0]!).ok);
  const standard = ordered.find(claims);
  return standard ? { adapter, standard, params: standard.matrix[0]!, size } : undefined;
}

/** The standard as a matrix cell of one message size sees it. */
function oneSize(std: Standard, size: number): Standard {
  return { ...std, plaintextSizes: [size] };
}

/**
 * A context for case `group`: its own seed, and memo keys of its own, so groups never share
 * artifacts while the cases of one group do.
 */
function groupContext(ctx: CaseContext, group: number): CaseContext {
  return { ...ctx, seed: `${ctx.seed}#${group}`, memo: (key, make) => ctx.memo(`${group}|${key}`, make) };
}

/**
 * `n` matrix cases of `w`, producer and consumer both `w.adapter`. Cases of the same group of
 * `groupSize` share the producer's ciphertext, as consumers of one producer do in a real plan;
 * with `groupSize` 1 every case encrypts and decrypts once.
 */
export function syntheticCases(w: Workload, n: number, groupSize = 1): Case[] {
  const std = oneSize(w.standard, w.size);
  const family = familyOf(std);
  const paramsId = std.paramsId(w.params);
  const id = w.adapter.id;
  const cases: Case[] = new Array<Case>(n);
  for (let i = 0; i < n; i++) {
    const group = Math.floor(i / groupSize);
    cases[i] = {
      id: `${std.id}/${paramsId}/matrix/${id}~${id}/n${i}`,
      standard: std,
      kind: 'matrix',
      params: w.params,
      paramsId,
      producer: id,
      consumer: id,
      expected: 'accept',
      expectedBecause: `${std.references[0] ?? std.id}: the consumer must recover what the producer encrypted`,
      execute: (ctx) => family.matrix(groupContext(ctx, group), std, w.params, id, id),
    };
  }
  return cases;
}

/** Runner options as the CLI's defaults set them. */
export function runnerOptions(seed: string): RunnerOptions {
  return { seed, concurrency: 8, timeoutMs: 10_000, replay: (c) => `npx bothends run --seed ${seed} --case '${c.id}'` };
}
