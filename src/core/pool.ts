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
import { projectPath } from './paths.js';
import { runCases, toResult, type RunnerOptions } from './run-cases.js';
import type { Verdict } from './step.js';

/** A case as it crosses to a worker: the standard by id. */
export type CaseData = Omit<Case, 'standard' | 'execute'> & { readonly standard: string };

/** What a worker is started with. */
export interface WorkerInit {
  readonly seed: string;
  readonly timeoutMs: number;
  /** Module URLs whose `adapters` export lists the in-process adapters a worker runs. */
  readonly adapterModules: readonly string[];
  /** Module URLs whose `standards` export lists the standards a worker's cases name. */
  readonly standardModules: readonly string[];
  /**
   * One Int32 the worker sets to the plan index of the case it is running, and to -1 between
   * cases: the watchdog reads it without a message per case (a message costs as much as a
   * small encryption), so it can still blame the case a blocked thread is stuck in. A second
   * Int32 ({@link RUNNING_SLOT}) holds, while a timer callback runs, the plan index of the case
   * whose code set that timer: a fault from a timer an adapter left behind after its case
   * returned is its own, not the case in flight's.
   */
  readonly inFlight: SharedArrayBuffer;
}

/** Main → worker. */
export interface ToWorker {
  readonly items: ReadonlyArray<{ readonly index: number; readonly data: CaseData }>;
}

/** One finished case. */
export interface Done {
  readonly index: number;
  readonly verdict: Verdict;
  readonly durationMs: number;
}

/**
 * Worker → main. Verdicts travel in groups: at the end of each batch, and at least every
 * {@link FLUSH_MS} while a batch is running, so slow cases still show progress.
 */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'idle' }
  /** `items`: the JSON of a Done[] (faster to pass than the structured clone of many small objects). */
  | { readonly type: 'done'; readonly items: string }
  | { readonly type: 'warning'; readonly message: string };

/** Longest a finished verdict waits in a worker before it is sent. */
export const FLUSH_MS = 50;

/** The value of a worker's in-flight slot between cases. */
export const NONE_IN_FLIGHT = -1;

/** Index in the worker's shared Int32Array of the case whose timer callback is running (see WorkerInit.inFlight). */
export const RUNNING_SLOT = 1;

/** A healthy case whose worker was stopped by other cases' delayed faults is run again at most this many times. */
const MAX_REQUEUES = 3;

/** Pool settings on top of the runner's. */
export interface PoolOptions extends Omit<RunnerOptions, 'retain' | 'onResult'> {
  /** Called after each case, in completion order, with its position in the plan: the pool keeps no results. */
  readonly onResult: NonNullable<RunnerOptions['onResult']>;
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  /** Cases per batch sent to a worker; contiguous, so artifacts are reused within a worker. */
  readonly batchSize?: number;
  /** Heap cap of each worker, in MB. */
  readonly memoryMb?: number;
  /** Extra time the watchdog grants beyond the case timeout before it kills a worker. */
  readonly graceMs?: number;
  readonly adapterModules?: readonly string[];
  readonly standardModules?: readonly string[];
  /** Told about adapter warnings and worker replacements. */
  readonly onWarning?: (message: string) => void;
  /**
   * Cases with the same affinity run in the same worker while it has them (an idle worker may
   * still take them over): e.g. the cases that read one library's key pairs, so that each
   * worker does not make its own (RSA key generation is the slowest work of a run).
   */
  readonly affinity?: (c: Case) => string | undefined;
}

/** The compiled worker script, or undefined when it is not built (running from sources without a build). */
export function workerScript(): URL | undefined {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith('.ts') ? projectPath('dist', 'src', 'core', 'pool-worker.js') : here.replace(/pool\.js$/, 'pool-worker.js');
  return existsSync(built) ? pathToFileURL(built) : undefined;
}

/**
 * The batches of the pooled cases: those with an affinity in the queue of one worker (the same
 * affinity, the same worker), the rest in a shared queue; each in plan order, `size` at most.
 */
export function batchesByWorker(
  cases: readonly Case[],
  pooled: readonly number[],
  size: number,
  workers: number,
  affinity: (c: Case) => string | undefined,
): { shared: number[][]; own: number[][][] } {
  const own = Array.from({ length: workers }, (): number[][] => []);
  const shared: number[][] = [];
  const open = new Map<number[][], number[]>();
  for (const index of pooled) {
    const a = affinity(cases[index]!);
    const queue = a === undefined ? shared : own[stringHash(a) % workers]!;
    let batch = open.get(queue);
    if (!batch || batch.length >= size) queue.push((batch = []));
    open.set(queue, batch);
    batch.push(index);
  }
  return { shared, own };
}

