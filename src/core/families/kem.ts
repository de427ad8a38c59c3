/**
 * The `kem` family (key encapsulation, FIPS 203 §6–7 and the hybrids built like it):
 * generateKeyPair {[seed]} → {publicKey, secretKey}; encapsulate {publicKey, [m]} → {ciphertext,
 * sharedSecret} (m: the 32 random bytes of FIPS 203 §6.2, given only by known-answer tests); decapsulate {secretKey, ciphertext} → {sharedSecret}. Keys travel in the
 * layouts the parameters name (`secretKeyFormat`, `publicKeyFormat`).
 *
 * In a matrix cell the consumer generates a key pair, the producer encapsulates to its public
 * key and the consumer decapsulates: the secrets must be equal. Where the producer also
 * decapsulates, it must load the consumer's secret key and find the same secret (a key made by
 * one library, used by another), and both must derive the same key pair from the same seed.
 *
 * Negative cases alter the public key (encapsulation must refuse it: FIPS 203 §7.2), the
 * secret key or the ciphertext's length (decapsulation must refuse them: §7.3). A ciphertext
 * of the right length with a flipped bit is not refused: implicit rejection answers it with
 * K̄ = J(z‖c), a function of the key and the ciphertext, so every implementation must return
 * the same pseudo-random secret; the runner compares the consumer's with the producer's.
 *
 * Intent cases exchange what the intent's sentence names, each end as its library is called
 * (KEM_EXCHANGES): a public key (the consumer's, the producer encapsulates to it), a stored
 * private key (the producer's, the consumer decapsulates with it), or the key pair derived from
 * one seed (both ends; the public keys must be equal).
 */
import { bytesEqual, cappedHex } from '../bytes.js';
import { checkClaim } from '../adapter.js';
import type { CaseContext } from '../case.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import { rngFor, type Rng } from '../rng.js';
import type { Mutation, Sizes, Standard } from '../standard.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import { keyPair } from './box.js';
import { KEY_PAIR, type FamilyModule, type KatOp, type NegativeCase } from './family.js';
import { declareOperations } from '../operations.js';
import { call, type End, type Exchange, type ExchangesOf } from './intent-runner.js';

