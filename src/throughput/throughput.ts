/**
 * Toolkit throughput, measured in one run: for each adapter and each standard it claims, the
 * standard's first matrix parameter set (or the first the adapter supports, see benchParams),
 * operations per second and MB/s (10^6 bytes of
 * plaintext per second) at each message size, each cell time-boxed. `openssl speed` runs
 * afterwards, alone, as the reference ceiling. Only speed is measured here; correctness is
 * the matrix's job.
 */
import { cpus } from 'node:os';
import type { Adapter } from '../core/adapter.js';
import { checkClaim } from '../core/adapter.js';
import { describeError } from '../core/errors.js';
import { invoke } from '../core/invoke.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { probeAdapter } from '../core/run.js';
import type { Standard } from '../core/standard.js';
import { boxInputs, symmetricInputs } from '../core/families/inputs.js';
import { hpkeEncryptInputs } from '../core/families/hpke.js';
import { pbeInputs } from '../core/families/pbe.js';
import { exportOnly } from '../standards/hpke.js';
import { rngFor } from '../core/rng.js';
import { opensslVersion, runSpeed, speedCipher } from './openssl-speed.js';

/** Bumped on any incompatible change of {@link ThroughputData}. */
export const THROUGHPUT_SCHEMA_VERSION = 1;

/** The subject name of the reference rows. */
export const REFERENCE_SUBJECT = 'openssl speed';

/** One cell: one subject (adapter or reference), one standard, one message size. */
export interface ThroughputCell {
  /** Adapter id, or {@link REFERENCE_SUBJECT}. */
  readonly subject: string;
  readonly reference: boolean;
  readonly standard: string;
  readonly paramsId: string;
  readonly op: OpName;
  /** Plaintext bytes per operation; null for operations without a message (key agreement). */
  readonly size: number | null;
  readonly status: 'measured' | 'unsupported' | 'skipped' | 'error';
  readonly ops?: number;
  readonly seconds?: number;
  readonly opsPerSec?: number;
  /** 10^6 plaintext bytes per second; absent when `size` is null. */
  readonly mbPerSec?: number;
  /** Why a cell was not measured, or the reference cipher's name. */
  readonly message?: string;
}

/** One subject as the run saw it. */
export interface SubjectInfo {
  readonly id: string;
  readonly library: string;
  readonly kind: string;
  readonly version: string | null;
  readonly available: boolean;
  readonly reason?: string;
}

/** Everything `bothends bench` measured; the renderers are pure functions of it. */
export interface ThroughputData {
  readonly schemaVersion: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: { readonly node: string; readonly openssl: string; readonly platform: string; readonly arch: string; readonly cpus: number; readonly cpuModel: string };
  readonly timeBoxMs: number;
  readonly sizes: readonly number[];
  readonly seed: string;
  readonly subjects: readonly SubjectInfo[];
  readonly standards: ReadonlyArray<{ readonly id: string; readonly title: string; readonly paramsId: string; readonly params: Params }>;
  readonly cells: readonly ThroughputCell[];
}

/** What to measure. */
export interface ThroughputOptions {
  readonly adapters: readonly Adapter[];
  readonly standards: readonly Standard[];
  /** Message sizes in bytes. */
  readonly sizes: readonly number[];
  /** Wall-clock budget of each cell's measured loop, in milliseconds. */
  readonly timeBoxMs: number;
  readonly seed: string;
  /** Seconds per `openssl speed` run (an integer ≥ 1), or 0 for no reference. */
  readonly referenceSeconds: number;
  /** Called after each cell, e.g. for progress. */
  readonly onCell?: (cell: ThroughputCell) => void;
}

/** The standards `bothends bench` can measure: every family has an operation on bytes. */
export function benchOp(std: Standard): OpName {
  return std.family === 'agreement' ? 'derive' : 'encrypt';
}

/** A prepared operation (inputs made once, outside the timed loop), or why this size does not apply. */
type Prepared = (size: number | null) => Promise<(() => Promise<ByteMap>) | { readonly none: string }>;

/** Generates a key pair with the adapter itself, so its own key format is used. */
async function keyPair(a: Adapter, std: Standard, params: Params): Promise<ByteMap> {
  return invoke(a, std.id, 'generateKeyPair', params, {});
}

/** Why a `pke` message of `size` does not fit one encryption, or undefined when it does. */
function tooLong(std: Standard, params: Params, size: number): { none: string } | undefined {
  const max = std.sizes(params).maxPlaintext;
  return max !== undefined && size > max ? { none: `one ${std.id} ${std.paramsId(params)} encryption takes at most ${max} bytes` } : undefined;
}

