/**
 * The `--throughput` option of `bothends run` and `bothends render`: attaches the bench.json of
 * a `bothends bench` run to the report, which report.html draws as a chart and report.md as a
 * table. Without the option, `<out>/throughput/bench.json` is attached when it exists (where
 * `bothends bench` writes by default); `--no-throughput` attaches nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ThroughputData } from '../core/throughput-model.js';
import { ConfigError } from '../core/errors.js';
import type { Report } from '../core/report-model.js';
import { validateThroughput } from './json.js';

/** The value commander gives `--throughput <file>` / `--no-throughput`. */
export type ThroughputFlag = string | boolean | undefined;

/** Where `bothends run` and `render` look for bench.json without `--throughput`. */
export function defaultThroughputFile(outDir: string): string {
  return join(outDir, 'throughput', 'bench.json');
}

/** Reads and validates a bench.json; every error names the file, and a shape error its JSON path. */
export function readThroughput(file: string): ThroughputData {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new ConfigError(`--throughput: cannot read it: ${(err as Error).message}`, { file });
  }
  const problems = validateThroughput(doc);
  if (problems.length) throw new ConfigError(`--throughput: not the bench.json of \`bothends bench\`:\n  ${problems.slice(0, 10).join('\n  ')}`, { file });
  return doc as ThroughputData;
}

/**
 * The throughput data to attach: from the file `flag` names (which must exist), else from the
 * default file under `outDir` when it exists; none when that is absent or `flag` is false.
 */
export function throughputFor(flag: ThroughputFlag, outDir: string): ThroughputData | undefined {
  if (flag === false) return undefined;
  if (typeof flag === 'string') {
    if (!existsSync(resolve(flag))) throw new ConfigError(`--throughput: no such file (write one with \`bothends bench -o DIR\`)`, { file: flag });
    return readThroughput(flag);
  }
  const file = defaultThroughputFile(outDir);
  return existsSync(file) ? readThroughput(file) : undefined;
}

/** The report with the throughput section set, replaced or left as it was (when `data` is undefined). */
export function withThroughput(report: Report, data: ThroughputData | undefined): Report {
  return data === undefined ? report : { ...report, throughput: data };
}
