/**
 * The external protocol's cost per operation (DESIGN.md budget: ≤ 0.2 ms per operation on top
 * of the work itself). One operation — AES-128-GCM encryption of 64 bytes — measured three ways
 * with the same work inside:
 *   - in process: the node-crypto adapter, called directly;
 *   - over the protocol: test/fixtures/node-adapter.mjs, which does that same node:crypto work
 *     behind the bothends adapter protocol, one long-lived process; one request at a time, and
 *     64 in flight;
 *   - a process per operation: the same program started, greeted, asked once and closed, per
 *     operation, as CLI peers are driven.
 * The overhead is the protocol round trip minus the in-process call. The reference adapters'
 * round trips are reported beside it, work included, when they are installed, and so is the
 * same operation in WebCrypto: in process (Node's), and in each browser adapter's page (one at a
 * time, and 64 in flight, which the adapter sends across the driver in batches).
 */
import { externalAdapter, type ExternalAdapter } from '../src/adapters/external.js';
import { javaRef } from '../src/adapters/java-ref/java-ref.js';
import { nodeCrypto } from '../src/adapters/node-crypto.js';
import { pythonRef } from '../src/adapters/python-ref/python-ref.js';
import { webcryptoAdapter } from '../src/adapters/webcrypto.js';
import { webcryptoChromium, webcryptoFirefox } from '../src/adapters/webcrypto-browser/adapter.js';
import type { Adapter } from '../src/core/adapter.js';
import type { OpImpl } from '../src/core/adapter.js';
import type { ByteMap, Params } from '../src/core/model.js';
import { projectPath } from '../src/core/paths.js';
import { rngFor } from '../src/core/rng.js';

/** The budget of DESIGN.md, in milliseconds per operation. */
export const PROTOCOL_GOAL_MS = 0.2;

/** What {@link measureProtocol} returns; times in milliseconds per operation. */
export interface ProtocolBench {
  readonly operation: string;
  readonly inProcessMsPerOp: number;
  readonly protocolMsPerOp: number;
  readonly protocolPipelinedMsPerOp: number;
  readonly processPerOpMsPerOp: number;
  /** Round trip minus the in-process call: what the protocol adds. */
  readonly overheadMsPerOp: number;
  readonly goalMsPerOp: number;
  readonly meetsGoal: boolean;
  /** Protocol round trip ÷ in-process call. */
  readonly protocolVsInProcess: number;
  /** Process per operation ÷ protocol round trip: what the long-lived process saves. */
  readonly processPerOpVsProtocol: number;
  /** Round trips of the reference adapters, their own work included, or why not measured. */
  readonly referenceMsPerOp: Readonly<Record<string, number | string>>;
  /** The operation in WebCrypto: in process, and through each browser adapter (sequential, and 64 in flight), or why not measured. */
  readonly webcryptoMsPerOp: Readonly<Record<string, number | string>>;
}

/** How many operations to time. */
export interface ProtocolBenchOptions {
  readonly operations?: number;
  readonly spawns?: number;
  readonly references?: boolean;
  readonly browsers?: boolean;
}

const PARAMS: Params = { keyBits: 128, ivBytes: 12, tagBytes: 16 };
const FIXTURE = projectPath('test', 'fixtures', 'node-adapter.mjs');

function inputs(): ByteMap {
  const rng = rngFor('bench', 'protocol');
  return { key: rng.bytes(16), iv: rng.bytes(12), aad: rng.bytes(16), plaintext: rng.bytes(64) };
}

/** Milliseconds per call of `op`, sequentially, after a warm-up of a tenth as many. */
async function perOp(op: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < Math.ceil(n / 10); i++) await op();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await op();
  return (performance.now() - t0) / n;
}

/** Milliseconds per call with `inFlight` calls outstanding at once. */
async function pipelined(op: () => Promise<unknown>, n: number, inFlight: number): Promise<number> {
  const t0 = performance.now();
  for (let done = 0; done < n; done += inFlight) await Promise.all(Array.from({ length: inFlight }, op));
  return (performance.now() - t0) / (Math.ceil(n / inFlight) * inFlight);
}

