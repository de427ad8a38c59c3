/**
 * One long-lived adapter process and the requests in flight to it. Requests are matched to
 * responses by id, so any number may be pending and answers may come in any order. A process
 * that crashes, hangs, writes garbage or answers an id nobody asked for is killed, every
 * pending request fails with an error saying what happened (with the tail of its stderr),
 * and the next request starts a fresh process. Spawned with an argument array, never a shell.
 */
import { describeError, type Stage } from '../../core/errors.js';
import { timerMs } from '../../core/timers.js';
import { AdapterProcessError, ChildSession, StderrLog, type ChildCommand, type FailureCode } from '../child-session.js';
import { parseHello, parseResponse, requestLine, type Hello, type OpRequest, type Reply } from './protocol.js';
import { DEFAULT_TIMEOUT_MS } from '../../core/timeout.js';

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
  /** Longest line accepted, in characters (default {@link MAX_LINE}); a longer one kills the process. */
  readonly maxLine?: number;
}

/** Defaults for {@link ConnectionOptions}. */
export const CONNECTION_DEFAULTS = { requestTimeoutMs: DEFAULT_TIMEOUT_MS, helloTimeoutMs: 30_000, maxStarts: 25 } as const;

/** Key generation searches for primes (RSA-4096 takes seconds, more on a loaded machine): it gets this many request budgets. */
export const KEYGEN_BUDGETS = 4;

/** Longest line accepted from a process before it counts as garbage (a 1 MiB operation is about 1.4 M characters of base64). */
export const MAX_LINE = 64 * 1024 * 1024;

/** Processes killed for a line over the cap before the adapter is given up: each restart would flood again. */
const MAX_FLOODS = 2;

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

/** One process lifetime speaking JSON lines: hello, then requests matched to responses by id. */
class Session extends ChildSession<Hello> {
  private readonly pending = new Map<number | string, Pending>();
  /** The start of a line not yet ended: the chunks received since the last newline, and their length. */
  private partial: string[] = [];
  private partialLength = 0;
  private rawWaiter: { readonly resolve: (message: unknown) => void; readonly reject: (e: Error) => void } | undefined;

  constructor(
    private readonly o: ConnectionOptions,
    stderr: StderrLog,
  ) {
    super({ command: o.command, helloTimeoutMs: o.helloTimeoutMs, label: `adapter ${o.name}`, stdout: 'text', stderr });
  }

  /** True when it died for writing a line over the cap. */
  flooded = false;

  /** Sends one request; resolves with the adapter's reply. */
  send(id: number, r: OpRequest, stage: Stage | undefined): Promise<Reply> {
    const what = `request ${id} (${r.standard} ${r.op})`;
    const failed = this.failed;
    if (failed) return Promise.reject(this.error(failed.code, failed.message, stage));
    return new Promise<Reply>((resolve, reject) => {
      const ms = this.o.requestTimeoutMs * (r.op === 'generateKeyPair' ? KEYGEN_BUDGETS : 1);
      const timer = setTimeout(() => this.fail('ADAPTER_TIMEOUT', `${what} got no answer within ${ms} ms; the process was killed`), timerMs(ms));
      this.pending.set(id, { what, stage, resolve, reject, timer });
      this.write(`${requestLine(id, r)}\n`);
    });
  }

  /** Writes any line and resolves with the next parsed line (for conformance checks, with nothing else pending). */
  exchangeRaw(line: string, timeoutMs: number): Promise<unknown> {
    const failed = this.failed;
    if (failed) return Promise.reject(this.error(failed.code, failed.message, undefined));
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawWaiter = undefined;
        reject(this.error('ADAPTER_TIMEOUT', `no answer within ${timeoutMs} ms to ${excerpt(line)}`, undefined));
      }, timerMs(timeoutMs));
      const settle = (): void => {
        clearTimeout(timer);
        this.rawWaiter = undefined;
      };
      this.rawWaiter = {
        resolve: (message) => (settle(), resolve(message)),
        reject: (e) => (settle(), reject(e)),
      };
      this.write(`${line}\n`);
    });
  }

  /**
   * Splits output into lines. Only the new chunk is scanned for a newline and the start of an
   * unfinished line is kept as a list of chunks: appending to one string and searching it all
   * again per chunk took 295 s for 100 MB without a newline.
   */
  protected onStdout(chunk: string): void {
    const max = this.o.maxLine ?? MAX_LINE;
    let start = 0;
    let nl: number;
    while (!this.failed && (nl = chunk.indexOf('\n', start)) >= 0) {
      const tail = chunk.slice(start, nl);
      const line = this.partial.length ? this.partial.join('') + tail : tail;
      this.partial = [];
      this.partialLength = 0;
      start = nl + 1;
      if (line.length > max) return this.flood(max);
      if (line.trim() !== '') this.onLine(line);
    }
    if (this.failed || start === chunk.length) return;
    this.partial.push(start === 0 ? chunk : chunk.slice(start));
    this.partialLength += chunk.length - start;
    if (this.partialLength > max) this.flood(max);
  }

  private flood(max: number): void {
    this.partial = [];
    this.flooded = true;
    this.fail('ADAPTER_GARBAGE', `wrote a line longer than ${max} characters`);
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.fail('ADAPTER_GARBAGE', `wrote a line that is not JSON: ${excerpt(line)}`);
      return;
    }
    if (!this.greeted) return this.onHello(message, line);
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
    this.greet(r.hello);
  }

  protected failPending(code: FailureCode, message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(this.error(code, message, p.stage));
    }
    this.rawWaiter?.reject(this.error(code, message, undefined));
  }
}

/** A persistent connection to one adapter program, restarted as needed. */
export class Connection {
  /** What the process wrote to stderr, across restarts. */
  readonly stderr = new StderrLog();
  private session: Session | undefined;
  private starts = 0;
  private floods = 0;
  private readonly floodCounted = new WeakSet<Session>();
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
    if (this.session?.failed) this.lastFailure = this.session.failed.message;
    if (this.session?.flooded && !this.floodCounted.has(this.session)) {
      this.floodCounted.add(this.session);
      this.floods++;
    }
    if (this.floods >= MAX_FLOODS) {
      throw new AdapterProcessError(
        'ADAPTER_GAVE_UP',
        `adapter ${this.options.name}: wrote a line over the cap ${this.floods} times, not restarting again; last failure: ${this.lastFailure ?? 'none'}`,
        stage,
      );
    }
    if (this.starts >= this.options.maxStarts) {
      throw new AdapterProcessError(
        'ADAPTER_GAVE_UP',
        `adapter ${this.options.name}: started ${this.starts} times, not restarting again; last failure: ${this.lastFailure ?? 'none'}`,
        stage,
      );
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
