/**
 * Sections (b) to (e) of `npm run bench`: the external protocol's overhead (measured by
 * bench/protocol.ts when it exists), the full default run, the OpenPGP section, and memory
 * against plan size. Each returns data; bench/report.ts spells it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeError } from '../src/core/errors.js';
import type { Standard } from '../src/core/standard.js';
import { runHasFlag, timeCliRun, type CliRun } from './cli-run.js';
import type { MemorySample } from './memory-sample.js';
import { installedSops, perProcessRun, SOP_PROGRAMS, type PerProcessRun } from './sop-per-process.js';
import { checkClaim, type Adapter } from '../src/core/adapter.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { openpgp } from '../src/standards/openpgp.js';
import { median } from './stats.js';

/** Section (b). */
export type ProtocolSection =
  | { readonly status: 'not available yet'; readonly reason: string }
  | { readonly status: 'error'; readonly reason: string }
  | { readonly status: 'measured'; readonly result: unknown };

/** The measuring function bench/protocol.ts exports: `measureProtocol`, else its default export. */
function measuringFunction(mod: Record<string, unknown>): (() => unknown) | undefined {
  const named = mod['measureProtocol'] ?? mod['default'];
  if (typeof named === 'function') return named as () => unknown;
  const other = Object.entries(mod).find(([k, v]) => k.startsWith('measure') && typeof v === 'function');
  return other ? (other[1] as () => unknown) : undefined;
}

/** Imports ./protocol.js only if it was built, and runs its measuring function. */
export async function protocolSection(moduleUrl = new URL('./protocol.js', import.meta.url)): Promise<ProtocolSection> {
  if (!existsSync(fileURLToPath(moduleUrl))) return { status: 'not available yet', reason: 'bench/protocol.ts does not exist yet' };
  try {
    const fn = measuringFunction((await import(moduleUrl.href)) as Record<string, unknown>);
    if (!fn) return { status: 'error', reason: 'bench/protocol.ts exports no measuring function (expected measureProtocol)' };
    return { status: 'measured', result: await fn() };
  } catch (err) {
    return { status: 'error', reason: describeError(err) };
  }
}

/**
 * Longest run of each side of the worker pool against one thread: long enough for the whole
 * in-process plan (about 19 s with the pool, 27 s without, on two cores), whose heavy
 * public-key tail is where the pool gains; its first seconds are cheap cases that gain little.
 */
const POOL_SCALING_MS = 35_000;

/** A default run quicker than this is timed three times (and its single-thread twin too). */
const REPEAT_BELOW_MS = 10_000;

/** The run whose wall time is the median of `runs`. */
function medianRun(runs: readonly CliRun[]): CliRun {
  const mid = median(runs.map((r) => r.wallMs));
  return runs.reduce((best, r) => (Math.abs(r.wallMs - mid) < Math.abs(best.wallMs - mid) ? r : best));
}

/** Section (c): the median default run, every run, and the worker pool against one thread. */
export interface FullRunSection {
  readonly median: CliRun;
  readonly runs: readonly CliRun[];
  /** Cases per second; for a run stopped at its limit, of the cases it finished. */
  readonly casesPerSec: number;
  /** The in-process adapters alone, with the worker pool and with `--isolation none`. */
  readonly pool?: { readonly adapters: readonly string[]; readonly cores: number; readonly pooled: CliRun; readonly single: CliRun; readonly speedup: number };
}

/** Cases per second of a run, finished or stopped. */
export function casesPerSecond(r: CliRun): number {
  return (r.stopped ? r.stopped.done : r.cases) / (r.wallMs / 1000);
}

/** Times `args` and, when one run is quick, twice more: the median means something then. */
async function repeated(args: readonly string[], quick: boolean, limit: Allowance): Promise<CliRun[]> {
  const runs = [await timeCliRun(args, limit())];
  if (!quick && !runs[0]!.stopped && runs[0]!.wallMs < REPEAT_BELOW_MS) runs.push(await timeCliRun(args, limit()), await timeCliRun(args, limit()));
  return runs;
}

