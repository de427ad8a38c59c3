/** The record the memory child (bench/memory-child.ts) prints for one plan size; MiB and ms. */
export interface MemorySample {
  readonly cases: number;
  /** Heap in use after building the plan, above the baseline (after a full collection). */
  readonly planHeapMiB: number;
  /** Largest heap in use seen while running (sampled every 1000 results). */
  readonly peakHeapMiB: number;
  /** Heap still in use after the run, results held, above the baseline (after a full collection). */
  readonly retainedHeapMiB: number;
  /** The process's peak resident set size. */
  readonly peakRssMiB: number;
  readonly runMs: number;
}
