/**
 * The `agreement` family: generateKeyPair; derive {secretKey, publicKey} → {sharedSecret}.
 * In a matrix cell each side generates a key pair in the
 * parameter set's key encoding, both derive, and the secrets must be equal; the consumer also
 * recomputes the producer's side from the producer's secret key. Negative cases hand the
 * consumer an invalid public key (off the curve, at infinity, truncated), which it must refuse.
 */
import fc from 'fast-check';
import { bytesEqual, cappedHex, toHex } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { Params, VectorResult } from '../model.js';
import { declareOperations } from '../operations.js';
import { rngFor } from '../rng.js';
import type { Sizes, Standard } from '../standard.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import type { PeerKey } from '../intent.js';
import { KEY_PAIR, keyPairSpec, type BoundaryDriver, type Draft, type FamilyModule, type NegativeCase, type Reference } from './family.js';
import { call, type End, type Exchange, type ExchangesOf } from './intent-runner.js';
import { anyProperty, fail, must, type FamilyProperty, type Regression } from './fuzz-property.js';
import { keyPair } from './box.js';

/** Both sides derive from each other's raw public key; the secrets must match. */
export async function agreementMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const a = await keyPair(ctx, std, params, producer, 'a');
  if (!a.ok) return unexpectedFailure(a, [a.side], `producer ${producer} key generation`);
  const b = await keyPair(ctx, std, params, consumer, 'b');
  if (!b.ok) return unexpectedFailure(b, [b.side], `consumer ${consumer} key generation`);
  const sa = await step(ctx.progress, ctx.adapter(producer), std.id, 'derive', params, { secretKey: a.out['secretKey']!, publicKey: b.out['publicKey']! });
  if (!sa.ok) return unexpectedFailure(sa, [sa.side], `producer ${producer}`);
  const sb = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, { secretKey: b.out['secretKey']!, publicKey: a.out['publicKey']! });
  const sides = [sa.side, sb.side];
  if (!sb.ok) return unexpectedFailure(sb, sides, `consumer ${consumer}`);
  ctx.progress.stage = 'compare';
  if (!bytesEqual(sa.out['sharedSecret']!, sb.out['sharedSecret']!)) {
    return wrongOutput(sides, describeMismatch('shared secret', sa.out['sharedSecret']!, sb.out['sharedSecret']!));
  }
  // The consumer, given the producer's secret key, must compute the very same value.
  const again = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, { secretKey: a.out['secretKey']!, publicKey: b.out['publicKey']! });
  if (!again.ok) return unexpectedFailure(again, [sa.side, again.side], `consumer ${consumer} importing ${producer}'s secret key`);
  if (!bytesEqual(again.out['sharedSecret']!, sa.out['sharedSecret']!)) {
    return wrongOutput(
      [sa.side, again.side],
      describeMismatch(`${consumer}'s derivation from ${producer}'s secret key`, sa.out['sharedSecret']!, again.out['sharedSecret']!),
    );
  }
  const format = params['keyFormat'] === undefined ? 'raw' : String(params['keyFormat']);
  return { outcome: 'pass', sides, message: `public and secret keys exchanged as ${format} both ways; both derive the same secret` };
}

/**
 * The consumer derives with the producer's public key after `mutation` altered it; it must
 * refuse. A control derivation with the unaltered key runs first, once per pair: if even
 * that fails, the pair does not interoperate (see its matrix cell) and the case is skipped.
 */
export async function agreementNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const a = await keyPair(ctx, std, params, producer, 'a');
  if (!a.ok) return unexpectedFailure(a, [a.side], `producer ${producer} key generation`);
  const b = await keyPair(ctx, std, params, consumer, 'b');
  if (!b.ok) return unexpectedFailure(b, [b.side], `consumer ${consumer} key generation`);
  const clean = { secretKey: b.out['secretKey']!, publicKey: a.out['publicKey']! };
  const control = await ctx.memo(`ctl-derive|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, clean),
  );
  if (!control.ok) {
    return {
      outcome: 'skipped',
      sides: [a.side, control.side],
      message: `control failed: ${consumer} does not derive from ${producer}'s untouched public key (${control.side.message}), so an altered key proves nothing; see the matrix cell`,
    };
  }
  const tampered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  if (!tampered)
    return {
      outcome: 'unsupported',
      sides: [a.side],
      message: `the ${String(params['keyFormat'])} encoding cannot express this key (${mutation.description})`,
    };
  const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'derive', params, tampered);
  const sides = [a.side, c.side];
  if (c.ok) {
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: 'derive',
      sides,
      message: `SECURITY: ${consumer} derived ${cappedHex(c.out['sharedSecret']!, 16)} from an invalid public key (${mutation.description}): the invalid-curve attack recovers secret keys this way`,
    };
  }
  if (c.why === 'rejected') return { outcome: 'pass', sides, message: `rejected: ${mutation.description}` };
  return unexpectedFailure(c, sides, `consumer ${consumer}`);
}