/** The producer's encapsulation to the consumer's public key, made once and read by the matrix and the negative cases. */
function encapsulation(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, publicKey: Uint8Array): Promise<Step> {
  return ctx.memo(`kem-enc|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(producer), std.id, 'encapsulate', params, { publicKey }),
  );
}

type Done = Step & { ok: true };

/**
 * What every case of a pair begins with: the consumer's key pair and the producer's
 * encapsulation to its public key; or, when either fails, the case's verdict.
 */
async function encapsulated(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  producer: string,
  consumer: string,
): Promise<{ readonly kp: Done; readonly enc: Done } | { readonly verdict: Verdict }> {
  const kp = await keyPair(ctx, std, params, consumer, 'recipient');
  if (!kp.ok) return { verdict: unexpectedFailure(kp, [kp.side], `consumer ${consumer} key generation`) };
  const enc = await encapsulation(ctx, std, params, producer, consumer, kp.out['publicKey']!);
  if (!enc.ok) return { verdict: unexpectedFailure(enc, [enc.side], `producer ${producer} encapsulating to ${consumer}'s public key`) };
  return { kp, enc };
}

/** Does `who` claim decapsulation with these parameters (so that it can check the other side)? */
function decapsulates(ctx: CaseContext, std: Standard, params: Params, who: string): boolean {
  return checkClaim(ctx.adapter(who), std.id, 'decapsulate', params).ok;
}

/** The seed both ends derive a key pair from: `Sizes.seed` bytes, the same for every pair of a run. */
function commonSeed(ctx: CaseContext, std: Standard, params: Params): Uint8Array {
  return rngFor(ctx.seed, `${std.id}/${std.paramsId(params)}/seed`).bytes(std.sizes(params).seed ?? 64);
}

/**
 * Both ends derive a key pair from one seed: the public keys, and the secret keys in the same
 * layout, must be equal byte for byte. Undefined when they are (or a side cannot take a seed).
 */
async function seedDisagrees(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  producer: string,
  consumer: string,
): Promise<{ verdict?: Verdict; note: string }> {
  const seed = commonSeed(ctx, std, params);
  const gen = (who: string): Promise<Step> =>
    ctx.memo(
      `kem-seed|${who}|${std.id}|${std.paramsId(params)}`,
      () => step(ctx.progress, ctx.adapter(who), std.id, 'generateKeyPair', params, { seed }),
      true,
    );
  const a = await gen(producer);
  const b = await gen(consumer);
  for (const [s, who] of [
    [a, producer],
    [b, consumer],
  ] as const) {
    if (!s.ok && s.why === 'unsupported') return { note: `; ${who} derives no key pair from a given seed (${s.side.message})` };
    if (!s.ok) return { verdict: unexpectedFailure(s, [s.side], `${who} deriving a key pair from a seed`), note: '' };
  }
  if (!a.ok || !b.ok) return { note: '' };
  ctx.progress.stage = 'compare';
  for (const name of ['publicKey', 'secretKey'] as const) {
    if (!bytesEqual(a.out[name]!, b.out[name]!)) {
      const message = `from the same ${seed.length}-byte seed, ${describeMismatch(`${consumer}'s ${name} against ${producer}'s`, a.out[name]!, b.out[name]!)}`;
      return { verdict: wrongOutput([a.side, b.side], message), note: '' };
    }
  }
  return { note: '; the same seed gives both the same key pair' };
}

/** The consumer's key pair, the producer's encapsulation and the consumer's decapsulation: the secrets must match. */
export async function kemMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const pair = await encapsulated(ctx, std, params, producer, consumer);
  if ('verdict' in pair) return pair.verdict;
  const { kp, enc } = pair;
  const dec = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decapsulate', params, {
    secretKey: kp.out['secretKey']!,
    ciphertext: enc.out['ciphertext']!,
  });
  let sides: SideReport[] = [enc.side, dec.side];
  if (!dec.ok) return unexpectedFailure(dec, sides, `consumer ${consumer}`);
  ctx.progress.stage = 'compare';
  if (!bytesEqual(enc.out['sharedSecret']!, dec.out['sharedSecret']!)) {
    return wrongOutput(sides, describeMismatch(`${consumer}'s decapsulated secret against ${producer}'s`, enc.out['sharedSecret']!, dec.out['sharedSecret']!));
  }
  let notes = '';
  if (producer !== consumer && decapsulates(ctx, std, params, producer)) {
    // A secret key made by the consumer's library, loaded by the producer's.
    const again = await step(ctx.progress, ctx.adapter(producer), std.id, 'decapsulate', params, {
      secretKey: kp.out['secretKey']!,
      ciphertext: enc.out['ciphertext']!,
    });
    sides = [enc.side, dec.side, again.side];
    if (!again.ok) return unexpectedFailure(again, sides, `producer ${producer} loading ${consumer}'s ${String(params['secretKeyFormat'])} secret key`);
    if (!bytesEqual(again.out['sharedSecret']!, enc.out['sharedSecret']!)) {
      return wrongOutput(
        sides,
        describeMismatch(`${producer}'s decapsulation with ${consumer}'s secret key`, enc.out['sharedSecret']!, again.out['sharedSecret']!),
      );
    }
    notes = `; ${producer} also decapsulates with ${consumer}'s secret key`;
  }
  if (producer !== consumer) {
    const seeded = await seedDisagrees(ctx, std, params, producer, consumer);
    if (seeded.verdict) return seeded.verdict;
    notes += seeded.note;
  }
  return {
    outcome: 'pass',
    sides,
    message: `${String(params['publicKeyFormat'])} public key, ${String(params['secretKeyFormat'])} secret key: both hold the same ${enc.out['sharedSecret']!.length}-byte secret${notes}`,
  };
}

/**
 * The consumer's answer to a ciphertext it must answer by implicit rejection: a secret other
 * than the real one, the same when asked twice, and the same as the producer's from the same
 * secret key and ciphertext.
 */