/** A worker with nothing of its own and nothing shared left takes the next batch of the worker with the most left. */
export function steal(own: number[][][]): number[] | undefined {
  const richest = own.reduce((a, b) => (b.length > a.length ? b : a));
  return richest.shift();
}

/** FNV-1a of a string: a stable worker for an affinity. */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** How often the watchdog samples what each worker is running. */
const WATCHDOG_TICK_MS = 100;

function toData(c: Case): CaseData {
  const { standard, execute: _execute, ...rest } = c;
  return { ...rest, standard: standard.id };
}

interface Slot {
  worker: Worker;
  /** Its place in the pool: the cases of its affinity go to it (a replacement takes the same place). */
  index: number;
  /** The worker's in-flight slot (see WorkerInit.inFlight). */
  flight: Int32Array;
  /** The case the watchdog last saw in flight, and since when. */
  seen: number;
  seenAt: number;
  /** Cases sent and not yet reported done. */
  batch: Set<number>;
}

/**
 * Runs the cases that `poolable` admits in worker threads and the rest on the main thread;
 * hands each case's result to `onResult` once, with its plan index, and keeps none.
 */
export async function runPooled(
  cases: readonly Case[],
  mainAdapters: ReadonlyMap<string, Adapter>,
  poolable: (c: Case) => boolean,
  o: PoolOptions,
): Promise<void> {
  const script = workerScript();
  /** 1 once a case has its result: a replaced worker's late messages must not record a case twice. */
  const recorded = new Uint8Array(cases.length);
  let done = 0;
  const record = (index: number, verdict: Verdict, durationMs: number): boolean => {
    if (recorded[index]) return false;
    recorded[index] = 1;
    const c = cases[index]!;
    o.onResult(toResult(c, verdict, durationMs, o.replay(c)), ++done, cases.length, index);
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
    {
      ...o,
      retain: false,
      // Main-thread cases are never requeued, so they need no guard against a second result.
      onResult: (r, _done, _total, k) => o.onResult(r, ++done, cases.length, onMain[k]!),
    },
  );

  if (pooled.length > 0) await runInWorkers(script!, cases, pooled, record, o);
  await mainRun;
}

