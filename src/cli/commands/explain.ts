/** `bothends explain CASE-ID`: one case's full story, read from a saved report.json. */
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import { closeMatches, explainResult } from '../../report/story.js';
import { readReport } from './render.js';

interface ExplainFlags {
  report: string;
  json?: boolean;
}

function explainCommand(id: string, flags: ExplainFlags): number {
  const report = readReport(flags.report);
  const story = explainResult(report, id);
  if (story === undefined) {
    const close = closeMatches(report, id);
    const hint = close.length > 0 ? `; close matches:\n  ${close.join('\n  ')}` : ' (it has no results)';
    throw new ConfigError(`no case "${id}" in ${flags.report}${hint}`);
  }
  if (flags.json)
    process.stdout.write(
      `${JSON.stringify(
        report.results.find((r) => r.id === id),
        null,
        2,
      )}\n`,
    );
  else process.stdout.write(story);
  return 0;
}

/** Registers `explain`. */
export function registerExplain(program: Command, setCode: (code: number) => void): void {
  program
    .command('explain')
    .description(
      "tell one case's full story: parameters, both sides (for an intent case, both calls, the parameters they differ in, the fix and the normative text), diagnosis, expectation and its reason, replay command",
    )
    .argument('<case-id>', 'a result id, as the reports show it')
    .option('-r, --report <file>', 'the report to read', 'reports/report.json')
    .option('--json', 'print the result as JSON instead')
    .action((id: string, flags: ExplainFlags) => setCode(explainCommand(id, flags)));
}
