/**
 * A small pool of persistent JVMs for a Java SOP implementation: each host is SopHost.java
 * (next to this file, framing described there), which calls the implementation's own
 * `execute(String...)` once per request. A run pays for a JVM start per host, not per
 * operation. One request in flight per host; more wait in order. A host that dies, writes
 * anything but a frame or overruns the time limit is killed with its process group, that request
 * fails with an AdapterProcessError (with the tail of the host's stderr), and the next request
 * starts a new host. The process's lifetime is ../child-session.ts, as the external adapters'.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectPath } from '../../../core/paths.js';
import { ChildSession, type FailureCode } from '../../child-session.js';
import { openpgpSpawns } from '../../openpgp/openpgp-common.js';
import type { ProgramResult } from '../../subprocess.js';

/** A Java SOP implementation that can run in a host: its jars and the class with `public static int execute(String...)`. */
export interface JvmHostSpec {
  readonly classpath: readonly string[];
  readonly mainClass: string;
}

export const SOP_HOST_SOURCE = projectPath('src', 'adapters', 'sop', 'sop-host', 'SopHost.java');

/**
 * Options of a host JVM. The serial collector: no GC threads competing with the suite on two
 * cores. Both JIT compilers, unlike the C1-only JVM per call: a host lives for the whole run, and
 * the iterated S2K of other implementations' messages (up to 65 MB of SHA-256 each) runs twice as
 * fast in C2 code. Measured with PGPainless, `run -s openpgp openpgp-password` on the shared
 * two-core machine: 66–68 s CPU in all (36–49 s wall), against 75–77 s (42–49 s) with C1 only.
 */
export const SOP_HOST_JVM_OPTIONS: readonly string[] = ['-XX:+UseSerialGC'];

/** The source launcher compiles SopHost.java at every start, and the first request loads the implementation: slow on a loaded machine. */
const START_TIMEOUT_MS = 60_000;
/** Cap on one response's stdout or stderr, as runProgram's maxBuffer. */
const MAX_OUTPUT = 64 * 1024 * 1024;
const HELLO = 0x534f5048; // "SOPH"
const RESPONSE = 0x534f5052; // "SOPR"

function onPath(program: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether hosts can run here: the jars and SopHost.java exist, and `java` is on PATH. */
export function jvmHostUsable(spec: JvmHostSpec): boolean {
  return [...spec.classpath, SOP_HOST_SOURCE].every((f) => existsSync(f)) && onPath('java');
}

/** argc, the arguments and stdin, each with its length (SopHost.java's request frame). */
function requestFrame(args: readonly string[], stdin: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const int = (n: number): void => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    parts.push(b);
  };
  const bytes = (b: Uint8Array): void => (int(b.length), void parts.push(Buffer.from(b)));
  int(args.length);
  for (const a of args) bytes(Buffer.from(a, 'utf8'));
  bytes(stdin);
  return Buffer.concat(parts);
}

/** A response read from the start of `b`: the result and its length, 'incomplete', or what is wrong with it. */
function responseFrame(b: Buffer): { result: ProgramResult; length: number } | 'incomplete' | string {
  if (b.length < 4) return 'incomplete';
  if (b.readInt32BE(0) !== RESPONSE) return `wrote ${JSON.stringify(b.subarray(0, 32).toString('latin1'))} where a response frame belongs`;
  if (b.length < 12) return 'incomplete';
  const code = b.readInt32BE(4);
  const outLength = b.readInt32BE(8);
  if (outLength < 0 || outLength > MAX_OUTPUT) return `announced ${outLength} bytes of stdout`;
  if (b.length < 16 + outLength) return 'incomplete';
  const errLength = b.readInt32BE(12 + outLength);
  if (errLength < 0 || errLength > MAX_OUTPUT) return `announced ${errLength} bytes of stderr`;
  const length = 16 + outLength + errLength;
  if (b.length < length) return 'incomplete';
  const stdout = Uint8Array.from(b.subarray(12, 12 + outLength));
  return { result: { code, stdout, stderr: b.subarray(16 + outLength, length).toString('utf8') }, length };
}

