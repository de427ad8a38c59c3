/**
 * Matrix and negative cases for the `hpke` family (RFC 9180). The consumer generates the
 * recipient's key pair; in the auth modes the producer generates the sender's. The producer
 * sets up a context to the recipient's public key and seals the messages in order (one setup
 * per message through the single-shot API), and exports secrets; the consumer opens every
 * message from `enc` and must export the same secrets. Negative cases tamper with enc, a
 * ciphertext, its tag, the AAD, the info, the PSK or its id, the sender's or the recipient's
 * key, or the order of the messages: every consumer must reject.
 */
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import { rngFor } from '../rng.js';
import { OTHER_KEYS, type Standard } from '../standard.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import { call, type Exchange, type ExchangesOf } from './intent-runner.js';
import { pkeKeyPair } from './pke.js';
import { ENCRYPTION, KEY_PAIR, type FamilyModule, type NegativeCase } from './family.js';
import { consumeTampered } from './message.js';

/** The name of the `i`-th message's (or export's) input or output: `aad`, `aad#1`, … */
export function indexed(name: string, i: number): string {
  return i === 0 ? name : `${name}#${i}`;
}

/** How many entries named `name`, `name#1`, … a byte map holds. */
export function countIndexed(map: ByteMap, name: string): number {
  let n = 0;
  while (map[indexed(name, n)] !== undefined) n++;
  return n;
}

/** L as the 2-byte big-endian `exportLength` input. */
export function exportLengthBytes(length: number): Uint8Array {
  return Uint8Array.of(length >> 8, length & 0xff);
}

/** The `exportLength` input back as a number. */
export function exportLengthOf(bytes: Uint8Array): number {
  if (bytes.length !== 2) throw new TypeError(`exportLength must be 2 bytes, got ${bytes.length}`);
  return (bytes[0]! << 8) | bytes[1]!;
}

/** Does the mode carry a PSK (RFC 9180 §5.1.2, §5.1.4)? */
export function hasPsk(params: Params): boolean {
  return params['mode'] === 'psk' || params['mode'] === 'auth_psk';
}

/** Does the mode authenticate the sender's key (RFC 9180 §5.1.3, §5.1.4)? */
export function hasSender(params: Params): boolean {
  return params['mode'] === 'auth' || params['mode'] === 'auth_psk';
}

/** Is the AEAD export-only (no messages, §5.3)? */
export function exportOnly(params: Params): boolean {
  return params['aead'] === 'Export-only';
}

/** The exports every context of the matrix makes: (exporter_context length, L). */
const EXPORTS: ReadonlyArray<readonly [number, number]> = [
  [0, 32],
  [13, 64],
];

/** What the two sides share about one setup: info, PSK, and the messages and exports. */
interface Setup {
  readonly common: ByteMap;
  readonly plaintexts: readonly Uint8Array[];
  readonly aads: readonly Uint8Array[];
  readonly exports: ReadonlyArray<{ readonly context: Uint8Array; readonly length: Uint8Array }>;
}

