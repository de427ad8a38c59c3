/**
 * One long-lived adapter process and the requests in flight to it. Requests are matched to
 * responses by id, so any number may be pending and answers may come in any order. A process
 * that crashes, hangs, writes garbage or answers an id nobody asked for is killed, every
 * pending request fails with an error saying what happened (with the tail of its stderr),
 * and the next request starts a fresh process. Spawned with an argument array, never a shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BothendsError, describeError, type Stage } from '../../core/errors.js';
import { parseHello, parseResponse, requestLine, type Hello, type OpRequest, type Reply } from './protocol.js';
import { DEFAULT_TIMEOUT_MS } from '../../core/timeout.js';

/** The program to start: an argument array, never a shell. */
export interface ChildCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to the environment bothends runs in. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How one connection behaves. */
export interface ConnectionOptions {
  /** Adapter id, for messages. */
  readonly name: string;
  readonly command: ChildCommand;
  /** Budget of one request, from writing it to reading its answer. */
  readonly requestTimeoutMs: number;
  /** Budget from starting the process to reading its hello. */
  readonly helloTimeoutMs: number;
  /** Processes started at most (the first plus restarts); past it every request fails at once. */
  readonly maxStarts: number;
}

/** Defaults for {@link ConnectionOptions}. */
export const CONNECTION_DEFAULTS = { requestTimeoutMs: DEFAULT_TIMEOUT_MS, helloTimeoutMs: 30_000, maxStarts: 25 } as const;

/** Key generation searches for primes (RSA-4096 takes seconds, more on a loaded machine): it gets this many request budgets. */
export const KEYGEN_BUDGETS = 4;

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
    return this.text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-lines).join(' | ').slice(-chars);
  }
}

/** Longest line accepted from a process before it counts as garbage. */
const MAX_LINE = 64 * 1024 * 1024;

interface Pending {
  readonly what: string;
  readonly stage: Stage | undefined;
  readonly resolve: (r: Reply) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** Short, printable excerpt of a line an adapter wrote. */
function excerpt(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

/** One process lifetime: start, hello, requests, death. */
class Session {
  readonly child: ChildProcess;
  readonly ready: Promise<Hello>;
  private readonly pending = new Map<number | string, Pending>();
  private buffer = '';
  private helloSeen = false;
  private failure: { code: FailureCode; message: string } | undefined;
  private closing = false;
  private rawWaiter: { readonly resolve: (message: unknown) => void; readonly reject: (e: Error) => void } | undefined;
  private settleHello!: { resolve: (h: Hello) => void; reject: (e: Error) => void };
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    private readonly o: ConnectionOptions,
    private readonly stderr: StderrLog,
  ) {
    this.ready = new Promise<Hello>((resolve, reject) => (this.settleHello = { resolve, reject }));
    this.ready.catch(() => undefined); // observed by whoever awaits it; never unhandled
    const { file, args, cwd, env } = o.command;
    this.child = spawn(file, [...args], { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.helloTimer = setTimeout(() => this.fail('ADAPTER_TIMEOUT', `no hello within ${o.helloTimeoutMs} ms of starting`), o.helloTimeoutMs);
    this.child.on('error', (err) => this.fail('ADAPTER_START', `cannot start ${file}: ${err.message}`));
    this.child.stdin?.on('error', (err) => this.fail('ADAPTER_CRASH', `cannot write to the process: ${err.message}`));
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.append(chunk));
    this.child.on('exit', (code, signal) => {
      // 'close' follows once stdout and stderr are drained; give it a moment, then report anyway.
      setTimeout(() => this.onExit(code, signal), 200).unref();
    });
    this.child.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.onExit(code, signal));
    // An idle adapter must not keep bothends alive; pending requests hold their own timers.
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** True once the process is no longer usable. */
  get dead(): boolean {
    return this.failure !== undefined;
  }

  /** Why it died, if it did. */
  get failureMessage(): string | undefined {
    return this.failure?.message;
  }

  /** Sends one request; resolves with the adapter's reply. */
  send(id: number, r: OpRequest, stage: Stage | undefined): Promise<Reply> {
    const what = `request ${id} (${r.standard} ${r.op})`;
    if (this.failure) return Promise.reject(this.error(this.failure.code, this.failure.message, stage));
    return new Promise<Reply>((resolve, reject) => {
      const ms = this.o.requestTimeoutMs * (r.op === 'generateKeyPair' ? KEYGEN_BUDGETS : 1);
      const timer = setTimeout(() => this.fail('ADAPTER_TIMEOUT', `${what} got no answer within ${ms} ms; the process was killed`), ms);
      this.pending.set(id, { what, stage, resolve, reject, timer });
      this.child.stdin?.write(`${requestLine(id, r)}\n`);
    });
  }

  /** Writes any line and resolves with the next parsed line (for conformance checks, with nothing else pending). */
  exchangeRaw(line: string, timeoutMs: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.error(this.failure.code, this.failure.message, undefined));
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawWaiter = undefined;
        reject(this.error('ADAPTER_TIMEOUT', `no answer within ${timeoutMs} ms to ${excerpt(line)}`, undefined));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.rawWaiter = undefined;
      };
      this.rawWaiter = {
        resolve: (message) => (settle(), resolve(message)),
        reject: (e) => (settle(), reject(e)),
      };
      this.child.stdin?.write(`${line}\n`);
    });
  }

  /** Closes stdin and waits for the process to leave; kills it after `graceMs`. Resolves true when it left by itself. */
  async close(graceMs = 2_000): Promise<boolean> {
    this.closing = true;
    clearTimeout(this.helloTimer);
    this.failAll('ADAPTER_CLOSED', 'the adapter was shut down while this request was pending');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return true;
    const exited = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), graceMs);
      this.child.once('exit', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    this.child.stdin?.end();
    const byItself = await exited;
    if (!byItself) this.kill();
    return byItself;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0 && !this.failure) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() !== '') this.onLine(line);
    }
    if (this.buffer.length > MAX_LINE) this.fail('ADAPTER_GARBAGE', `wrote more than ${MAX_LINE} bytes without a newline`);
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.fail('ADAPTER_GARBAGE', `wrote a line that is not JSON: ${excerpt(line)}`);
      return;
    }
    if (!this.helloSeen) return this.onHello(message, line);
    if (this.rawWaiter) return this.rawWaiter.resolve(message);
    const parsed = parseResponse(message);
    if (typeof parsed === 'string') return this.fail('ADAPTER_GARBAGE', `wrote a line that is not a response (${parsed}): ${excerpt(line)}`);
    if (parsed.id === null) {
      const why = 'error' in parsed.reply ? `${parsed.reply.error.code}: ${parsed.reply.error.message}` : 'ok';
      return this.fail('ADAPTER_PROTOCOL', `answered id null (it could not read a request: ${why})`);
    }
    const p = this.pending.get(parsed.id);
    if (!p) return this.fail('ADAPTER_PROTOCOL', `answered id ${JSON.stringify(parsed.id)}, which is not pending (never sent, or already answered)`);
    this.pending.delete(parsed.id);
    clearTimeout(p.timer);
    p.resolve(parsed.reply);
  }

  private onHello(message: unknown, line: string): void {
    const r = parseHello(message);
    if ('problems' in r) {
      const code = typeof message === 'object' && message !== null && 'hello' in message ? 'ADAPTER_PROTOCOL' : 'ADAPTER_GARBAGE';
      return this.fail(code, `first line is not a valid hello (${r.problems.join('; ')}): ${excerpt(line)}`);
    }
    this.helloSeen = true;
    clearTimeout(this.helloTimer);
    this.settleHello.resolve(r.hello);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closing || this.failure) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    this.fail(this.helloSeen ? 'ADAPTER_CRASH' : 'ADAPTER_START', `${how}${this.helloSeen ? '' : ' before its hello'}`);
  }

  /** Marks the process dead, kills it and fails everything pending. Idempotent. */
  private fail(code: FailureCode, message: string): void {
    if (this.failure) return;
    this.failure = { code, message };
    clearTimeout(this.helloTimer);
    this.kill();
    this.settleHello.reject(this.error(code, this.failure.message, undefined));
    this.failAll(code, this.failure.message);
    this.rawWaiter?.reject(this.error(code, this.failure.message, undefined));
  }

  private failAll(code: FailureCode, message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(this.error(code, message, p.stage));
    }
  }

  private kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** An error naming the adapter, what happened, and the tail of its stderr. */
  error(code: FailureCode, message: string, stage: Stage | undefined): AdapterProcessError {
    const tail = this.stderr.tail();
    return new AdapterProcessError(code, `adapter ${this.o.name}: ${message}${tail ? ` (stderr: ${tail})` : ''}`, stage);
  }
}