/**
 * The exchanges of an agreement intent. The genuine one: the producer generates its key pair as
 * called, the consumer generates its own and derives from the producer's public key, the
 * producer derives from the consumer's, and the two secrets must be equal. Then each of the
 * intent's peer keys: one the consumer must accept as the genuine key (the producer's public key
 * with bit 255 set), or one that allows two behaviours (a low-order point), which each end meets
 * with its own secret key, in its own encoding.
 */
const agreementExchanges: ExchangesOf = async (ctx, std, intent, p, c) => {
  const pair = (end: End, params?: Params): Promise<Step> => call(ctx, std, end, 'generateKeyPair', {}, params);
  /** The consumer's key pair and its derivation from `publicKey`: its secret, and its public key for the producer. */
  const answer = async (end: End, publicKey: Uint8Array, params?: Params): Promise<Step> => {
    const mine = await pair(end, params);
    if (!mine.ok) return mine;
    const derived = await call(ctx, std, end, 'derive', { secretKey: mine.out['secretKey']!, publicKey }, params);
    return derived.ok ? { ...derived, out: { ...derived.out, publicKey: mine.out['publicKey']! } } : derived;
  };
  const exchange = (what: string, sent: (publicKey: Uint8Array) => Uint8Array): Exchange => ({
    what,
    produce: (end, params) => pair(end, params),
    consume: (end, produced, params) => answer(end, sent(produced['publicKey']!), params),
    confirm: (end, produced, consumed, params) =>
      call(ctx, std, end, 'derive', { secretKey: produced['secretKey']!, publicKey: consumed['publicKey']! }, params),
    output: 'sharedSecret',
    expected: () => new Uint8Array(0),
  });
  /**
   * An end meeting `key`, made from its own public key, with its own secret key; where no fixed
   * secret is allowed, with what its genuine public key gives beside it (`genuineSecret`).
   */
  const meet = async (end: End, key: PeerKey): Promise<Step> => {
    const mine = await pair(end);
    if (!mine.ok) return mine;
    const derive = (publicKey: Uint8Array): Promise<Step> => call(ctx, std, end, 'derive', { secretKey: mine.out['secretKey']!, publicKey });
    const odd = await derive(key.apply(mine.out['publicKey']!));
    if (!odd.ok || key.allowed?.secret) return odd;
    const genuine = await derive(mine.out['publicKey']!);
    return genuine.ok ? { ...odd, out: { ...odd.out, genuineSecret: genuine.out['sharedSecret']! } } : genuine;
  };
  const applies = (key: PeerKey): boolean => !key.appliesTo || (key.appliesTo(p.resolution.params) && key.appliesTo(c.resolution.params));
  return [
    exchange('key pairs as called, public keys exchanged both ways', (k) => k),
    ...(intent.peerKeys ?? []).filter(applies).map(
      (key): Exchange =>
        key.expected === 'accept'
          ? exchange(key.name, (k) => key.apply(k))
          : key.expected === 'reject'
            ? {
                what: key.name,
                produce: (end) => meet(end, key),
                consume: (end) => meet(end, key),
                output: 'sharedSecret',
                expected: () => new Uint8Array(0),
                refuse: { because: key.because },
              }
            : {
                what: key.name,
                produce: (end) => meet(end, key),
                consume: (end) => meet(end, key),
                output: 'sharedSecret',
                expected: () => new Uint8Array(0),
                allowed: {
                  because: key.because,
                  behaviour: key.allowed!.behaviour,
                  expected: (out) => key.allowed!.secret ?? out['genuineSecret']!,
                },
              },
    ),
  ];
};

const P = 2n ** 255n - 19n;

