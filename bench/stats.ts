/**
 * Measuring helpers of `npm run bench`: interleaved rounds and medians, and a forced garbage
 * collection for the memory section.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

let collector: (() => void) | undefined;

/** Runs a full garbage collection (enabling `gc` for this process on first use). */
export function collectGarbage(): void {
  if (!collector) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
}

/** One way of doing the same work: `prepare(n)` builds what `n` operations need, untimed (it may be asynchronous); the result runs them. */
export interface Contender {
  readonly name: string;
  prepare(n: number): (() => Promise<void>) | Promise<() => Promise<void>>;
}

/**
 * Milliseconds one prepared batch takes. No garbage collection is forced before it: after a
 * full collection V8 shrinks the young generation, and a batch of an allocating contender then
 * runs at half speed until it has grown back (measured: a runner batch of 1,000 cases took
 * 3.5 times as long right after gc() as without), which a run never sees. Interleaved rounds
 * and medians spread the collections contenders leave each other.
 */
async function timeBatch(c: Contender, n: number): Promise<number> {
  const run = await c.prepare(n);
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** The batch size that takes about `targetMs` (at least 1). */
async function calibrate(c: Contender, targetMs: number): Promise<number> {
  let n = 16;
  for (;;) {
    const ms = await timeBatch(c, n);
    if (ms >= targetMs / 4 || n >= 1 << 22) return Math.max(1, Math.round((n * targetMs) / Math.max(ms, 0.001)));
    n *= 4;
  }
}

/** Operations per second of each contender: the median of `rounds` batches. */
export interface Measured {
  readonly name: string;
  readonly opsPerSec: number;
  readonly batch: number;
  readonly samples: readonly number[];
}

/**
 * Measures every contender in the same process, interleaved: each round runs one batch of each,
 * starting with a different contender each round, so drift (heat, JIT, the neighbour's load)
 * touches all alike. Reports the median per contender.
 */
export async function interleaved(contenders: readonly Contender[], rounds: number, targetMs: number): Promise<Measured[]> {
  const sizes: number[] = [];
  for (const c of contenders) sizes.push(await calibrate(c, targetMs));
  const samples = contenders.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (r + k) % contenders.length;
      const ms = await timeBatch(contenders[i]!, sizes[i]!);
      samples[i]!.push((sizes[i]! * 1000) / ms);
    }
  }
  return contenders.map((c, i) => ({ name: c.name, opsPerSec: median(samples[i]!), batch: sizes[i]!, samples: samples[i]!.map((s) => Math.round(s)) }));
}
