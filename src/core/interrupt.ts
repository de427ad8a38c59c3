/**
 * What must happen when a run is interrupted (SIGINT, SIGTERM): the private temp directories
 * (GnuPG homes with secret keys, password files) removed, adapter processes and daemons
 * stopped, the live results file closed. Whoever makes such a thing registers how to undo it
 * and unregisters once it is undone; the CLI's signal handler runs whatever is registered.
 */

type Cleanup = () => unknown;

const pending = new Set<{ readonly order: number; readonly fn: Cleanup }>();
let stopping = false;

/** True once an interruption's cleanups began: no new private directory may be made after that. */
export function interrupted(): boolean {
  return stopping;
}

/** Throws when the run is being interrupted: called before making something that would need cleaning up. */
export function refuseIfInterrupted(what: string): void {
  if (stopping) throw new Error(`interrupted: not ${what}`);
}

/**
 * Registers `fn` to run if the process is interrupted; returns the function that unregisters it.
 * `order`: lower runs first and is awaited before the next (adapters are disposed, order 0,
 * before the directories they work in are removed, order 1).
 */
export function onInterrupt(fn: Cleanup, order = 1): () => void {
  const entry = { order, fn };
  pending.add(entry);
  return () => pending.delete(entry);
}

/**
 * Runs every registered cleanup (each at most once, failures ignored), lowest order first,
 * waiting at most `budgetMs` in all. Work still in flight may register more while this runs
 * (a directory whose creation had begun): those are run too.
 */
export async function runInterruptCleanups(budgetMs: number): Promise<void> {
  stopping = true;
  const deadline = Date.now() + budgetMs;
  while (pending.size > 0 && Date.now() < deadline) {
    const order = Math.min(...[...pending].map((e) => e.order));
    const batch = [...pending].filter((e) => e.order === order);
    for (const e of batch) pending.delete(e);
    const work = Promise.all(
      batch.map(async (e) => {
        try {
          await e.fn();
        } catch {
          // A cleanup that fails must not keep the others from running.
        }
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
    // Give work in flight a moment to register what it was making.
    if (pending.size === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
