/**
 * The differential properties, per family of standards. Each draws random inputs, runs the
 * producer and the consumer on them, and throws a {@link FuzzFailure} — with the verdict and
 * the inputs worth saving as a regression vector — when they disagree:
 * - `aead`, `cipher`, `box`: the consumer decrypts what the producer encrypted; deterministic
 *   standards also encrypt byte for byte alike; authenticated ones reject a flipped bit.
 * - `agreement` (raw keys): both derive the same secret from each other's public key, and the
 *   same value from any public key, where only an all-zero result may be refused (RFC 7748 §6.1).
 * - `pke`: the consumer decrypts what the producer encrypted to its public key.
 */
import fc from 'fast-check';
import { checkClaim } from '../core/adapter.js';
import { bytesEqual, cappedHex } from '../core/bytes.js';
import type { CaseContext } from '../core/case.js';
import { decryptInputs } from '../core/families/inputs.js';
import { pkeKeyPair } from '../core/families/pke.js';
import type { ByteMap, FailureKind, OpName, Params } from '../core/model.js';
import type { Family, Standard } from '../core/standard.js';
import { describeMismatch, step, unexpectedFailure, type Step, type Verdict } from '../core/step.js';
import type { VectorResult } from '../vectors/vector-file.js';
import { fieldsFromInputs } from '../vectors/fields.js';
import { referencePublicKey } from '../vectors/reference.js';
import { describeSize, fit, messageArb, nonceOf, sizeOf, unitOf, type BytesDraw, type MessageDraw } from './arbitraries.js';

/** What to save when a property fails: the inputs, and which operation's output the vote decides. */
export interface Regression {
  readonly result: VectorResult;
  /** Vector fields besides the decided output. */
  readonly fields: Readonly<Record<string, Uint8Array>>;
  /** For `valid` and `acceptable`: the operation whose output every implementation is asked for. */
  readonly vote?: {
    readonly op: OpName;
    readonly inputs: ByteMap;
    readonly output: string;
    readonly field: string;
    /** The output the producer meant (randomized encryption): a majority answer that differs blames the producer, and nothing is saved. */
    readonly intended?: Uint8Array;
  };
  /** Flag of the saved test: `FuzzRoundTrip` or `FuzzTamper`. */
  readonly flag: 'FuzzRoundTrip' | 'FuzzTamper';
}

/** A property violation: thrown inside fast-check so that it shrinks the inputs. */
export class FuzzFailure extends Error {
  constructor(
    readonly verdict: Verdict,
    readonly regression?: Regression,
  ) {
    super(verdict.message);
    this.name = 'FuzzFailure';
  }
}

/** One producer × consumer pair under one parameter set. */
export interface PairEnv {
  readonly ctx: CaseContext;
  readonly std: Standard;
  readonly params: Params;
  readonly producer: string;
  readonly consumer: string;
}

/** One family's property. */
export interface FamilyProperty<D> {
  /** What a pass means, for the result message. */
  holds(env: PairEnv): string;
  /** Why the property cannot run under these parameters, or undefined. */
  inapplicable?(std: Standard, params: Params): string | undefined;
  readonly arbitrary: fc.Arbitrary<D>;
  check(env: PairEnv, draw: D): Promise<void>;
  describe(draw: D, std: Standard, params: Params): string;
}

/** Throws the verdict of a step that had to succeed. */
function must(s: Step, who: string, regression: Regression, sides = [s.side]): asserts s is Extract<Step, { ok: true }> {
  if (!s.ok) throw new FuzzFailure(unexpectedFailure(s, sides, who), regression);
}

function fail(failure: FailureKind, message: string, sides: Verdict['sides'], regression: Regression): never {
  throw new FuzzFailure({ outcome: 'fail', failure, stage: failure === 'accepted-invalid' ? 'decrypt' : 'compare', message, sides }, regression);
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = bit % (out.length * 8);
  out[at >> 3] = out[at >> 3]! ^ (1 << (at & 7));
  return out;
}

const bytesOf = (d: BytesDraw, unit: number): Uint8Array => fit(d.bytes, sizeOf(d.size, unit));

/** The encryption inputs of a draw, and the decryption inputs for a ciphertext. */
interface Message {
  readonly enc: ByteMap;
  dec(ciphertext: Uint8Array): ByteMap;
}

