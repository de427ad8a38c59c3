/** `bothends run`: the matrix, written to reports. */
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { configuredExternalAdapters, loadAdaptersConfig, parseExternalFlag } from '../../adapters/external.js';
import { configuredSopAdapters, parseSopFlag, readSopConfig } from '../../adapters/sop/sop-config.js';
import { DEFAULT_ADAPTERS } from '../../adapters/index.js';
import { ConfigError } from '../../core/errors.js';
import { isUnexpected } from '../../core/expectations.js';
import type { CaseResult } from '../../core/model.js';
import type { Report } from '../../core/report-model.js';
import { runSuite } from '../../suite.js';
import { closingLines } from '../../core/summary.js';
import { DEFAULT_TIMEOUT_MS } from '../../core/timeout.js';
import { diffReports, formatDiff } from '../../core/diff.js';
import { parseShard } from '../../core/shard.js';
import { shellFlag } from '../../core/shell.js';
import { onInterrupt } from '../../core/interrupt.js';
import { readReport } from './render.js';
import { STANDARDS } from '../../standards/index.js';
import { removeStaleTemps, writeReports } from '../../report/write.js';
import { NDJSON_FILE, NdjsonWriter, PARTIAL_SUFFIX } from '../../report/ndjson.js';
import { throughputFor, withThroughput, type ThroughputFlag } from '../../report/throughput-data.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../../vectors/load.js';
import { chooseCorpora, corporaSummary, corpusConfig, corpusReplayFlags, importCorpora, IMPORTERS, withCorpora } from '../../vectors/importers/index.js';
import {
  addExpectationOptions,
  expectationsFrom,
  existingDir,
  writableDir,
  pickAdapters,
  pickFormats,
  pickKinds,
  pickStandards,
  positiveInt,
  shown,
  splitList,
  timeoutOption,
} from '../options.js';

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

/** Unexpected results printed at the end; the rest are counted. */
const SHOWN_UNEXPECTED = 25;

/**
 * What the closing lines need from the results, gathered as they arrive so a run that keeps
 * none can print them: the known deviations, and the first unexpected results in plan order.
 */
class OutcomeDigest {
  known = 0;
  private readonly first: { readonly index: number; readonly r: CaseResult }[] = [];

  add(r: CaseResult, index: number): void {
    if (r.known) this.known++;
    if (!isUnexpected(r)) return;
    const at = this.first.findIndex((u) => u.index > index);
    if (at < 0) {
      if (this.first.length < SHOWN_UNEXPECTED) this.first.push({ index, r });
    } else {
      this.first.splice(at, 0, { index, r });
      this.first.length = Math.min(this.first.length, SHOWN_UNEXPECTED);
    }
  }

  get unexpected(): readonly CaseResult[] {
    return this.first.map((u) => u.r);
  }
}

interface RunFlags {
  standard?: string[];
  adapter?: string[];
  kind?: string[];
  case?: string[];
  out: string;
  vectors?: string;
  seed: string;
  expectations?: string[];
  projectExpectations?: boolean;
  strict?: boolean;
  timeout: string;
  concurrency: string;
  format?: string[];
  quiet?: boolean;
  isolation?: string;
  workers?: string;
  shard?: string;
  baseline?: string;
  external?: string[];
  adaptersConfig?: string;
  sop?: string[];
  sopConfig?: string;
  // and one `string | boolean` per importer (--wycheproof [dir], …), read by chooseCorpora
  throughput?: ThroughputFlag;
}

/**
 * The replay flags of each adapter added by flags: `--external NAME=…` and `--sop NAME=…` as
 * given, and the configuration file for the adapters it lists. A replay then adds the adapters
 * its case needs, and no other.
 */
