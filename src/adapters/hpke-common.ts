/**
 * What the two HPKE adapters share: reading the `hpke` operation inputs (numbered messages and
 * exports, see src/standards/hpke.ts) into one request, writing the outputs back, and turning a
 * table of supported KEMs, KDFs and AEADs into the capability claim and the guarded operations.
 * Each adapter supplies only its library calls.
 */
import type { OpImpl, ParamClaim, StandardClaim } from '../core/adapter.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, ParamValue, Params } from '../core/model.js';
import { countIndexed, exportLengthOf, hasPsk, hasSender, indexed } from '../core/families/hpke.js';
import { hpke, type HpkeAead, type HpkeKdf, type HpkeKem, type HpkeMode } from '../standards/hpke.js';
import { input } from './binding.js';

/** The suite of a parameter set, as the registry names it. */
export interface Suite {
  readonly mode: HpkeMode;
  readonly kem: HpkeKem;
  readonly kdf: HpkeKdf;
  readonly aead: HpkeAead;
  readonly singleShot: boolean;
}

/** One setup's inputs beyond the keys. */
export interface HpkeRequest {
  readonly info: Uint8Array;
  readonly psk?: { readonly psk: Uint8Array; readonly pskId: Uint8Array };
  /** `plaintext`s to seal, or `ciphertext`s to open, in sequence order, with their AAD. */
  readonly messages: ReadonlyArray<{ readonly body: Uint8Array; readonly aad: Uint8Array }>;
  readonly exports: ReadonlyArray<{ readonly context: Uint8Array; readonly length: number }>;
}

/** What a library returns for a setup. */
export interface HpkeOutcome {
  readonly enc?: Uint8Array;
  readonly bodies: readonly Uint8Array[];
  readonly exported: readonly Uint8Array[];
}

/** The library calls of one adapter. */
export interface HpkeLibrary {
  generateKeyPair(suite: Suite, ikm?: Uint8Array): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }>;
  /** Sender: setup (AuthEncap with `sender`), seal each message in order, export. `ikmE` fixes the ephemeral key. */
  seal(suite: Suite, pkR: Uint8Array, req: HpkeRequest, sender?: { secretKey: Uint8Array; publicKey: Uint8Array }, ikmE?: Uint8Array): Promise<HpkeOutcome>;
  /** Recipient: setup from enc (AuthDecap with `pkS`), open each message in order, export. Any failure throws. */
  open(suite: Suite, skR: Uint8Array, enc: Uint8Array, req: HpkeRequest, pkS?: Uint8Array): Promise<HpkeOutcome>;
}

/** Which registry values a library has, and why not the others. */
export interface HpkeSupport {
  readonly kem?: { readonly values: readonly HpkeKem[]; readonly reason: string };
  readonly kdf?: { readonly values: readonly HpkeKdf[]; readonly reason: string };
  readonly aead?: { readonly values: readonly HpkeAead[]; readonly reason: string };
  readonly api?: { readonly values: ReadonlyArray<'single-shot' | 'context'>; readonly reason: string };
  /** PSK lengths the library takes; `policy` when it refuses the others on purpose. */
  readonly pskBytes?: { readonly values: readonly number[]; readonly reason: string; readonly policy?: string };
}

export function suiteOf(p: Params): Suite {
  return {
    mode: p['mode'] as HpkeMode,
    kem: p['kem'] as HpkeKem,
    kdf: p['kdf'] as HpkeKdf,
    aead: p['aead'] as HpkeAead,
    singleShot: p['api'] === 'single-shot',
  };
}

/** Reads a request: info, the PSK in the PSK modes, numbered messages (`body`) and exports. */
export function readRequest(params: Params, inputs: ByteMap, body: 'plaintext' | 'ciphertext'): HpkeRequest {
  const messages = Array.from({ length: countIndexed(inputs, body) }, (_, i) => ({
    body: input(inputs, indexed(body, i)),
    aad: input(inputs, indexed('aad', i)),
  }));
  const exports = Array.from({ length: countIndexed(inputs, 'exporterContext') }, (_, i) => ({
    context: input(inputs, indexed('exporterContext', i)),
    length: exportLengthOf(input(inputs, indexed('exportLength', i))),
  }));
  if (params['api'] === 'single-shot' && (messages.length !== 1 || exports.length > 0))
    throw new TypeError('the single-shot API seals exactly one message and exports nothing');
  const psk = hasPsk(params) ? { psk: input(inputs, 'psk'), pskId: input(inputs, 'pskId') } : undefined;
  return { info: input(inputs, 'info'), messages, exports, ...(psk ? { psk } : {}) };
}

