/**
 * The KEMs of the @hpke packages by Ajitomi Daisuke, used as KEMs (their HPKE use is the `hpke`
 * standard's business): @hpke/ml-kem (ML-KEM-512/768/1024 on the `mlkem` package) and
 * @hpke/hybridkem-x-wing (X-Wing) and @hpke/hybridkem-x25519-kyber768 (the pre-standard
 * X25519Kyber768Draft00, HPKE KEM 0x0030, whose private key is sk_X ‖ sk_K, 2432 bytes, and whose
 * `deriveKeyPair(ikm)` is the draft's HPKE derivation).
 *
 * Library facts these bindings rely on (@hpke/ml-kem 0.3, @hpke/hybridkem-x-wing 0.7):
 * - Keys are `CryptoKey`-like objects; `serializePrivateKey` gives the *seed* (64 bytes d ‖ z
 *   for ML-KEM, 32 bytes for X-Wing) and `deserializePrivateKey` takes only that seed, so
 *   the expanded layout cannot be expressed. The raw public key is `serializePublicKey`'s.
 * - ML-KEM `deriveKeyPair(ikm)` takes the 64-byte seed itself (FIPS 203 §6.1 key generation,
 *   not an HPKE labelled derivation); X-Wing's equivalent is `generateKeyPairDerand(seed)`.
 * - `encap({ recipientPublicKey, ekm })` → { enc, sharedSecret }; `ekm` is the 32 random
 *   bytes m of a known-answer test. `decap({ enc, recipientKey })` re-derives the expanded key
 *   from the seed on every call. Errors are the @hpke/common error classes.
 */
import type { XWing } from '@hpke/hybridkem-x-wing';
import type { HybridkemX25519Kyber768 } from '@hpke/hybridkem-x25519-kyber768';
import type { MlKem1024, MlKem512, MlKem768 } from '@hpke/ml-kem';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import type { OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { STANDARDS } from '../standards/index.js';
import { mlKem } from '../standards/ml-kem.js';
import { xWing } from '../standards/x-wing.js';
import { x25519Kyber768Draft00 } from '../standards/x25519-kyber768-draft00.js';
import { assemble, input, oneOf } from './binding.js';
import { importing, rejecting } from './key-import.js';

/** What the two packages' KEM classes have in common. */
type HpkeKem = MlKem512 | MlKem768 | MlKem1024 | XWing | HybridkemX25519Kyber768;

/** A key pair as the @hpke KEMs make it. */
type Pair = Awaited<ReturnType<XWing['generateKeyPair']>>;

const ML_KEM_SETS = ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'];

// The packages are loaded on first use: the worker threads of a run load every adapter, most never call this one.
const mlKemOf = async (p: Params): Promise<HpkeKem> => {
  const m = await import('@hpke/ml-kem');
  const classes = { 'ML-KEM-512': m.MlKem512, 'ML-KEM-768': m.MlKem768, 'ML-KEM-1024': m.MlKem1024 } as const;
  return new classes[String(p['parameterSet']) as keyof typeof classes]();
};
const xWingOf = async (): Promise<HpkeKem> => new (await import('@hpke/hybridkem-x-wing')).XWing();
const xyberOf = async (): Promise<HpkeKem> => new (await import('@hpke/hybridkem-x25519-kyber768')).HybridkemX25519Kyber768();

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

/** The operations on one KEM class; `fromSeed` is its deterministic key generation. */
function kemOps(make: (p: Params) => Promise<HpkeKem>, fromSeed: (kem: HpkeKem, seed: Uint8Array) => Promise<Pair>): Partial<Record<OpName, OpImpl>> {
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
    ops: kemOps(xWingOf, (kem, seed) => (kem as XWing).generateKeyPairDerand(seed)),
  },
  {
    standard: x25519Kyber768Draft00,
    rules: [
      oneOf('parameterSet', ['X25519Kyber768Draft00'], 'HybridkemX25519Kyber768'),
      oneOf('secretKeyFormat', ['expanded'], 'sk_X ‖ sk_K'),
      oneOf('publicKeyFormat', ['raw'], SEED_ONLY),
    ],
    // Its seed is the HPKE DeriveKeyPair ikm of the draft.
    ops: kemOps(xyberOf, (kem, seed) => (kem as HybridkemX25519Kyber768).deriveKeyPair(seed)),
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [
    s.id,
    s.id === 'hpke' ? 'this adapter uses the @hpke KEMs on their own; HPKE itself is the hpke-js adapter' : 'the @hpke KEM packages are KEMs only',
  ]),
);

/** @hpke/ml-kem and @hpke/hybridkem-x-wing as KEMs. */
export const hpkeKem = defineAdapter({
  id: 'hpke-kem',
  library: '@hpke/ml-kem, @hpke/hybridkem-x-wing, @hpke/hybridkem-x25519-kyber768',
  kind: 'in-process',
  variant: 'explicit',
  description: 'the KEMs of the @hpke packages on their own: ML-KEM-512/768/1024 (seed-form keys), X-Wing and the pre-standard X25519Kyber768Draft00',
  probe: inProcessProbe(
    () =>
      `ml-kem ${packageVersion('@hpke/ml-kem')}, hybridkem-x-wing ${packageVersion('@hpke/hybridkem-x-wing')}, hybridkem-x25519-kyber768 ${packageVersion('@hpke/hybridkem-x25519-kyber768')}`,
  ),
  capabilities: { claims, gaps },
  ops,
  intents: {
    [mlKem.id]: {
      'public-key': ML_KEM_768_AS_CALLED,
      'private-key': ML_KEM_768_AS_CALLED,
      seed: ML_KEM_768_AS_CALLED,
      'kyber-768': { ...ML_KEM_768_AS_CALLED, params: { ...ML_KEM_768_AS_CALLED.params, revision: 'FIPS 203' } },
      certificate: {
        call: 'none: no X.509 or SPKI reader',
        params: { ...ML_KEM_768_AS_CALLED.params, publicKeyFormat: 'spki' },
        ops: {},
        refused: SEED_ONLY,
      },
    },
  },
});
