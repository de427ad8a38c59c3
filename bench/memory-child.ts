/**
 * Child process of section (e): runs a synthetic plan of N cases through the runner and prints
 * one JSON line with its memory. Run in a fresh process per N so the peak RSS is that plan's.
 *
 *   node dist/bench/memory-child.js N
 */
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import { runCases } from '../src/core/runner.js';
import { STANDARDS } from '../src/standards/index.js';
import type { MemorySample } from './memory-sample.js';
import { collectGarbage } from './stats.js';
import { runnerOptions, syntheticCases, workloadFor } from './synthetic.js';

const MIB = 1024 * 1024;
const SAMPLE_EVERY = 1000;
/** Consumers per produced artifact, as in a matrix row. */
const GROUP = 10;

async function main(n: number): Promise<MemorySample> {
  const adapter = BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto');
  const w = adapter && workloadFor(adapter, STANDARDS, 64);
  if (!w) throw new Error('the memory benchmark needs the node-crypto adapter with aes-gcm');
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  const cases = syntheticCases(w, n, GROUP);
  collectGarbage();
  const planHeap = process.memoryUsage().heapUsed - baseline;
  let peakHeap = 0;
  const t0 = performance.now();
  const results = await runCases(cases, new Map([[adapter.id, adapter]]), {
    ...runnerOptions('bench-memory'),
    onResult: (_r, done) => {
      if (done % SAMPLE_EVERY === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    },
  });
  const runMs = performance.now() - t0;
  const failed = results.filter((r) => r.outcome !== 'pass').length;
  if (failed) throw new Error(`${failed} synthetic cases did not pass`);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - baseline;
  const mib = (b: number): number => Math.round((b / MIB) * 10) / 10;
  return {
    cases: results.length,
    planHeapMiB: mib(planHeap),
    peakHeapMiB: mib(peakHeap),
    retainedHeapMiB: mib(retained),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    runMs: Math.round(runMs),
  };
}

const n = Number(process.argv[2]);
if (!Number.isSafeInteger(n) || n < 1) {
  process.stderr.write('usage: memory-child.js N\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await main(n))}\n`);
}