async function implicitRejection(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  ends: { producer: string; consumer: string },
  inputs: ByteMap,
  real: Uint8Array,
  got: Step & { ok: true },
  encSide: SideReport,
): Promise<Verdict> {
  const { producer, consumer } = ends;
  const secret = got.out['sharedSecret']!;
  const sides: SideReport[] = [encSide, got.side];
  ctx.progress.stage = 'compare';
  if (bytesEqual(secret, real)) {
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: 'compare',
      sides,
      message: `SECURITY: ${consumer} returned the real shared secret for an altered ciphertext`,
    };
  }
  const other = producer !== consumer && decapsulates(ctx, std, params, producer) ? producer : consumer;
  const check = await step(ctx.progress, ctx.adapter(other), std.id, 'decapsulate', params, inputs);
  sides.push(check.side);
  if (!check.ok) {
    if (other === consumer) return unexpectedFailure(check, sides, `consumer ${consumer} asked again`);
    return {
      outcome: 'pass',
      rejection: 'implicit',
      sides,
      message: `implicit rejection: ${consumer} answered with the pseudo-random secret ${cappedHex(secret, 16)}; not cross-checked, since ${producer} does not decapsulate with ${consumer}'s key (${check.side.message})`,
    };
  }
  if (!bytesEqual(check.out['sharedSecret']!, secret)) {
    const what =
      other === consumer ? `${consumer} asked twice` : `${consumer}'s implicit-rejection secret against ${producer}'s from the same key and ciphertext`;
    return wrongOutput(
      sides,
      `FIPS 203 §6.3: K̄ = J(z‖c) is a function of the key and the ciphertext; ${describeMismatch(what, check.out['sharedSecret']!, secret)}`,
    );
  }
  const how =
    other === consumer
      ? `${consumer} gives it again when asked twice (no other decapsulator to compare with)`
      : `${producer} computes the same from the same key and ciphertext`;
  return {
    outcome: 'pass',
    rejection: 'implicit',
    sides,
    message: `implicit rejection: pseudo-random secret ${cappedHex(secret, 16)}, not the real one; ${how}`,
  };
}

/**
 * Applies `mutation` to {publicKey, secretKey, ciphertext}. An altered public key goes to the
 * consumer's encapsulation, anything else to its decapsulation. `accept` mutations (a flipped
 * ciphertext bit) expect implicit rejection; the others a refusal.
 */
export async function kemNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const pair = await encapsulated(ctx, std, params, producer, consumer);
  if ('verdict' in pair) return pair.verdict;
  const { kp, enc } = pair;
  const clean: ByteMap = { publicKey: kp.out['publicKey']!, secretKey: kp.out['secretKey']!, ciphertext: enc.out['ciphertext']! };
  const decInputs = (m: ByteMap): ByteMap => ({ secretKey: m['secretKey']!, ciphertext: m['ciphertext']! });
  const control = await ctx.memo(`ctl-kem|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
    step(ctx.progress, ctx.adapter(consumer), std.id, 'decapsulate', params, decInputs(clean)),
  );
  if (!control.ok || !bytesEqual(control.out['sharedSecret']!, enc.out['sharedSecret']!)) {
    return {
      outcome: 'skipped',
      sides: [enc.side, control.side],
      message: `control failed: ${consumer} does not decapsulate ${producer}'s untouched ciphertext to its secret (${control.ok ? 'wrong secret' : control.side.message}), so an altered input proves nothing; see the matrix cell`,
    };
  }
  const tampered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  if (!tampered)
    return {
      outcome: 'unsupported',
      sides: [enc.side],
      message: `the ${String(params['secretKeyFormat'])}/${String(params['publicKeyFormat'])} layout cannot express this alteration (${mutation.description})`,
    };
  const toEncapsulation = !bytesEqual(tampered['publicKey']!, clean['publicKey']!);
  const op = toEncapsulation ? 'encapsulate' : 'decapsulate';
  const inputs = toEncapsulation ? { publicKey: tampered['publicKey']! } : decInputs(tampered);
  const c = await step(ctx.progress, ctx.adapter(consumer), std.id, op, params, inputs);
  const sides = [enc.side, c.side];
  if (mutation.expected === 'accept') {
    if (c.ok) return implicitRejection(ctx, std, params, { producer, consumer }, inputs, enc.out['sharedSecret']!, c, enc.side);
    if (c.why === 'rejected') {
      return {
        outcome: 'fail',
        failure: 'rejected-valid',
        stage: c.stage,
        sides,
        message: `${consumer} refused a ciphertext of the right length (${mutation.description}) instead of answering with the implicit-rejection secret: ${mutation.because}`,
      };
    }
    return unexpectedFailure(c, sides, `consumer ${consumer}`);
  }
  if (c.ok) {
    const got = c.out['sharedSecret']!;
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: op,
      sides,
      message: `SECURITY: ${consumer} ${op}d with an invalid input (${mutation.description}) and returned the secret ${cappedHex(got, 16)}`,
    };
  }
  if (c.why === 'rejected') return { outcome: 'pass', sides, message: `rejected: ${mutation.description}` };
  return unexpectedFailure(c, sides, `consumer ${consumer}`);
}

