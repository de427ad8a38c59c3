/**
 * `npm run bench`: the budgets of DESIGN.md, measured side by side in one run —
 * (a) harness overhead against a bare loop, (b) the external protocol's per-operation
 * overhead, (c) the full default run, (d) the OpenPGP section, (e) peak memory at 10k and
 * 100k cases. Prints each section as it finishes and writes reports/bench.json and
 * reports/bench.md.
 *
 *   npm run bench [-- --only a,c --quick --out DIR --budget SECONDS]
 */
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import type { Adapter } from '../src/core/adapter.js';
import { describeError } from '../src/core/errors.js';
import { projectPath } from '../src/core/paths.js';
import { probeAdapter } from '../src/core/run-suite.js';
import { STANDARDS, STANDARD_BY_ID } from '../src/standards/index.js';
import { OVERHEAD_GOAL, measureOverhead, overheadWorkloads, type OverheadResult } from './overhead.js';
import { BENCH_SCHEMA_VERSION, SECTIONS, busyWarning, overheadTableText, renderBenchMarkdown, sectionLines, type BenchDoc, type SectionKey } from './report.js';
import { MEMORY_FLAT_FACTOR, fullRunSection, memorySection, openpgpSection, protocolSection } from './sections.js';

/** Section letters of the issue, for --only. */
const LETTERS: Readonly<Record<string, SectionKey>> = { a: 'overhead', b: 'protocol', c: 'fullRun', d: 'openpgp', e: 'memory' };

interface Args {
  readonly only: ReadonlySet<SectionKey>;
  readonly quick: boolean;
  readonly out: string;
  /** Wall time the whole benchmark may take; the timed runs of (c) and (d) are stopped to keep to it. */
  readonly budgetMs: number;
}

/** Default budget: `npm run bench`, its build (about 20 s) included, must finish in five minutes on two cores. */
const BUDGET_S = 270;

/**
 * Time kept back for the sections after a timed run: the OpenPGP section (six implementations,
 * about 1,400 cases and 800 process starts) needs about 35 s on two cores, and its side-by-side
 * comparison (the SOP cells one process per operation, then through the scheduler) about 30 s;
 * the memory section about 11 s. The full default run takes what is left, and is only stopped
 * (and projected) when that is not enough.
 */
const RESERVE_MS: Readonly<Record<SectionKey, number>> = { overhead: 0, protocol: 0, fullRun: 0, openpgp: 75_000, memory: 15_000 };

/** No timed run is given less than this, whatever the budget says. */
const MIN_RUN_MS = 10_000;

function parseArgs(argv: readonly string[]): Args {
  let only = new Set<SectionKey>(Object.values(LETTERS));
  let quick = false;
  let out = projectPath('reports');
  let budget = BUDGET_S;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--out' && argv[i + 1]) out = resolve(argv[++i]!);
    else if (a === '--budget' && argv[i + 1]) {
      budget = Number(argv[++i]);
      if (!(budget > 0)) throw new Error(`--budget takes seconds, not ${argv[i]}`);
    } else if (a === '--only' && argv[i + 1]) {
      const keys = argv[++i]!.split(',').map((l) => LETTERS[l.trim()]);
      if (keys.some((k) => k === undefined)) throw new Error(`--only takes section letters a–e, e.g. --only a,c; got ${argv[i]}`);
      only = new Set(keys as SectionKey[]);
    } else throw new Error(`unknown argument ${a}; usage: npm run bench [-- --only a,b,c,d,e] [--quick] [--out DIR] [--budget SECONDS]`);
  }
  return { only, quick, out, budgetMs: budget * 1000 };
}

/** The built-in adapters with whether they are installed here. */
function installed(): Promise<Array<{ adapter: Adapter; available: boolean }>> {
  return Promise.all(BUILTIN_ADAPTERS.map(async (adapter) => ({ adapter, available: (await probeAdapter(adapter)).available })));
}

