/**
 * The runner: executes cases with bounded concurrency and a time budget per case. A case
 * that throws, hangs or returns garbage becomes an `error` result with its stage; the run
 * always goes on and returns one result per case.
 */
import type { Adapter } from './adapter.js';
import type { Case, CaseContext } from './case.js';
import { TimeoutError, describeError, type Stage } from './errors.js';
import { familyOf } from './families/index.js';
import { stageOf } from './call-adapter.js';
import { executeCase } from './run-case.js';
import type { CaseResult } from './model.js';
import { withShownBytes, type Progress, type Verdict } from './step.js';

/** How to run. */
export interface RunnerOptions {
  readonly seed: string;
  /** Cases in flight at once. */
  readonly concurrency: number;
  /** Budget per case in milliseconds. */
  readonly timeoutMs: number;
  /** The command that replays one case, for the report. */
  readonly replay: (c: Case) => string;
  /** Called after each case, in completion order; `index` is the case's position in the plan given. */
  readonly onResult?: (result: CaseResult, done: number, total: number, index: number) => void;
  /**
   * false: results are only handed to `onResult` (which streams them, e.g. to disk) and not
   * kept, so the run's memory does not grow with its plan; `runCases` then returns []. Default true.
   */
  readonly retain?: boolean;
}

/**
 * Time budgets of the cases in flight, checked by one timer for all of them rather than a
 * timer per case (arming and clearing one costs as much as a small encryption). A case over
 * its budget is answered with a TimeoutError at the next check; the timer runs only while
 * cases are in flight and never keeps the process alive.
 */
class Deadlines {
  private readonly inFlight = new Set<{ readonly due: number; readonly progress: Progress; readonly ms: number; readonly expire: (e: TimeoutError) => void }>();
  private timer: NodeJS.Timeout | undefined;

