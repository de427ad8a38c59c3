/**
 * `webcrypto-chromium` and `webcrypto-firefox`: WebCrypto as a browser implements it
 * (Chromium on BoringSSL, Firefox on NSS), through the very bindings of the in-process
 * `webcrypto` adapter (src/adapters/webcrypto.ts), run inside one long-lived page per browser
 * (session.ts). `probe()` starts the browser and tries every parameter value the bindings can
 * express (capabilities.ts): the capability table is known from then on.
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
import { assemble, documentedCall, type Binding } from '../binding.js';
import { KeyRejectedError } from '../key-import.js';
import { webcryptoAdapter, webcryptoBindings } from '../webcrypto.js';
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

/** The standards the bindings do not cover, with the W3C API's reasons (the in-process adapter's, where they are not Node's). */
function staticGaps(title: string): Record<string, string> {
  const gaps: Record<string, string> = { ...webcryptoAdapter.capabilities.gaps };
  gaps['chacha20-poly1305'] =
    `the W3C Web Cryptography API defines no ChaCha20-Poly1305 and the shared WebCrypto bindings call none (the WICG "Modern Algorithms" draft adds it; ${title} is not asked)`;
  for (const std of STANDARDS)
    gaps[std.id] ??= `not among the algorithms the shared WebCrypto bindings call (AES-GCM, AES-CBC, AES-CTR, RSA-OAEP, ECDH, X25519)`;
  for (const b of webcryptoBindings) delete gaps[b.standard.id];
  return gaps;
}

/** Builds the adapter of one browser engine; nothing starts until `probe()`. */
export function webcryptoBrowser(engine: Engine, options: Partial<SessionOptions> = {}): BrowserAdapter {
  const id = `webcrypto-${engine.name}`;
  const session = new BrowserSession(engine, { ...SESSION_DEFAULTS, ...options });
  const remote =
    (standard: string, op: OpName): OpImpl =>
    async (params, inputs) =>
      outcome(await session.call({ standard, op, params, inputs: toBase64(inputs) }), op);
  /** The shared bindings with their operations sent to the page. */
  const bindings: Binding[] = webcryptoBindings.map((b) => ({
    ...b,
    ops: Object.fromEntries(Object.keys(b.ops).map((op) => [op, remote(b.standard.id, op as OpName)])),
  }));
  const notYet = `not tried in ${engine.title} yet (probe first)`;
  // Until the browser has been tried: what the API can express, so an absent browser's cells show as skipped.
  const open = assemble(id, bindings);
  const state: { capabilities: Capabilities; ops: ReturnType<typeof assemble>['ops']; probing?: Promise<ProbeResult> } = {
    capabilities: { claims: open.claims, gaps: staticGaps(engine.title) },
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
    state.capabilities = Object.freeze({ claims: Object.freeze(built.claims), gaps: Object.freeze({ ...staticGaps(engine.title), ...tried.gaps }) });
    state.ops = built.ops;
    return { available: true, version, detail: `${engine.library}; ${tried.tried} parameter values tried in the browser, ${tried.refused} refused` };
  };

  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {};
  for (const b of webcryptoBindings) {
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

  const adapter: BrowserAdapter = Object.freeze({
    id,
    library: engine.library,
    kind: 'external' as const,
    variant: 'explicit' as const,
    description: `WebCrypto in ${engine.title} (${engine.executable}, headless, one long-lived page on 127.0.0.1, no network), running the webcrypto adapter's own bindings; capabilities tried in the browser at run time`,
    probe: () => (state.probing ??= probe()),
    // Starting a browser on a busy machine takes seconds, trying its capabilities a few more.
    probeTimeoutMs: 90_000,
    get capabilities(): Capabilities {
      return state.capabilities;
    },
    ops: Object.freeze(ops),
    // The page runs the webcrypto adapter's bindings, so its intents resolve as Node's WebCrypto
    // does: the same calls and parameters, run in the browser through its explicit operations
    // (the page has no separate as-called path yet; the label-less OAEP call is the explicit one
    // with an empty label).
    intents: Object.fromEntries(
      Object.entries(webcryptoAdapter.intents ?? {}).map(([std, byId]) => [
        std,
        Object.fromEntries(Object.entries(byId).map(([iid, r]) => [iid, documentedCall(r.call, r.params, ops[std])])),
      ]),
    ),
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
