/**
 * Property-based differential testing (kind `fuzz`): for every standard, parameter set of its
 * matrix and producer × consumer pair, fast-check draws random keys, nonces, plaintexts and
 * AAD (sizes biased to block boundaries, nonces to counter-wrap points) and checks the
 * family's property (its module in src/core/families). A failure is shrunk to a minimal case and saved as a
 * regression vector (./regression.ts). The fast-check seed of each case derives from the run
 * seed and the case id, so the same seed replays the same search, shard or not.
 */
import { createHash } from 'node:crypto';
import type { Adapter } from '../core/adapter.js';
import type { CaseContext } from '../core/case.js';
import { describeError } from '../core/errors.js';
import type { KnownDeviation } from '../core/expectations.js';
import type { ByteMap, CaseResult, OpName, Params } from '../core/model.js';
import type { PairProperty } from '../core/plan.js';
import type { Report } from '../core/report-model.js';
import { runSuite } from '../suite.js';
import { shellFlag } from '../core/shell.js';
import type { Standard } from '../core/standard.js';
import type { Verdict } from '../core/step.js';
import { familyOf } from '../core/families/index.js';
import { FuzzFailure } from '../core/families/fuzz-property.js';
import { fieldsFromInputs } from '../vectors/fields.js';
import { REFERENCE } from '../vectors/reference.js';
import { saveRegression } from './regression.js';

/** How to fuzz. */
export interface FuzzSettings {
  /** Random cases per producer × consumer pair and parameter set. */
  readonly runs: number;
  /** Adapter ids asked to decide the expected output of a regression vector. */
  readonly voters: readonly string[];
  /** A vectors root to save regression vectors in; none are saved when undefined. */
  readonly regressionDir?: string;
  /** The command that replays one case. */
  readonly replay: (caseId: string) => string;
}

/** The fast-check seed of a case: 32 bits of SHA-256(run seed, case id). */
export function fastCheckSeed(seed: string, caseId: string): number {
  return createHash('sha256').update(seed).update('\0').update(caseId).digest().readInt32BE(0);
}

/** The fuzz property for the plan: one fast-check search per case. */
export function fuzzProperty(s: FuzzSettings): PairProperty {
  return {
    because:
      'random inputs: the consumer must recover what the producer encrypted (or derive the same secret); deterministic standards agree byte for byte; authenticated ones reject tampering',
    async run(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, caseId: string): Promise<Verdict> {
      const prop = familyOf(std).fuzz;
      if (!prop)
        return {
          outcome: 'unsupported',
          message: `no fuzz property for the ${std.family} family yet (the matrix and known answers cover ${std.id})`,
          sides: [],
        };
      const inapplicable = prop.inapplicable(std, params);
      if (inapplicable) return { outcome: 'unsupported', message: inapplicable, sides: [] };
      const env = { ctx, std, params, producer, consumer, reference: REFERENCE, fields: (op: OpName, inputs: ByteMap) => fieldsFromInputs(std, op, inputs) };
      const fcSeed = fastCheckSeed(ctx.seed, caseId);
      const details = await prop.check(env, fcSeed, s.runs);
      if (!details.failed) return { outcome: 'pass', message: `${details.numRuns} random cases (fast-check seed ${fcSeed}): ${prop.holds(env)}`, sides: [] };
      const err = details.errorInstance;
      if (!(err instanceof FuzzFailure)) return { outcome: 'error', message: `fuzz harness: ${describeError(err)} (fast-check seed ${fcSeed})`, sides: [] };
      const minimal = details.counterexample ? prop.describe(details.counterexample[0], std, params) : 'no counterexample';
      const path = details.counterexamplePath ?? '';
      const what = `${producer} → ${consumer}, ${std.id} ${std.paramsId(params)}: ${err.verdict.message} (${minimal})`;
      const saved =
        s.regressionDir && err.regression
          ? await saveRegression(s.regressionDir, ctx, std, params, s.voters, err.regression, {
              caseId,
              seed: ctx.seed,
              fcSeed,
              path,
              replay: s.replay(caseId),
              what,
            })
          : undefined;
      const where = saved === undefined ? '' : 'path' in saved ? ` Regression vector: ${saved.path}.` : ` ${saved.why}.`;
      const found = `minimal case after ${details.numShrinks} shrinks of a failure at run ${details.numRuns}: ${minimal}; fast-check seed ${fcSeed}, path ${path}.`;
      return { ...err.verdict, message: `${err.verdict.message} — ${found}${where}` };
    },
  };
}

/** What {@link runFuzz} needs. */
export interface FuzzOptions {
  readonly standards: readonly Standard[];
  readonly adapters: readonly Adapter[];
  readonly runs: number;
  readonly seed: string;
  readonly regressionDir?: string;
  /** Case id patterns (`*` wildcard). */
  readonly cases?: readonly string[];
  readonly expectations?: readonly KnownDeviation[];
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  /** Extra flags of the replay command (beyond seed, runs and case). */
  readonly replayFlags?: string;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly onResult?: (result: CaseResult, done: number, total: number) => void;
}

/** Fuzzes every pair and returns the report (kind `fuzz` results). */
export function runFuzz(o: FuzzOptions): Promise<Report> {
  const flags = `--runs ${o.runs}${o.replayFlags ? ` ${o.replayFlags}` : ''}`;
  const property = fuzzProperty({
    runs: o.runs,
    voters: o.adapters.map((a) => a.id),
    replay: (caseId) => `npx bothends fuzz ${shellFlag('--seed', o.seed)} ${flags} ${shellFlag('--case', caseId)}`,
    ...(o.regressionDir ? { regressionDir: o.regressionDir } : {}),
  });
  return runSuite({
    standards: o.standards,
    adapters: o.adapters,
    kinds: ['fuzz'],
    vectors: [],
    fuzz: property,
    command: 'fuzz',
    replayFlags: flags,
    seed: o.seed,
    timeoutMs: o.timeoutMs ?? 120_000,
    concurrency: o.concurrency ?? 4,
    ...(o.cases?.length ? { cases: o.cases } : {}),
    ...(o.expectations ? { expectations: o.expectations } : {}),
    ...(o.onResult ? { onResult: o.onResult } : {}),
    config: { ...(o.config ?? {}), runs: o.runs, regressionDir: o.regressionDir ?? null },
  });
}