/** A persistent connection to one adapter program, restarted as needed. */
export class Connection {
  /** What the process wrote to stderr, across restarts. */
  readonly stderr = new StderrLog();
  private session: Session | undefined;
  private starts = 0;
  private nextId = 1;
  private lastFailure: string | undefined;

  constructor(readonly options: ConnectionOptions) {}

  /** Processes started so far (1 + restarts). */
  get started(): number {
    return this.starts;
  }

  /** The live session, starting one when there is none. */
  private live(stage: Stage | undefined): Session {
    if (this.session && !this.session.dead) return this.session;
    if (this.session?.failureMessage) this.lastFailure = this.session.failureMessage;
    if (this.starts >= this.options.maxStarts) {
      throw new AdapterProcessError('ADAPTER_GAVE_UP', `adapter ${this.options.name}: started ${this.starts} times, not restarting again; last failure: ${this.lastFailure ?? 'none'}`, stage);
    }
    this.starts++;
    this.session = new Session(this.options, this.stderr);
    return this.session;
  }

  /** The hello of the running process (starting one if needed). */
  hello(): Promise<Hello> {
    try {
      return this.live(undefined).ready;
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(describeError(err)));
    }
  }

  /** Sends one operation and resolves with the adapter's reply; rejects with an {@link AdapterProcessError}. */
  async request(r: OpRequest, stage: Stage | undefined): Promise<Reply> {
    const session = this.live(stage);
    try {
      await session.ready;
    } catch (err) {
      throw err instanceof AdapterProcessError ? new AdapterProcessError(err.code as FailureCode, err.message, stage) : err;
    }
    return session.send(this.nextId++, r, stage);
  }

  /** Writes any line to the running process and resolves with the next line it writes, parsed (conformance checks only). */
  async exchangeRaw(line: string, timeoutMs: number): Promise<unknown> {
    const session = this.live(undefined);
    await session.ready;
    return session.exchangeRaw(line, timeoutMs);
  }

  /** Shuts the process down; resolves true when it exited by itself once stdin closed. */
  async close(graceMs?: number): Promise<boolean> {
    const s = this.session;
    this.session = undefined;
    return s ? s.close(graceMs) : true;
  }
}
