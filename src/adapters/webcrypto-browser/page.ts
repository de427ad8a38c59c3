/**
 * The page's module: the `webcrypto` adapter's own bindings (src/adapters/webcrypto.ts and
 * webcrypto-pk.ts, the very modules Node runs), the WICG modern-algorithms bindings
 * (webcrypto-modern.ts) and the `webcrypto` adapter's intent resolutions, called on the
 * browser's `crypto.subtle`. Loaded by page.html from the project's compiled modules; it
 * leaves {@link PageApi} on `globalThis`, or the load error.
 */
import './buffer-shim.js';
import { BothendsError, RejectedError, UnsupportedError, describeError, type Stage } from '../../core/errors.js';
import type { ByteMap, OpName } from '../../core/model.js';
import type { OpImpl } from '../../core/adapter.js';
import { PAGE_BINDINGS, PAGE_INTENTS } from './bindings.js';
import { PAGE_GLOBAL, type PageApi, type WireReply, type WireRequest } from './wire.js';

interface Codec {
  fromBase64(text: string): Uint8Array;
}
const toBase64 = (bytes: Uint8Array): string => (bytes as unknown as { toBase64(): string }).toBase64();
const fromBase64 = (text: string): Uint8Array => (Uint8Array as unknown as Codec).fromBase64(text);

const OPS = new Map<string, Partial<Record<OpName, OpImpl>>>(PAGE_BINDINGS.map((b) => [b.standard.id, b.ops]));

/** A thrown error as the harness classifies it; the binding's error types keep their meaning. */
function failure(err: unknown): WireReply {
  // The harness rebuilds the bindings' own error types, whose names need not be said twice.
  const message = err instanceof BothendsError ? describeError(err).slice(err.name.length + 2) : describeError(err);
  const stage = (err as { stage?: Stage }).stage;
  const at = stage === undefined ? {} : { stage };
  if (err instanceof RejectedError) return { error: { kind: 'rejected', message, ...at } };
  if (err instanceof UnsupportedError) return { error: { kind: 'unsupported', message, ...(err.policy === undefined ? {} : { policy: err.policy }) } };
  return { error: { kind: 'error', message, ...at } };
}

/** The operation a request names: the binding's explicit one, or the intent's as called. */
function implOf(r: WireRequest): OpImpl | undefined {
  return r.intent === undefined ? OPS.get(r.standard)?.[r.op] : PAGE_INTENTS[r.standard]?.[r.intent]?.ops[r.op];
}

async function one(r: WireRequest): Promise<WireReply> {
  const impl = implOf(r);
  if (!impl) {
    const what = r.intent === undefined ? `${r.standard} ${r.op}` : `${r.op} as intent ${r.standard} ${r.intent} calls it`;
    return { error: { kind: 'unsupported', message: `the page's bindings have no ${what}` } };
  }
  const inputs: ByteMap = Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, fromBase64(v)]));
  const out = await impl(r.params, inputs);
  return { ok: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toBase64(v)])) };
}

/** One operation, answered within `timeoutMs` even when the browser's promise never settles. */
function answered(r: WireRequest, timeoutMs: number): Promise<WireReply> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ error: { kind: 'timeout', message: `no answer from the browser's ${r.standard} ${r.op} within ${timeoutMs} ms` } }),
      timeoutMs,
    );
    one(r)
      .then(resolve, (err: unknown) => resolve(failure(err)))
      .finally(() => clearTimeout(timer));
  });
}

const api: PageApi = {
  run: (batch, timeoutMs) => Promise.all(batch.map((r) => answered(r, timeoutMs))),
};
(globalThis as Record<string, unknown>)[PAGE_GLOBAL] = api;