async function overhead(quick: boolean): Promise<NonNullable<BenchDoc['overhead']>> {
  const states = await installed();
  const results: OverheadResult[] = [];
  const errors: string[] = [];
  for (const w of overheadWorkloads(states, STANDARDS)) {
    try {
      results.push(await measureOverhead(w, quick ? 3 : 5, quick ? 40 : 100));
    } catch (err) {
      errors.push(`${w.adapter.id}: ${describeError(err)}`);
    }
  }
  return { results, errors };
}

/** Runs one section into the document and prints it. */
async function section<K extends SectionKey>(doc: Record<string, unknown>, key: K, run: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  process.stdout.write(`\n${SECTIONS[key]}\n`);
  doc[key] = await run();
  for (const l of sectionLines(doc as unknown as BenchDoc, key)) process.stdout.write(`  ${l}\n`);
  if (key === 'overhead') for (const l of overheadTableText((doc as unknown as BenchDoc).overhead?.results ?? [])) process.stdout.write(`    ${l}\n`);
  process.stdout.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, path);
}

async function main(args: Args): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const cpu = cpus();
  const load = loadavg()[0]!;
  const environment = {
    node: process.version,
    openssl: process.versions.openssl ?? null,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? null,
    loadAtStart: Math.round(load * 100) / 100,
  };
  process.stdout.write(
    `bothends benchmark — Node.js ${environment.node}, ${environment.cpus} × ${environment.cpuModel ?? 'unknown CPU'}, load average ${load.toFixed(2)}\n`,
  );
  const busy = busyWarning({ environment });
  if (busy) process.stdout.write(`${busy}\n`);
  const doc: Record<string, unknown> = {};
  const want = (k: SectionKey): boolean => args.only.has(k);
  if (want('overhead')) await section(doc, 'overhead', () => overhead(args.quick));
  if (want('protocol')) await section(doc, 'protocol', () => protocolSection());
  const inProcess = async (): Promise<string[]> => (await installed()).filter((s) => s.available && s.adapter.kind === 'in-process').map((s) => s.adapter.id);
  // A timed run may take `share` of the budget left once the later sections' reserve is set aside.
  const deadline = t0 + args.budgetMs;
  const allowance = (share: number, later: readonly SectionKey[]) => (): number => {
    const reserve = later.filter(want).reduce((ms, k) => ms + (k === 'openpgp' && !STANDARD_BY_ID.has('openpgp') ? 0 : RESERVE_MS[k]), 0);
    return Math.max(MIN_RUN_MS, (deadline - performance.now() - reserve) * share);
  };
  const afterC: SectionKey[] = ['openpgp', 'memory'];
  if (want('fullRun'))
    await section(doc, 'fullRun', async () => fullRunSection(args.quick, { full: allowance(1, afterC), pool: allowance(0.5, afterC) }, await inProcess()));
  if (want('openpgp')) await section(doc, 'openpgp', () => openpgpSection(STANDARD_BY_ID, allowance(1, ['memory'])));
  if (want('memory')) await section(doc, 'memory', () => memorySection(args.quick ? [1_000, 10_000] : [10_000, 100_000]));
  const bench: BenchDoc = {
    schemaVersion: BENCH_SCHEMA_VERSION,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    environment,
    goals: { overheadRatio: OVERHEAD_GOAL, memoryFlatFactor: MEMORY_FLAT_FACTOR, protocolMsPerOp: 0.2 },
    ...doc,
  };
  await mkdir(args.out, { recursive: true });
  await writeAtomically(join(args.out, 'bench.json'), `${JSON.stringify(bench, null, 2)}\n`);
  await writeAtomically(join(args.out, 'bench.md'), renderBenchMarkdown(bench));
  process.stdout.write(`\nwrote ${join(args.out, 'bench.json')} and bench.md in ${(bench.durationMs / 1000).toFixed(1)} s\n`);
}

try {
  await main(parseArgs(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`bench: ${describeError(err)}\n`);
  process.exitCode = 2;
}