/** Deterministic inputs of one setup: (seed, parameter set, which). */
function setupOf(seed: string, std: Standard, params: Params, sizes: readonly number[], which: string, withExports: boolean): Setup {
  const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/${which}`);
  const common: Record<string, Uint8Array> = { info: rng.bytes(Number(params['infoBytes'])) };
  if (hasPsk(params)) Object.assign(common, { psk: rng.bytes(Number(params['pskBytes'])), pskId: rng.bytes(8) });
  const messages = exportOnly(params) ? [] : sizes;
  return {
    common,
    plaintexts: messages.map((n) => rng.bytes(n)),
    aads: messages.map(() => rng.bytes(Number(params['aadBytes']))),
    exports: withExports ? EXPORTS.map(([c, l]) => ({ context: rng.bytes(c), length: exportLengthBytes(l) })) : [],
  };
}

/** The setups of a matrix cell: one with every message (context API), or one per message (single-shot). */
function setupsOf(seed: string, std: Standard, params: Params, sizes: readonly number[]): Setup[] {
  if (params['api'] === 'context') return [setupOf(seed, std, params, sizes, 'ctx', true)];
  return sizes.map((n, i) => setupOf(seed, std, params, [n], `ss${i}`, false));
}

/** Numbered message and export inputs of one side: `plaintext`/`ciphertext`, `aad`, `exporterContext`, `exportLength`. */
function numbered(s: Setup, bodies: readonly Uint8Array[], body: 'plaintext' | 'ciphertext'): ByteMap {
  const out: Record<string, Uint8Array> = {};
  bodies.forEach((b, i) => {
    out[indexed(body, i)] = b;
    out[indexed('aad', i)] = s.aads[i]!;
  });
  s.exports.forEach((e, i) => {
    out[indexed('exporterContext', i)] = e.context;
    out[indexed('exportLength', i)] = e.length;
  });
  return out;
}

/** The sender's key pair in the auth modes: the producer's library makes one per KEM and run. */
function senderKeyPair(ctx: CaseContext, std: Standard, params: Params, producer: string): Promise<Step> {
  const adapter = ctx.adapter(producer);
  return ctx.memo(`hpke-sender|${adapter.library}|${String(params['kem'])}`, () => step(ctx.progress, adapter, std.id, 'generateKeyPair', params, {}), true);
}

/** Keys of a cell: the recipient's pair (consumer) and, in the auth modes, the sender's (producer). */
async function keysOf(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  producer: string,
  consumer: string,
): Promise<{ recipient: ByteMap; sender?: ByteMap } | Verdict> {
  const r = await pkeKeyPair(ctx, std, params, consumer, 'recipient');
  if (!r.ok) return unexpectedFailure(r, [r.side], `consumer ${consumer} key generation`);
  if (!hasSender(params)) return { recipient: r.out };
  const s = await senderKeyPair(ctx, std, params, producer);
  if (!s.ok) return unexpectedFailure(s, [s.side], `producer ${producer} sender key generation`);
  return { recipient: r.out, sender: s.out };
}

function encryptInputs(keys: { recipient: ByteMap; sender?: ByteMap }, s: Setup): ByteMap {
  const sender: ByteMap = keys.sender ? { senderSecretKey: keys.sender['secretKey']!, senderPublicKey: keys.sender['publicKey']! } : {};
  return { publicKey: keys.recipient['publicKey']!, ...s.common, ...sender, ...numbered(s, s.plaintexts, 'plaintext') };
}

/**
 * What one single-shot encryption of a `size`-byte message takes (`bothends bench`): the
 * recipient's public key, the sender's pair in the auth modes, info, PSK, AAD, as a matrix cell
 * derives them.
 */
export function hpkeEncryptInputs(seed: string, std: Standard, params: Params, size: number, recipient: ByteMap, sender: ByteMap): ByteMap {
  const s = setupOf(seed, std, params, [size], 'bench', false);
  return encryptInputs(hasSender(params) ? { recipient, sender } : { recipient }, s);
}

function decryptInputs(keys: { recipient: ByteMap; sender?: ByteMap }, s: Setup, out: ByteMap): ByteMap {
  const sender: ByteMap = keys.sender ? { senderPublicKey: keys.sender['publicKey']! } : {};
  const cts = s.plaintexts.map((_, i) => out[indexed('ciphertext', i)] ?? new Uint8Array(0));
  return { secretKey: keys.recipient['secretKey']!, enc: out['enc'] ?? new Uint8Array(0), ...s.common, ...sender, ...numbered(s, cts, 'ciphertext') };
}

/** The first output of `got` that differs from `want`'s, described; undefined when all agree. */
function mismatch(want: readonly Uint8Array[], got: ByteMap, name: string, who: string): string | undefined {
  for (const [i, w] of want.entries()) {
    const g = got[indexed(name, i)];
    if (!g) return `${who} returned no ${indexed(name, i)}`;
    if (!bytesEqual(w, g)) return describeMismatch(`${who}'s ${indexed(name, i)}`, w, g);
  }
  return undefined;
}

