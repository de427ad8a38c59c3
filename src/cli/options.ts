/**
 * Turns command-line values into resolved run options, with a clear error for anything
 * unknown. Every error here is a ConfigError: exit code 2.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Adapter } from '../core/adapter.js';
import { ConfigError } from '../core/errors.js';
import { resolveExpectations, type KnownDeviation } from '../core/expectations.js';
import { MAX_TIMER_MS } from '../core/timers.js';
import type { CaseKind } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { DEFAULT_FORMATS, REPORT_FORMATS, type ReportFormat } from '../report/write.js';

const KINDS: readonly CaseKind[] = ['intent', 'kat', 'matrix', 'negative', 'import'];

/** Splits "a,b c" into ["a", "b", "c"]. */
export function splitList(values: readonly string[] | string | undefined): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  return list.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}

function pick<T>(what: string, flag: string, wanted: string[], all: readonly T[], idOf: (t: T) => string): T[] {
  if (wanted.length === 0) return [...all];
  const known = new Map(all.map((t) => [idOf(t), t]));
  const unknown = wanted.filter((w) => !known.has(w));
  if (unknown.length) throw new ConfigError(`unknown ${what} ${unknown.map((u) => `"${u}"`).join(', ')} for ${flag}; known: ${[...known.keys()].join(', ')}`);
  return [...new Set(wanted)].map((w) => known.get(w)!);
}

/** Standards named by --standard, in registry order. */
export function pickStandards(wanted: string[], all: readonly Standard[]): Standard[] {
  const chosen = new Set(pick('standard', '--standard', wanted, all, (s) => s.id));
  return all.filter((s) => chosen.has(s));
}

/** Adapters named by --adapter, in registry order. */
export function pickAdapters(wanted: string[], all: readonly Adapter[]): Adapter[] {
  const chosen = new Set(pick('adapter', '--adapter', wanted, all, (a) => a.id));
  return all.filter((a) => chosen.has(a));
}

/** Kinds named by --kind. */
export function pickKinds(wanted: string[]): CaseKind[] {
  return pick('kind', '--kind', wanted, KINDS, (k) => k);
}

/** A positive integer option. */
export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new ConfigError(`${flag} takes a positive integer, not "${value}"`);
  return n;
}

/** A time budget in ms: a positive integer a timer can wait (a longer one would fire at once). */
export function timeoutOption(flag: string, value: string): number {
  const n = positiveInt(flag, value);
  if (n > MAX_TIMER_MS) throw new ConfigError(`${flag} takes at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a timer can wait), not ${value}`);
  return n;
}

/** An existing directory option, resolved. */
export function existingDir(flag: string, value: string): string {
  const dir = resolve(value);
  if (!existsSync(dir)) throw new ConfigError(`${flag}: no such directory "${value}"`);
  return dir;
}

/** A path shown relative to the working directory, so reports carry no machine paths. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  // Inside the working directory or near it (a corpus checked out beside the project: ../shared/…):
  // relative, so reports and replay commands name no machine's directories; farther away: as given.
  const ups = rel.split(/[\\/]/).filter((s) => s === '..').length;
  return ups <= 1 && !isAbsolute(rel) ? rel : path;
}

/**
 * An output directory that exists (created if needed) and is writable, checked before a run
 * starts so that a long run never ends in an unwritable place.
 */
export function writableDir(flag: string, value: string): string {
  // An empty value would resolve to the working directory: never what was meant.
  if (value.trim() === '') throw new ConfigError(`${flag} takes a directory, not an empty string`);
  const dir = resolve(value);
  try {
    makeDirs(dir);
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new ConfigError(`${flag}: cannot write to "${value}": ${(err as Error).message}`);
  }
  return dir;
}

/**
 * Creates `dir` and its missing parents one level at a time, from the nearest existing ancestor,
 * which must be a directory: Node's recursive mkdir loops forever below /proc.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!statSync(at).isDirectory()) throw new Error(`${at} is not a directory`);
  for (const d of missing) mkdirSync(d);
}

/** Report formats named by --format; the default set (all but ndjson) when none is named. */
export function pickFormats(list: string[]): ReportFormat[] {
  const unknown = list.filter((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (unknown.length) throw new ConfigError(`unknown --format ${unknown.join(', ')}; known: ${REPORT_FORMATS.join(', ')}`);
  return list.length ? (list as ReportFormat[]) : [...DEFAULT_FORMATS];
}

/** The flags {@link addExpectationOptions} adds. */
export interface ExpectationFlags {
  expectations?: string[];
  projectExpectations?: boolean;
}

/** Adds `--expectations FILE` (repeatable; added to the project's file) and `--no-project-expectations`. */
export function addExpectationOptions(cmd: Command): Command {
  return cmd
    .option(
      '--expectations <file>',
      'a known-deviations file added to the project\'s vectors/expectations.json (repeatable; "none": no expectations at all)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--no-project-expectations', "use only the --expectations files, not the project's vectors/expectations.json");
}

/** The known deviations the flags select (see {@link resolveExpectations}); files are resolved from the working directory. */
export function expectationsFrom(flags: ExpectationFlags): { entries: KnownDeviation[]; files: string[] } {
  const files = (flags.expectations ?? []).map((f) => (f === 'none' ? f : resolve(f)));
  if (flags.projectExpectations === false && files.length === 0)
    throw new ConfigError('--no-project-expectations needs at least one --expectations FILE (or --expectations none)');
  return resolveExpectations(files, flags.projectExpectations === false);
}
