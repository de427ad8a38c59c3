/**
 * The `bothends` command tree. The engine returns data; this edge decides exit codes:
 * 0 all expectations met, 1 unexpected outcomes, 2 usage, configuration or vector errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_ADAPTERS } from '../adapters/index.js';
import { ConfigError, describeError } from '../core/errors.js';
import { isUnexpected, loadExpectations } from '../core/expectations.js';
import type { CaseResult } from '../core/model.js';
import { projectPath, suiteVersion } from '../core/paths.js';
import type { Report } from '../core/report-model.js';
import { probeAdapter, runSuite } from '../core/run.js';
import { closingLine } from '../core/summary.js';
import { STANDARDS } from '../standards/index.js';
import { validateReport } from '../report/json.js';
import { writeReports, type ReportFormat } from '../report/write.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../vectors/load.js';
import { existingDir, pickAdapters, pickKinds, pickStandards, positiveInt, shown, splitList } from './options.js';

const FORMATS: readonly ReportFormat[] = ['json', 'md', 'html', 'junit'];

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

function pickFormats(list: string[]): ReportFormat[] {
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
}

async function runCommand(flags: RunFlags): Promise<number> {
  const standards = pickStandards(splitList(flags.standard), STANDARDS);
  const adapters = pickAdapters(splitList(flags.adapter), BUILTIN_ADAPTERS);
  const kinds = pickKinds(splitList(flags.kind));
  const formats = pickFormats(splitList(flags.format));
  const timeoutMs = positiveInt('--timeout', flags.timeout);
  const concurrency = positiveInt('--concurrency', flags.concurrency);
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
  });
  const written = await writeReports(report, resolve(flags.out), formats);
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

async function listCommand(flags: { json?: boolean }): Promise<number> {
  const rows = await Promise.all(BUILTIN_ADAPTERS.map(async (a) => ({ a, probe: await probeAdapter(a) })));
  if (flags.json) {
    const doc = rows.map(({ a, probe }) => ({ id: a.id, library: a.library, kind: a.kind, variant: a.variant, probe, claims: a.capabilities.claims, gaps: a.capabilities.gaps }));
    process.stdout.write(`${JSON.stringify({ standards: STANDARDS.map((s) => s.id), adapters: doc }, null, 2)}\n`);
    return 0;
  }
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out('Standards:');
  for (const s of STANDARDS) out(`  ${s.id.padEnd(20)} ${s.title} — ${s.references.join('; ')}`);
  out('\nAdapters:');
  for (const { a, probe } of rows) {
    const state = probe.available ? `installed, ${probe.version}` : `NOT INSTALLED: ${probe.reason}${probe.install ? ` — install: ${probe.install}` : ''}`;
    out(`  ${a.id.padEnd(14)} ${a.library} (${a.kind}, ${a.variant}) ${state}`);
    for (const [std, c] of Object.entries(a.capabilities.claims)) {
      out(`      ✓ ${std}: ${c.ops.join(', ')}`);
      for (const [p, r] of Object.entries(c.params ?? {})) out(`          ${p} only ${r.values.join(', ')}: ${r.reason}${r.policy ? ` (policy: ${r.policy})` : ''}`);
    }
    for (const [std, why] of Object.entries(a.capabilities.gaps)) out(`      – ${std}: ${why}`);
  }
  return 0;
}

async function renderCommand(file: string, flags: { out: string; format?: string[] }): Promise<number> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read report: ${(err as Error).message}`, { file });
  }
  const problems = validateReport(doc);
  if (problems.length) throw new ConfigError(`not a bothends report:\n  ${problems.slice(0, 10).join('\n  ')}`, { file });
  const written = await writeReports(doc as Report, resolve(flags.out), pickFormats(splitList(flags.format)));
  for (const p of written) process.stdout.write(`wrote ${shown(p)}\n`);
  return 0;
}

/** Builds the command tree; exported for tests. */
export function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('bothends')
    .description('Interoperability test suite for encryption standards: every producer against every consumer.')
    .version(suiteVersion())
    .exitOverride()
    .showHelpAfterError();
  program
    .command('run')
    .description('run the matrix and write reports')
    .option('-s, --standard <ids...>', `standards to run (default: all): ${STANDARDS.map((s) => s.id).join(', ')}`)
    .option('-a, --adapter <ids...>', `adapters to run (default: all): ${BUILTIN_ADAPTERS.map((a) => a.id).join(', ')}`)
    .option('-k, --kind <kinds...>', 'kinds of test: kat, matrix, negative (default: all)')
    .option('-c, --case <patterns...>', 'only cases whose id matches (* is a wildcard); used by replay commands')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .option('--vectors <dir>', 'vector files directory (default: the project\'s vectors/)')
    .option('--seed <seed>', 'seed for generated inputs', 'bothends')
    .option('--expectations <file>', 'known deviations file, or "none"', projectPath('vectors', 'expectations.json'))
    .option('--timeout <ms>', 'time budget per case in milliseconds', '10000')
    .option('--concurrency <n>', 'cases in flight at once', '8')
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit (default: all)'))
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: RunFlags) => setCode(await runCommand(flags)));
  program
    .command('list')
    .description('list standards and adapters: versions, installed or not, capabilities and gaps')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => setCode(await listCommand(flags)));
  program
    .command('render')
    .description('re-render the reports from a saved report.json, without running anything')
    .argument('<report.json>')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .addOption(new Option('-f, --format <formats...>', 'report formats (default: all)'))
    .action(async (file: string, flags: { out: string; format?: string[] }) => setCode(await renderCommand(file, flags)));
  return program;
}

/** Runs the CLI with `argv` (user arguments only) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ConfigError) {
      process.stderr.write(`bothends: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`bothends: internal error: ${describeError(err)}\n`);
    return 2;
  }
}