function encryptOf(adapter: { ops: Readonly<Record<string, Partial<Record<string, OpImpl>>>> }): () => Promise<unknown> {
  const impl = adapter.ops['aes-gcm']?.['encrypt'];
  if (!impl) throw new Error('no aes-gcm encrypt');
  const i = inputs();
  return async () => impl(PARAMS, i);
}

function fixtureAdapter(id: string): ExternalAdapter {
  return externalAdapter({ id, command: { file: process.execPath, args: [FIXTURE] } });
}

/** One process per operation: start, read the hello, one request, close. */
async function spawnPerOp(n: number): Promise<number> {
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const a = fixtureAdapter(`bench-spawn-${k}`);
    await encryptOf(a)();
    await a.dispose?.();
  }
  return (performance.now() - t0) / n;
}

/** Round trip of a reference adapter, work included; or why it was not measured. */
async function referenceRoundTrip(ref: ExternalAdapter, n: number): Promise<number | string> {
  const probe = await ref.probe();
  if (!probe.available) return `not available: ${probe.reason}`;
  try {
    return await perOp(encryptOf(ref), n);
  } finally {
    await ref.dispose?.();
  }
}

const round = (ms: number): number => Math.round(ms * 10_000) / 10_000;

/** WebCrypto's cost per operation in process and in each browser's page, measured one after another in this run. */
async function webcryptoCosts(n: number): Promise<Record<string, number | string>> {
  const costs: Record<string, number | string> = { webcrypto: round(await perOp(encryptOf(webcryptoAdapter), n)) };
  for (const browser of [webcryptoChromium, webcryptoFirefox] as Adapter[]) {
    const probe = await browser.probe();
    if (!probe.available) {
      costs[browser.id] = `not available: ${probe.reason}`;
      continue;
    }
    try {
      costs[browser.id] = round(await perOp(encryptOf(browser), n));
      costs[`${browser.id} (64 in flight)`] = round(await pipelined(encryptOf(browser), n * 4, 64));
    } finally {
      await browser.dispose?.();
    }
  }
  return costs;
}

/** Measures the protocol's round trip against an in-process call and a process per operation. */
export async function measureProtocol(o: ProtocolBenchOptions = {}): Promise<ProtocolBench> {
  const n = o.operations ?? 5_000;
  const inProcess = await perOp(encryptOf(nodeCrypto), n);
  const fixture = fixtureAdapter('bench-protocol');
  let protocol: number;
  let protocolPipelined: number;
  try {
    await fixture.probe();
    protocol = await perOp(encryptOf(fixture), n);
    protocolPipelined = await pipelined(encryptOf(fixture), n, 64);
  } finally {
    await fixture.dispose?.();
  }
  const processPerOp = await spawnPerOp(o.spawns ?? 20);
  const referenceMsPerOp: Record<string, number | string> = {};
  if (o.references ?? true) {
    for (const ref of [pythonRef, javaRef] as ExternalAdapter[]) {
      const r = await referenceRoundTrip(ref, Math.min(n, 2_000));
      referenceMsPerOp[ref.id] = typeof r === 'number' ? round(r) : r;
    }
  }
  const webcryptoMsPerOp = (o.browsers ?? true) ? await webcryptoCosts(Math.min(n, 500)) : {};
  const overhead = protocol - inProcess;
  return {
    operation: 'aes-gcm encrypt, k128-iv12-t16, 64-byte plaintext, 16-byte AAD',
    inProcessMsPerOp: round(inProcess),
    protocolMsPerOp: round(protocol),
    protocolPipelinedMsPerOp: round(protocolPipelined),
    processPerOpMsPerOp: round(processPerOp),
    overheadMsPerOp: round(overhead),
    goalMsPerOp: PROTOCOL_GOAL_MS,
    meetsGoal: overhead <= PROTOCOL_GOAL_MS,
    protocolVsInProcess: Math.round((protocol / inProcess) * 10) / 10,
    processPerOpVsProtocol: Math.round(processPerOp / protocol),
    referenceMsPerOp,
    webcryptoMsPerOp,
  };
}
