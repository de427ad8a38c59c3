/**
 * The KEMs of the @hpke packages by Ajitomi Daisuke, used as KEMs (their HPKE use is the `hpke`
 * standard's business): @hpke/ml-kem (ML-KEM-512/768/1024 on the `mlkem` package) and
 * @hpke/hybridkem-x-wing (X-Wing). The pre-standard X25519Kyber768Draft00 of
 * @hpke/hybridkem-x25519-kyber768 is its own adapter (hpke-kyber-draft.ts), so that the sentence
 * that names a hybrid by its components is resolved once as X-Wing and once as the draft.
 *
 * Library facts these bindings rely on (@hpke/ml-kem 0.3, @hpke/hybridkem-x-wing 0.7):
 * - Keys are `CryptoKey`-like objects; `serializePrivateKey` gives the *seed* (64 bytes d ‖ z
 *   for ML-KEM, 32 bytes for X-Wing) and `deserializePrivateKey` takes only that seed, so
 *   the expanded layout cannot be expressed. The raw public key is `serializePublicKey`'s.
 * - ML-KEM `deriveKeyPair(ikm)` takes the 64-byte seed itself (FIPS 203 §6.1 key generation,
 *   not an HPKE labelled derivation); X-Wing's equivalent is `generateKeyPairDerand(seed)`,
 *   while X-Wing's `deriveKeyPair(ikm)`, the call its README shows for a key pair from given
 *   bytes, is the HPKE DeriveKeyPair: it takes SHAKE256(ikm, 32) as the secret key.
 * - `encap({ recipientPublicKey, ekm })` → { enc, sharedSecret }; `ekm` is the 32 random
 *   bytes m of a known-answer test. `decap({ enc, recipientKey })` re-derives the expanded key
 *   from the seed on every call. Errors are the @hpke/common error classes.
 */
import type { XWing } from '@hpke/hybridkem-x-wing';
import type { MlKem768 } from '@hpke/ml-kem';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { STANDARDS } from '../standards/index.js';
import { mlKem } from '../standards/ml-kem.js';
import { xWing } from '../standards/x-wing.js';
import { assemble, input, oneOf } from './binding.js';
import { mlKem768Intents, noCertificate, xWingIntents } from './kem-intents.js';
import { importing, rejecting } from './key-import.js';
import type { IntentResolution } from '../core/intent.js';

/** What the @hpke KEM classes have in common (the draft hybrid's too: hpke-kyber-draft.ts). */
export type HpkeKem = Pick<
  XWing,
  'generateKeyPair' | 'serializePublicKey' | 'serializePrivateKey' | 'deserializePublicKey' | 'deserializePrivateKey' | 'encap' | 'decap'
>;

/** A key pair as the @hpke KEMs make it. */
export type Pair = Awaited<ReturnType<XWing['generateKeyPair']>>;

const ML_KEM_SETS = ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'];

// The packages are loaded on first use: the worker threads of a run load every adapter, most never call this one.
const mlKemOf = async (p: Params): Promise<HpkeKem> => {
  const m = await import('@hpke/ml-kem');
  const classes = { 'ML-KEM-512': m.MlKem512, 'ML-KEM-768': m.MlKem768, 'ML-KEM-1024': m.MlKem1024 } as const;
  return new classes[String(p['parameterSet']) as keyof typeof classes]();
};
const xWingOf = async (): Promise<HpkeKem> => new (await import('@hpke/hybridkem-x-wing')).XWing();

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

/** The operations on one KEM class; `fromSeed` is its deterministic key generation. */
export function kemOps(make: (p: Params) => Promise<HpkeKem>, fromSeed: (kem: HpkeKem, seed: Uint8Array) => Promise<Pair>): Partial<Record<OpName, OpImpl>> {
  return {
    async generateKeyPair(p, i) {
      const kem = await make(p);
      const seed = i['seed'];
      const pair = seed === undefined ? await kem.generateKeyPair() : await fromSeed(kem, seed);
      return { publicKey: bytes(await kem.serializePublicKey(pair.publicKey)), secretKey: bytes(await kem.serializePrivateKey(pair.privateKey)) };
    },
    async encapsulate(p, i) {
      const kem = await make(p);
      const recipientPublicKey = await importing('deserializePublicKey', () => kem.deserializePublicKey(input(i, 'publicKey')));
      const m = i['m'];
      const { enc, sharedSecret } = await rejecting('encap', () => kem.encap(m === undefined ? { recipientPublicKey } : { recipientPublicKey, ekm: m }));
      return { ciphertext: bytes(enc), sharedSecret: bytes(sharedSecret) };
    },
    async decapsulate(p, i) {
      const kem = await make(p);
      const recipientKey = await importing('deserializePrivateKey', () => kem.deserializePrivateKey(input(i, 'secretKey')));
      return { sharedSecret: bytes(await rejecting('decap', () => kem.decap({ enc: input(i, 'ciphertext'), recipientKey }))) };
    },
  };
}