/** A little-endian 32-byte encoding of `u` (which may be ≥ p: RFC 7748 encodings are not reduced). */
function encodeU(u: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0, n = u; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** libsodium's order-8 point, and the other one (the u-coordinates of P and P + (0, 0) are inverses). */
const ORDER_8 = 0x00b8495f16056286fdb1329ceb8d09da6ac49ff1fae35616aeb8413b7c7aebe0n;
const ORDER_8_OTHER = (() => {
  let r = 1n;
  for (let b = ORDER_8, e = P - 2n; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
})();

/** X25519 encodings RFC 7748 singles out, each against a fresh secret key. */
function agreementDrafts(std: Standard, seed: string, ref: Reference): Draft[] {
  const drafts: Draft[] = [];
  const add = (
    name: string,
    comment: string,
    flags: string[],
    result: VectorResult,
    secretKey: Uint8Array,
    publicKey: Uint8Array,
    sharedSecret: Uint8Array,
  ): void => {
    drafts.push({ comment, label: `${std.id}/${name}`, flags, result, fields: { secretKey, publicKey, sharedSecret } });
  };
  /** A fresh secret key and peer public key for the case `name`. */
  const inputsFor = (name: string): { secretKey: Uint8Array; publicKey: Uint8Array } => {
    const rng = rngFor(seed, `${std.id}/${name}`);
    return { secretKey: rng.bytes(32), publicKey: ref.publicKey(rng.bytes(32)) };
  };
  const derive = (secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array => ref.derive({ secretKey, publicKey });

  for (const n of [1, 2, 3, 4]) {
    const { secretKey, publicKey } = inputsFor(`pair${n}`);
    add(`pair${n}`, 'pseudorandom secret key and peer public key', [], 'valid', secretKey, publicKey, derive(secretKey, publicKey));
  }
  for (const [name, fill] of [
    ['zero-scalar', 0x00],
    ['ones-scalar', 0xff],
  ] as const) {
    const { publicKey } = inputsFor(name);
    const secretKey = new Uint8Array(32).fill(fill);
    add(
      name,
      `secret key of 32 bytes 0x${fill.toString(16).padStart(2, '0')}; clamping decides the scalar`,
      ['ClampedScalar'],
      'valid',
      secretKey,
      publicKey,
      derive(secretKey, publicKey),
    );
  }
  {
    const { secretKey, publicKey } = inputsFor('high-bit');
    const high = Uint8Array.from(publicKey);
    high[31]! |= 0x80;
    add('high-bit', 'peer public key with bit 255 set', ['PublicKeyHighBit'], 'valid', secretKey, high, derive(secretKey, publicKey));
  }
  for (const k of [9n, 18n]) {
    const { secretKey } = inputsFor(`p+${k}`);
    const shared = derive(secretKey, encodeU(k));
    if (toHex(derive(secretKey, encodeU(P + k))) !== toHex(shared)) throw new Error(`generator check: X25519 does not reduce p + ${k}`);
    add(`p+${k}`, `peer public key u = p + ${k}, which reduces to ${k}`, ['NonCanonicalPublicKey'], 'valid', secretKey, encodeU(P + k), shared);
  }
  const lowOrder: Array<[string, bigint]> = [
    ["a point of order 8 (libsodium's blocklist)", ORDER_8],
    ['the other point of order 8', ORDER_8_OTHER],
    ['u = p − 1, a point of order 4', P - 1n],
    ['u = p, a non-canonical 0', P],
    ['u = p + 1, a non-canonical 1', P + 1n],
  ];
  for (const [what, u] of lowOrder) {
    const name = `low-order/${u.toString(16)}`;
    const { secretKey } = inputsFor(name);
    const shared = derive(secretKey, encodeU(u));
    if (shared.some((b) => b !== 0)) throw new Error(`generator check: ${what} is not of low order`);
    add(name, `peer public key: ${what}`, ['LowOrderPublicKey'], 'acceptable', secretKey, encodeU(u), shared);
  }
  return drafts;
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

const property: FamilyProperty<AgreementDraw> = {
  holds: () => 'both sides derive the same secret from each other’s keys and from any public key (refusing only an all-zero result)',
  inapplicable(std, params) {
    const sizes = std.sizes(params);
    if (sizes.secretKey === undefined || sizes.publicKey === undefined)
      return `fuzzing draws raw keys; ${std.id} ${std.paramsId(params)} exchanges encoded keys, which the matrix covers`;
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
    const derive = (who: string, secretKey: Uint8Array, publicKey: Uint8Array): Promise<Step> =>
      step(ctx.progress, ctx.adapter(who), std.id, 'derive', params, { secretKey, publicKey });
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
      fail(
        'wrong-output',
        describeMismatch('shared secret', sa.out['sharedSecret']!, sb.out['sharedSecret']!),
        [sa.side, sb.side],
        regression(d.a, pb.out['sharedSecret']!),
      );
    }
    const peer = d.peer.kind === 'random' ? d.peer.bytes : SPECIAL_U[d.peer.index]!;
    const x = await derive(producer, d.a, peer);
    const y = await derive(consumer, d.a, peer);
    const reg = regression(d.a, peer, x.ok && isZero(x.out['sharedSecret']!) ? 'acceptable' : 'valid');
    if (x.ok && y.ok) {
      if (!bytesEqual(x.out['sharedSecret']!, y.out['sharedSecret']!))
        fail('wrong-output', describeMismatch('shared secret with the same keys', x.out['sharedSecret']!, y.out['sharedSecret']!), [x.side, y.side], reg);
      return;
    }
    for (const [refused, other, who] of [
      [x, y, producer],
      [y, x, consumer],
    ] as const) {
      if (!refused.ok && refused.why !== 'rejected') must(refused, who, reg, [x.side, y.side]);
      if (!refused.ok && other.ok && !isZero(other.out['sharedSecret']!)) {
        fail(
          'rejected-valid',
          `${who} refused a public key for which the other side derives a non-zero secret (RFC 7748 §6.1 allows refusing only the all-zero result)`,
          [x.side, y.side],
          reg,
        );
      }
    }
  },
  describe(d) {
    return d.peer.kind === 'special' ? `special public key u #${d.peer.index} (${cappedHex(SPECIAL_U[d.peer.index]!, 8)})` : 'random public key';
  },
};

const NOTES: BoundaryDriver['notes'] = {
  ClampedScalar: {
    bugType: 'EDGE_CASE',
    description:
      'The secret key has bits that decodeScalar25519 changes (RFC 7748 §5: the three lowest bits and bit 255 cleared, bit 254 set); the result is that of the clamped scalar.',
  },
  PublicKeyHighBit: {
    bugType: 'EDGE_CASE',
    description: 'The most significant bit of the public key is set. RFC 7748 §5: implementations MUST mask it, so the result is that of the masked key.',
  },
  NonCanonicalPublicKey: {
    bugType: 'EDGE_CASE',
    description:
      'The public key encodes a u-coordinate of at least p = 2^255 − 19. RFC 7748 §5: implementations MUST accept non-canonical values and process them as if reduced modulo p.',
  },
  LowOrderPublicKey: {
    bugType: 'EDGE_CASE',
    description:
      'The public key is a point of small order, so X25519 gives the all-zero value. RFC 7748 §6.1: implementations MAY check for it and abort; both the all-zero secret and a refusal are acceptable.',
  },
};

/** Key agreement derives the shared secret from one side's secret key and the other's public key. */
const AGREEMENT_OPERATIONS = declareOperations({ derive: { outputs: ['sharedSecret'], stage: 'derive' } });
type AgreementOperations = typeof AGREEMENT_OPERATIONS;
declare module '../operations.js' {
  interface Operations extends AgreementOperations {}
}

export const agreement: FamilyModule = {
  name: 'agreement',
  contract: 'generateKeyPair → {publicKey, secretKey}; derive {secretKey, publicKey} → {sharedSecret}',
  shapes: { ...KEY_PAIR, ...AGREEMENT_OPERATIONS },
  operations: { derive: { untrusted: true, inputs: (_std, _p, sizes) => keyPairSpec(sizes) } },
  roles: { producer: ['generateKeyPair', 'derive'], consumer: ['generateKeyPair', 'derive'] },
  fields: [
    { name: 'secretKey', need: 'always' },
    { name: 'publicKey', need: 'always' },
    { name: 'sharedSecret', need: 'when-valid' },
  ],
  katOps: () => [{ op: 'derive', inputs: { secretKey: 'secretKey', publicKey: 'publicKey' }, output: ['sharedSecret', 'sharedSecret'], consuming: true }],
  matrix: agreementMatrix,
  negative: agreementNegative,
  intent: agreementExchanges,
  keyAffinity: false,
  throughput: {
    op: () => 'derive',
    sized: false,
    async prepare(kit) {
      const [mine, theirs] = await kit.pairs();
      return kit.call({ secretKey: mine['secretKey']!, publicKey: theirs['publicKey']! });
    },
  },
  fuzz: anyProperty(property),
  // RFC 7748's encodings, for X25519 with raw keys; ECDH relies on published known answers.
  boundary: {
    covers: (std) => std.params.some((p) => p.name === 'curve' && p.values.includes('X25519')),
    groups: async (std, seed, ref) => [{ params: std.matrix[0]!, drafts: agreementDrafts(std, seed, ref) }],
    notes: NOTES,
  },
};
