/**
 * Preloaded (`node --import …/spawn-counter.js`) into a bothends run that the benchmark times:
 * appends one line to the file named by BOTHENDS_BENCH_PROBE for every process the run starts
 * (as it starts it, so a run stopped at its time limit is still counted) and one line with
 * the peak resident set size when a thread exits. Every asynchronous child (spawn, execFile,
 * exec, fork) goes through `ChildProcess.prototype.spawn`; the synchronous ones are counted at
 * their three public entry points, which do not call each other.
 */
import childProcess, { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { threadId } from 'node:worker_threads';

/** One line of the probe file: a process started, or a thread's exit with the process's peak RSS in KiB. */
export type ProbeLine = { readonly spawn: 1 } | { readonly thread: number; readonly maxRssKiB: number };

const file = process.env['BOTHENDS_BENCH_PROBE'];

function write(line: ProbeLine): void {
  appendFileSync(file!, `${JSON.stringify(line)}\n`);
}

function counted<F extends (...args: never[]) => unknown>(f: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    write({ spawn: 1 });
    return f.apply(this, args);
  } as F;
}

if (file) {
  // `spawn` is an undocumented method of ChildProcess, absent from the type definitions.
  const proto = ChildProcess.prototype as unknown as { spawn: (...args: never[]) => unknown };
  proto.spawn = counted(proto.spawn);
  childProcess.spawnSync = counted(childProcess.spawnSync);
  childProcess.execFileSync = counted(childProcess.execFileSync);
  childProcess.execSync = counted(childProcess.execSync);
  syncBuiltinESMExports();
  process.on('exit', () => write({ thread: threadId, maxRssKiB: process.resourceUsage().maxRSS }));
}
