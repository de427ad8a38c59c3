/**
 * @noble/post-quantum by Paul Miller, audited pure TypeScript: ML-KEM (FIPS 203) and X-Wing.
 *
 * Library facts these bindings rely on (@noble/post-quantum 0.7):
 * - `ml_kem*.keygen(seed)` takes the 64-byte seed d ‖ z and returns the raw encapsulation key
 *   and the *expanded* decapsulation key (dk_PKE ‖ ek ‖ H(ek) ‖ z); it has no call that takes
 *   a seed-form secret key. The seed layout is the seed itself: decapsulation expands it again
 *   with `keygen`, which is the library's own FIPS 203 §6.1 derivation, not an approximation.
 * - `encapsulate(publicKey, m?)` performs the §7.2 type and modulus checks and takes the 32
 *   random bytes m only when a known-answer test gives them; `decapsulate(ct, dk)` checks the
 *   lengths and the hash of §7.3 and answers a wrong ciphertext by implicit rejection.
 * - `ml_kem768_x25519` from `hybrid.js` is X-Wing (label `\.//^\`): its secret key is the
 *   32-byte seed, which every call expands itself.
 * - Raw bytes only: there is no PKCS#8 or SPKI codec.
 */
import { randomBytes } from 'node:crypto';
import { defineAdapter, inProcessProbe, type OpImpl } from '../../core/adapter.js';
import type { IntentResolution } from '../../core/intent.js';
import type { OpName, Params } from '../../core/model.js';
import { packageVersion } from '../../core/version.js';
import { STANDARDS } from '../../standards/index.js';
import { mlKem } from '../../standards/ml-kem.js';
import { xWing } from '../../standards/x-wing.js';
import { assemble, input, oneOf } from '../binding.js';
import { mlKem768Intents, noCertificate, xWingIntents } from '../kem-intents.js';
import { rejecting } from '../key-import.js';

/** The library, loaded on first use: the worker threads of a run load every adapter, most never call this one. */
let loaded:
  | Promise<{
      ML_KEM: Record<string, typeof import('@noble/post-quantum/ml-kem.js').ml_kem768>;
      xwing: typeof import('@noble/post-quantum/hybrid.js').ml_kem768_x25519;
    }>
  | undefined;
const lib = (): NonNullable<typeof loaded> =>
  (loaded ??= Promise.all([import('@noble/post-quantum/ml-kem.js'), import('@noble/post-quantum/hybrid.js')]).then(([m, h]) => ({
    ML_KEM: { 'ML-KEM-512': m.ml_kem512, 'ML-KEM-768': m.ml_kem768, 'ML-KEM-1024': m.ml_kem1024 },
    xwing: h.ml_kem768_x25519,
  })));

const kemOf = async (p: Params): Promise<typeof import('@noble/post-quantum/ml-kem.js').ml_kem768> => (await lib()).ML_KEM[String(p['parameterSet'])]!;

/** The parameter sets this library has. */
const SETS = ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'];

/** The decapsulation key in the library's (expanded) form, from the secret key in its layout. */
async function expandedKey(p: Params, secretKey: Uint8Array): Promise<Uint8Array> {
  return p['secretKeyFormat'] === 'seed' ? (await kemOf(p)).keygen(secretKey).secretKey : secretKey;
}

const mlKemOps: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(p, i) {
    const seed = i['seed'] ?? randomBytes(64);
    const { publicKey, secretKey } = (await kemOf(p)).keygen(seed);
    return { publicKey, secretKey: p['secretKeyFormat'] === 'seed' ? Uint8Array.from(seed) : secretKey };
  },
  async encapsulate(p, i) {
    const m = i['m'];
    const kem = await kemOf(p);
    const { cipherText, sharedSecret } = await rejecting('ml_kem encapsulate', () => kem.encapsulate(input(i, 'publicKey'), m));
    return { ciphertext: cipherText, sharedSecret };
  },
  async decapsulate(p, i) {
    const kem = await kemOf(p);
    const sharedSecret = await rejecting('ml_kem decapsulate', async () =>
      kem.decapsulate(input(i, 'ciphertext'), await expandedKey(p, input(i, 'secretKey'))),
    );
    return { sharedSecret };
  },
};