/**
 * Both sides derive the exports from one exporter_secret (RFC 9180 §5.3): they must be L bytes
 * long and agree byte for byte. Undefined when they do.
 */
function exportsDisagree(s: Setup, sent: ByteMap, opened: ByteMap, producer: string, consumer: string): string | undefined {
  for (const [i, e] of s.exports.entries()) {
    const length = exportLengthOf(e.length);
    const got = sent[indexed('exported', i)];
    if (got?.length !== length) return `${producer}'s ${indexed('exported', i)} is ${got ? `${got.length} bytes` : 'missing'}, not L = ${length}`;
  }
  return mismatch(
    s.exports.map((_, i) => sent[indexed('exported', i)]!),
    opened,
    'exported',
    `${consumer} (against ${producer})`,
  );
}

/** The producer's encryption of one setup, made once per run and read by the matrix and the negative cases. */
function sealed(ctx: CaseContext, std: Standard, params: Params, ends: { producer: string; consumer: string }, which: string, inputs: ByteMap): Promise<Step> {
  return ctx.memo(`hpke-enc|${ends.producer}|${ends.consumer}|${std.paramsId(params)}|${which}`, () =>
    step(ctx.progress, ctx.adapter(ends.producer), std.id, 'encrypt', params, inputs),
  );
}

/** Producer seals every message and exports, consumer opens them all and exports the same secrets. */
export async function hpkeMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const keys = await keysOf(ctx, std, params, producer, consumer);
  if ('outcome' in keys) return keys;
  let sides: SideReport[] = [];
  const setups = setupsOf(ctx.seed, std, params, std.plaintextSizes);
  for (const [n, s] of setups.entries()) {
    const enc = await sealed(ctx, std, params, { producer, consumer }, `m${n}`, encryptInputs(keys, s));
    if (!enc.ok) return unexpectedFailure(enc, [enc.side], `producer ${producer}`);
    const dec = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, decryptInputs(keys, s, enc.out));
    sides = [enc.side, dec.side];
    if (!dec.ok) return unexpectedFailure(dec, sides, `consumer ${consumer}`);
    ctx.progress.stage = 'compare';
    const wrong = mismatch(s.plaintexts, dec.out, 'plaintext', consumer) ?? exportsDisagree(s, enc.out, dec.out, producer, consumer);
    if (wrong) return wrongOutput(sides, wrong);
  }
  const what = exportOnly(params)
    ? `${EXPORTS.length} exports agree (export-only)`
    : params['api'] === 'context'
      ? `one context, messages of ${std.plaintextSizes.join(', ')} bytes at sequence numbers 0–${std.plaintextSizes.length - 1} opened, ${EXPORTS.length} exports agree`
      : `${setups.length} single-shot messages of ${std.plaintextSizes.join(', ')} bytes opened`;
  return { outcome: 'pass', sides, message: `${params['mode'] as string} mode: ${what}` };
}

/** A tampered setup (enc, ciphertext, AAD, info, PSK, keys, order) must be rejected. */
export async function hpkeNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const keys = await keysOf(ctx, std, params, producer, consumer);
  if ('outcome' in keys) return keys;
  const other = await pkeKeyPair(ctx, std, params, consumer, 'other');
  if (!other.ok) return unexpectedFailure(other, [other.side], `consumer ${consumer} key generation`);
  // Two messages with bodies, so that every part (body, tag, order) can be tampered with.
  const s = setupOf(ctx.seed, std, params, params['api'] === 'context' ? [33, 17] : [33], 'neg', false);
  const enc = await sealed(ctx, std, params, { producer, consumer }, 'neg', encryptInputs(keys, s));
  if (!enc.ok) return unexpectedFailure(enc, [enc.side], `producer ${producer}`);
  const clean = { ...decryptInputs(keys, s, enc.out), [OTHER_KEYS.secretKey]: other.out['secretKey']!, [OTHER_KEYS.publicKey]: other.out['publicKey']! };
  const control = `hpke|${producer}|${consumer}|${std.paramsId(params)}`;
  return consumeTampered(ctx, std, params, consumer, { clean, plaintext: s.plaintexts[0]!, control }, mutation, caseId, enc.side);
}

