/**
 * The differential property of a family (kind `fuzz`): draws random inputs, runs the producer
 * and the consumer on them, and throws a {@link FuzzFailure} — with the verdict and the inputs
 * worth saving as a regression vector — when they disagree. Each family module defines its own
 * (./message.ts for the message families, ./agreement.ts, ./pke.ts); src/fuzz runs them.
 */
import fc from 'fast-check';
import type { CaseContext } from '../case.js';
import type { ByteMap, FailureKind, OpName, Params, VectorResult } from '../model.js';
import type { Standard } from '../standard.js';
import { unexpectedFailure, type Step, type Verdict } from '../step.js';
import type { Reference } from './reference.js';

/** What to save when a property fails: the inputs, and which operation's output the vote decides. */
export interface Regression {
  readonly result: VectorResult;
  /** Vector fields besides the decided output. */
  readonly fields: Readonly<Record<string, Uint8Array>>;
  /** For `valid` and `acceptable`: the operation whose output every implementation is asked for. */
  readonly vote?: {
    readonly op: OpName;
    readonly inputs: ByteMap;
    readonly output: string;
    readonly field: string;
    /** The output the producer meant (randomized encryption): a majority answer that differs blames the producer, and nothing is saved. */
    readonly intended?: Uint8Array;
  };
  /** Flag of the saved test: `FuzzRoundTrip` or `FuzzTamper`. */
  readonly flag: 'FuzzRoundTrip' | 'FuzzTamper';
}

/** A property violation: thrown inside fast-check so that it shrinks the inputs. */
export class FuzzFailure extends Error {
  constructor(
    readonly verdict: Verdict,
    readonly regression?: Regression,
  ) {
    super(verdict.message);
    this.name = 'FuzzFailure';
  }
}

/** One producer × consumer pair under one parameter set, and what the property may use. */
export interface PairEnv {
  readonly ctx: CaseContext;
  readonly std: Standard;
  readonly params: Params;
  readonly producer: string;
  readonly consumer: string;
  readonly reference: Reference;
  /** The vector fields that carry these inputs of `op` (for the regression vector). */
  fields(op: OpName, inputs: ByteMap): Record<string, Uint8Array>;
}

/** One family's property, typed by what it draws. */
export interface FamilyProperty<D> {
  /** What a pass means, for the result message. */
  holds(env: PairEnv): string;
  /** Why the property cannot run under these parameters, or undefined. */
  inapplicable?(std: Standard, params: Params): string | undefined;
  readonly arbitrary: fc.Arbitrary<D>;
  check(env: PairEnv, draw: D): Promise<void>;
  describe(draw: D, std: Standard, params: Params): string;
}

/** A family's property, whatever its draw type. */
export interface AnyProperty {
  holds(env: PairEnv): string;
  inapplicable(std: Standard, params: Params): string | undefined;
  check(env: PairEnv, seed: number, runs: number): Promise<fc.RunDetails<[unknown]>>;
  describe(draw: unknown, std: Standard, params: Params): string;
}

/** Erases the draw type of a property. */
export function anyProperty<D>(p: FamilyProperty<D>): AnyProperty {
  return {
    holds: (env) => p.holds(env),
    inapplicable: (std, params) => p.inapplicable?.(std, params),
    check: (env, seed, numRuns) =>
      fc.check(
        fc.asyncProperty(p.arbitrary, (d) => p.check(env, d)),
        { seed, numRuns },
      ) as Promise<fc.RunDetails<[unknown]>>,
    describe: (draw, std, params) => p.describe(draw as D, std, params),
  };
}

/** Throws the verdict of a step that had to succeed. */
export function must(s: Step, who: string, regression: Regression, sides = [s.side]): asserts s is Extract<Step, { ok: true }> {
  if (!s.ok) throw new FuzzFailure(unexpectedFailure(s, sides, who), regression);
}

/** Throws a failing verdict. */
export function fail(failure: FailureKind, message: string, sides: Verdict['sides'], regression: Regression): never {
  throw new FuzzFailure({ outcome: 'fail', failure, stage: failure === 'accepted-invalid' ? 'decrypt' : 'compare', message, sides }, regression);
}