function adapterReplayFlags(flags: RunFlags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of flags.external ?? []) out[parseExternalFlag(v).id] = shellFlag('--external', v);
  if (flags.adaptersConfig)
    for (const s of loadAdaptersConfig(resolve(flags.adaptersConfig))) out[s.id] = shellFlag('--adapters-config', shown(resolve(flags.adaptersConfig)));
  for (const v of flags.sop ?? []) out[parseSopFlag(v).id] = shellFlag('--sop', v);
  if (flags.sopConfig) for (const s of readSopConfig(flags.sopConfig)) out[s.id] = shellFlag('--sop-config', shown(resolve(flags.sopConfig)));
  return out;
}

function pickIsolation(value: string | undefined, workers: string | undefined): 'worker' | 'none' {
  if (value === 'none' && workers !== undefined)
    throw new ConfigError('--workers sets worker threads, which --isolation none does not use: give one or the other');
  if (value === undefined || value === 'worker' || value === 'none') return value ?? 'worker';
  throw new ConfigError(`--isolation takes "worker" or "none", not "${value}"`);
}

async function runCommand(flags: RunFlags): Promise<number> {
  const standards = pickStandards(splitList(flags.standard), STANDARDS);
  const external = configuredExternalAdapters(
    { ...(flags.external ? { external: flags.external } : {}), ...(flags.adaptersConfig ? { config: flags.adaptersConfig } : {}) },
    DEFAULT_ADAPTERS.map((a) => a.id),
  );
  // OpenPGP: SOP implementations added by --sop NAME=PATH and --sop-config FILE (src/adapters/sop/sop-config.ts).
  const sops = configuredSopAdapters(
    { ...(flags.sop ? { sop: flags.sop } : {}), ...(flags.sopConfig ? { config: flags.sopConfig } : {}) },
    [...DEFAULT_ADAPTERS, ...external].map((a) => a.id),
  );
  const adapters = pickAdapters(splitList(flags.adapter), [...DEFAULT_ADAPTERS, ...external, ...sops]);
  const kinds = pickKinds(splitList(flags.kind));
  const formats = pickFormats(splitList(flags.format));
  const timeoutMs = timeoutOption('--timeout', flags.timeout);
  const concurrency = positiveInt('--concurrency', flags.concurrency);
  const outDir = writableDir('--out', flags.out);
  await removeStaleTemps(outDir); // left by a run killed while it wrote its reports
  const throughput = throughputFor(flags.throughput, outDir); // read first: a malformed file fails before the run
  const baseline = flags.baseline ? readReport(flags.baseline) : undefined;
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const vectorsDir = flags.vectors ? existingDir('--vectors', flags.vectors) : DEFAULT_VECTORS_DIR;
  const { entries: expectations, files: expectationFiles } = expectationsFrom(flags);
  const loaded = loadVectorDir(vectorsDir);
  for (const e of loaded.errors) process.stderr.write(`bothends: vector error: ${e.message}\n`);
  const corpusChoices = chooseCorpora(flags, standards, kinds);
  const corpora = await importCorpora(corpusChoices);
  for (const e of corpora.errors) process.stderr.write(`bothends: importer error: ${e.message}\n`);
  // results.ndjson is written as results arrive; with no other format, none is kept (a
  // baseline comparison needs them all, so --baseline keeps them) and summary.json closes the run.
  const live = formats.includes('ndjson') ? new NdjsonWriter(join(outDir, NDJSON_FILE + PARTIAL_SUFFIX)) : undefined;
  const streamOnly = live !== undefined && formats.every((f) => f === 'ndjson') && !baseline;
  const digest = new OutcomeDigest();
  const progress = progressPrinter(flags.quiet ?? false);
  // Interrupted (SIGINT, SIGTERM: src/cli/main.ts): stop the adapters' processes and daemons and
  // remove their homes first, then close the live results file, which stays as `.partial`.
  const forget = [onInterrupt(() => Promise.all(adapters.map((a) => a.dispose?.())), 0), onInterrupt(() => live?.end(), 2)];
  const replayFlags = [flags.vectors ? shellFlag('--vectors', shown(vectorsDir)) : '', corpusReplayFlags(corpusChoices, shown)].filter(Boolean).join(' ');
  const suiteReport = await runSuite({
    standards,
    adapters,
    kinds,
    ...(flags.case?.length ? { cases: flags.case } : {}),
    vectors: loaded.files,
    imports: corpora.files,
    procedures: corpora.procedures,
    vectorProblems: [...loaded.errors, ...corpora.errors].map((e) => e.message),
    expectations,
    seed: flags.seed,
    concurrency,
    timeoutMs,
    ...(replayFlags ? { replayFlags } : {}),
    adapterReplayFlags: adapterReplayFlags(flags),
    config: {
      standards: standards.map((s) => s.id),
      adapters: adapters.map((a) => a.id),
      kinds,
      cases: flags.case ?? [],
      vectors: shown(vectorsDir),
      vectorFiles: loaded.files.length,
      ...corpusConfig(corpusChoices, shown),
      expectations: expectationFiles.map(shown),
      timeoutMs,
      concurrency,
    },
    onResult: (r, done, total, index) => {
      live?.write(r);
      digest.add(r, index);
      progress(r, done, total);
    },
    retain: !streamOnly,
    isolation: pickIsolation(flags.isolation, flags.workers),
    ...(shard ? { shard } : {}),
    ...(flags.workers ? { workers: positiveInt('--workers', flags.workers) } : {}),
    onWarning: (m: string) => process.stderr.write(`bothends: warning: ${m}\n`),
    // Named on the command line or in a configuration file: if one cannot run, the run says so and exits 2.
    requested: [...splitList(flags.adapter), ...external.map((a) => a.id), ...sops.map((a) => a.id)],
  }).catch((err: unknown) => {
    // Whatever stopped the run, the results it finished go to disk (in the .partial file).
    live?.end();
    throw err;
  });
  await Promise.all(adapters.map((a) => a.dispose?.())); // external adapter processes
  for (const f of forget) f();
  // The corpora section is computed from the results: a run that kept none has none.
  const report = withThroughput(streamOnly ? suiteReport : withCorpora(suiteReport, corpora.inventory), throughput);
  const written = await writeReports(report, outDir, formats, { ...(live ? { ndjson: live } : {}), summary: streamOnly });
  printOutcome(report, written, digest);
  if (loaded.errors.length || corpora.errors.length) return 2;
  if (report.problems.some((p) => p.kind === 'adapter')) return 2;
  if (baseline) {
    // Against a baseline, only regressions count: failures that are new and not known deviations.
    const d = diffReports(baseline, report);
    process.stdout.write(`against baseline ${flags.baseline}:\n${formatDiff(d)}\n`);
    const known = new Set(report.results.filter((r) => r.known).map((r) => r.id));
    return d.newFailures.some((c) => !known.has(c.id)) || staleFails(report, flags.strict) ? 1 : 0;
  }
  return report.summary.unexpected > 0 || staleFails(report, flags.strict) ? 1 : 0;
}

