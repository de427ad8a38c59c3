/**
 * Fault isolation and parallelism for in-process adapters: a pool of worker threads, one per
 * core, each running batches of cases. A case that throws or hangs asynchronously is caught
 * inside the worker (per-case timeout). A case that blocks the event loop (an infinite loop),
 * exhausts the worker's memory cap or kills its thread is blamed by the main thread's
 * watchdog: that case becomes an `error`, the worker is replaced, the rest of its batch is
 * requeued, and the run goes on. Cases of other adapter kinds (subprocess and external peers,
 * already isolated by their process) run on the main thread at the same time.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Adapter } from './adapter.js';
import type { Case } from './case.js';
import type { CaseResult } from './model.js';
import { projectPath } from './paths.js';
import { runCases, toResult, type RunnerOptions } from './runner.js';
import type { Verdict } from './step.js';

/** A case as it crosses to a worker: the standard by id. */
export type CaseData = Omit<Case, 'standard' | 'execute'> & { readonly standard: string };

/** What a worker is started with. */
export interface WorkerInit {
  readonly seed: string;
  readonly timeoutMs: number;
  /** Module URLs whose `adapters` export adds in-process adapters (beyond the built-in ones). */
  readonly adapterModules: readonly string[];
}

/** Main → worker. */
export interface ToWorker {
  readonly items: ReadonlyArray<{ readonly index: number; readonly data: CaseData }>;
}

/** Worker → main. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'idle' }
  | { readonly type: 'start'; readonly index: number }
  | { readonly type: 'done'; readonly index: number; readonly verdict: Verdict; readonly durationMs: number }
  | { readonly type: 'warning'; readonly message: string };

/** Pool settings on top of the runner's. */
export interface PoolOptions extends RunnerOptions {
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  /** Cases per batch sent to a worker; contiguous, so artifacts are reused within a worker. */
  readonly batchSize?: number;
  /** Heap cap of each worker, in MB. */
  readonly memoryMb?: number;
  /** Extra time the watchdog grants beyond the case timeout before it kills a worker. */
  readonly graceMs?: number;
  readonly adapterModules?: readonly string[];
  /** Told about adapter warnings and worker replacements. */
  readonly onWarning?: (message: string) => void;
}

/** The compiled worker script, or undefined when it is not built (running from sources without a build). */
export function workerScript(): URL | undefined {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith('.ts') ? projectPath('dist', 'src', 'core', 'pool-worker.js') : here.replace(/pool\.js$/, 'pool-worker.js');
  return existsSync(built) ? pathToFileURL(built) : undefined;
}

function toData(c: Case): CaseData {
  const { standard, execute: _execute, ...rest } = c;
  return { ...rest, standard: standard.id };
}

interface Slot {
  worker: Worker;
  inFlight: number | undefined;
  startedAt: number;
  batch: number[];
}

/**
 * Runs the cases that `poolable` admits in worker threads and the rest on the main thread;
 * returns one result per case, in plan order.
 */
export async function runPooled(
  cases: readonly Case[],
  mainAdapters: ReadonlyMap<string, Adapter>,
  poolable: (c: Case) => boolean,
  o: PoolOptions,
): Promise<CaseResult[]> {
  const script = workerScript();
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let done = 0;
  const record = (index: number, verdict: Verdict, durationMs: number): boolean => {
    if (results[index]) return false;
    const c = cases[index]!;
    results[index] = toResult(c, verdict, durationMs, o.replay(c));
    o.onResult?.(results[index]!, ++done, cases.length);
    return true;
  };
  const pooled: number[] = [];
  const onMain: number[] = [];
  cases.forEach((c, i) => {
    if (c.preset) record(i, c.preset, 0);
    else (script && poolable(c) ? pooled : onMain).push(i);
  });

  const mainRun = runCases(
    onMain.map((i) => cases[i]!),
    mainAdapters,
    { ...o, onResult: undefined },
  ).then((rs) => rs.forEach((r, k) => {
    const index = onMain[k]!;
    results[index] = r;
    o.onResult?.(r, ++done, cases.length);
  }));

  if (pooled.length > 0) await runInWorkers(script!, cases, pooled, record, o);
  await mainRun;
  return results;
}

