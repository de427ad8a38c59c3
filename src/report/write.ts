/**
 * Writes the report files. Every format is rendered in memory first, so a renderer that throws
 * leaves the previous set untouched; each file then goes to a temporary name in the same
 * directory, is flushed, and is renamed over the old one, so no reader sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BothendsError, ConfigError, describeError } from '../core/errors.js';
import type { Report } from '../core/report-model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** A report format. */
export type ReportFormat = 'json' | 'md' | 'html' | 'junit';

/** Each format's file name and renderer. */
export const REPORT_OUTPUTS: Readonly<Record<ReportFormat, { readonly file: string; readonly render: (report: Report) => string }>> = {
  json: { file: 'report.json', render: renderJson },
  md: { file: 'report.md', render: renderMarkdown },
  html: { file: 'report.html', render: renderHtml },
  junit: { file: 'junit.xml', render: renderJunit },
};

/** Every format, in the order they are written. */
export const REPORT_FORMATS = Object.keys(REPORT_OUTPUTS) as readonly ReportFormat[];

/**
 * Renders `report` in each of `formats` and writes the files into `outDir` (created if needed).
 * Returns the paths written. Throws a `RENDER` error naming the format if any renderer throws;
 * then no file has been touched.
 */
export async function writeReports(report: Report, outDir: string, formats: readonly ReportFormat[] = REPORT_FORMATS): Promise<string[]> {
  const outputs = [...new Set(formats)].map((format) => {
    const output = REPORT_OUTPUTS[format] as (typeof REPORT_OUTPUTS)[ReportFormat] | undefined;
    if (!output) throw new ConfigError(`unknown report format ${JSON.stringify(format)}; known: ${REPORT_FORMATS.join(', ')}`);
    try {
      return { path: join(outDir, output.file), text: output.render(report) };
    } catch (err) {
      throw new BothendsError('RENDER', `cannot render the ${format} report: ${describeError(err)}`, { stage: 'render', cause: err });
    }
  });
  await mkdir(outDir, { recursive: true });
  const temps = outputs.map((o) => `${o.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    for (const [i, o] of outputs.entries()) await writeFlushed(temps[i] as string, o.text);
    for (const [i, o] of outputs.entries()) await rename(temps[i] as string, o.path);
  } finally {
    // After success every temp was renamed away; after a failure none may stay behind.
    await Promise.all(temps.map((t) => rm(t, { force: true })));
  }
  return outputs.map((o) => o.path);
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
