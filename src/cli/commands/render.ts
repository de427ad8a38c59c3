/** `bothends render`: re-renders reports from a saved report.json without running anything. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { Report } from '../../core/report-model.js';
import { validateReport } from '../../report/json.js';
import { writeReports } from '../../report/write.js';
import { pickFormats, shown, splitList, writableDir } from '../options.js';

/** Reads and validates a saved report.json; every error names the file. */
export function readReport(file: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read report: ${(err as Error).message}`, { file });
  }
  const problems = validateReport(doc);
  if (problems.length) throw new ConfigError(`not a bothends report:\n  ${problems.slice(0, 10).join('\n  ')}`, { file });
  return doc as Report;
}

/** Registers `render`. */
export function registerRender(program: Command, setCode: (code: number) => void): void {
  program
    .command('render')
    .description('re-render the reports from a saved report.json, without running anything')
    .argument('<report.json>')
    .option('-o, --out <dir>', 'directory for the reports', 'reports')
    .addOption(new Option('-f, --format <formats...>', 'report formats (default: all)'))
    .action(async (file: string, flags: { out: string; format?: string[] }) => {
      const report = readReport(file);
      for (const p of await writeReports(report, writableDir('--out', flags.out), pickFormats(splitList(flags.format)))) process.stdout.write(`wrote ${shown(p)}\n`);
      setCode(0);
    });
}