/** The outputs: `enc`, numbered `ciphertext`s or `plaintext`s (an empty one for export-only), `exported`s. */
function writeOutcome(o: HpkeOutcome, body: 'plaintext' | 'ciphertext'): ByteMap {
  const out: Record<string, Uint8Array> = { [body]: new Uint8Array(0) };
  if (o.enc) out['enc'] = o.enc;
  o.bodies.forEach((b, i) => (out[indexed(body, i)] = b));
  o.exported.forEach((e, i) => (out[indexed('exported', i)] = e));
  return out;
}

/** The claim of a support table: restrictions only where a value is missing. */
export function hpkeClaim(support: HpkeSupport): StandardClaim {
  const params: Record<string, ParamClaim> = {};
  for (const name of ['kem', 'kdf', 'aead', 'api', 'pskBytes'] as const) {
    const s: { values: readonly ParamValue[]; reason: string; policy?: string } | undefined = support[name];
    const declared = hpke.params.find((p) => p.name === name)!.values;
    if (s && declared.some((v) => !s.values.includes(v))) params[name] = { values: s.values, reason: s.reason, ...(s.policy ? { policy: s.policy } : {}) };
  }
  return { ops: hpke.ops, params };
}

/** The parameters an HPKE library is given. */
const LIBRARY_PARAMS = ['mode', 'kem', 'kdf', 'aead', 'api'] as const;

/** Refuses, before the library is called, what the claim does not cover (the table and the behaviour cannot drift apart). */
function guard(adapterId: string, claim: StandardClaim, op: OpName, impl: OpImpl): OpImpl {
  return (params, inputs) => {
    // infoBytes, aadBytes and pskBytes describe the harness's generated inputs; the library parameters are these.
    for (const name of LIBRARY_PARAMS) if (params[name] === undefined) throw new TypeError(`hpke ${op}: parameter ${name} is missing (no defaults)`);
    for (const [name, r] of Object.entries(claim.params ?? {})) {
      if (!r.values.includes(params[name]!))
        throw new UnsupportedError(`${adapterId} hpke: ${name}=${String(params[name])}: ${r.reason}`, r.policy ? { policy: r.policy } : {});
    }
    const excluded = hpke.excludes?.(params);
    if (excluded !== undefined) throw new TypeError(`hpke ${op}: not a parameter set of the standard: ${excluded}`);
    return impl(params, inputs);
  };
}

/** The guarded operation table of one library. Everything the recipient's side refuses is a rejection. */
export function hpkeOps(adapterId: string, claim: StandardClaim, lib: HpkeLibrary): Partial<Record<OpName, OpImpl>> {
  const ops: Partial<Record<OpName, OpImpl>> = {
    generateKeyPair: (p, i) => lib.generateKeyPair(suiteOf(p), i['ikm']),
    async encrypt(p, i) {
      const sender = hasSender(p) ? { secretKey: input(i, 'senderSecretKey'), publicKey: input(i, 'senderPublicKey') } : undefined;
      return writeOutcome(await lib.seal(suiteOf(p), input(i, 'publicKey'), readRequest(p, i, 'plaintext'), sender, i['ikmE']), 'ciphertext');
    },
    async decrypt(p, i) {
      const req = readRequest(p, i, 'ciphertext');
      const pkS = hasSender(p) ? input(i, 'senderPublicKey') : undefined;
      try {
        return writeOutcome(await lib.open(suiteOf(p), input(i, 'secretKey'), input(i, 'enc'), req, pkS), 'plaintext');
      } catch (err) {
        if (err instanceof UnsupportedError) throw err;
        throw new RejectedError(`${(err as Error).name}: ${(err as Error).message}`, err);
      }
    },
  };
  return Object.fromEntries(Object.entries(ops).map(([op, impl]) => [op, guard(adapterId, claim, op as OpName, impl)]));
}
