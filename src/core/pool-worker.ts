/**
 * The worker side of the pool: rebuilds cases from their data, runs them one at a time on the
 * in-process adapters, and reports each start and each verdict. The adapters and standards come
 * from the registry modules the main thread names (WorkerInit), so core imports neither. If an adapter blocks this
 * thread, runs it out of memory or kills it, the main thread notices, blames the case in
 * flight and starts a new worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Adapter } from './adapter.js';
import type { Case } from './case.js';
import type { Standard } from './standard.js';
import { describeError } from './errors.js';
import { makeExecutor } from './run-cases.js';
import { FLUSH_MS, NONE_IN_FLIGHT, RUNNING_SLOT, type CaseData, type Done, type FromWorker, type ToWorker, type WorkerInit } from './pool.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

process.on('unhandledRejection', (reason) => send({ type: 'warning', message: `unhandled rejection from an adapter: ${describeError(reason)}` }));

async function loadAdapters(): Promise<Map<string, Adapter>> {
  const list: Adapter[] = [];
  for (const url of init.adapterModules) list.push(...((await import(url)) as { adapters: readonly Adapter[] }).adapters);
  return new Map(list.map((a) => [a.id, a]));
}

async function loadStandards(): Promise<Map<string, Standard>> {
  const list: Standard[] = [];
  for (const url of init.standardModules) list.push(...((await import(url)) as { standards: readonly Standard[] }).standards);
  return new Map(list.map((s) => [s.id, s]));
}

const standards = await loadStandards();

function revive(d: CaseData): Case {
  const standard = standards.get(d.standard);
  if (!standard) throw new Error(`worker knows no standard ${d.standard}`);
  return { ...d, standard };
}

const flight = new Int32Array(init.inFlight);

/**
 * Which case's code is running. A timer belongs to the case whose code set it: the case in
 * flight (cases run one at a time here), or the case whose timer callback is running. Each
 * callback writes its case into the shared RUNNING_SLOT while it runs: if it spins or ends the
 * thread after its case returned, the main thread charges that case, not the one in flight.
 * (No AsyncLocalStorage: its promise hooks would slow every operation down.)
 */
function attributed<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const running = Atomics.load(flight, RUNNING_SLOT);
  const who = running !== NONE_IN_FLIGHT ? running : Atomics.load(flight, 0);
  if (who === NONE_IN_FLIGHT) return fn;
  return (...args: A): R => {
    const before = Atomics.exchange(flight, RUNNING_SLOT, who);
    try {
      return fn(...args);
    } finally {
      Atomics.store(flight, RUNNING_SLOT, before);
    }
  };
}
for (const name of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
  const original = globalThis[name] as (cb: (...a: unknown[]) => unknown, ...rest: unknown[]) => unknown;
  const wrapped = (cb: unknown, ...rest: unknown[]): unknown =>
    original(typeof cb === 'function' ? attributed(cb as (...a: unknown[]) => unknown) : (cb as never), ...rest);
  // util.promisify(setTimeout) and friends keep working: their custom promisified forms are copied over.
  Object.assign(wrapped, original);
  (globalThis as Record<string, unknown>)[name] = wrapped;
}

const executor = makeExecutor(init.seed, await loadAdapters());
let queue: Promise<void> = Promise.resolve();

port.on('message', (m: ToWorker) => {
  queue = queue.then(async () => {
    let done: Done[] = [];
    let sentAt = performance.now();
    for (const item of m.items) {
      Atomics.store(flight, 0, item.index);
      try {
        const { verdict, durationMs } = await executor.run(revive(item.data), init.timeoutMs);
        done.push({ index: item.index, verdict, durationMs });
      } catch (err) {
        done.push({ index: item.index, verdict: { outcome: 'error', message: `harness error in worker: ${describeError(err)}`, sides: [] }, durationMs: 0 });
      }
      Atomics.store(flight, 0, NONE_IN_FLIGHT);
      const now = performance.now();
      if (now - sentAt >= FLUSH_MS) {
        send({ type: 'done', items: JSON.stringify(done) });
        done = [];
        sentAt = now;
      }
    }
    if (done.length) send({ type: 'done', items: JSON.stringify(done) });
    send({ type: 'idle' });
  });
});
send({ type: 'ready' });
