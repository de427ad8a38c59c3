/**
 * `webcrypto-chromium` and `webcrypto-firefox`: WebCrypto as a browser implements it
 * (Chromium on BoringSSL, Firefox on NSS), through the very bindings of the in-process
 * `webcrypto` adapter (src/adapters/webcrypto.ts) and those of the WICG modern-algorithms
 * draft (webcrypto-modern.ts: ChaCha20-Poly1305, ML-KEM), run inside one long-lived page per
 * browser (session.ts). `probe()` starts the browser and tries every parameter value the
 * bindings can express (capabilities.ts): the capability table is known from then on. Intents
 * resolve as the `webcrypto` adapter resolves them, and the page makes their documented calls.
 *
 * Adapter facts:
 * - Bytes cross the driver as base64; the page's replies keep the bindings' classification
 *   (a rejection, a key refused at import, an unsupported value) and the stage.
 * - A browser that crashes or hangs costs its own operations (`error`, with the stage) and is
 *   started again; one that is not installed makes the adapter `skipped` with the apt command.
 */
import { existsSync } from 'node:fs';
import { defineAdapter, type Adapter, type Capabilities, type OpImpl, type ProbeResult } from '../../core/adapter.js';
import { BothendsError, describeError, RejectedError, TimeoutError, UnsupportedError, type Stage } from '../../core/errors.js';
import { stageOf } from '../../core/call-adapter.js';
import type { ByteMap, OpName } from '../../core/model.js';
import { STANDARDS } from '../../standards/index.js';
import { assemble, type Binding } from '../binding.js';
import type { IntentResolution } from '../../core/intent.js';
import { KeyRejectedError } from '../key-import.js';
import { webcryptoAdapter } from '../webcrypto.js';
import { PAGE_BINDINGS, PAGE_INTENTS } from './bindings.js';
import { tryCapabilities } from './capabilities.js';
import { CHROMIUM, FIREFOX, type Engine } from './engines.js';
import { BrowserSession, SESSION_DEFAULTS, type SessionOptions } from './session.js';
import type { WireReply } from './wire.js';

/** A browser adapter, with its session for tests and the benchmark. */
export interface BrowserAdapter extends Adapter {
  readonly engine: Engine;
  readonly session: BrowserSession;
}

/** What the browser raised (its own error's name and message), or the browser going away, at a stage. */
class BrowserError extends BothendsError {
  constructor(message: string, stage: Stage) {
    super('BROWSER', message, { stage });
  }
}

const toBase64 = (inputs: ByteMap): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')]));

/** A page reply as the harness understands it: bytes, or the matching error thrown. */
function outcome(reply: WireReply, op: OpName): ByteMap {
  if ('ok' in reply) return Object.fromEntries(Object.entries(reply.ok).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]));
  const { kind, message, stage, policy } = reply.error;
  switch (kind) {
    case 'rejected':
      throw stage === 'import-key' ? new KeyRejectedError(message) : new RejectedError(message);
    case 'unsupported':
      throw new UnsupportedError(message, policy === undefined ? {} : { policy });
    case 'timeout':
      throw Object.assign(new TimeoutError(0, stage ?? stageOf(op)), { message });
    default:
      throw new BrowserError(message, stage ?? stageOf(op));
  }
}

/** The standards the page's bindings do not cover, with the W3C API's reasons (the in-process adapter's). */
function staticGaps(): Record<string, string> {
  const gaps: Record<string, string> = {
    ...webcryptoAdapter.capabilities.gaps,
    'xchacha20-poly1305': 'neither the W3C Web Cryptography API nor the WICG modern-algorithms draft (which has ChaCha20-Poly1305) defines XChaCha20',
  };
  const called = PAGE_BINDINGS.map((b) => b.standard.title).join(', ');
  for (const std of STANDARDS) gaps[std.id] ??= `not among the algorithms the shared WebCrypto bindings call (${called})`;
  for (const b of PAGE_BINDINGS) delete gaps[b.standard.id];
  return gaps;
}

