/** The record the memory child (bench/memory-child.ts) prints for one plan size and mode; MiB and ms. */
export interface MemorySample {
  readonly cases: number;
  /** `stream`: results written to an NDJSON file as they complete, none kept; `retain`: all kept in memory. */
  readonly mode: 'stream' | 'retain';
  /** Heap in use after building the plan, above the baseline (after a full collection). */
  readonly planHeapMiB: number;
  /** Largest live heap seen while running (after a full collection every 5000 results), above the baseline. */
  readonly peakHeapMiB: number;
  /** The run's own working heap: the peak less the plan. */
  readonly runHeapMiB: number;
  /** Heap still in use after the run beyond the plan (the kept results), after a full collection. */
  readonly retainedHeapMiB: number;
  /** Results the runner returned (0 when streamed). */
  readonly resultsKept: number;
  /** The process's peak resident set size. */
  readonly peakRssMiB: number;
  /** Size of the NDJSON results file (0 when retained). */
  readonly streamedMiB: number;
  readonly runMs: number;
}