  /** `work`, or a TimeoutError once `ms` have passed. */
  race<T>(work: Promise<T>, ms: number, progress: Progress): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = { due: performance.now() + ms, progress, ms, expire: reject };
      this.inFlight.add(entry);
      this.arm(ms);
      work.then(
        (v) => {
          this.inFlight.delete(entry);
          resolve(v);
        },
        (e: unknown) => {
          this.inFlight.delete(entry);
          reject(e);
        },
      );
    });
  }

  /** Checks at a tenth of the budget (at least every 10 ms, at most every second), so a timeout is late by at most that. */
  private arm(ms: number): void {
    if (this.timer) return;
    const every = Math.min(1000, Math.max(10, Math.floor(ms / 10)));
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref();
  }

  private check(): void {
    const now = performance.now();
    for (const e of this.inFlight) {
      if (e.due > now) continue;
      this.inFlight.delete(e);
      e.expire(new TimeoutError(e.ms, e.progress.stage));
    }
    if (this.inFlight.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

async function verdictOf(c: Case, ctx: CaseContext, timeoutMs: number, deadlines: Deadlines): Promise<Verdict> {
  if (c.preset) return c.preset;
  try {
    return withShownBytes(await deadlines.race(executeCase(ctx, c), timeoutMs, ctx.progress));
  } catch (err) {
    if (err instanceof TimeoutError && ctx.progress.stage === undefined) {
      // Still waiting before its first operation (for an adapter process, a shared key pair):
      // the stage is the one it was waiting to begin.
      const stage = firstStage(c);
      return { outcome: 'error', message: `${err.message} waiting to begin ${stage}`, stage, sides: [] };
    }
    const stage = ctx.progress.stage;
    const what = err instanceof TimeoutError ? `${err.message}${stage ? ` during ${stage}` : ''}` : `harness error: ${describeError(err)}`;
    return stage === undefined ? { outcome: 'error', message: what, sides: [] } : { outcome: 'error', message: what, stage, sides: [] };
  }
}

/** The stage a case begins with: its known answer's operation, else its family's first producer (or, for imports, consumer) operation. */
function firstStage(c: Case): Stage {
  const roles = familyOf(c.standard).roles;
  const op = c.kat?.op ?? (c.kind === 'import' ? roles.consumer[0] : roles.producer[0]) ?? 'encrypt';
  return stageOf(op);
}

/** The result record of a case and its verdict. */
export function toResult(c: Case, v: Verdict, durationMs: number, replay: string): CaseResult {
  // Built field by field, in the report's order, rather than from spreads: a run makes one per case.
  const r: Partial<Record<keyof CaseResult, unknown>> = {
    id: c.id,
    standard: c.standard.id,
    kind: c.kind,
    params: c.params,
    paramsId: c.paramsId,
    producer: c.producer,
    consumer: c.consumer,
  };
  if (c.vector) r.vector = c.vector;
  if (c.mutation) r.mutation = c.mutation;
  r.expected = c.expected;
  r.expectedBecause = c.expectedBecause;
  r.outcome = v.outcome;
  if (v.failure) r.failure = v.failure;
  r.message = v.message;
  if (v.stage) r.stage = v.stage;
  if (v.rejection) r.rejection = v.rejection;
  r.sides = v.sides;
  r.durationMs = Math.round(durationMs * 1000) / 1000;
  r.replay = replay;
  if (v.intent) r.intent = v.intent;
  return r as CaseResult;
}

/** Runs single cases against a set of adapters, sharing one artifact memo. */
export interface Executor {
  run(c: Case, timeoutMs: number): Promise<{ readonly verdict: Verdict; readonly durationMs: number }>;
}

/**
 * Artifacts a run keeps per generation of its memo, per thread, beyond the ones kept for the
 * whole run: enough for every consumer of a parameter set to read its producers' artifacts (a
 * plan runs a parameter set's cells together: a dozen producers at half a dozen sizes), few
 * enough that memory does not grow with the plan and that the garbage collector does not spend
 * its time moving artifacts no case will read again (at 4096, a sixth of a small case's time).
 */
export const MEMO_CAPACITY = 512;

/**
 * The run's artifact memo: `keep` entries (key pairs, queues) for the whole run, the rest in
 * two generations of at most {@link MEMO_CAPACITY} each (the scheme of quick-lru): new entries
 * go into the current one; when it is full it becomes the previous one and the one before is
 * dropped; an entry found in the previous generation moves back into the current one. So what
 * is used stays, memory is bounded by twice the capacity, and no operation walks the map (a
 * Map's oldest key, taken after many deletions, is a walk over their holes: it cost as much as
 * a small encryption per case). An artifact dropped and asked for again is made again: the same
 * bytes for deterministic operations, a fresh but equally valid encryption for randomized ones,
 * checked by the case that asks.
 */
export function makeMemo(capacity = MEMO_CAPACITY): CaseContext['memo'] {
  const kept = new Map<string, Promise<unknown>>();
  let current = new Map<string, Promise<unknown>>();
  let previous = new Map<string, Promise<unknown>>();
  const add = (key: string, p: Promise<unknown>): void => {
    if (current.size >= capacity) {
      previous = current;
      current = new Map();
    }
    current.set(key, p);
  };
  return <T>(key: string, make: () => Promise<T>, keep = false): Promise<T> => {
    const found = current.get(key) ?? kept.get(key);
    if (found) return found as Promise<T>;
    const old = previous.get(key);
    if (old) {
      previous.delete(key);
      add(key, old);
      return old as Promise<T>;
    }
    const p = make();
    if (keep) kept.set(key, p);
    else add(key, p);
    return p;
  };
}

/** An executor over `adapters` whose cases share one memo, so each artifact is produced once. */
export function makeExecutor(seed: string, adapters: ReadonlyMap<string, Adapter>, memoCapacity = MEMO_CAPACITY): Executor {
  const memo = makeMemo(memoCapacity);
  const deadlines = new Deadlines();
  const adapter = (id: string): Adapter => {
    const a = adapters.get(id);
    if (!a) throw new Error(`no adapter ${id}`);
    return a;
  };
  return {
    async run(c, timeoutMs) {
      const progress: Progress = { stage: undefined };
      const t0 = performance.now();
      const verdict = await verdictOf(c, { seed, progress, adapter, memo }, timeoutMs * (c.budgetFactor ?? 1), deadlines);
      return { verdict, durationMs: c.preset ? 0 : performance.now() - t0 };
    },
  };
}

/** Runs every case; results come back in plan order whatever the completion order. */
export async function runCases(cases: readonly Case[], adapters: ReadonlyMap<string, Adapter>, opts: RunnerOptions): Promise<CaseResult[]> {
  const executor = makeExecutor(opts.seed, adapters);
  const retain = opts.retain ?? true;
  const results: CaseResult[] = retain ? new Array<CaseResult>(cases.length) : [];
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const c = cases[index]!;
      const { verdict, durationMs } = await executor.run(c, opts.timeoutMs);
      const result = toResult(c, verdict, durationMs, opts.replay(c));
      if (retain) results[index] = result;
      opts.onResult?.(result, ++done, cases.length, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, lane));
  return results;
}
