/** `bothends run`: the matrix, written to reports. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { BUILTIN_ADAPTERS } from '../../adapters/index.js';
import { ConfigError } from '../../core/errors.js';
import { isUnexpected, loadExpectations } from '../../core/expectations.js';
import type { CaseResult } from '../../core/model.js';
import { projectPath } from '../../core/paths.js';
import type { Report } from '../../core/report-model.js';
import { runSuite } from '../../core/run.js';
import { closingLine } from '../../core/summary.js';
import { STANDARDS } from '../../standards/index.js';
import { writeReports, type ReportFormat } from '../../report/write.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../../vectors/load.js';
import { existingDir, writableDir, pickAdapters, pickKinds, pickStandards, positiveInt, shown, splitList } from '../options.js';

export const FORMATS: readonly ReportFormat[] = ['json', 'md', 'html', 'junit'];

/** Prints progress on stderr at most once a second. */
function progressPrinter(quiet: boolean): (r: CaseResult, done: number, total: number) => void {
  let last = 0;
  let failed = 0;
  return (r, done, total) => {
    if (r.outcome === 'fail' || r.outcome === 'error') failed++;
    const now = Date.now();
    if (quiet || (now - last < 1000 && done !== total)) return;
    last = now;
    process.stderr.write(`bothends: ${done}/${total} cases (${Math.floor((done * 100) / total)}%), ${failed} failed or errored\n`);
  };
}

export function pickFormats(list: string[]): ReportFormat[] {
  const unknown = list.filter((f) => !FORMATS.includes(f as ReportFormat));
  if (unknown.length) throw new ConfigError(`unknown --format ${unknown.join(', ')}; known: ${FORMATS.join(', ')}`);
  return list.length ? (list as ReportFormat[]) : [...FORMATS];
}

interface RunFlags {
  standard?: string[];
  adapter?: string[];
  kind?: string[];
  case?: string[];
  out: string;
  vectors?: string;
  seed: string;
  expectations: string;
  timeout: string;
  concurrency: string;
  format?: string[];
  quiet?: boolean;
  isolation?: string;
  workers?: string;
}

function pickIsolation(value: string | undefined): 'worker' | 'none' {
  if (value === undefined || value === 'worker' || value === 'none') return value ?? 'worker';
  throw new ConfigError(`--isolation takes "worker" or "none", not "${value}"`);
}

async function runCommand(flags: RunFlags): Promise<number> {
  const standards = pickStandards(splitList(flags.standard), STANDARDS);
  const adapters = pickAdapters(splitList(flags.adapter), BUILTIN_ADAPTERS);
  const kinds = pickKinds(splitList(flags.kind));
  const formats = pickFormats(splitList(flags.format));
  const timeoutMs = positiveInt('--timeout', flags.timeout);
  const concurrency = positiveInt('--concurrency', flags.concurrency);
  const outDir = writableDir('--out', flags.out);
  const vectorsDir = flags.vectors ? existingDir('--vectors', flags.vectors) : DEFAULT_VECTORS_DIR;
  const expectations = flags.expectations === 'none' ? [] : loadExpectations(resolve(flags.expectations));
  const loaded = loadVectorDir(vectorsDir);
  for (const e of loaded.errors) process.stderr.write(`bothends: vector error: ${e.message}\n`);
  const report = await runSuite({
    standards,
    adapters,
    kinds,
    ...(flags.case?.length ? { cases: flags.case } : {}),
    vectors: loaded.files,
    vectorProblems: loaded.errors.map((e) => e.message),
    expectations,
    seed: flags.seed,
    concurrency,
    timeoutMs,
    ...(flags.vectors ? { replayFlags: `--vectors ${shown(vectorsDir)}` } : {}),
    config: {
      standards: standards.map((s) => s.id),
      adapters: adapters.map((a) => a.id),
      kinds,
      cases: flags.case ?? [],
      vectors: shown(vectorsDir),
      vectorFiles: loaded.files.length,
      expectations: flags.expectations === 'none' ? null : shown(resolve(flags.expectations)),
      timeoutMs,
      concurrency,
    },
    onResult: progressPrinter(flags.quiet ?? false),
    isolation: pickIsolation(flags.isolation),
    ...(flags.workers ? { workers: positiveInt('--workers', flags.workers) } : {}),
    onWarning: (m: string) => process.stderr.write(`bothends: warning: ${m}\n`),
  });
  const written = await writeReports(report, outDir, formats);
  printOutcome(report, written);
  if (loaded.errors.length) return 2;
  return report.summary.unexpected > 0 ? 1 : 0;
}

function printOutcome(report: Report, written: readonly string[]): void {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  for (const p of written) out(`wrote ${shown(p)}`);
  const unexpected = report.results.filter(isUnexpected);
  for (const r of unexpected.slice(0, 25)) out(`UNEXPECTED ${r.outcome}${r.failure ? ` (${r.failure})` : ''} ${r.id}: ${r.message}\n  replay: ${r.replay}`);
  if (unexpected.length > 25) out(`… and ${unexpected.length - 25} more unexpected results: see the report`);
  for (const p of report.problems) out(`problem (${p.kind}): ${p.message}`);
  const o = report.summary.outcomes;
  const known = report.results.filter((r) => r.known).length;
  out(`outcomes: pass ${o.pass}, fail ${o.fail}, error ${o.error}, unsupported ${o.unsupported}, skipped ${o.skipped}; known deviations ${known}; unexpected ${report.summary.unexpected}; security findings ${report.summary.securityFindings}`);
  out(closingLine(report.summary));
}

/** Registers `run`. */
export function registerRun(program: Command, setCode: (code: number) => void): void {
  program
    .command('run')
    .description('run the matrix and write reports')
    .option('-s, --standard <ids...>', `standards to run (default: all): ${STANDARDS.map((s) => s.id).join(', ')}`)
    .option('-a, --adapter <ids...>', `adapters to run (default: all): ${BUILTIN_ADAPTERS.map((a) => a.id).join(', ')}`)
    .option('-k, --kind <kinds...>', 'kinds of test: kat, matrix, negative (default: all)')
    .option('-c, --case <patterns...>', 'only cases whose id matches (* is a wildcard); used by replay commands')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .option('--vectors <dir>', "vector files directory (default: the project's vectors/)")
    .option('--seed <seed>', 'seed for generated inputs', 'bothends')
    .option('--expectations <file>', 'known deviations file, or "none"', projectPath('vectors', 'expectations.json'))
    .option('--timeout <ms>', 'time budget per case in milliseconds', '10000')
    .option('--concurrency <n>', 'cases in flight at once', '8')
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit (default: all)'))
    .option('--isolation <mode>', 'worker: in-process adapters run in worker threads, a crash or hang costs one case (default); none: all on the main thread')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: RunFlags) => setCode(await runCommand(flags)));
}