/** `pke` inputs: the recipient's public key, the message, and a label when the standard has one. */
function pkeInputs(seed: string, std: Standard, params: Params, publicKey: Uint8Array, size: number): ByteMap {
  const rng = rngFor(seed, `bench/${std.id}/${std.paramsId(params)}/pt${size}`);
  const labelBytes = params['labelBytes'];
  return { publicKey, plaintext: rng.bytes(size), ...(labelBytes === undefined ? {} : { label: rng.bytes(Number(labelBytes)) }) };
}

/** How to call the measured operation of `std` on `a` for a message of `size`. */
function prepare(a: Adapter, std: Standard, params: Params, seed: string): Prepared {
  const call = (inputs: ByteMap) => () => invoke(a, std.id, benchOp(std), params, inputs);
  let made: Promise<ByteMap[]> | undefined;
  /** Two key pairs, generated once for all sizes (RSA key generation is slow). */
  const pairs = (): Promise<ByteMap[]> => (made ??= Promise.all([keyPair(a, std, params), keyPair(a, std, params)]));
  switch (std.family) {
    case 'aead':
    case 'cipher':
      return async (size) => call(symmetricInputs(seed, std, params, size ?? 0));
    case 'pbe':
      return async (size) => call(pbeInputs(seed, std, params, size ?? 0));
    case 'box':
      return async (size) => {
        const [sender, recipient] = await pairs();
        return call({ secretKey: sender!['secretKey']!, publicKey: recipient!['publicKey']!, ...boxInputs(seed, std, params, size ?? 0) });
      };
    case 'pke':
      return async (size) => tooLong(std, params, size ?? 0) ?? call(pkeInputs(seed, std, params, (await pairs())[0]!['publicKey']!, size ?? 0));
    case 'agreement':
      return async () => {
        const [mine, theirs] = await pairs();
        return call({ secretKey: mine!['secretKey']!, publicKey: theirs!['publicKey']! });
      };
    case 'hpke':
      return async (size) => {
        if (exportOnly(params)) return { none: `${std.paramsId(params)} is export-only: it encrypts no message` };
        const [recipient, sender] = await pairs();
        return call(hpkeEncryptInputs(seed, std, params, size ?? 0, recipient!, sender!));
      };
    default:
      return async () => ({ none: `bothends bench does not know how to drive the ${String(std.family)} family yet` });
  }
}

/** Runs `op` until `ms` have passed (at least once) and counts. A single call over `limitMs` fails the cell. */
export async function timeBoxed(op: () => Promise<unknown>, ms: number, limitMs = Math.max(30_000, ms * 20)): Promise<{ ops: number; seconds: number }> {
  const t0 = performance.now();
  let ops = 0;
  let now = t0;
  do {
    await withLimit(op(), limitMs);
    ops++;
    now = performance.now();
  } while (now - t0 < ms);
  return { ops, seconds: (now - t0) / 1000 };
}