interface Pending {
  readonly resolve: (r: ProgramResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** One host process: its hello, then one request at a time. */
class Host extends ChildSession<void> {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;

  constructor(
    name: string,
    private readonly spec: JvmHostSpec,
  ) {
    super({
      command: { file: 'java', args: [...SOP_HOST_JVM_OPTIONS, '-cp', spec.classpath.join(delimiter), SOP_HOST_SOURCE, spec.mainClass] },
      helloTimeoutMs: START_TIMEOUT_MS,
      label: `${name} host (${SOP_HOST_SOURCE})`,
      stdout: 'bytes',
    });
    const t0 = performance.now();
    openpgpSpawns.count++;
    // A host's time in openpgpSpawns is its start-up (to the hello), where a CLI's is its whole run.
    this.ready.then(
      () => {
        const entry = (openpgpSpawns.byProgram['java'] ??= { count: 0, ms: 0 });
        entry.count++;
        entry.ms += performance.now() - t0;
      },
      () => undefined,
    );
  }

  /** Runs one SOP command line; rejects with an AdapterProcessError when the host fails. */
  request(args: readonly string[], stdin: Uint8Array, timeoutMs: number): Promise<ProgramResult> {
    const failed = this.failed;
    if (failed) return Promise.reject(this.error(failed.code, failed.message, undefined));
    if (this.dead) return Promise.reject(this.error('ADAPTER_CLOSED', 'shut down (the adapter was disposed)', undefined));
    return new Promise<ProgramResult>((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail('ADAPTER_TIMEOUT', `${args[0] ?? 'a request'} got no answer within ${timeoutMs} ms; the host was killed`),
        timeoutMs,
      );
      this.pending = { resolve, reject, timer };
      this.write(requestFrame(args, stdin));
    });
  }

  protected onStdout(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.greeted) {
      if (this.buffer.length < 8) return;
      const length = this.buffer.readInt32BE(4);
      if (this.buffer.readInt32BE(0) !== HELLO || length < 0 || length > 1024)
        return this.fail('ADAPTER_GARBAGE', `first bytes are not a SopHost hello: ${JSON.stringify(this.buffer.subarray(0, 32).toString('latin1'))}`);
      if (this.buffer.length < 8 + length) return;
      const named = this.buffer.subarray(8, 8 + length).toString('utf8');
      if (named !== this.spec.mainClass) return this.fail('ADAPTER_GARBAGE', `hello names ${named}, not ${this.spec.mainClass}`);
      this.buffer = this.buffer.subarray(8 + length);
      this.greet();
    }
    if (this.buffer.length === 0) return;
    if (!this.pending) return this.fail('ADAPTER_GARBAGE', `wrote ${this.buffer.length} bytes with no request pending`);
    const frame = responseFrame(this.buffer);
    if (frame === 'incomplete') return;
    if (typeof frame === 'string') return this.fail('ADAPTER_GARBAGE', frame);
    if (this.buffer.length > frame.length) return this.fail('ADAPTER_GARBAGE', `wrote ${this.buffer.length - frame.length} bytes after its response`);
    this.buffer = Buffer.alloc(0);
    const p = this.pending;
    this.pending = undefined;
    clearTimeout(p.timer);
    p.resolve(frame.result);
  }

  protected failPending(code: FailureCode, message: string): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) clearTimeout(p.timer), p.reject(this.error(code, message, undefined));
  }
}

/** At most `size` hosts of one implementation, one request in flight on each. */
export class JvmHostPool {
  private readonly hosts = new Set<Host>();
  private readonly idle: Host[] = [];
  private readonly waiting: Array<(h: Host) => void> = [];

  constructor(
    /** Adapter id, for messages. */
    readonly name: string,
    readonly spec: JvmHostSpec,
    readonly size: number,
    /** Budget of one request once its host is up. */
    readonly timeoutMs: number,
  ) {}

  /** Process ids of the hosts alive now (tests kill them). */
  get pids(): number[] {
    return [...this.hosts].filter((h) => !h.dead && h.child.pid !== undefined).map((h) => h.child.pid!);
  }

  /** Runs `args` with `stdin` in a host; resolves with the exit code and output as a process would. */
  async run(args: readonly string[], stdin: Uint8Array | undefined): Promise<ProgramResult> {
    const host = await this.acquire();
    try {
      await host.ready;
      return await host.request(args, stdin ?? new Uint8Array(0), this.timeoutMs);
    } finally {
      this.release(host);
    }
  }

  /** Ends every host. The pool can be used again: it starts new ones. */
  async close(): Promise<void> {
    const all = [...this.hosts];
    this.hosts.clear();
    this.idle.length = 0;
    await Promise.all(all.map((h) => h.close()));
  }

  private start(): Host {
    const h = new Host(this.name, this.spec);
    this.hosts.add(h);
    return h;
  }

  private acquire(): Promise<Host> {
    for (let h = this.idle.pop(); h; h = this.idle.pop()) {
      if (!h.dead) return Promise.resolve(h);
      this.hosts.delete(h); // died while idle
    }
    if (this.hosts.size < this.size) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(h: Host): void {
    if (h.dead) this.hosts.delete(h);
    const next = this.waiting.shift();
    if (next) next(h.dead ? this.start() : h);
    else if (!h.dead) this.idle.push(h);
  }
}