/** Builds the adapter of one browser engine; nothing starts until `probe()`. */
export function webcryptoBrowser(engine: Engine, options: Partial<SessionOptions> = {}): BrowserAdapter {
  const id = `webcrypto-${engine.name}`;
  const session = new BrowserSession(engine, { ...SESSION_DEFAULTS, ...options });
  /** An operation made in the page: the binding's, or with `intent` the intent's documented call. */
  const remote =
    (standard: string, op: OpName, intent?: string): OpImpl =>
    async (params, inputs) =>
      outcome(await session.call({ standard, op, params, inputs: toBase64(inputs), ...(intent === undefined ? {} : { intent }) }), op);
  /** The shared bindings with their operations sent to the page. */
  const bindings: Binding[] = PAGE_BINDINGS.map((b) => ({
    ...b,
    ops: Object.fromEntries(Object.keys(b.ops).map((op) => [op, remote(b.standard.id, op as OpName)])),
  }));
  const notYet = `not tried in ${engine.title} yet (probe first)`;
  // Until the browser has been tried: what the API can express, so an absent browser's cells show as skipped.
  const open = assemble(id, bindings);
  const state: { capabilities: Capabilities; ops: ReturnType<typeof assemble>['ops']; probing?: Promise<ProbeResult> } = {
    capabilities: { claims: open.claims, gaps: staticGaps() },
    ops: {},
  };

  const probe = async (): Promise<ProbeResult> => {
    if (!existsSync(engine.executable)) return { available: false, reason: `${engine.executable} not found`, install: engine.install };
    let version: string;
    try {
      version = await session.start();
    } catch (err) {
      return { available: false, reason: describeError(err), install: engine.install };
    }
    const trial = defineAdapter({ ...adapter, capabilities: { claims: open.claims, gaps: {} }, ops: open.ops });
    const tried = await tryCapabilities(bindings, trial, `${engine.title} ${version}`);
    const built = assemble(id, tried.bindings);
    state.capabilities = Object.freeze({ claims: Object.freeze(built.claims), gaps: Object.freeze({ ...staticGaps(), ...tried.gaps }) });
    state.ops = built.ops;
    return { available: true, version, detail: `${engine.library}; ${tried.tried} parameter values tried in the browser, ${tried.refused} refused` };
  };

  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {};
  for (const b of PAGE_BINDINGS) {
    ops[b.standard.id] = Object.freeze(
      Object.fromEntries(
        Object.keys(b.ops).map((op) => [
          op,
          (params, inputs) => {
            const guarded = state.ops[b.standard.id]?.[op as OpName];
            if (!guarded) throw new UnsupportedError(`${id} ${b.standard.id} ${op}: ${state.capabilities.gaps[b.standard.id] ?? notYet}`);
            return guarded(params, inputs);
          },
        ]),
      ) as Partial<Record<OpName, OpImpl>>,
    );
  }

  /** The page's resolutions as remote calls, by the capabilities they were built for. */
  const intentCache = new WeakMap<Capabilities, NonNullable<Adapter['intents']>>();
  const intentsFor = (caps: Capabilities): NonNullable<Adapter['intents']> => {
    const cached = intentCache.get(caps);
    if (cached) return cached;
    const built = Object.fromEntries(
      Object.entries(PAGE_INTENTS).map(([std, byId]) => [
        std,
        Object.fromEntries(
          Object.entries(byId).map(([iid, r]): [string, IntentResolution] => [
            iid,
            caps.claims[std] === undefined && caps.gaps[std] !== undefined
              ? { call: r.call, params: r.params, ops: {}, refused: caps.gaps[std] }
              : {
                  ...r,
                  ops: Object.fromEntries(Object.keys(r.ops).map((op) => [op, remote(std, op as OpName, iid)])) as Partial<Record<OpName, OpImpl>>,
                },
          ]),
        ),
      ]),
    );
    intentCache.set(caps, built);
    return built;
  };

  const adapter: BrowserAdapter = Object.freeze({
    id,
    library: engine.library,
    kind: 'external' as const,
    variant: 'explicit' as const,
    description: `WebCrypto in ${engine.title} (${engine.executable}, headless, one long-lived page on 127.0.0.1, no network), running the webcrypto adapter's own bindings and those of the WICG modern-algorithms draft; capabilities tried in the browser at run time`,
    probe: () => (state.probing ??= probe()),
    // Starting a browser on a busy machine takes seconds, trying its capabilities a few more.
    probeTimeoutMs: 90_000,
    get capabilities(): Capabilities {
      return state.capabilities;
    },
    ops: Object.freeze(ops),
    // The page runs the webcrypto adapter's intent resolutions (and the draft's): the same documented
    // calls and parameters, made in the browser as called (the label-less OAEP call has no label at
    // all). A standard the browser turned out not to have at all is refused with its own reason.
    get intents(): NonNullable<Adapter['intents']> {
      return intentsFor(state.capabilities);
    },
    async dispose(): Promise<void> {
      state.probing = undefined;
      await session.close();
    },
    engine,
    session,
  });
  return adapter;
}

/** Debian's chromium (BoringSSL). */
export const webcryptoChromium = webcryptoBrowser(CHROMIUM);
/** Debian's firefox-esr (NSS). */
export const webcryptoFirefox = webcryptoBrowser(FIREFOX);
