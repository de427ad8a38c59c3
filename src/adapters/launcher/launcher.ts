/**
 * Starting programs through a small launcher process instead of from the bothends process.
 *
 * Node starts a child with fork + exec, and the fork copies the page tables of the whole
 * process. The bothends process holds the worker threads' heaps (hundreds of megabytes in a
 * full run): there, one start blocked the event loop for about 50 ms and cost 20 ms of system
 * CPU; a default run starts about 3,000 programs (openssl, gpg, rnp, sqop, gosop, age).
 * The launcher (launcher-child.ts) is a second Node process that loads only node:child_process;
 * it is started once, while bothends is still small, and starts every program on request over
 * its IPC channel (structured clone, so bytes cross as they are): a few milliseconds each.
 *
 * What a program does is unchanged: the same file, arguments, environment, input, time limit
 * and output cap, and the same answer (exit code, stdout, stderr). When the launcher cannot run
 * (no built script, it died), programs are started directly, as before.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../../core/paths.js';
import type { ExecOptions, ExecOutcome } from './exec.js';

/** bothends → launcher. */
export interface LaunchRequest {
  readonly id: number;
  readonly file: string;
  readonly args: readonly string[];
  readonly options: ExecOptions;
}

/** launcher → bothends: what the program did, with the request's id. */
export type LaunchReply = ExecOutcome & { readonly id: number };

/** The compiled launcher script, or undefined when it is not built (running from sources without a build). */
function launcherScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const built = here.endsWith('.ts')
    ? projectPath('dist', 'src', 'adapters', 'launcher', 'launcher-child.js')
    : here.replace(/launcher\.js$/, 'launcher-child.js');
  return existsSync(built) ? built : undefined;
}

/** Node flags the launcher must not inherit: a debugger or profiler of bothends is not one of the launcher. */
const NOT_INHERITED = /^--(inspect|cpu-prof|heap-prof|prof)/;

/** The launcher in use, started on first need; undefined once it failed (programs then start directly). */
class Launcher {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: LaunchReply) => void; reject: (e: Error) => void }>();
  private broken = false;

  /** Starts `file` through the launcher; undefined when the launcher is not usable here. */
  launch(file: string, args: readonly string[], options: ExecOptions): Promise<LaunchReply> | undefined {
    const child = this.ensure();
    if (!child) return undefined;
    const id = this.nextId++;
    return new Promise<LaunchReply>((resolve, reject) => {
      if (this.pending.size === 0) this.hold(child, true);
      this.pending.set(id, { resolve, reject });
      child.send({ id, file, args, options } satisfies LaunchRequest, (err) => {
        if (err) this.fail(new Error(`the program launcher did not take the request: ${err.message}`));
      });
    });
  }

  private ensure(): ChildProcess | undefined {
    if (this.child || this.broken) return this.child;
    const script = launcherScript();
    if (!script) {
      this.broken = true;
      return undefined;
    }
    const child = fork(script, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((a) => !NOT_INHERITED.test(a)),
    });
    child.on('message', (m: LaunchReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.hold(child, false);
      p.resolve(m);
    });
    child.on('exit', (code, signal) => this.fail(new Error(`the program launcher exited (${signal ?? `code ${code}`})`)));
    child.on('error', (err) => this.fail(new Error(`the program launcher failed: ${err.message}`)));
    this.hold(child, false);
    this.child = child;
    return child;
  }

  /** Idle, the launcher must not keep bothends alive; with requests pending it must (a promise alone does not). */
  private hold(child: ChildProcess, busy: boolean): void {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (busy) {
      child.ref();
      channel?.ref?.();
    } else {
      child.unref();
      channel?.unref?.();
    }
  }

  /** The launcher died: its pending requests fail; later programs start directly. */
  private fail(err: Error): void {
    this.broken = true;
    this.child = undefined;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

const launcher = new Launcher();

/** Starts `file` through the process-wide launcher; undefined when it cannot (the caller starts the program itself). */
export function launch(file: string, args: readonly string[], options: ExecOptions): Promise<LaunchReply> | undefined {
  return launcher.launch(file, args, options);
}