function symmetricMessage(std: Standard, params: Params, d: MessageDraw): Message {
  const sizes = std.sizes(params);
  const unit = unitOf(sizes);
  const enc: ByteMap = {
    key: fit(d.key, sizes.key),
    [std.nonceInput ?? 'nonce']: nonceOf(d.nonce, sizes.nonce, params),
    ...(std.family === 'aead' ? { aad: bytesOf(d.aad, unit) } : {}),
    plaintext: bytesOf(d.plaintext, unit),
  };
  return { enc, dec: (ciphertext) => decryptInputs(enc, ciphertext) };
}

/** A box from the drawn sender's to the drawn recipient's key; public keys are X25519(k, 9) of the secret keys. */
function boxMessage(std: Standard, params: Params, d: MessageDraw): Message {
  const sizes = std.sizes(params);
  const sender = fit(d.key, sizes.secretKey ?? 32);
  const recipient = fit(d.key2, sizes.secretKey ?? 32);
  const nonce = nonceOf(d.nonce, sizes.nonce, params);
  const plaintext = bytesOf(d.plaintext, unitOf(sizes));
  return {
    enc: { secretKey: sender, publicKey: referencePublicKey(recipient), nonce, plaintext },
    dec: (ciphertext) => ({ secretKey: recipient, publicKey: referencePublicKey(sender), nonce, ciphertext }),
  };
}

/** Saved fields of a message: encryption and decryption inputs (without the ciphertext). */
function messageFields(std: Standard, m: Message): Record<string, Uint8Array> {
  const { ciphertext: _unused, ...dec } = m.dec(new Uint8Array(0));
  return { ...fieldsFromInputs(std, 'decrypt', dec), ...fieldsFromInputs(std, 'encrypt', m.enc) };
}

/** The message property shared by the aead, cipher and box families. */
function messageProperty(make: (std: Standard, params: Params, d: MessageDraw) => Message): FamilyProperty<MessageDraw> {
  return {
    holds: ({ std }) => `round trip${std.deterministic ? ', byte-for-byte equal encryptions' : ''}${std.authenticated ? ', a flipped ciphertext bit rejected' : ''}`,
    arbitrary: messageArb,
    async check({ ctx, std, params, producer, consumer }, d) {
      const m = make(std, params, d);
      const roundTrip: Regression = { result: 'valid', flag: 'FuzzRoundTrip', fields: messageFields(std, m), vote: { op: 'encrypt', inputs: m.enc, output: 'ciphertext', field: 'ciphertext' } };
      const p = await step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, m.enc);
      must(p, `producer ${producer}`, roundTrip);
      const ct = p.out['ciphertext']!;
      const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, m.dec(ct));
      must(c, `consumer ${consumer}`, roundTrip, [p.side, c.side]);
      if (!bytesEqual(c.out['plaintext']!, m.enc['plaintext']!)) fail('wrong-output', describeMismatch('decrypted plaintext', m.enc['plaintext']!, c.out['plaintext']!), [p.side, c.side], roundTrip);
      if (std.deterministic && producer !== consumer && checkClaim(ctx.adapter(consumer), std.id, 'encrypt', params).ok) {
        const own = await step(ctx.progress, ctx.adapter(consumer), std.id, 'encrypt', params, m.enc);
        must(own, `consumer ${consumer} encrypting the same inputs`, roundTrip, [p.side, own.side]);
        if (!bytesEqual(own.out['ciphertext']!, ct)) fail('wrong-output', `${producer} and ${consumer} encrypt identical inputs differently: ${describeMismatch('ciphertext', ct, own.out['ciphertext']!)}`, [p.side, own.side], roundTrip);
      }
      if (!std.authenticated) return;
      const tampered = m.dec(flipBit(ct, d.flip));
      const tamper: Regression = { result: 'invalid', flag: 'FuzzTamper', fields: fieldsFromInputs(std, 'decrypt', tampered) };
      const t = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, tampered);
      if (t.ok) fail('accepted-invalid', `SECURITY: ${consumer} accepted a ciphertext with bit ${d.flip % (ct.length * 8)} flipped and returned ${cappedHex(t.out['plaintext']!, 24)}`, [p.side, t.side], tamper);
      if (t.why !== 'rejected') must(t, `consumer ${consumer} given a tampered ciphertext`, tamper, [p.side, t.side]);
    },
    describe(d, std, params) {
      const sizes = std.sizes(params);
      const unit = unitOf(sizes);
      const aad = std.family === 'aead' ? `, aad ${describeSize(d.aad.size, unit)}` : '';
      const shape = d.nonce.shape === 'near-wrap' ? `counter ${d.nonce.distance} block(s) before wrapping` : d.nonce.shape;
      return `plaintext ${describeSize(d.plaintext.size, unit)}${aad}, ${std.nonceInput ?? 'nonce'} ${cappedHex(nonceOf(d.nonce, sizes.nonce, params), 16)} (${shape})`;
    },
  };
}

