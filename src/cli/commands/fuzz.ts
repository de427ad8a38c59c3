/** `bothends fuzz`: property-based differential testing of every producer × consumer pair. */
import { Option, type Command } from 'commander';
import { DEFAULT_ADAPTERS } from '../../adapters/index.js';
import { isUnexpected } from '../../core/expectations.js';
import { closingLines } from '../../core/summary.js';
import { writeReports } from '../../report/write.js';
import { STANDARDS } from '../../standards/index.js';
import { DEFAULT_VECTORS_DIR } from '../../vectors/load.js';
import {
  addExpectationOptions,
  expectationsFrom,
  pickAdapters,
  pickFormats,
  pickStandards,
  positiveInt,
  shown,
  splitList,
  timeoutOption,
  writableDir,
} from '../options.js';

interface FuzzFlags {
  standard?: string[];
  adapter?: string[];
  case?: string[];
  runs: string;
  seed: string;
  out: string;
  regressions: string | false;
  expectations?: string[];
  projectExpectations?: boolean;
  timeout: string;
  concurrency: string;
  format?: string[];
  quiet?: boolean;
}

const REGRESSION = /Regression vector: (\S+)\.$/;

async function fuzzCommand(flags: FuzzFlags): Promise<number> {
  const standards = pickStandards(splitList(flags.standard), STANDARDS);
  const adapters = pickAdapters(splitList(flags.adapter), DEFAULT_ADAPTERS);
  const runs = positiveInt('--runs', flags.runs);
  const regressionDir = flags.regressions === false ? undefined : writableDir('--regressions', flags.regressions);
  const outDir = writableDir('--out', flags.out);
  const expectations = expectationsFrom(flags).entries;
  // Loaded here, so that fast-check is needed by `bothends fuzz` only, not by every command.
  const { runFuzz } = await import('../../fuzz/fuzz.js');
  const report = await runFuzz({
    standards,
    adapters,
    runs,
    seed: flags.seed,
    ...(regressionDir ? { regressionDir } : {}),
    ...(flags.case?.length ? { cases: flags.case } : {}),
    expectations,
    timeoutMs: timeoutOption('--timeout', flags.timeout),
    concurrency: positiveInt('--concurrency', flags.concurrency),
    config: { standards: standards.map((s) => s.id), adapters: adapters.map((a) => a.id), cases: flags.case ?? [] },
    ...(flags.quiet
      ? {}
      : { onResult: (r, done, total) => r.outcome === 'fail' && process.stderr.write(`bothends: ${done}/${total} ${r.id}: ${r.failure}\n`) }),
  });
  await Promise.all(adapters.map((a) => a.dispose?.()));
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  for (const p of await writeReports(report, outDir, pickFormats(splitList(flags.format)))) out(`wrote ${shown(p)}`);
  const saved = new Set(report.results.flatMap((r) => REGRESSION.exec(r.message)?.[1] ?? []));
  for (const p of saved) out(`regression vector ${shown(p)}`);
  for (const r of report.results.filter(isUnexpected).slice(0, 25))
    out(`UNEXPECTED ${r.outcome}${r.failure ? ` (${r.failure})` : ''} ${r.id}: ${r.message}\n  replay: ${r.replay}`);
  out(`seed ${report.seed}, ${runs} runs per case; unexpected ${report.summary.unexpected}; security findings ${report.summary.securityFindings}`);
  for (const line of closingLines(report.summary)) out(line);
  return report.summary.unexpected > 0 ? 1 : 0;
}

/** Registers `fuzz`. */
export function registerFuzz(program: Command, setCode: (code: number) => void): void {
  const cmd = program
    .command('fuzz')
    .description('property-based differential testing: random inputs for every producer × consumer pair, failures shrunk and saved as regression vectors')
    .option('-s, --standard <ids...>', 'standards to fuzz (default: all)')
    .option('-a, --adapter <ids...>', 'adapters (default: all); all of them vote on the expected output of a regression vector')
    .option('-c, --case <patterns...>', 'only cases whose id matches (* is a wildcard); used by replay commands')
    .option('--runs <n>', 'random cases per producer × consumer pair and parameter set', '100')
    .option('--seed <seed>', 'seed; each case searches with a fast-check seed derived from it and the case id', 'bothends')
    .option('-o, --out <dir>', 'directory for the reports', 'reports/fuzz')
    .option('--regressions <dir>', "vectors root the regression vectors are written to (default: the project's vectors/)", DEFAULT_VECTORS_DIR)
    .option('--no-regressions', 'do not write regression vectors')
    .option('--timeout <ms>', 'time budget per case (search and shrinking) in milliseconds', '120000')
    .option('--concurrency <n>', 'cases in flight at once', '4')
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit, ndjson (default: all but ndjson)'))
    .option('-q, --quiet', 'no progress on stderr');
  addExpectationOptions(cmd).action(async (flags: FuzzFlags) => setCode(await fuzzCommand(flags)));
}
