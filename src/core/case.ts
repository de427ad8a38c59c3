/**
 * A case: one unit of work, as data. `executeCase` (run-case.ts) runs it from its fields alone,
 * so a case can be sent to a worker thread and run there. Cases whose outcome is decided
 * without running (an adapter not installed, a parameter a side cannot express) carry a
 * preset verdict instead.
 */
import type { Adapter } from './adapter.js';
import type { CaseIdentity, KatTest, OpName } from './model.js';
import type { Standard } from './standard.js';
import type { Progress, Verdict } from './step.js';

/** What a running case may use. */
export interface CaseContext {
  readonly seed: string;
  readonly progress: Progress;
  adapter(id: string): Adapter;
  /**
   * Runs `make` once per key, so each artifact is produced once and read by every consumer.
   * `keep`: for the whole run (key pairs, which are slow to make and which other cases rely on
   * being the same); otherwise among the most recently used artifacts, so memory stays flat
   * however many cases a run has (see core/run-cases.ts makeMemo).
   */
  memo<T>(key: string, make: () => Promise<T>, keep?: boolean): Promise<T>;
}

/**
 * A context for running a case's steps outside a run (proving an intent resolution, trying a
 * browser's parameters, tests): `seed`, the adapters `adapter` finds, and a memo that keeps every
 * artifact, so each is made once.
 */
export function standaloneContext(seed: string, adapter: (id: string) => Adapter): CaseContext {
  const memo = new Map<string, Promise<unknown>>();
  return {
    seed,
    progress: { stage: undefined },
    adapter,
    memo: <T>(key: string, make: () => Promise<T>) => (memo.get(key) ?? memo.set(key, make()).get(key)!) as Promise<T>,
  };
}

/** One planned case. */
export interface Case extends CaseIdentity<Standard> {
  /**
   * How many ordinary cases' worth of work this case is: its time budget is this many times the
   * run's per-case timeout (an ACVP Monte Carlo test chains 100,000 encryptions). Default 1.
   */
  readonly budgetFactor?: number;
  /** Set when the outcome is decided without running. */
  readonly preset?: Verdict;
  /** Intent cases: the id of the standard's intent both sides are called as. */
  readonly intent?: string;
  /** Known-answer and import cases: the vector test and the operation to run on it. */
  /** `without`: inputs of the operation left out (see KatOp.incidental). */
  readonly kat?: { readonly test: KatTest; readonly op: OpName; readonly without?: readonly string[] };
  /**
   * A custom executor, for cases that are not plain data (tests, ad-hoc kinds). Such cases
   * always run on the main thread; planned cases leave it unset.
   */
  readonly execute?: (ctx: CaseContext) => Promise<Verdict>;
}
