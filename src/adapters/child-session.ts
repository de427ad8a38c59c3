/**
 * The lifetime of one long-lived child process that bothends talks to over its stdin and stdout:
 * the external adapters' JSON lines (external/connection.ts) and the SOP hosts' frames
 * (sop/sop-host/jvm-host.ts). Both share it: started with an argument array (never a shell) in a
 * process group of its own; a hello within a time limit; its stderr kept for error messages;
 * any failure (cannot start, crash, hang, garbage) kills the whole group once and fails what was
 * waiting on it with an {@link AdapterProcessError}; closing ends stdin, waits a grace period and
 * kills the group; an interrupted bothends kills it too. What the lines or frames mean, and when
 * to start another, is the protocol's: a subclass reads stdout and keeps its own pending work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BothendsError, type Stage } from '../core/errors.js';
import { onInterrupt } from '../core/interrupt.js';
import { timerMs } from '../core/timers.js';

/** The program to start: an argument array, never a shell. */
export interface ChildCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to the environment bothends runs in. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How a process failed, as a stable error code. */
export type FailureCode = 'ADAPTER_START' | 'ADAPTER_CRASH' | 'ADAPTER_TIMEOUT' | 'ADAPTER_GARBAGE' | 'ADAPTER_PROTOCOL' | 'ADAPTER_CLOSED' | 'ADAPTER_GAVE_UP';

/** A request failed because of its adapter process, not because of the operation. */
export class AdapterProcessError extends BothendsError {
  constructor(code: FailureCode, message: string, stage?: Stage) {
    super(code, message, stage === undefined ? {} : { stage });
  }
}

/** The last bytes a process wrote to stderr, kept across restarts for error messages and reports. */
export class StderrLog {
  private text = '';
  constructor(private readonly cap = 16 * 1024) {}
  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.cap);
  }
  /** Everything kept. */
  all(): string {
    return this.text;
  }
  /** The last few non-empty lines, for a one-line message. */
  tail(lines = 4, chars = 600): string {
    return this.text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-lines)
      .join(' | ')
      .slice(-chars);
  }
}

/** Children run in their own process group (not on Windows, which has none). */
export const OWN_GROUP = process.platform !== 'win32';

/**
 * SIGKILLs a child started with {@link OWN_GROUP} and its whole process group: its own children
 * survive the child otherwise (11 helpers after a run, 25 after `adapter check`). A helper that
 * made itself a new session escapes this; nothing portable catches it.
 */
