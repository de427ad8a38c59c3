/**
 * Child process of section (e): runs a synthetic plan of N cases through the runner and prints
 * one JSON line with its memory. Run in a fresh process per N (and per mode) so the peak RSS
 * is that plan's.
 *
 *   node dist/bench/memory-child.js N [stream|retain]
 *
 * `stream` (the default): every result is written to an NDJSON file as it completes and not
 * kept, as a run that streams its results to disk does; `retain`: results are kept in memory,
 * as the report assembly of `bothends run` keeps them.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import { runCases } from '../src/core/run-cases.js';
import { NdjsonWriter } from '../src/report/ndjson.js';
import { STANDARDS } from '../src/standards/index.js';
import type { MemorySample } from './memory-sample.js';
import { collectGarbage } from './stats.js';
import { runnerOptions, syntheticCases, workloadFor } from './synthetic.js';

const MIB = 1024 * 1024;
/**
 * Live heap is sampled after a full collection every this many results: without one, the heap
 * in use counts garbage V8 has not yet collected, which grows with the allocation rate and not
 * with what the run holds.
 */
const SAMPLE_EVERY = 5000;
/** Consumers per produced artifact, as in a matrix row. */
const GROUP = 10;

async function main(n: number, mode: 'stream' | 'retain'): Promise<MemorySample> {
  const adapter = BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto');
  const w = adapter && workloadFor(adapter, STANDARDS, 64);
  if (!w) throw new Error('the memory benchmark needs the node-crypto adapter with aes-gcm');
  const dir = mkdtempSync(join(tmpdir(), 'bothends-bench-memory-'));
  const file = join(dir, 'results.ndjson');
  // The writer `bothends run --format ndjson` streams with, so what is measured is what a run holds.
  const sink = new NdjsonWriter(file);
  try {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    const cases = syntheticCases(w, n, GROUP);
    collectGarbage();
    const planHeap = process.memoryUsage().heapUsed - baseline;
    let peakHeap = 0;
    let failed = 0;
    const t0 = performance.now();
    const results = await runCases(cases, new Map([[adapter.id, adapter]]), {
      ...runnerOptions('bench-memory'),
      retain: mode === 'retain',
      onResult: (r, done) => {
        if (r.outcome !== 'pass') failed++;
        if (mode === 'stream') sink.write(r);
        if (done % SAMPLE_EVERY === 0) {
          collectGarbage();
          peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        }
      },
    });
    sink.flush();
    const runMs = performance.now() - t0;
    if (failed) throw new Error(`${failed} synthetic cases did not pass`);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - baseline;
    const mib = (b: number): number => Math.round((b / MIB) * 10) / 10;
    return {
      cases: n,
      mode,
      planHeapMiB: mib(planHeap),
      peakHeapMiB: mib(peakHeap - baseline),
      runHeapMiB: mib(Math.max(0, peakHeap - baseline - planHeap)),
      retainedHeapMiB: mib(Math.max(0, retained - planHeap)),
      resultsKept: results.length,
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
      streamedMiB: sink.opened ? mib(statSync(file).size) : 0,
      runMs: Math.round(runMs),
    };
  } finally {
    sink.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const n = Number(process.argv[2]);
const mode = process.argv[3] ?? 'stream';
if (!Number.isSafeInteger(n) || n < 1 || (mode !== 'stream' && mode !== 'retain')) {
  process.stderr.write('usage: memory-child.js N [stream|retain]\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await main(n, mode))}\n`);
}