/** Base points of the raw-key agreement curves: X25519(k, base) is k's public key. */
const BASE_POINTS: Readonly<Record<string, Uint8Array>> = { X25519: Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 9 : 0)) };

const le = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** X25519 u-coordinates where implementations differ: 0, 1, points of order 8, p − 1, p, p + 1, 2^255 − 1 (RFC 7748 §5, §6.1). */
const SPECIAL_U: readonly Uint8Array[] = [
  new Uint8Array(32),
  le(`01${'00'.repeat(31)}`),
  le('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'),
  le('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157'),
  le(`ec${'ff'.repeat(30)}7f`),
  le(`ed${'ff'.repeat(30)}7f`),
  le(`ee${'ff'.repeat(30)}7f`),
  le(`${'ff'.repeat(31)}7f`),
  le(`${'ff'.repeat(32)}`),
];

/** What an agreement case draws: two secret keys, and a public key for the differential check. */
export interface AgreementDraw {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly peer: { readonly kind: 'random'; readonly bytes: Uint8Array } | { readonly kind: 'special'; readonly index: number };
}

const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

const agreement: FamilyProperty<AgreementDraw> = {
  holds: () => 'both sides derive the same secret from each other’s keys and from any public key (refusing only an all-zero result)',
  inapplicable(std, params) {
    const sizes = std.sizes(params);
    if (sizes.secretKey === undefined || sizes.publicKey === undefined) return `fuzzing draws raw keys; ${std.id} ${std.paramsId(params)} exchanges encoded keys, which the matrix covers`;
    return BASE_POINTS[String(params['curve'])] ? undefined : `no base point known for curve ${String(params['curve'])}`;
  },
  arbitrary: fc.record({
    a: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    b: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    peer: fc.oneof(
      fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
      fc.record({ kind: fc.constant('special' as const), index: fc.integer({ min: 0, max: SPECIAL_U.length - 1 }) }),
    ),
  }),
  async check({ ctx, std, params, producer, consumer }, d) {
    const base = BASE_POINTS[String(params['curve'])]!;
    const derive = (who: string, secretKey: Uint8Array, publicKey: Uint8Array): Promise<Step> => step(ctx.progress, ctx.adapter(who), std.id, 'derive', params, { secretKey, publicKey });
    const regression = (secretKey: Uint8Array, publicKey: Uint8Array, result: VectorResult = 'valid'): Regression => ({
      result,
      flag: 'FuzzRoundTrip',
      fields: { secretKey, publicKey },
      vote: { op: 'derive', inputs: { secretKey, publicKey }, output: 'sharedSecret', field: 'sharedSecret' },
    });
    const pa = await derive(producer, d.a, base);
    must(pa, `producer ${producer} computing its public key`, regression(d.a, base));
    const pb = await derive(consumer, d.b, base);
    must(pb, `consumer ${consumer} computing its public key`, regression(d.b, base));
    const sa = await derive(producer, d.a, pb.out['sharedSecret']!);
    must(sa, `producer ${producer}`, regression(d.a, pb.out['sharedSecret']!));
    const sb = await derive(consumer, d.b, pa.out['sharedSecret']!);
    must(sb, `consumer ${consumer}`, regression(d.b, pa.out['sharedSecret']!), [sa.side, sb.side]);
    if (!bytesEqual(sa.out['sharedSecret']!, sb.out['sharedSecret']!)) {
      fail('wrong-output', describeMismatch('shared secret', sa.out['sharedSecret']!, sb.out['sharedSecret']!), [sa.side, sb.side], regression(d.a, pb.out['sharedSecret']!));
    }
    const peer = d.peer.kind === 'random' ? d.peer.bytes : SPECIAL_U[d.peer.index]!;
    const x = await derive(producer, d.a, peer);
    const y = await derive(consumer, d.a, peer);
    const reg = regression(d.a, peer, x.ok && isZero(x.out['sharedSecret']!) ? 'acceptable' : 'valid');
    if (x.ok && y.ok) {
      if (!bytesEqual(x.out['sharedSecret']!, y.out['sharedSecret']!)) fail('wrong-output', describeMismatch('shared secret with the same keys', x.out['sharedSecret']!, y.out['sharedSecret']!), [x.side, y.side], reg);
      return;
    }
    for (const [refused, other, who] of [[x, y, producer], [y, x, consumer]] as const) {
      if (!refused.ok && refused.why !== 'rejected') must(refused, who, reg, [x.side, y.side]);
      if (!refused.ok && other.ok && !isZero(other.out['sharedSecret']!)) {
        fail('rejected-valid', `${who} refused a public key for which the other side derives a non-zero secret (RFC 7748 §6.1 allows refusing only the all-zero result)`, [x.side, y.side], reg);
      }
    }
  },
  describe(d) {
    return d.peer.kind === 'special' ? `special public key u #${d.peer.index} (${cappedHex(SPECIAL_U[d.peer.index]!, 8)})` : 'random public key';
  },
};

