/**
 * One browser with one long-lived page, shared by every operation of its adapter. Operations
 * are queued and sent across the driver in batches (all that arrived in the same turn of the
 * event loop), so a round trip through the driver is paid once per batch, not per operation.
 *
 * Faults cost only their own operations: the page answers each operation within the
 * operation timeout, even when the browser's promise never settles; a browser that crashes,
 * is killed or stops answering is killed with its process group, its profile removed, and
 * started again for what comes next. The operations of a lost batch are each sent once more
 * alone, so the one that took the browser down is the one that fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../../core/errors.js';
import { stageOf } from '../../core/call-adapter.js';
import type { Driver, Engine } from './engines.js';
import { PageServer } from './page-server.js';
import type { WireReply, WireRequest } from './wire.js';

/** Limits of a session. */
export interface SessionOptions {
  /** How long one operation may take in the page. */
  readonly opTimeoutMs: number;
  /** How long a browser may take to start and load its page. */
  readonly startTimeoutMs: number;
  /** Starts (the first included) after which a failing browser is given up. */
  readonly maxStarts: number;
}

export const SESSION_DEFAULTS: SessionOptions = { opTimeoutMs: 8_000, startTimeoutMs: 20_000, maxStarts: 8 };

/** A running browser, its profile directory, and the watchdog that outlives Node for it. */
interface Live {
  readonly driver: Driver;
  readonly profile: string;
  readonly watchdog: number | undefined;
  /** Why it is gone, once it is. */
  gone?: string;
}

interface Pending {
  readonly request: WireRequest;
  readonly resolve: (reply: WireReply) => void;
  attempts: number;
}

/** Is a process (not a zombie) with this id running? Linux: reads /proc. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The running processes of process group `pgid` (a browser and its helpers). */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Settles with `pending`, or rejects after `ms`. */
function within<T>(pending: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

/** The process groups of every process whose command line names `profile` (a browser started, or still starting, with it). */
function groupsUsing(profile: string): Set<number> {
  const groups = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(profile)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      groups.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]));
    } catch {
      // gone meanwhile
    }
  }
  return groups;
}

/**
 * Profile directories in use, by browsers running or starting. When Node exits, or is told to
 * stop, the browsers using them are killed and the directories removed: a browser still
 * starting has no process id known here yet, but its command line names its profile.
 */
const PROFILES = new Set<string>();
let exitHook = false;
function onExit(): void {
  for (const profile of PROFILES) {
    for (const pgid of groupsUsing(profile)) if (pgid > 1 && pgid !== process.pid) killGroup(pgid);
    rmSync(profile, { recursive: true, force: true });
  }
  PROFILES.clear();
}
function watchExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', onExit);
  // The browsers run in their own process groups, which a signal to Node does not reach: clean
  // up, then let the signal do what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      onExit();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * A browser runs in its own process group, which nothing reaches when Node is killed outright
 * (SIGKILL). This small shell loop, started beside it, kills the group and removes the profile
 * within a second of Node's end; it is killed itself when the browser is retired normally.
 */