/** The in-process adapters with the worker pool (the default) and on the main thread only, interleaved. */
async function poolScaling(adapters: readonly string[], quick: boolean, limit: Allowance): Promise<FullRunSection['pool']> {
  if (adapters.length === 0 || !(await runHasFlag('--isolation'))) return undefined;
  // JSON only: the engine's throughput is compared, not the time to render four reports.
  const subset = ['--adapter', ...adapters, '--format', 'json'];
  const pooled: CliRun[] = [];
  const single: CliRun[] = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    // The same limit for both runs of a pair, so their rates compare.
    const ms = Math.min(POOL_SCALING_MS, limit());
    pooled.push(await timeCliRun(subset, ms));
    single.push(await timeCliRun([...subset, '--isolation', 'none'], ms));
    if (pooled[0]!.wallMs >= REPEAT_BELOW_MS) break;
  }
  const [p, s] = [medianRun(pooled), medianRun(single)];
  return { adapters: [...adapters], cores: availableParallelism(), pooled: p, single: s, speedup: casesPerSecond(p) / casesPerSecond(s) };
}

/** The time limit of the next timed run, in milliseconds: what the benchmark's budget leaves it. */
export type Allowance = () => number;

/**
 * Times the full default run (stopped at its allowance, with its progress by then), and the
 * in-process adapters alone with the worker pool and without, so the pool's gain shows.
 */
export async function fullRunSection(
  quick: boolean,
  limits: { readonly full: Allowance; readonly pool: Allowance },
  inProcess: readonly string[],
): Promise<FullRunSection> {
  // The pool pair first, at its fixed cap: the full run then takes what the budget leaves.
  const pool = await poolScaling(inProcess, quick, limits.pool);
  const runs = await repeated([], quick, limits.full);
  const chosen = medianRun(runs);
  return { median: chosen, runs, casesPerSec: casesPerSecond(chosen), ...(pool ? { pool } : {}) };
}

/**
 * Section (d): the OpenPGP section of a run across the six implementations, timed; and, side by
 * side in the same run, the same OpenPGP cells driven two ways: one process per operation, one
 * after another, as the Sequoia OpenPGP interoperability suite drives SOP (sop-per-process.ts),
 * and through bothends' scheduler (its SOP adapters, `bothends run`).
 */
export type OpenpgpSection =
  | { readonly status: 'not measured'; readonly reason: string }
  | { readonly status: 'measured'; readonly run: CliRun; readonly sideBySide: SideBySide };

/** The same cells both ways, or why they were not compared. */
export type SideBySide =
  | { readonly status: 'not measured'; readonly reason: string }
  | { readonly status: 'measured'; readonly paramsId: string; readonly perProcess: PerProcessRun; readonly scheduler: CliRun };

/** The six OpenPGP implementations the section runs (issue: openpgp.js against GnuPG, Sequoia, GopenPGP, PGPainless and RNP). */
export const OPENPGP_IMPLEMENTATIONS = ['openpgp-js', 'sqop', 'gosop', 'pgpainless', 'gpg', 'rnp'] as const;

/**
 * The parameter set of the side-by-side cells: what `sop encrypt --no-armor` of these SOP
 * implementations writes to a `generate-key` key (v4 Curve25519 legacy, SEIPDv1, AES-256,
 * binary, one recipient, unsigned), so both drivers run the same operations.
 */
export const SIDE_BY_SIDE_SET = 'v4-cv25519-legacy-seipdv1-aes256-bin-r1';

/**
 * Times `bothends run` of the OpenPGP standards (`openpgp`, `openpgp-password`) across the six
 * implementations, when the registry has them, then the side-by-side comparison.
 */
export async function openpgpSection(registry: ReadonlyMap<string, Standard>, limit: Allowance = () => 24 * 3600_000): Promise<OpenpgpSection> {
  const standards = [...registry.keys()].filter((id) => id === 'openpgp' || id.startsWith('openpgp-'));
  if (!standards.includes('openpgp')) return { status: 'not measured', reason: 'no openpgp standard registered' };
  // The comparison first, at a fixed cap: the section's full run takes what the budget leaves.
  const sideBySide = await sideBySideRun(SIDE_BY_SIDE_CAP_MS);
  return { status: 'measured', run: await timeCliRun(['--standard', ...standards, '--adapter', ...OPENPGP_IMPLEMENTATIONS], limit()), sideBySide };
}

/** Each side of the comparison may take this long (the per-process side starts a JVM per pgpainless operation). */
const SIDE_BY_SIDE_CAP_MS = 45_000;

/**
 * The SOP cells of SIDE_BY_SIDE_SET one process per operation, then through bothends' scheduler:
 * the cells whose producer claims the set's encryption and whose consumer its key generation and
 * decryption, as the planner decides which run.
 */