/** A copy of `bytes` with one bit flipped, chosen by `rng`. */
function flipBit(bytes: Uint8Array, at: number, rng: Rng): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[at]! ^= 1 << rng.int(8);
  return out;
}

/** Where a KEM standard's layout puts what its mutations alter. */
export interface KemLayout {
  /** The citation of the standard's input checks (e.g. "FIPS 203 §7.2"). */
  readonly encapsulationCheck: string;
  readonly decapsulationCheck: string;
  readonly implicitRejection: string;
  /** The raw public key begins with an ML-KEM encapsulation key (FIPS 203 §7.2 modulus check applies). */
  readonly mlKemPublicKey: boolean;
  /** The secret key in this layout ends with H(ek) ‖ z (the expanded FIPS 203 decapsulation key), so the hash check applies. */
  readonly holdsHash: (params: Params) => boolean;
}

/** The KEM's tamper mutations for a standard whose layout is `layout`. */
export function kemMutations(layout: KemLayout): Mutation[] {
  const alter =
    (name: string, f: (b: Uint8Array, rng: Rng) => Uint8Array | undefined) =>
    (inputs: ByteMap, _s: Sizes, rng: Rng): ByteMap | undefined => {
      const out = f(inputs[name]!, rng);
      return out === undefined ? undefined : { ...inputs, [name]: out };
    };
  const cut = (b: Uint8Array): Uint8Array => b.subarray(0, b.length - 1);
  const grow = (b: Uint8Array, rng: Rng): Uint8Array => Uint8Array.of(...b, ...rng.bytes(1));
  return [
    {
      id: 'ciphertext-bit',
      description: 'one bit of the ciphertext flipped',
      because: `${layout.implicitRejection}: a ciphertext of the right length is answered with the implicit-rejection secret J(z‖c), the same in every implementation, never with an error`,
      expected: 'accept',
      apply: alter('ciphertext', (b, rng) => flipBit(b, rng.int(b.length), rng)),
    },
    {
      id: 'ciphertext-truncated',
      description: 'ciphertext one byte short',
      because: `${layout.decapsulationCheck}: ciphertext type check`,
      apply: alter('ciphertext', cut),
    },
    {
      id: 'ciphertext-extended',
      description: 'ciphertext one byte too long',
      because: `${layout.decapsulationCheck}: ciphertext type check`,
      apply: alter('ciphertext', grow),
    },
    {
      id: 'public-key-truncated',
      description: 'encapsulation key one byte short',
      because: `${layout.encapsulationCheck}: type check`,
      appliesTo: (p) => p['publicKeyFormat'] === 'raw',
      apply: alter('publicKey', cut),
    },
    {
      id: 'public-key-extended',
      description: 'encapsulation key one byte too long',
      because: `${layout.encapsulationCheck}: type check`,
      appliesTo: (p) => p['publicKeyFormat'] === 'raw',
      apply: alter('publicKey', grow),
    },
    {
      id: 'public-key-modulus',
      description: 'encapsulation key whose first coefficient is 4095 ≥ q = 3329',
      because: `${layout.encapsulationCheck}: modulus check, ByteEncode12(ByteDecode12(ek)) must equal ek`,
      appliesTo: (p) => layout.mlKemPublicKey && p['publicKeyFormat'] === 'raw',
      apply: alter('publicKey', (b) => {
        const pk = Uint8Array.from(b);
        pk[0] = 0xff;
        pk[1]! |= 0x0f;
        return pk;
      }),
    },
    {
      id: 'secret-key-hash',
      description: 'one bit of the H(ek) stored in the decapsulation key flipped',
      because: `${layout.decapsulationCheck}: hash check, H(dk[384k : 768k + 32]) must equal dk[768k + 32 : 768k + 64]`,
      appliesTo: (p) => layout.holdsHash(p),
      // dk = dk_PKE ‖ ek ‖ H(ek) ‖ z: H(ek) is the 32 bytes before the last 32.
      apply: alter('secretKey', (b, rng) => flipBit(b, b.length - 64 + rng.int(32), rng)),
    },
    {
      id: 'secret-key-truncated',
      description: 'secret key one byte short',
      because: `${layout.decapsulationCheck}: decapsulation key type check (a seed is exactly its length)`,
      appliesTo: (p) => !String(p['secretKeyFormat']).startsWith('pkcs8'),
      apply: alter('secretKey', cut),
    },
  ];
}