/** With --strict, an expectations entry that matched no result of the run fails it. */
export function staleFails(report: Report, strict: boolean | undefined): boolean {
  const stale = report.problems.filter((p) => p.kind === 'expectation').length;
  if (strict && stale > 0) process.stdout.write(`--strict: ${stale} stale expectation ${stale === 1 ? 'entry fails' : 'entries fail'} the run\n`);
  return strict === true && stale > 0;
}

function printOutcome(report: Report, written: readonly string[], digest: OutcomeDigest): void {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  for (const p of written) out(`wrote ${shown(p)}`);
  for (const r of digest.unexpected) out(`UNEXPECTED ${r.outcome}${r.failure ? ` (${r.failure})` : ''} ${r.id}: ${r.message}\n  replay: ${r.replay}`);
  const more = report.summary.unexpected - digest.unexpected.length;
  if (more > 0) out(`… and ${more} more unexpected results: see the report`);
  for (const p of report.problems) out(`problem (${p.kind}): ${p.message}`);
  const o = report.summary.outcomes;
  out(
    `outcomes: pass ${o.pass}, fail ${o.fail}, error ${o.error}, unsupported ${o.unsupported}, skipped ${o.skipped}; known deviations ${digest.known}; unexpected ${report.summary.unexpected}; security findings ${report.summary.securityFindings}`,
  );
  if (report.corpora) for (const line of corporaSummary(report.corpora)) out(line);
  // The closing line stays the last one: CI scripts read it.
  for (const line of closingLines(report.summary)) out(line);
}

