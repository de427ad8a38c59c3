/**
 * `bothends diff OLD NEW` and `bothends merge SHARD…`: work on saved reports, run nothing.
 */
import { Option, type Command } from 'commander';
import { diffReports, formatDiff } from '../../core/diff.js';
import { mergeReports } from '../../core/shard.js';
import { closingLines } from '../../core/summary.js';
import { writeReports } from '../../report/write.js';
import { addExpectationOptions, expectationsFrom, pickFormats, shown, splitList, writableDir, type ExpectationFlags } from '../options.js';
import { staleFails } from './run.js';
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
  const merge = program
    .command('merge')
    .description('merge the report.json files of --shard runs into the report of the whole run')
    .argument('<shards...>')
    .option('-o, --out <dir>', 'directory for the merged reports', 'reports')
    .option('--strict', 'stale expectations entries fail the merge')
    .addOption(new Option('-f, --format <formats...>', 'report formats: json, md, html, junit, ndjson (default: all but ndjson)'));
  addExpectationOptions(merge).action(async (files: string[], flags: ExpectationFlags & { out: string; strict?: boolean; format?: string[] }) => {
    const out = writableDir('--out', flags.out);
    const merged = mergeReports(files.map(readReport), expectationsFrom(flags).entries, files.map(shown));
    for (const p of await writeReports(merged, out, pickFormats(splitList(flags.format)))) process.stdout.write(`wrote ${shown(p)}\n`);
    process.stdout.write(`${closingLines(merged.summary).join('\n')}\n`);
    setCode(merged.summary.unexpected > 0 || staleFails(merged, flags.strict) ? 1 : 0);
  });
}