/** Encapsulation makes a ciphertext and the shared secret it carries; decapsulation recovers the secret. */
const KEM_OPERATIONS = declareOperations({
  encapsulate: { outputs: ['ciphertext', 'sharedSecret'], stage: 'encapsulate' },
  decapsulate: { outputs: ['sharedSecret'], stage: 'decapsulate' },
});
type KemOperations = typeof KEM_OPERATIONS;
declare module '../operations.js' {
  interface Operations extends KemOperations {}
}

/** What one kind of KEM intent exchanges between the two ends, each as called. */
type KemExchange = (ctx: CaseContext, std: Standard, intentId: string, p: End, c: End) => Promise<Exchange | Verdict>;

/** The consumer's key pair as called, made once per run: the producer encapsulates to its public key, it decapsulates. */
const publicKeyExchange: KemExchange = async (ctx, std, intentId, _p, c) => {
  const keys = await ctx.memo(`intent-kp|${c.adapter.id}|${std.id}|${intentId}`, () => call(ctx, std, c, 'generateKeyPair', {}), true);
  if (!keys.ok) return unexpectedFailure(keys, [keys.side], `consumer ${c.adapter.id} generating its key pair as called`);
  return {
    what: "the consumer's public key, encapsulated to by the producer",
    fromConsumer: true,
    produce: (end, params) => call(ctx, std, end, 'encapsulate', { publicKey: keys.out['publicKey']! }, params),
    consume: (end, produced, params) => call(ctx, std, end, 'decapsulate', { secretKey: keys.out['secretKey']!, ciphertext: produced['ciphertext']! }, params),
    output: 'sharedSecret',
    expected: (produced) => produced['sharedSecret']!,
  };
};

/** The producer makes a key pair and encapsulates to it; the consumer decapsulates with the producer's stored private key. */
const privateKeyExchange: KemExchange = async (ctx, std) => ({
  what: "the producer's stored private key, used by the consumer",
  async produce(end, params) {
    const keys = await call(ctx, std, end, 'generateKeyPair', {}, params);
    if (!keys.ok) return keys;
    const enc = await call(ctx, std, end, 'encapsulate', { publicKey: keys.out['publicKey']! }, params);
    return enc.ok ? { ...enc, out: { ...enc.out, secretKey: keys.out['secretKey']! } } : enc;
  },
  consume: (end, produced, params) => call(ctx, std, end, 'decapsulate', { secretKey: produced['secretKey']!, ciphertext: produced['ciphertext']! }, params),
  output: 'sharedSecret',
  expected: (produced) => produced['sharedSecret']!,
});

/** Both ends derive a key pair from one seed (of the standard's seed length: 64 bytes for ML-KEM, 32 for X-Wing): the consumer's public key must be the producer's. */
const seedExchange: KemExchange = async (ctx, std, intentId, p) => {
  const seed = rngFor(ctx.seed, `${std.id}/intent-${intentId}/seed`).bytes(std.sizes(p.resolution.params).seed ?? 64);
  return {
    what: `the key pair derived from one ${seed.length}-byte seed`,
    produce: (end, params) => call(ctx, std, end, 'generateKeyPair', { seed }, params),
    consume: (end, _produced, params) => call(ctx, std, end, 'generateKeyPair', { seed }, params),
    output: 'publicKey',
    expected: (produced) => produced['publicKey']!,
  };
};

