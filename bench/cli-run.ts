/**
 * Times a real `bothends run` as a user starts it: a fresh `node dist/src/cli/main.js run`
 * process writing its reports to a temporary directory, with the process counter preloaded.
 * Returns the wall time, the exit code, the processes it started, its peak RSS and the case
 * counts from the report it wrote. A run that outlives its limit is stopped (its whole process
 * group) and reported with how far it got, from its progress lines, so the benchmark itself
 * keeps to its time budget.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../src/core/report-model.js';
import type { ProbeLine } from './spawn-counter.js';

/** What one timed run did. */
export interface CliRun {
  readonly args: readonly string[];
  readonly wallMs: number;
  readonly exitCode: number;
  /** Processes the run started itself (children of children are not seen). */
  readonly processes: number;
  /** Null when the run was stopped before it could say. */
  readonly peakRssMiB: number | null;
  /** From report.json: the number of results and the engine's own duration. */
  readonly cases: number;
  readonly engineMs: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** The last line of stderr when the run exited with neither 0 nor 1. */
  readonly stderrTail?: string;
  /** Set when the run was stopped at its limit: the cases done and planned by then. */
  readonly stopped?: { readonly limitMs: number; readonly done: number; readonly total: number };
}

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const COUNTER = new URL('./spawn-counter.js', import.meta.url).href;

/** `bothends: 1234/15591 cases (7%), …`, the run's progress line on stderr. */
const PROGRESS = /bothends: (\d+)\/(\d+) cases/g;

/** The last progress a run reported on stderr. */
export function lastProgress(stderr: string): { done: number; total: number } | undefined {
  const all = [...stderr.matchAll(PROGRESS)];
  const m = all.at(-1);
  return m ? { done: Number(m[1]), total: Number(m[2]) } : undefined;
}

const IS_PROGRESS = /bothends: \d+\/\d+ cases/;

/** The last line of stderr that is not a progress line. */
function lastMessage(stderr: string): string {
  return (
    stderr
      .trim()
      .split('\n')
      .filter((l) => !IS_PROGRESS.test(l))
      .at(-1) ?? ''
  ).slice(0, 300);
}

/** Processes started and peak RSS (MiB) from the probe file. */
function readProbe(path: string): { processes: number; peakRssMiB: number | null } {
  const lines = existsSync(path)
    ? readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as ProbeLine)
    : [];
  const rss = lines.flatMap((l) => ('maxRssKiB' in l ? [l.maxRssKiB] : []));
  return { processes: lines.filter((l) => 'spawn' in l).length, peakRssMiB: rss.length ? Math.round(Math.max(...rss) / 102.4) / 10 : null };
}

interface Exit {
  readonly code: number;
  readonly stderr: string;
  readonly stopped: boolean;
}

/** Runs node with `argv`, keeping the tail of stderr; stops the whole process group after `limitMs`. */
function runNode(argv: readonly string[], env: NodeJS.ProcessEnv, limitMs: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    // Its own process group, so stopping it also stops the peers it started.
    const child = spawn(process.execPath, [...argv], { stdio: ['ignore', 'ignore', 'pipe'], env, detached: true });
    let err = '';
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, limitMs);
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-8000)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c ?? -1, stderr: err, stopped });
    });
  });
}

/** Runs `bothends run ARGS --out <tmp>` and measures it, stopping it after `limitMs`. */
export async function timeCliRun(args: readonly string[], limitMs = 24 * 3600_000): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bothends-bench-'));
  const probe = join(dir, 'probe.jsonl');
  try {
    const argv = ['--import', COUNTER, MAIN, 'run', ...args, '--out', join(dir, 'out')];
    const t0 = performance.now();
    const exit = await runNode(argv, { ...process.env, BOTHENDS_BENCH_PROBE: probe }, limitMs);
    const wallMs = performance.now() - t0;
    const counted = readProbe(probe);
    const reportFile = join(dir, 'out', 'report.json');
    const report = !exit.stopped && existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Report) : undefined;
    const progress = lastProgress(exit.stderr);
    return {
      args,
      wallMs: Math.round(wallMs),
      exitCode: exit.code,
      ...counted,
      cases: report?.results.length ?? 0,
      engineMs: report?.durationMs ?? 0,
      outcomes: report ? { ...report.summary.outcomes } : {},
      ...(exit.stopped ? { stopped: { limitMs, done: progress?.done ?? 0, total: progress?.total ?? 0 } } : {}),
      ...(exit.code === 0 || exit.code === 1 || exit.stopped ? {} : { stderrTail: lastMessage(exit.stderr) }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `bothends run` has `flag` (read from its help), so a section can use it when the CLI offers it. */
export function runHasFlag(flag: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, 'run', '--help'], { timeout: 30_000 }, (err, stdout) => resolve(!err && stdout.includes(flag)));
  });
}
