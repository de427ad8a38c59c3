/**
 * `results.ndjson`: one result per line, each line the JSON of the report.json entry with the
 * same id (schema: `schemas/report.schema.json#/definitions/result`). A run writes it live, as
 * each result arrives, so a big corpus run keeps no results in memory and a run that dies
 * midway leaves every finished result on disk.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { BothendsError, describeError } from '../core/errors.js';
import type { CaseResult } from '../core/model.js';
import type { Report } from '../core/report-model.js';

/** The file name in the output directory. */
export const NDJSON_FILE = 'results.ndjson';

/**
 * What a live file is called until its run ends: `bothends run` writes `results.ndjson.partial`
 * and renames it to `results.ndjson` with the other reports, so `results.ndjson` is always a
 * whole run (the last good one stays until the next is complete) and a killed run's lines are
 * in the `.partial` file.
 */
export const PARTIAL_SUFFIX = '.partial';

/** One line: compact JSON, keys in the report's order. */
export function resultLine(r: CaseResult): string {
  return `${JSON.stringify(r)}\n`;
}

/** The whole file for a report that kept its results (`bothends render`, `merge`, `fuzz`). */
export function renderNdjson(report: Report): string {
  return report.results.map(resultLine).join('');
}

/** Lines are written in chunks of about this many characters (or fewer: see {@link NdjsonWriter}). */
const CHUNK = 64 * 1024;

/**
 * Appends results to a file as they arrive. The runner hands results over synchronously and
 * cannot be paused, so a stream's `write() === false` could only grow a queue in memory; the
 * writer uses synchronous writes instead, which make the producer wait for the disk (that is
 * the back-pressure: a slow disk slows the run, memory stays one chunk). Lines are batched up to
 * {@link CHUNK} characters or the end of the current turn of the event loop, whichever comes
 * first, so a killed run loses at most the results of its last moment, and never half a line.
 *
 * The file is created (truncated) at the first line, so a run that fails before any result
 * leaves no file. A write error (disk full) stops the writing and is thrown by {@link end},
 * naming the file, rather than from inside the runner.
 */
export class NdjsonWriter {
  private fd: number | undefined;
  private pending = '';
  private flushing: NodeJS.Immediate | undefined;
  private error: unknown;
  private ended = false;

  constructor(readonly path: string) {}

  write(r: CaseResult): void {
    if (this.ended) throw new Error(`${this.path}: write after end`);
    if (this.error !== undefined) return;
    this.pending += resultLine(r);
    if (this.pending.length >= CHUNK) this.flush();
    else this.flushing ??= setImmediate(() => this.flush());
  }

  /** True once a line has reached the file (or been tried). */
  get opened(): boolean {
    return this.fd !== undefined || this.error !== undefined;
  }

  /** Writes the pending lines out to the operating system (not yet to the disk: see {@link end}). */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (!this.pending || this.error !== undefined) return;
    try {
      this.fd ??= openSync(this.path, 'w');
      writeSync(this.fd, this.pending);
    } catch (err) {
      this.error = err;
    }
    this.pending = '';
  }

  /** Flushes, syncs to disk and closes; throws the first write error. Calling it again does nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.flush();
    try {
      if (this.fd !== undefined && this.error === undefined) fsyncSync(this.fd);
    } catch (err) {
      this.error = err;
    } finally {
      if (this.fd !== undefined) closeSync(this.fd);
    }
    if (this.error !== undefined)
      throw new BothendsError('RENDER', `cannot write ${this.path}: ${describeError(this.error)}`, { stage: 'render', cause: this.error });
  }
}