/**
 * The exchange of each KEM intent, by the intent's id: "send me your public key" and "encrypt to
 * this certificate" pass the consumer's public key, "store the private key" the producer's
 * private key, "derive the key pair from this seed" the seed.
 */
export const KEM_EXCHANGES: Readonly<Record<string, KemExchange>> = {
  'public-key': publicKeyExchange,
  certificate: publicKeyExchange,
  'private-key': privateKeyExchange,
  seed: seedExchange,
  // "Post-quantum KEM, Kyber-768": the consumer's public key, whichever revision each end runs.
  'kyber-768': publicKeyExchange,
  // "A hybrid X25519 + ML-KEM-768 (Kyber-768) KEM": the consumer's public key, X-Wing or the draft hybrid.
  hybrid: publicKeyExchange,
};

const kemExchanges: ExchangesOf = async (ctx, std, intent, p, c) => {
  const make = KEM_EXCHANGES[intent.id];
  if (!make) throw new Error(`${std.id}: intent ${intent.id} has no KEM exchange (KEM_EXCHANGES)`);
  const x = await make(ctx, std, intent.id, p, c);
  return 'produce' in x ? [x] : x;
};

export const kem: FamilyModule = {
  name: 'kem',
  contract:
    'generateKeyPair {[seed]} → {publicKey, secretKey}; encapsulate {publicKey, [m]} → {ciphertext, sharedSecret}; decapsulate {secretKey, ciphertext} → {sharedSecret}',
  // The lengths are for the library to check: refusing a short ciphertext or key is what the negative cases test.
  shapes: { ...KEY_PAIR, ...KEM_OPERATIONS },
  params: {
    parameterSet: { type: 'string', description: 'key encapsulation: the named parameter set, e.g. ML-KEM-768 (FIPS 203 §8) or X-Wing' },
    secretKeyFormat: { type: 'string', description: 'key encapsulation: how the secret key travels (seed, expanded, or a PKCS#8 form)' },
    publicKeyFormat: { type: 'string', description: 'key encapsulation: how the public key travels (raw, or a SubjectPublicKeyInfo)' },
  },
  operations: {
    encapsulate: { untrusted: true, inputs: () => [{ name: 'publicKey' }] },
    decapsulate: { untrusted: true, inputs: () => [{ name: 'secretKey' }, { name: 'ciphertext' }] },
  },
  roles: { producer: ['encapsulate'], consumer: ['generateKeyPair', 'decapsulate'] },
  fields: [
    { name: 'seed', need: 'optional' },
    { name: 'publicKey', need: 'optional' },
    { name: 'secretKey', need: 'optional' },
    { name: 'm', need: 'optional' },
    { name: 'ciphertext', need: 'optional' },
    { name: 'sharedSecret', need: 'optional' },
  ],
  katOps: (): KatOp[] => [
    { op: 'generateKeyPair', inputs: { seed: 'seed' }, output: ['publicKey', 'publicKey'], consuming: false },
    { op: 'decapsulate', inputs: { secretKey: 'secretKey', ciphertext: 'ciphertext' }, output: ['sharedSecret', 'sharedSecret'], consuming: true },
    // Derandomized by the vector's m; an invalid encapsulation key must be refused. Its m is
    // incidental there: FIPS 203 §7.2 checks ek alone, so an adapter that takes no given m is
    // asked without it (a 32-byte m only: one of another length would be the invalid input).
    {
      op: 'encapsulate',
      inputs: { publicKey: 'publicKey', m: 'm' },
      output: ['sharedSecret', 'sharedSecret'],
      consuming: true,
      incidental: (t) => (t.result === 'invalid' && t.fields['m']?.length === 32 ? ['m'] : []),
    },
  ],
  matrix: kemMatrix,
  negative: kemNegative,
  intent: kemExchanges,
  keyAffinity: false,
  throughput: {
    op: () => 'encapsulate',
    sized: false,
    async prepare(kit) {
      const [mine] = await kit.pairs();
      return kit.call({ publicKey: mine['publicKey']! });
    },
  },
};
