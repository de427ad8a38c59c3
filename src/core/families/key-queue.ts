/**
 * Key generation for the `pke` family: pairs a case waits for are made at once; the pairs of
 * the standard's other sizes and encodings are fetched ahead, one at a time per thread, while
 * the cheap 2048-bit grids run. RSA key generation takes from a fraction of a second (2048
 * bits) to several seconds (4096 bits, more on a busy machine): made only when their grid
 * begins, a dozen of them side by side make the cases that wait for them time out. The queue
 * lives in the run's memo, so it is per run and per thread, like the pairs themselves.
 */
import type { CaseContext } from '../case.js';

/**
 * Fetches ahead run one at a time, in arrival order; a job a case waits for starts at once,
 * taking its job out of the fetch-ahead line if it is still waiting there.
 */
export class KeyQueue {
  private busy = false;
  private readonly ahead = new Map<string, () => Promise<void>>();

  /** Runs `run` now when `urgent`, else queues it under `key` behind the other fetches ahead. */
  add(key: string, run: () => Promise<void>, urgent: boolean): void {
    if (urgent) void run();
    else this.ahead.set(key, run);
    this.pump();
  }

  /** Starts the fetch ahead under `key` now, if it has not started yet. */
  promote(key: string): void {
    const run = this.ahead.get(key);
    if (!run) return;
    this.ahead.delete(key);
    void run();
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.ahead.entries().next().value;
    if (!next) return;
    const [key, run] = next;
    this.ahead.delete(key);
    this.busy = true;
    void run().finally(() => {
      this.busy = false;
      this.pump();
    });
  }
}

/** The run's (this thread's) key queue. */
function keyQueue(ctx: CaseContext): Promise<KeyQueue> {
  return ctx.memo('pke-key-queue', async () => new KeyQueue(), true);
}

/**
 * `make()` run through the queue, once per `key` for the whole run: the memoised result.
 * `urgent` is true when a case waits for it, false when it is fetched ahead.
 */
export async function queued<T>(ctx: CaseContext, key: string, make: () => Promise<T>, urgent: boolean): Promise<T> {
  const queue = await keyQueue(ctx);
  const result = ctx.memo(key, () => new Promise<T>((resolve, reject) => queue.add(key, () => make().then(resolve, reject), urgent)), true);
  if (urgent) queue.promote(key);
  return result;
}