/**
 * The exchanges of an intent case: the consumer generates the recipient's key pair as called
 * (once per run), the producer seals one message of each of the standard's sizes to it as called,
 * with the info and AAD its resolution passes (none: empty), and the consumer opens it with the
 * enc the producer returned (empty when its call returns none apart) and its own info and AAD.
 */
const hpkeExchanges: ExchangesOf = async (ctx, std, intent, p, c) => {
  const made = `${c.adapter.id}|${std.id}|${intent.id}|${c.resolution.call}|${std.paramsId(c.resolution.params)}`;
  const keys = await ctx.memo(`intent-kp|${made}`, () => call(ctx, std, c, 'generateKeyPair', {}), true);
  if (!keys.ok) return unexpectedFailure(keys, [keys.side], `consumer ${c.adapter.id} generating its key pair as called`);
  const rng = rngFor(ctx.seed, `${std.id}/intent-${intent.id}`);
  const [info, aad] = [rng.bytes(32), rng.bytes(32)];
  /** The info and AAD as `params` size them. */
  const context = (params: Params): ByteMap => ({ info: info.subarray(0, Number(params['infoBytes'])), aad: aad.subarray(0, Number(params['aadBytes'])) });
  return std.plaintextSizes.map((size): Exchange => {
    const plaintext = rng.bytes(size);
    return {
      what: `${size}-byte plaintext`,
      produce: (end, params) =>
        call(ctx, std, end, 'encrypt', { publicKey: keys.out['publicKey']!, plaintext, ...context(params ?? end.resolution.params) }, params),
      consume: (end, produced, params) =>
        call(
          ctx,
          std,
          end,
          'decrypt',
          {
            secretKey: keys.out['secretKey']!,
            enc: produced['enc'] ?? new Uint8Array(0),
            ciphertext: produced['ciphertext']!,
            ...context(params ?? end.resolution.params),
          },
          params,
        ),
      output: 'plaintext',
      expected: () => plaintext,
    };
  });
};

export const hpke: FamilyModule = {
  name: 'hpke',
  contract: 'RFC 9180: generateKeyPair {[ikm]}; encrypt and decrypt numbered messages and exports of one context (src/standards/hpke.ts states the inputs)',
  // The inputs are numbered and depend on the mode: the adapters check them (src/adapters/hpke-common.ts).
  shapes: { ...KEY_PAIR, ...ENCRYPTION },
  operations: {
    encrypt: { untrusted: false, inputs: () => [] },
    decrypt: { untrusted: true, inputs: () => [] },
  },
  // Auth modes: the producer's own key pair is the sender's.
  roles: { producer: ['generateKeyPair', 'encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
  // RFC 9180's vectors are sequences of messages and exports: imported as procedures (src/vectors/importers/hpke.ts).
  fields: [],
  katOps: () => [],
  matrix: hpkeMatrix,
  negative: hpkeNegative,
  intent: hpkeExchanges,
  keyAffinity: false,
  throughput: {
    op: () => 'encrypt',
    sized: true,
    async prepare(kit, std, params, size) {
      if (exportOnly(params)) return { none: `${std.paramsId(params)} is export-only: it encrypts no message` };
      const [recipient, sender] = await kit.pairs();
      return kit.call(hpkeEncryptInputs(kit.seed, std, params, size, recipient, sender));
    },
  },
};
