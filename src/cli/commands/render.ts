/** `bothends render`: re-renders reports from a saved report.json without running anything. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { Report } from '../../core/report-model.js';
import { upgradeReport, validateReport, type SavedReport } from '../../report/json.js';
import { writeReports } from '../../report/write.js';
import { throughputFor, withThroughput, type ThroughputFlag } from '../../report/throughput-data.js';
import { pickFormats, shown, splitList, writableDir } from '../options.js';

/** Reads and validates a saved report.json, of this or an earlier schema version; every error names the file. */
export function readReport(file: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read report: ${(err as Error).message}`, { file });
  }
  const problems = validateReport(doc);
  if (problems.length) throw new ConfigError(`not a bothends report:\n  ${problems.slice(0, 10).join('\n  ')}`, { file });
  return upgradeReport(doc as SavedReport);
}

/** The report without its throughput section. */
function withoutThroughput(report: Report): Report {
  const { throughput: _dropped, ...rest } = report;
  return rest;
}

/** Registers `render`. */
export function registerRender(program: Command, setCode: (code: number) => void): void {
  program
    .command('render')
    .description('re-render the reports from a saved report.json, without running anything')
    .argument('<report.json>')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit, ndjson (default: all but ndjson)'))
    .option('--throughput <file>', "attach the bench.json of `bothends bench` (default: OUT/throughput/bench.json when it exists, else the report's own)")
    .option('--no-throughput', 'drop any throughput data')
    .action(async (file: string, flags: { out: string; format?: string[]; throughput?: ThroughputFlag }) => {
      const outDir = writableDir('--out', flags.out);
      const saved = readReport(file);
      const report = flags.throughput === false ? withoutThroughput(saved) : withThroughput(saved, throughputFor(flags.throughput, outDir));
      for (const p of await writeReports(report, outDir, pickFormats(splitList(flags.format)))) process.stdout.write(`wrote ${shown(p)}\n`);
      setCode(0);
    });
}