/** Registers `run`. */
export function registerRun(program: Command, setCode: (code: number) => void): void {
  // --throughput FILE and --no-throughput set one value (the last wins): given both, say so.
  const throughputFlags = new Set<string>();
  const run = program
    .command('run')
    .description('run the matrix and write reports')
    .option('-s, --standard <ids...>', `standards to run (default: all): ${STANDARDS.map((s) => s.id).join(', ')}`)
    .option('-a, --adapter <ids...>', `adapters to run (default: all): ${DEFAULT_ADAPTERS.map((a) => a.id).join(', ')}`)
    .option('-k, --kind <kinds...>', 'kinds of test: intent, kat, matrix, negative, import (default: all but import)')
    .option('-c, --case <patterns...>', 'only cases whose id matches (* is a wildcard); used by replay commands')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .option('--vectors <dir>', "vector files directory (default: the project's vectors/)")
    .option('--seed <seed>', 'seed for generated inputs', 'bothends')
    .option('--strict', 'stale expectations entries (matching cases of this run, but none with the listed outcome) fail the run')
    .option('--timeout <ms>', 'time budget per case in milliseconds', String(DEFAULT_TIMEOUT_MS))
    .option('--concurrency <n>', 'cases in flight at once', '8')
    .addOption(
      new Option(
        '-f, --format <formats...>',
        'report formats: json, md, html, junit, ndjson (default: all but ndjson); ndjson alone keeps no results in memory: results.ndjson, written as they arrive, and summary.json',
      ),
    )
    .option('--isolation <mode>', 'worker: in-process adapters run in worker threads, a crash or hang costs one case (default); none: all on the main thread')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--shard <i/n>', 'run only shard i of n (deterministic); combine the shards with `bothends merge`')
    .option('--baseline <report.json>', 'compare with an earlier report: print new failures and fixed cells; exit 1 only on regressions')
    .option(
      '--external <name=command...>',
      'add an adapter that speaks the bothends adapter protocol, e.g. acme="/opt/acme/bin/adapter --fast" (no shell; see docs/adapter-protocol.md)',
    )
    .option('--adapters-config <file>', 'add the external adapters listed in a JSON file (schemas/adapter-protocol.schema.json#/definitions/adaptersConfig)')
    .option('--sop <name=path...>', 'add a Stateless OpenPGP (SOP) executable as an OpenPGP adapter, e.g. mysop=/opt/sop/bin/sop (see docs/openpgp.md)')
    .option(
      '--sop-config <file>',
      'add the SOP implementations listed in a JSON file: {"sop": [{"name", "path", "args"?, "produces"?, "env"?}]} (see docs/openpgp.md)',
    );
  for (const importer of IMPORTERS) run.option(`--${importer.name} [dir]`, importer.help);
  run
    .option('--throughput <file>', 'attach the bench.json of `bothends bench` to the reports (default: OUT/throughput/bench.json when it exists)')
    .option('--no-throughput', 'attach no throughput data')
    .option('-q, --quiet', 'no progress on stderr')
    .on('option:throughput', () => throughputFlags.add('--throughput'))
    .on('option:no-throughput', () => throughputFlags.add('--no-throughput'));
  addExpectationOptions(run).action(async (flags: RunFlags) => {
    if (throughputFlags.size > 1) throw new ConfigError('--throughput and --no-throughput contradict each other: give one');
    setCode(await runCommand(flags));
  });
}