async function withLimit<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`one operation took over ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A measured cell from a count of operations. */
function measured(base: Omit<ThroughputCell, 'status'>, ops: number, seconds: number): ThroughputCell {
  const opsPerSec = ops / seconds;
  return { ...base, status: 'measured', ops, seconds: precise(seconds), opsPerSec: precise(opsPerSec), ...(base.size === null ? {} : { mbPerSec: precise((opsPerSec * base.size) / 1e6) }) };
}

/** Six significant digits: more than any measurement here means, fewer than a float prints. */
function precise(x: number): number {
  return Number(x.toPrecision(6));
}

/** The sizes a standard's cells use: its messages, or one size-less cell for key agreement. */
function sizesFor(std: Standard, sizes: readonly number[]): ReadonlyArray<number | null> {
  return std.family === 'agreement' ? [null] : sizes;
}

/** The operations a cell calls: the measured one, and key generation where its inputs need key pairs. */
function neededOps(std: Standard): OpName[] {
  return std.family === 'aead' || std.family === 'cipher' || std.family === 'pbe' ? [benchOp(std)] : [benchOp(std), 'generateKeyPair'];
}

/**
 * The parameter set `a` is measured at: the standard's first, the one every table compares, or
 * else the first the adapter claims every needed operation of, so that every installed adapter
 * gets a number (e.g. a SOP implementation that generates only RSA keys); `note` says why.
 */
export function benchParams(a: Adapter, std: Standard): { readonly params: Params; readonly note?: string } {
  const first = std.matrix[0]!;
  const refusal = (p: Params): string | undefined => {
    for (const op of neededOps(std)) {
      const c = checkClaim(a, std.id, op, p);
      if (!c.ok) return c.reason;
    }
    return undefined;
  };
  const why = refusal(first);
  if (why === undefined) return { params: first };
  const other = std.matrix.find((p) => refusal(p) === undefined);
  return other ? { params: other, note: `measured at ${std.paramsId(other)}, not ${std.paramsId(first)}: ${why}` } : { params: first };
}

/** Measures one adapter on one standard: one cell per size. */
async function adapterCells(a: Adapter, available: boolean, why: string, std: Standard, o: ThroughputOptions): Promise<ThroughputCell[]> {
  const { params, note } = benchParams(a, std);
  const op = benchOp(std);
  const base = (size: number | null) => ({ subject: a.id, reference: false, standard: std.id, paramsId: std.paramsId(params), op, size, ...(note ? { message: note } : {}) });
  const sizes = sizesFor(std, o.sizes);
  if (!available) return sizes.map((size) => ({ ...base(size), status: 'skipped' as const, message: why }));
  const claim = checkClaim(a, std.id, op, params);
  if (!claim.ok) return sizes.map((size) => ({ ...base(size), status: 'unsupported' as const, message: claim.reason }));
  const cells: ThroughputCell[] = [];
  const ready = prepare(a, std, params, o.seed);
  for (const size of sizes) {
    try {
      const run = await ready(size);
      if (typeof run !== 'function') {
        cells.push({ ...base(size), status: 'unsupported', message: run.none });
        o.onCell?.(cells.at(-1)!);
        continue;
      }
      await timeBoxed(run, Math.min(50, o.timeBoxMs / 4)); // warm-up: JIT, lazy initialisation
      const { ops, seconds } = await timeBoxed(run, o.timeBoxMs);
      cells.push(measured(base(size), ops, seconds));
    } catch (err) {
      cells.push({ ...base(size), status: 'error', message: describeError(err) });
    }
    o.onCell?.(cells.at(-1)!);
  }
  return cells;
}

/** The `openssl speed` cells of one standard, or none when OpenSSL does not run its parameter set. */
async function referenceCells(std: Standard, o: ThroughputOptions): Promise<ThroughputCell[]> {
  const params = std.matrix[0]!;
  const evp = speedCipher(std, params);
  if ('none' in evp || std.family === 'agreement') return [];
  const cells: ThroughputCell[] = [];
  for (const size of o.sizes) {
    const base = { subject: REFERENCE_SUBJECT, reference: true, standard: std.id, paramsId: std.paramsId(params), op: benchOp(std), size };
    try {
      const s = await runSpeed(evp.cipher, size, o.referenceSeconds);
      const seconds = s.seconds ?? o.referenceSeconds;
      const ops = s.ops ?? (s.bytesPerSecond * seconds) / size;
      cells.push({ ...measured(base, ops, seconds), message: `openssl speed -evp ${evp.cipher}` });
    } catch (err) {
      cells.push({ ...base, status: 'error', message: describeError(err) });
    }
    o.onCell?.(cells.at(-1)!);
  }
  return cells;
}

/** Runs every cell: adapters first, then the reference alone, so nothing competes with it. */
export async function measureThroughput(o: ThroughputOptions): Promise<ThroughputData> {
  const startedAt = new Date();
  const t0 = performance.now();
  const probes = await Promise.all(o.adapters.map(async (a) => ({ a, probe: await probeAdapter(a) })));
  const claimed = (a: Adapter, std: Standard): boolean => a.capabilities.claims[std.id] !== undefined;
  const cells: ThroughputCell[] = [];
  for (const std of o.standards) {
    for (const { a, probe } of probes.filter((p) => claimed(p.a, std))) {
      const why = probe.available ? '' : `not available: ${probe.reason}${probe.install ? ` (install: ${probe.install})` : ''}`;
      cells.push(...(await adapterCells(a, probe.available, why, std, o)));
    }
  }
  const openssl = o.referenceSeconds > 0 ? await opensslVersion() : { missing: 'reference not requested' };
  if ('version' in openssl) for (const std of o.standards) cells.push(...(await referenceCells(std, o)));
  const subjects: SubjectInfo[] = probes.map(({ a, probe }) => ({
    id: a.id,
    library: a.library,
    kind: a.kind,
    version: probe.available ? probe.version : null,
    available: probe.available,
    ...(probe.available ? {} : { reason: probe.reason }),
  }));
  subjects.push({ id: REFERENCE_SUBJECT, library: 'OpenSSL', kind: 'cli', ...('version' in openssl ? { version: openssl.version, available: true } : { version: null, available: false, reason: openssl.missing }) });
  const cpu = cpus();
  return {
    schemaVersion: THROUGHPUT_SCHEMA_VERSION,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    environment: { node: process.version, openssl: process.versions.openssl ?? 'unknown', platform: process.platform, arch: process.arch, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown' },
    timeBoxMs: o.timeBoxMs,
    sizes: [...o.sizes],
    seed: o.seed,
    subjects,
    standards: o.standards.map((s) => ({ id: s.id, title: s.title, paramsId: s.paramsId(s.matrix[0]!), params: s.matrix[0]! })),
    cells,
  };
}