function startWatchdog(pgid: number, profile: string): number | undefined {
  const loop = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL "-$2" 2>/dev/null; rm -rf "$3"';
  const child = spawn('/bin/sh', ['-c', loop, 'bothends-browser-watchdog', String(process.pid), String(pgid), profile], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
  return child.pid;
}

/** Runs in the page: hands the batch to the page's bindings (page.ts). Serialized by the driver, so self-contained. */
const runInPage = (a: never): unknown => {
  const { batch, timeoutMs } = a as { batch: WireRequest[]; timeoutMs: number };
  return (globalThis as unknown as Record<string, { run(b: WireRequest[], t: number): Promise<WireReply[]> }>)['bothendsWebcrypto']!.run(batch, timeoutMs);
};

/** Runs in the page: has its module loaded? */
const pageReady = (): unknown => typeof (globalThis as unknown as Record<string, { run?: unknown } | undefined>)['bothendsWebcrypto']?.run === 'function';

/** One browser engine's page, restarted as often as needed (up to `maxStarts`). */
export class BrowserSession {
  /** Every profile directory and browser process this session made, for tests to check they are gone. */
  readonly profiles: string[] = [];
  readonly pids: number[] = [];
  private server: PageServer | undefined;
  private live: Live | undefined;
  private starting: Promise<Live> | undefined;
  private retiring = new Set<Promise<void>>();
  private queue: Pending[] = [];
  private starts = 0;
  private lastStartError = '';
  private closed = false;

  constructor(
    readonly engine: Engine,
    readonly options: SessionOptions = SESSION_DEFAULTS,
  ) {}

  /** The running browser's driver, if any (tests inject faults through it). */
  get driver(): Driver | undefined {
    return this.live?.driver;
  }

  /** Requests that tried to leave the machine (the page's, or the browser's own): all refused. */
  get blocked(): readonly string[] {
    return this.server?.blocked ?? [];
  }

  /** How many times a browser was started. */
  get startCount(): number {
    return this.starts;
  }

  /** Starts the browser and loads the page unless it is running; the version. */
  async start(): Promise<string> {
    if (this.closed) {
      this.closed = false;
      this.starts = 0;
    }
    return (await this.ensure()).driver.version;
  }

  /** Runs one operation in the page; never rejects (failures are replies). */
  call(request: WireRequest): Promise<WireReply> {
    return new Promise((resolve) => {
      if (this.queue.push({ request, resolve, attempts: 0 }) === 1) setImmediate(() => void this.send(this.queue.splice(0)));
    });
  }

  /** Stops the browser, removes its profile, closes the page server. */
  async close(): Promise<void> {
    this.closed = true;
    const live = this.live ?? (await this.starting?.catch(() => undefined));
    this.live = undefined;
    if (live) await this.retire(live, true);
    await Promise.all(this.retiring);
    await this.server?.close();
    this.server = undefined;
  }

  private ensure(): Promise<Live> {
    if (this.live && this.live.gone === undefined) return Promise.resolve(this.live);
    if (this.closed) return Promise.reject(new Error(`the ${this.engine.title} session is closed`));
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<Live> {
    if (this.starts >= this.options.maxStarts)
      throw new Error(`${this.engine.title} was started ${this.starts} times; giving up (last: ${this.lastStartError || 'it stopped'})`);
    this.starts++;
    this.server ??= await PageServer.start();
    const profile = mkdtempSync(join(tmpdir(), `bothends-${this.engine.name}-`));
    this.profiles.push(profile);
    PROFILES.add(profile);
    watchExit();
    let driver: Driver;
    try {
      driver = await this.engine.launch(profile, this.server.host, this.options.startTimeoutMs);
    } catch (err) {
      for (const pgid of groupsUsing(profile)) if (pgid > 1 && pgid !== process.pid) killGroup(pgid);
      rmSync(profile, { recursive: true, force: true });
      PROFILES.delete(profile);
      this.lastStartError = describeError(err);
      throw new Error(`${this.engine.title} (${this.engine.executable}) did not start: ${this.lastStartError}`, { cause: err });
    }
    const live: Live = { driver, profile, watchdog: driver.pid === undefined ? undefined : startWatchdog(driver.pid, profile) };
    if (driver.pid !== undefined) this.pids.push(driver.pid);
    driver.onGone((why) => this.lost(live, why));
    try {
      await driver.goto(this.server.url);
      if ((await within(driver.evaluate(pageReady, null), this.options.startTimeoutMs, 'no answer from the page')) !== true) {
        throw new Error(`the page's module did not load: ${driver.pageErrors.join('; ') || 'no error reported'}`);
      }
    } catch (err) {
      this.lastStartError = describeError(err);
      this.lost(live, this.lastStartError);
      throw new Error(`${this.engine.title} started but its page did not: ${this.lastStartError}`, { cause: err });
    }
    this.live = live;
    return live;
  }

  /** The browser is gone or must go: kill it and remove its profile. */
  private lost(live: Live, why: string): void {
    if (live.gone !== undefined) return;
    live.gone = why;
    if (this.live === live) this.live = undefined;
    const done = this.retire(live, false);
    this.retiring.add(done);
    void done.finally(() => this.retiring.delete(done));
  }

  /** Closes politely when asked to (and the browser is well), then kills what is left and removes the profile. */
  private async retire(live: Live, polite: boolean): Promise<void> {
    live.gone ??= 'closed';
    if (polite) await within(live.driver.close(), 5_000, 'the browser did not close').catch(() => undefined);
    const pid = live.driver.pid;
    if (pid !== undefined) {
      killGroup(pid);
      for (let i = 0; i < 100 && (running(pid) || groupMembers(pid).length > 0); i++) await sleep(50);
    }
    rmSync(live.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    PROFILES.delete(live.profile);
    if (live.watchdog !== undefined) killGroup(live.watchdog);
  }

  /** Sends a batch; a lost browser's operations are sent again, alone, once. */
  private async send(batch: Pending[]): Promise<void> {
    let live: Live;
    try {
      live = await this.ensure();
    } catch (err) {
      for (const p of batch) p.resolve(this.failed(p, describeError(err)));
      return;
    }
    try {
      const requests = batch.map((p) => p.request);
      const answer = live.driver.evaluate(runInPage, { batch: requests, timeoutMs: this.options.opTimeoutMs });
      const replies = (await within(answer, this.options.opTimeoutMs + 5_000, `no answer from ${this.engine.title}`)) as WireReply[];
      if (!Array.isArray(replies) || replies.length !== batch.length)
        throw new Error(`the page answered ${batch.length} operations with ${JSON.stringify(replies).slice(0, 80)}`);
      batch.forEach((p, i) => p.resolve(replies[i]!));
    } catch (err) {
      const why = live.gone ?? describeError(err);
      this.lost(live, why);
      for (const p of batch) {
        p.attempts++;
        if (p.attempts >= 2 || this.closed) p.resolve(this.failed(p, `${this.engine.title}: ${why}`));
        else await this.send([p]);
      }
    }
  }

  private failed(p: Pending, message: string): WireReply {
    return { error: { kind: 'error', message, stage: stageOf(p.request.op) } };
  }
}