export function killGroup(child: ChildProcess): void {
  if (OWN_GROUP && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: the group is empty already
    }
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** How one child is started and named. */
export interface ChildOptions {
  readonly command: ChildCommand;
  /** Budget from starting the process to its hello. */
  readonly helloTimeoutMs: number;
  /** Starts every failure message: `adapter acme`, `sqop host (…/SopHost.java)`. */
  readonly label: string;
  /** Reads stdout as UTF-8 text (lines) or as bytes (frames). */
  readonly stdout: 'text' | 'bytes';
  /** Where stderr is kept (a connection keeps one across restarts); default: a log of its own. */
  readonly stderr?: StderrLog;
}

/** One child process from start to death; `H` is what its hello says. */
export abstract class ChildSession<H> {
  readonly child: ChildProcess;
  /** Resolves with the hello; rejects when the child fails or is closed before it. */
  readonly ready: Promise<H>;
  readonly stderr: StderrLog;
  private failure: { readonly code: FailureCode; readonly message: string } | undefined;
  private closing = false;
  private helloSeen = false;
  private settleHello!: { resolve: (h: H) => void; reject: (e: Error) => void };
  private readonly helloTimer: NodeJS.Timeout;

  constructor(protected readonly options: ChildOptions) {
    this.stderr = options.stderr ?? new StderrLog();
    this.ready = new Promise<H>((resolve, reject) => (this.settleHello = { resolve, reject }));
    this.ready.catch(() => undefined); // observed by whoever awaits it; never unhandled
    const { file, args, cwd, env } = options.command;
    // Its own process group, so that killing the child kills the helpers it started too.
    this.child = spawn(file, [...args], {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      detached: OWN_GROUP,
    });
    this.helloTimer = setTimeout(
      () => this.fail('ADAPTER_TIMEOUT', `no hello within ${options.helloTimeoutMs} ms of starting`),
      timerMs(options.helloTimeoutMs),
    );
    this.child.on('error', (err) => this.fail('ADAPTER_START', `cannot start ${file}: ${err.message}`));
    this.child.stdin?.on('error', (err) => this.fail('ADAPTER_CRASH', `cannot write to the process: ${err.message}`));
    if (options.stdout === 'text') this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.failure || this.onStdout(chunk));
    else this.child.stdout?.on('data', (chunk: Buffer) => this.failure || this.onStdout(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.append(chunk));
    // 'close' follows once stdout and stderr are drained (a last answer is still read); give it a moment, then report anyway.
    this.child.on('exit', (code, signal) => setTimeout(() => this.onExit(code, signal), 200).unref());
    this.child.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.onExit(code, signal));
    // In its own group it no longer gets the terminal's Ctrl-C: an interrupted bothends kills it.
    const forget = onInterrupt(() => killGroup(this.child), 0);
    this.child.once('close', forget);
    // An idle child must not keep bothends alive; pending work holds its own timers.
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** What stdout brought, in the encoding the options chose; not called once the child failed. */
  protected abstract onStdout(chunk: string | Buffer): void;

  /** Fails everything waiting on the child (it died, or was closed), with errors from {@link error}. */
  protected abstract failPending(code: FailureCode, message: string): void;

  /** True once the child is no longer usable: it failed or is being closed. */
  get dead(): boolean {
    return this.failure !== undefined || this.closing;
  }

  /** Why it failed, if it did. */
  get failed(): { readonly code: FailureCode; readonly message: string } | undefined {
    return this.failure;
  }

  /** Whether the hello has come. */
  protected get greeted(): boolean {
    return this.helloSeen;
  }

  /** The child said hello: it is ready for work. */
  protected greet(hello: H): void {
    this.helloSeen = true;
    clearTimeout(this.helloTimer);
    this.settleHello.resolve(hello);
  }

  /** Writes to the child's stdin. */
  protected write(data: string | Uint8Array): void {
    this.child.stdin?.write(data);
  }

  /** Marks the child dead, kills its group and fails what is waiting on it. Idempotent; nothing fails while closing. */
  protected fail(code: FailureCode, message: string): void {
    if (this.failure || this.closing) return;
    this.failure = { code, message };
    clearTimeout(this.helloTimer);
    killGroup(this.child);
    this.settleHello.reject(this.error(code, message, undefined));
    this.failPending(code, message);
  }

  /**
   * Closes stdin and waits up to `graceMs` for the child to leave, then kills its group (the
   * helpers it started may not have left with it). Resolves true when it left by itself.
   */
  async close(graceMs = 2_000): Promise<boolean> {
    if (this.closing) return true;
    this.closing = true;
    clearTimeout(this.helloTimer);
    const closed = 'the adapter was shut down while this request was pending';
    this.settleHello.reject(this.error('ADAPTER_CLOSED', closed, undefined));
    this.failPending('ADAPTER_CLOSED', closed);
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      killGroup(this.child); // helpers it left behind
      return true;
    }
    const exited = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), graceMs);
      this.child.once('exit', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    this.child.stdin?.end();
    const byItself = await exited;
    killGroup(this.child);
    return byItself;
  }

  /** An error naming the child, what happened, and the tail of its stderr. */
  error(code: FailureCode, message: string, stage: Stage | undefined): AdapterProcessError {
    const tail = this.stderr.tail();
    return new AdapterProcessError(code, `${this.options.label}: ${message}${tail ? ` (stderr: ${tail})` : ''}`, stage);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closing || this.failure) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.fail(this.helloSeen ? 'ADAPTER_CRASH' : 'ADAPTER_START', `${how}${this.helloSeen ? '' : ' before its hello'}`);
  }
}
