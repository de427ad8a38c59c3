/**
 * Writes the report files. Every format is rendered in memory first, so a renderer that throws
 * leaves the previous set untouched; each file then goes to a temporary name in the same
 * directory, is flushed, and is renamed over the old one, so no reader sees half a file. The
 * live `results.ndjson` of a run (src/report/ndjson.ts) is its own temporary file, renamed with
 * the others.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BothendsError, ConfigError, describeError } from '../core/errors.js';
import type { Report } from '../core/report-model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { NDJSON_FILE, renderNdjson, type NdjsonWriter } from './ndjson.js';

/** A report format. */
export type ReportFormat = 'json' | 'md' | 'html' | 'junit' | 'ndjson';

/** Each format's file name and renderer. */
export const REPORT_OUTPUTS: Readonly<Record<ReportFormat, { readonly file: string; readonly render: (report: Report) => string }>> = {
  json: { file: 'report.json', render: renderJson },
  md: { file: 'report.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
  junit: { file: 'junit.xml', render: renderJunit },
  ndjson: { file: NDJSON_FILE, render: renderNdjson },
};

/** Every format, in the order they are written. */
export const REPORT_FORMATS = Object.keys(REPORT_OUTPUTS) as readonly ReportFormat[];

/** The formats written when none is named: all but `ndjson`, which repeats report.json's results for big runs. */
export const DEFAULT_FORMATS: readonly ReportFormat[] = REPORT_FORMATS.filter((f) => f !== 'ndjson');

/** `summary.json`: report.json without `results`, for a run that kept none (its results are in results.ndjson). */
export const SUMMARY_FILE = 'summary.json';

/** The extras of a run that streamed its results. */
export interface StreamedOutputs {
  /** The run's live results.ndjson: ended and renamed into place, not rendered from `report.results`. */
  readonly ndjson?: NdjsonWriter;
  /** Also write {@link SUMMARY_FILE}. */
  readonly summary?: boolean;
}

/**
 * Renders `report` in each of `formats` and writes the files into `outDir` (created if needed).
 * Returns the paths written. Throws a `RENDER` error naming the format if any renderer throws;
 * then no file has been touched (a live results.ndjson has been ended: its lines stay in its
 * `.partial` file).
 */
export async function writeReports(
  report: Report,
  outDir: string,
  formats: readonly ReportFormat[] = DEFAULT_FORMATS,
  streamed: StreamedOutputs = {},
): Promise<string[]> {
  const live = streamed.ndjson;
  // First, so its lines are on disk whatever happens next.
  live?.end();
  const wanted: { name: string; file: string; render: (report: Report) => string }[] = [...new Set(formats)]
    .filter((f) => !(live && f === 'ndjson'))
    .map((format) => {
      const output = REPORT_OUTPUTS[format] as (typeof REPORT_OUTPUTS)[ReportFormat] | undefined;
      if (!output) throw new ConfigError(`unknown report format ${JSON.stringify(format)}; known: ${REPORT_FORMATS.join(', ')}`);
      return { name: format, ...output };
    });
  if (streamed.summary) wanted.push({ name: 'summary', file: SUMMARY_FILE, render: renderSummary });
  // A live file that got no line (a run of no case) was never created: it is written like the others, empty.
  if (live && !live.opened) wanted.push({ name: 'ndjson', file: NDJSON_FILE, render: () => '' });
  const outputs = wanted.map(({ name, file, render }) => {
    try {
      return { path: join(outDir, file), text: render(report) };
    } catch (err) {
      throw new BothendsError('RENDER', `cannot render the ${name} report: ${describeError(err)}`, { stage: 'render', cause: err });
    }
  });
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir);
  const temps = outputs.map((o) => `${o.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    for (const [i, o] of outputs.entries()) await writeFlushed(temps[i] as string, o.text);
    for (const [i, o] of outputs.entries()) await rename(temps[i] as string, o.path);
  } finally {
    // After success every temp was renamed away; after a failure none may stay behind.
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
  const paths = outputs.map((o) => o.path);
  if (live?.opened) {
    const path = join(outDir, NDJSON_FILE);
    await rename(live.path, path);
    paths.push(path);
  }
  return paths;
}

/** A temporary report file: `<name>.<pid>.<12 hex>.tmp`, as {@link writeReports} names them. */
const TEMP_FILE = /^.+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** True when a process of that id is running (ours or another's: EPERM means it exists). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary report files that a killed run left in `outDir` (a SIGKILL while the
 * reports were written leaves a `.tmp`, often empty): those whose writer is no longer running,
 * so that a run writing into the same directory at the same time keeps its own. Returns the
 * names removed.
 */
export async function removeStaleTemps(outDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(outDir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => {
    const m = TEMP_FILE.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !running(Number(m[1]));
  });
  await Promise.all(stale.map((n) => rm(join(outDir, n), { force: true })));
  return stale;
}

/** report.json without `results`, in the same form (the rest validates against the same schema). */
function renderSummary(report: Report): string {
  const { results: _results, ...rest } = report;
  return renderJson(rest as Report);
}

/** Writes a new file and flushes it to disk, so the rename that follows publishes whole content. */
async function writeFlushed(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
