/**
 * The runner: executes cases with bounded concurrency and a time budget per case. A case
 * that throws, hangs or returns garbage becomes an `error` result with its stage; the run
 * always goes on and returns one result per case.
 */
import type { Adapter } from './adapter.js';
import type { Case, CaseContext } from './case.js';
import { TimeoutError, describeError } from './errors.js';
import { executeCase } from './execute.js';
import type { CaseResult } from './model.js';
import type { Progress, Verdict } from './step.js';

/** How to run. */
export interface RunnerOptions {
  readonly seed: string;
  /** Cases in flight at once. */
  readonly concurrency: number;
  /** Budget per case in milliseconds. */
  readonly timeoutMs: number;
  /** The command that replays one case, for the report. */
  readonly replay: (c: Case) => string;
  /** Called after each case, in completion order. */
  readonly onResult?: (result: CaseResult, done: number, total: number) => void;
}

/** Races `work` against a timer that is always cleared. */
async function withTimeout<T>(work: Promise<T>, ms: number, progress: Progress): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms, progress.stage)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function verdictOf(c: Case, ctx: CaseContext, timeoutMs: number): Promise<Verdict> {
  if (c.preset) return c.preset;
  try {
    return await withTimeout(executeCase(ctx, c), timeoutMs, ctx.progress);
  } catch (err) {
    const stage = ctx.progress.stage;
    const what = err instanceof TimeoutError ? `${err.message}${stage ? ` during ${stage}` : ''}` : `harness error: ${describeError(err)}`;
    return stage === undefined ? { outcome: 'error', message: what, sides: [] } : { outcome: 'error', message: what, stage, sides: [] };
  }
}

/** The result record of a case and its verdict. */
export function toResult(c: Case, v: Verdict, durationMs: number, replay: string): CaseResult {
  const r: CaseResult = {
    id: c.id,
    standard: c.standard.id,
    kind: c.kind,
    params: c.params,
    paramsId: c.paramsId,
    producer: c.producer,
    consumer: c.consumer,
    ...(c.vector ? { vector: c.vector } : {}),
    ...(c.mutation ? { mutation: c.mutation } : {}),
    expected: c.expected,
    expectedBecause: c.expectedBecause,
    outcome: v.outcome,
    ...(v.failure ? { failure: v.failure } : {}),
    message: v.message,
    ...(v.stage ? { stage: v.stage } : {}),
    sides: v.sides,
    durationMs: Math.round(durationMs * 1000) / 1000,
    replay,
  };
  return r;
}

/** Runs single cases against a set of adapters, sharing one artifact memo. */
export interface Executor {
  run(c: Case, timeoutMs: number): Promise<{ readonly verdict: Verdict; readonly durationMs: number }>;
}

/** An executor over `adapters` whose cases share one memo, so each artifact is produced once. */
export function makeExecutor(seed: string, adapters: ReadonlyMap<string, Adapter>): Executor {
  const memo = new Map<string, Promise<unknown>>();
  const adapter = (id: string): Adapter => {
    const a = adapters.get(id);
    if (!a) throw new Error(`no adapter ${id}`);
    return a;
  };
  const memoize = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      memo.set(key, p);
    }
    return p;
  };
  return {
    async run(c, timeoutMs) {
      const progress: Progress = { stage: undefined };
      const t0 = performance.now();
      const verdict = await verdictOf(c, { seed, progress, adapter, memo: memoize }, timeoutMs);
      return { verdict, durationMs: c.preset ? 0 : performance.now() - t0 };
    },
  };
}

/** Runs every case; results come back in plan order whatever the completion order. */
export async function runCases(cases: readonly Case[], adapters: ReadonlyMap<string, Adapter>, opts: RunnerOptions): Promise<CaseResult[]> {
  const executor = makeExecutor(opts.seed, adapters);
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const c = cases[index]!;
      const { verdict, durationMs } = await executor.run(c, opts.timeoutMs);
      const result = toResult(c, verdict, durationMs, opts.replay(c));
      results[index] = result;
      opts.onResult?.(result, ++done, cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, lane));
  return results;
}