const xWingOps: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(_p, i) {
    const { publicKey, secretKey } = (await lib()).xwing.keygen(i['seed'] ?? randomBytes(32));
    return { publicKey, secretKey };
  },
  async encapsulate(_p, i) {
    const { xwing } = await lib();
    const { cipherText, sharedSecret } = await rejecting('X-Wing encapsulate', () => xwing.encapsulate(input(i, 'publicKey')));
    return { ciphertext: cipherText, sharedSecret };
  },
  async decapsulate(_p, i) {
    const { xwing } = await lib();
    return { sharedSecret: await rejecting('X-Wing decapsulate', () => xwing.decapsulate(input(i, 'ciphertext'), input(i, 'secretKey'))) };
  },
};

const RAW_ONLY = '@noble/post-quantum works on raw bytes only: it has no PKCS#8 or SPKI codec';

/**
 * ML-KEM-768 as its README calls it: `keygen()` (or `keygen(seed)`) gives the raw public key and
 * the expanded secret key, which `decapsulate` takes; the seed is not kept.
 */
const ML_KEM_768_AS_CALLED = {
  call: 'const { publicKey, secretKey } = ml_kem768.keygen(seed?); ml_kem768.encapsulate(publicKey); ml_kem768.decapsulate(cipherText, secretKey)',
  params: { parameterSet: 'ML-KEM-768', secretKeyFormat: 'expanded', publicKeyFormat: 'raw' },
  ops: {
    async generateKeyPair(_p, i) {
      const { publicKey, secretKey } = (await lib()).ML_KEM['ML-KEM-768']!.keygen(i['seed']);
      return { publicKey, secretKey };
    },
    async encapsulate(_p, i) {
      const kem = (await lib()).ML_KEM['ML-KEM-768']!;
      const { cipherText, sharedSecret } = await rejecting('ml_kem768.encapsulate', () => kem.encapsulate(input(i, 'publicKey')));
      return { ciphertext: cipherText, sharedSecret };
    },
    async decapsulate(_p, i) {
      const kem = (await lib()).ML_KEM['ML-KEM-768']!;
      return { sharedSecret: await rejecting('ml_kem768.decapsulate', async () => kem.decapsulate(input(i, 'ciphertext'), input(i, 'secretKey'))) };
    },
  } satisfies Partial<Record<OpName, OpImpl>>,
};

/**
 * X-Wing as its README calls it: `ml_kem768_x25519.keygen(seed?)` keeps the 32-byte seed as the
 * secret key (and takes a given seed as that key), which every call expands itself; these are
 * the explicit operations, since the library has one form of each key.
 */
const X_WING_AS_CALLED: IntentResolution = {
  call: 'const { publicKey, secretKey } = ml_kem768_x25519.keygen(seed?); ml_kem768_x25519.encapsulate(publicKey); ml_kem768_x25519.decapsulate(cipherText, secretKey)',
  params: { parameterSet: 'X-Wing', secretKeyFormat: 'seed', publicKeyFormat: 'raw' },
  ops: xWingOps,
};

const { claims, ops } = assemble('noble-pq', [
  {
    standard: mlKem,
    rules: [
      oneOf('parameterSet', SETS, 'ml_kem512, ml_kem768 and ml_kem1024'),
      oneOf('secretKeyFormat', ['seed', 'expanded'], RAW_ONLY),
      oneOf('publicKeyFormat', ['raw'], RAW_ONLY),
    ],
    ops: mlKemOps,
  },
  {
    standard: xWing,
    rules: [oneOf('parameterSet', ['X-Wing'], 'ml_kem768_x25519'), oneOf('secretKeyFormat', ['seed'], 'the seed'), oneOf('publicKeyFormat', ['raw'], RAW_ONLY)],
    ops: xWingOps,
  },
]);

const gaps: Record<string, string> = Object.fromEntries(
  STANDARDS.filter((s) => !(s.id in claims)).map((s) => [
    s.id,
    '@noble/post-quantum has post-quantum KEMs and signatures only (ML-KEM, X-Wing and other hybrids, ML-DSA, SLH-DSA, Falcon)',
  ]),
);

/** @noble/post-quantum: ML-KEM and X-Wing. */
export const noblePostQuantum = defineAdapter({
  id: 'noble-pq',
  library: '@noble/post-quantum',
  kind: 'in-process',
  variant: 'explicit',
  description: "Paul Miller's audited pure-TypeScript @noble/post-quantum: ML-KEM-512/768/1024 and X-Wing",
  probe: inProcessProbe(() => packageVersion('@noble/post-quantum')),
  capabilities: { claims, gaps },
  ops,
  intents: {
    [mlKem.id]: mlKem768Intents(ML_KEM_768_AS_CALLED, noCertificate(ML_KEM_768_AS_CALLED, RAW_ONLY)),
    [xWing.id]: xWingIntents(X_WING_AS_CALLED),
  },
});