const SEED_ONLY = 'the @hpke KEMs serialize and deserialize private keys as the seed only, and have no PKCS#8 or SPKI codec';

const mlKemCalls = kemOps(mlKemOf, (kem, seed) => (kem as MlKem768).deriveKeyPair(seed));

/**
 * ML-KEM-768 as the @hpke README calls it: these bindings are its calls unchanged, since the
 * library has one form of each key (serializePrivateKey's seed, serializePublicKey's raw key).
 */
const ML_KEM_768_AS_CALLED = {
  call: 'const kem = new MlKem768(); const { publicKey, privateKey } = await kem.generateKeyPair() (deriveKeyPair(seed)); kem.serializePublicKey / serializePrivateKey; kem.encap({ recipientPublicKey }); kem.decap({ enc, recipientKey })',
  params: { parameterSet: 'ML-KEM-768', secretKeyFormat: 'seed', publicKeyFormat: 'raw' },
  ops: mlKemCalls,
};

const xWingCalls = kemOps(xWingOf, (kem, seed) => (kem as XWing).generateKeyPairDerand(seed));

/**
 * X-Wing as the @hpke/hybridkem-x-wing README calls it: generateKeyPair(), the keys serialized
 * as the 32-byte seed and the raw public key (the explicit operations). A key pair from given
 * bytes is its README's `deriveKeyPair(ikm)`, the HPKE DeriveKeyPair, which hashes them first.
 */
const X_WING_CALL =
  'const kem = new XWing(); const { publicKey, privateKey } = await kem.generateKeyPair(); kem.serializePublicKey / serializePrivateKey; kem.encap({ recipientPublicKey }); kem.decap({ enc, recipientKey })';
const X_WING_AS_CALLED: IntentResolution = {
  call: X_WING_CALL,
  params: { parameterSet: 'X-Wing', secretKeyFormat: 'seed', publicKeyFormat: 'raw' },
  ops: xWingCalls,
};
const X_WING_FROM_IKM: IntentResolution = {
  call: X_WING_CALL.replace('kem.generateKeyPair()', 'kem.deriveKeyPair(seed)'),
  params: { ...X_WING_AS_CALLED.params, seedDerivation: 'HPKE DeriveKeyPair: SHAKE256(ikm, 32) is the secret key' },
  ops: kemOps(xWingOf, (kem, seed) => (kem as XWing).deriveKeyPair(seed)),
};

const { claims, ops } = assemble('hpke-kem', [
  {
    standard: mlKem,
    rules: [
      oneOf('parameterSet', ML_KEM_SETS, 'MlKem512, MlKem768 and MlKem1024'),
      oneOf('secretKeyFormat', ['seed'], SEED_ONLY),
      oneOf('publicKeyFormat', ['raw'], SEED_ONLY),
    ],
    ops: mlKemCalls,
  },
  {
    standard: xWing,
    rules: [oneOf('parameterSet', ['X-Wing'], 'XWing'), oneOf('secretKeyFormat', ['seed'], SEED_ONLY), oneOf('publicKeyFormat', ['raw'], SEED_ONLY)],
    ops: xWingCalls,
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [
    s.id,
    s.id === 'hpke'
      ? 'this adapter uses the @hpke KEMs on their own; HPKE itself is the hpke-js adapter'
      : s.id === 'x25519-kyber768-draft00'
        ? 'the pre-standard hybrid of @hpke/hybridkem-x25519-kyber768 is the hpke-kyber-draft adapter'
        : 'the @hpke KEM packages are KEMs only',
  ]),
);

/** @hpke/ml-kem and @hpke/hybridkem-x-wing as KEMs. */
export const hpkeKem = defineAdapter({
  id: 'hpke-kem',
  library: '@hpke/ml-kem, @hpke/hybridkem-x-wing',
  kind: 'in-process',
  variant: 'explicit',
  description: 'the KEMs of the @hpke packages on their own: ML-KEM-512/768/1024 (seed-form keys) and X-Wing',
  probe: inProcessProbe(() => `ml-kem ${packageVersion('@hpke/ml-kem')}, hybridkem-x-wing ${packageVersion('@hpke/hybridkem-x-wing')}`),
  capabilities: { claims, gaps },
  ops,
  intents: {
    [mlKem.id]: mlKem768Intents(ML_KEM_768_AS_CALLED, noCertificate(ML_KEM_768_AS_CALLED, SEED_ONLY)),
    [xWing.id]: xWingIntents(X_WING_AS_CALLED, X_WING_FROM_IKM),
  },
});