export async function sideBySideRun(capMs: number): Promise<SideBySide> {
  const ids = Object.keys(SOP_PROGRAMS);
  const { found, missing } = await installedSops(ids);
  const params = openpgp.matrix.find((p) => openpgp.paramsId(p) === SIDE_BY_SIDE_SET);
  if (!params) return { status: 'not measured', reason: `openpgp has no matrix set ${SIDE_BY_SIDE_SET}` };
  const adapter = (id: string): Adapter => DEFAULT_ADAPTERS.find((a) => a.id === id)!;
  // The consumer makes the key pair of the set and decrypts with it.
  const consumes = (a: Adapter): boolean => (['generateKeyPair', 'decrypt'] as const).every((op) => checkClaim(a, openpgp.id, op, params).ok);
  const cells = found.flatMap((producer) =>
    found
      .filter((consumer) => checkClaim(adapter(producer), openpgp.id, 'encrypt', params).ok && consumes(adapter(consumer)))
      .map((consumer) => [producer, consumer] as const),
  );
  if (cells.length === 0)
    return { status: 'not measured', reason: `no cell of ${ids.join(', ')} (installed: ${found.join(', ') || 'none'}) for ${SIDE_BY_SIDE_SET}` };
  const perProcess = await perProcessRun(cells, missing, capMs);
  const scheduler = await timeCliRun(
    ['--standard', 'openpgp', '--adapter', ...found, '--kind', 'matrix', '--case', `openpgp/${SIDE_BY_SIDE_SET}/matrix/*`],
    capMs,
  );
  return { status: 'measured', paramsId: SIDE_BY_SIDE_SET, perProcess, scheduler };
}

/** Section (e). */
export interface MemorySection {
  readonly samples: readonly MemorySample[];
  /** Streaming runner, largest plan ÷ smallest: peak RSS less the plan's heap (the goal's measure). */
  readonly beyondPlanRatio: number;
  /** Streaming runner, largest plan ÷ smallest: its live working heap (peak less the plan). */
  readonly runHeapRatio: number;
  /** Streaming runner, largest plan ÷ smallest: peak RSS (the plan included). */
  readonly rssRatio: number;
  /** Heap per case the plan's case objects take (largest plan), in bytes. */
  readonly planBytesPerCase: number;
  /** Heap per case that kept results take (retain mode, largest plan), in bytes. */
  readonly retainedBytesPerCase: number;
  readonly error?: string;
}

/** Peak RSS may grow by this factor from 10k to 100k cases and still count as flat. */
export const MEMORY_FLAT_FACTOR = 1.25;

/** Runs the memory child for one plan size. */
function memoryChild(n: number, mode: 'stream' | 'retain'): Promise<MemorySample> {
  const child = fileURLToPath(new URL('./memory-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', child, String(n), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-2000)));
    p.on('error', reject);
    p.on('close', (code) => {
      const last = out.trim().split('\n').at(-1);
      if (code !== 0 || !last) return reject(new Error(`memory child (${n} cases, ${mode}) exited with ${code}: ${err.trim()}`));
      resolve(JSON.parse(last) as MemorySample);
    });
  });
}

/**
 * Memory for each plan size, each in a fresh process: the runner streaming its results to an
 * NDJSON file (the goal: its working memory flat as the plan grows), and keeping them all in
 * memory (what a report of every result costs per case).
 */
export async function memorySection(sizes: readonly number[]): Promise<MemorySection> {
  const samples: MemorySample[] = [];
  const nan = { beyondPlanRatio: NaN, runHeapRatio: NaN, rssRatio: NaN, planBytesPerCase: NaN, retainedBytesPerCase: NaN };
  try {
    for (const n of sizes) samples.push(await memoryChild(n, 'stream'));
    samples.push(await memoryChild(sizes.at(-1)!, 'retain'));
  } catch (err) {
    return { samples, ...nan, error: describeError(err) };
  }
  const streamed = samples.filter((m) => m.mode === 'stream');
  const first = streamed[0]!;
  const last = streamed.at(-1)!;
  const kept = samples.find((m) => m.mode === 'retain')!;
  const perCase = (mib: number, n: number): number => Math.round((mib * 1024 * 1024) / n);
  return {
    samples,
    beyondPlanRatio: (last.peakRssMiB - last.planHeapMiB) / (first.peakRssMiB - first.planHeapMiB),
    runHeapRatio: last.runHeapMiB / Math.max(0.1, first.runHeapMiB),
    rssRatio: last.peakRssMiB / first.peakRssMiB,
    planBytesPerCase: perCase(last.planHeapMiB, last.cases),
    retainedBytesPerCase: perCase(kept.retainedHeapMiB, kept.cases),
  };
}