function runInWorkers(
  script: URL,
  cases: readonly Case[],
  pooled: readonly number[],
  record: (index: number, verdict: Verdict, durationMs: number) => boolean,
  o: PoolOptions,
): Promise<void> {
  const size = o.batchSize ?? 32;
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), Math.ceil(pooled.length / size)));
  const queues = batchesByWorker(cases, pooled, size, workers, o.affinity ?? (() => undefined));
  const queue = queues.shared;
  const init = { seed: o.seed, timeoutMs: o.timeoutMs, adapterModules: [...(o.adapterModules ?? [])], standardModules: [...(o.standardModules ?? [])] };
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
      const batch = queues.own[slot.index]!.shift() ?? queue.shift() ?? steal(queues.own);
      if (!batch) {
        // Nothing left to send: the worker ends once what it holds is done.
        if (slot.batch.size === 0) {
          slots.delete(slot);
          void slot.worker.terminate();
          finishIfDone();
        }
        return;
      }
      for (const index of batch) slot.batch.add(index);
      slot.worker.postMessage({ items: batch.map((index) => ({ index, data: toData(cases[index]!) })) } satisfies ToWorker);
    };
    const requeues = new Map<number, number>();
    /**
     * The worker died or hung: blame the case whose code was running (the case in flight, or
     * the earlier case that set the timer now running), requeue the rest, start another.
     */
    const replace = (slot: Slot, why: string): void => {
      if (!slots.delete(slot)) return;
      const inFlight = Atomics.load(slot.flight, 0);
      const running = Atomics.load(slot.flight, RUNNING_SLOT);
      void slot.worker.terminate();
      if (running !== NONE_IN_FLIGHT && running !== inFlight) {
        // A delayed fault: a timer left by an earlier case. That case is charged (if its result
        // has not been reported yet; else a warning names it); the case in flight runs again.
        const culprit = cases[running]!;
        const late = `${why}, in a timer that ${culprit.id} left running after its operation returned`;
        const unreported = slot.batch.delete(running);
        if (unreported) complete(running, { outcome: 'error', message: late, sides: [] }, 0);
        o.onWarning?.(
          `delayed fault: ${late} (adapters ${culprit.producer}, ${culprit.consumer}); worker replaced${unreported ? '' : '; that case had already passed its result on'}`,
        );
        if (inFlight !== NONE_IN_FLIGHT && slot.batch.has(inFlight)) {
          const n = (requeues.get(inFlight) ?? 0) + 1;
          requeues.set(inFlight, n);
          if (n > MAX_REQUEUES) {
            slot.batch.delete(inFlight);
            complete(
              inFlight,
              { outcome: 'error', message: `its worker thread was stopped ${n} times by other cases' delayed faults (last: ${late})`, sides: [] },
              0,
            );
          }
        }
        // Everything it held, the case in flight included, is run again by another worker.
        if (slot.batch.size) queues.own[slot.index]!.unshift([...slot.batch]);
        spawn(slot.index);
        finishIfDone();
        return;
      }
      // Cases it finished but had not reported yet are run again by another worker.
      const rest = [...slot.batch].filter((i) => i !== inFlight);
      if (inFlight !== NONE_IN_FLIGHT && slot.batch.has(inFlight)) {
        complete(inFlight, { outcome: 'error', message: why, sides: [] }, slot.seen === inFlight ? performance.now() - slot.seenAt : 0);
        o.onWarning?.(`${cases[inFlight]!.id}: ${why}; worker replaced`);
      } else if (++startFailures > 3) {
        // Workers die before running anything (they cannot even start): give up on the pool.
        for (const index of [...rest, ...queue.flat(), ...queues.own.flat(2)])
          complete(index, { outcome: 'error', message: `no worker thread could run this case: ${why}`, sides: [] }, 0);
        queue.length = 0;
        for (const q of queues.own) q.length = 0;
        finishIfDone();
        return;
      }
      if (rest.length) queues.own[slot.index]!.unshift(rest);
      spawn(slot.index);
      finishIfDone();
    };
    const spawn = (index: number): void => {
      const inFlight = new SharedArrayBuffer(8);
      const flight = new Int32Array(inFlight);
      flight.fill(NONE_IN_FLIGHT);
      const worker = new Worker(script, {
        workerData: { ...init, inFlight } satisfies WorkerInit,
        resourceLimits: { maxOldGenerationSizeMb: o.memoryMb ?? 1024 },
      });
      const slot: Slot = { worker, index, flight, seen: NONE_IN_FLIGHT, seenAt: 0, batch: new Set() };
      slots.add(slot);
      worker.on('message', (m: FromWorker) => {
        // A replaced worker's last messages may still arrive: its cases are requeued already,
        // and feeding it a batch would lose that batch.
        if (!slots.has(slot)) return;
        switch (m.type) {
          case 'ready':
            // Two batches outstanding, so a worker never waits for the main thread between batches.
            feed(slot);
            if (slots.has(slot)) feed(slot);
            break;
          case 'idle':
            feed(slot);
            break;
          case 'done':
            for (const d of JSON.parse(m.items) as Done[]) {
              slot.batch.delete(d.index);
              complete(d.index, d.verdict, d.durationMs);
            }
            finishIfDone();
            break;
          case 'warning':
            o.onWarning?.(m.message);
            break;
        }
      });
      worker.on('error', (err) =>
        replace(
          slot,
          `the adapter crashed its worker thread: ${err.message}${(err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? ` (memory cap ${o.memoryMb ?? 1024} MB)` : ''}`,
        ),
      );
      worker.on('exit', (code) => replace(slot, `the adapter ended its worker thread (exit code ${code})`));
    };
    // The case in flight is sampled every tick, so a hang is seen at most one tick late.
    const watchdog = setInterval(() => {
      const now = performance.now();
      for (const s of slots) {
        // A timer callback that runs (and may spin) is the running case's code, even between cases.
        const running = Atomics.load(s.flight, RUNNING_SLOT);
        const index = running !== NONE_IN_FLIGHT ? running : Atomics.load(s.flight, 0);
        if (index !== s.seen) {
          s.seen = index;
          s.seenAt = now;
          continue;
        }
        if (index === NONE_IN_FLIGHT) continue;
        const budget = o.timeoutMs * (cases[index]!.budgetFactor ?? 1);
        if (now - s.seenAt > budget + graceMs) replace(s, `timed out after ${budget} ms with the thread blocked (a synchronous hang such as an infinite loop)`);
      }
    }, WATCHDOG_TICK_MS);
    watchdog.unref();
    for (let i = 0; i < workers; i++) spawn(i);
  });
}
