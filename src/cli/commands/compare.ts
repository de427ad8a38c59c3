/**
 * `bothends diff OLD NEW` and `bothends merge SHARD…`: work on saved reports, run nothing.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { diffReports, formatDiff } from '../../core/diff.js';
import { loadExpectations } from '../../core/expectations.js';
import { projectPath } from '../../core/paths.js';
import { mergeReports } from '../../core/shard.js';
import { closingLine } from '../../core/summary.js';
import { writeReports } from '../../report/write.js';
import { pickFormats, shown, splitList, writableDir } from '../options.js';
import { readReport } from './render.js';

/** Registers `diff` and `merge`. */
export function registerCompare(program: Command, setCode: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two reports: new failures, fixed cells, added or removed adapters and standards (exit 1 on new failures)')
    .argument('<old.json>')
    .argument('<new.json>')
    .action((oldFile: string, newFile: string) => {
      const d = diffReports(readReport(oldFile), readReport(newFile));
      process.stdout.write(`${formatDiff(d)}\n`);
      setCode(d.newFailures.length > 0 ? 1 : 0);
    });
  program
    .command('merge')
    .description('merge the report.json files of --shard runs into the report of the whole run')
    .argument('<shards...>')
    .option('-o, --out <dir>', 'directory for the merged reports', 'reports')
    .option('--expectations <file>', 'known deviations file, or "none"', projectPath('vectors', 'expectations.json'))
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit, ndjson (default: all but ndjson)'))
    .action(async (files: string[], flags: { out: string; expectations: string; format?: string[] }) => {
      const out = writableDir('--out', flags.out);
      const merged = mergeReports(
        files.map(readReport),
        flags.expectations === 'none' ? [] : loadExpectations(resolve(flags.expectations)),
        files.map(shown),
      );
      for (const p of await writeReports(merged, out, pickFormats(splitList(flags.format)))) process.stdout.write(`wrote ${shown(p)}\n`);
      process.stdout.write(`${closingLine(merged.summary)}\n`);
      setCode(merged.summary.unexpected > 0 ? 1 : 0);
    });
}