function runInWorkers(
  script: URL,
  cases: readonly Case[],
  pooled: readonly number[],
  record: (index: number, verdict: Verdict, durationMs: number) => boolean,
  o: PoolOptions,
): Promise<void> {
  const size = o.batchSize ?? 32;
  const queue: number[][] = [];
  for (let i = 0; i < pooled.length; i += size) queue.push(pooled.slice(i, i + size));
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), queue.length));
  const init: WorkerInit = { seed: o.seed, timeoutMs: o.timeoutMs, adapterModules: [...(o.adapterModules ?? [])] };
  const graceMs = o.graceMs ?? Math.max(250, Math.min(2_000, o.timeoutMs / 2));
  const slots = new Set<Slot>();
  let remaining = pooled.length;

  return new Promise<void>((resolve) => {
    const finishIfDone = (): void => {
      if (remaining > 0) return;
      clearInterval(watchdog);
      for (const s of slots) void s.worker.terminate();
      resolve();
    };
    const complete = (index: number, verdict: Verdict, durationMs: number): void => {
      if (record(index, verdict, durationMs)) remaining--;
    };
    let startFailures = 0;
    const feed = (slot: Slot): void => {
      const batch = queue.shift();
      if (!batch) {
        slots.delete(slot);
        void slot.worker.terminate();
        finishIfDone();
        return;
      }
      slot.batch = batch;
      slot.worker.postMessage({ items: batch.map((index) => ({ index, data: toData(cases[index]!) })) } satisfies ToWorker);
    };
    /** The worker died or hung: blame the case in flight, requeue the rest, start another. */
    const replace = (slot: Slot, why: string): void => {
      if (!slots.delete(slot)) return;
      void slot.worker.terminate();
      const rest = slot.batch.filter((i) => i !== slot.inFlight);
      if (slot.inFlight !== undefined) {
        complete(slot.inFlight, { outcome: 'error', message: why, sides: [] }, performance.now() - slot.startedAt);
        o.onWarning?.(`${cases[slot.inFlight]!.id}: ${why}; worker replaced`);
      } else if (++startFailures > 3) {
        // Workers die before running anything (they cannot even start): give up on the pool.
        for (const index of [...rest, ...queue.flat()]) complete(index, { outcome: 'error', message: `no worker thread could run this case: ${why}`, sides: [] }, 0);
        queue.length = 0;
        finishIfDone();
        return;
      }
      if (rest.length) queue.unshift(rest);
      if (queue.length) spawn();
      finishIfDone();
    };
    const spawn = (): void => {
      const worker = new Worker(script, { workerData: init, resourceLimits: { maxOldGenerationSizeMb: o.memoryMb ?? 1024 } });
      const slot: Slot = { worker, inFlight: undefined, startedAt: 0, batch: [] };
      slots.add(slot);
      worker.on('message', (m: FromWorker) => {
        // A replaced worker's last messages may still arrive: its cases are requeued already,
        // and feeding it a batch would lose that batch.
        if (!slots.has(slot)) return;
        switch (m.type) {
          case 'ready':
          case 'idle':
            slot.batch = [];
            slot.inFlight = undefined;
            feed(slot);
            break;
          case 'start':
            slot.inFlight = m.index;
            slot.startedAt = performance.now();
            break;
          case 'done':
            slot.inFlight = undefined;
            slot.batch = slot.batch.filter((i) => i !== m.index);
            complete(m.index, m.verdict, m.durationMs);
            finishIfDone();
            break;
          case 'warning':
            o.onWarning?.(m.message);
            break;
        }
      });
      worker.on('error', (err) => replace(slot, `the adapter crashed its worker thread: ${err.message}${(err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? ` (memory cap ${o.memoryMb ?? 1024} MB)` : ''}`));
      worker.on('exit', (code) => replace(slot, `the adapter ended its worker thread (exit code ${code})`));
    };
    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const s of slots) {
        const budget = s.inFlight === undefined ? 0 : o.timeoutMs * (cases[s.inFlight]!.budgetFactor ?? 1);
        if (s.inFlight !== undefined && now - s.startedAt > budget + graceMs) {
          replace(s, `timed out after ${budget} ms with the thread blocked (a synchronous hang such as an infinite loop)`);
        }
      }
    }, 100);
    watchdog.unref();
    for (let i = 0; i < workers; i++) spawn();
  });
}