/**
 * Public-key encryption (randomized): the consumer's key pair, made once per run in the
 * parameter set's key format (not from the seed: a replay searches the same draws under a new
 * key, and the regression vector keeps the failing one); random plaintexts up to the longest
 * the parameters allow (lengths past it land on it, so the limit is tried often) and random
 * labels of the declared length. The consumer must decrypt what the producer encrypted.
 */
const pke: FamilyProperty<MessageDraw> = {
  holds: () => 'round trip of random plaintexts up to the longest allowed, with random labels',
  arbitrary: messageArb,
  async check({ ctx, std, params, producer, consumer }, d) {
    const keys = await pkeKeyPair(ctx, std, params, consumer, 'recipient');
    const max = std.sizes(params).maxPlaintext ?? Number.MAX_SAFE_INTEGER;
    const plaintext = fit(d.plaintext.bytes, Math.min(sizeOf(d.plaintext.size, 16), max));
    const label: ByteMap = params['labelBytes'] === undefined ? {} : { label: fit(d.key, Number(params['labelBytes'])) };
    const noKey: Regression = { result: 'valid', flag: 'FuzzRoundTrip', fields: {} };
    must(keys, `consumer ${consumer} generating its key pair`, noKey);
    const { publicKey, secretKey } = keys.out as { publicKey: Uint8Array; secretKey: Uint8Array };
    const enc = await step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, { publicKey, plaintext, ...label });
    must(enc, `producer ${producer}`, noKey);
    const withKey: ByteMap = std.keys?.decryptWithPublicKey ? { publicKey } : {};
    const dec: ByteMap = { secretKey, ciphertext: enc.out['ciphertext']!, ...withKey, ...label };
    const roundTrip: Regression = { result: 'valid', flag: 'FuzzRoundTrip', fields: fieldsFromInputs(std, 'decrypt', dec), vote: { op: 'decrypt', inputs: dec, output: 'plaintext', field: 'plaintext', intended: plaintext } };
    const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, dec);
    must(c, `consumer ${consumer}`, roundTrip, [enc.side, c.side]);
    if (!bytesEqual(c.out['plaintext']!, plaintext)) fail('wrong-output', describeMismatch('decrypted plaintext', plaintext, c.out['plaintext']!), [enc.side, c.side], roundTrip);
  },
  describe(d, std, params) {
    const max = std.sizes(params).maxPlaintext ?? Number.MAX_SAFE_INTEGER;
    const n = Math.min(sizeOf(d.plaintext.size, 16), max);
    return `plaintext ${n} bytes${n === max ? ' (the longest allowed)' : ''}`;
  },
};

/** Runs one family's property, whatever its draw type. */
export interface AnyProperty {
  holds(env: PairEnv): string;
  inapplicable(std: Standard, params: Params): string | undefined;
  check(env: PairEnv, seed: number, runs: number): Promise<fc.RunDetails<[unknown]>>;
  describe(draw: unknown, std: Standard, params: Params): string;
}

function erase<D>(p: FamilyProperty<D>): AnyProperty {
  return {
    holds: (env) => p.holds(env),
    inapplicable: (std, params) => p.inapplicable?.(std, params),
    check: (env, seed, numRuns) => fc.check(fc.asyncProperty(p.arbitrary, (d) => p.check(env, d)), { seed, numRuns }) as Promise<fc.RunDetails<[unknown]>>,
    describe: (draw, std, params) => p.describe(draw as D, std, params),
  };
}

/** The property of each family that has one; other families are reported as not fuzzed, with the reason. */
export const FAMILY_PROPERTIES: Partial<Readonly<Record<Family, AnyProperty>>> = {
  aead: erase(messageProperty(symmetricMessage)),
  cipher: erase(messageProperty(symmetricMessage)),
  box: erase(messageProperty(boxMessage)),
  agreement: erase(agreement),
  pke: erase(pke),
};
