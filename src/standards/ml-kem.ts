/**
 * ML-KEM (FIPS 203), the module-lattice key-encapsulation mechanism, at its three parameter
 * sets. Keys travel in the layouts the parameters name: the secret key as the 64-byte seed
 * d ‖ z (§6.1, from which every implementation derives the same key pair), the expanded
 * decapsulation key dk = dk_PKE ‖ ek ‖ H(ek) ‖ z (§7.1), or one of the PKCS#8 forms of
 * draft-ietf-lamps-kyber-certificates (seed, expanded, both); the public key as the raw
 * encapsulation key or in an SPKI. The shared secret is 32 bytes.
 */
import { kem, kemMutations } from '../core/families/kem.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { slugger } from './params-id.js';

/** k of each parameter set (FIPS 203 §8, Table 2), and its (d_u, d_v). */
const K: Readonly<Record<string, { k: number; du: number; dv: number }>> = {
  'ML-KEM-512': { k: 2, du: 10, dv: 4 },
  'ML-KEM-768': { k: 3, du: 10, dv: 4 },
  'ML-KEM-1024': { k: 4, du: 11, dv: 5 },
};

/** Byte lengths of a parameter set's raw keys and ciphertext (FIPS 203 §8, Table 3). */
export function mlKemLengths(parameterSet: string): { publicKey: number; expanded: number; ciphertext: number } {
  const p = K[parameterSet];
  if (!p) throw new RangeError(`unknown ML-KEM parameter set ${parameterSet}`);
  return { publicKey: 384 * p.k + 32, expanded: 768 * p.k + 96, ciphertext: 32 * (p.du * p.k + p.dv) };
}

const set = (parameterSet: string, secretKeyFormat: string, publicKeyFormat = 'raw'): Params => ({ parameterSet, secretKeyFormat, publicKeyFormat });

/** What FIPS 203 and the certificates draft leave to the two ends when a sentence names a key but not its form. */
const OPEN = {
  publicKeyFormat:
    'FIPS 203 §7.1 defines the encapsulation key ek as a byte string; draft-ietf-lamps-kyber-certificates §4 carries it in a SubjectPublicKeyInfo: "public key" names neither',
  secretKeyFormat:
    'FIPS 203 §6.1 and §7.1: key generation starts from the seed (d, z) and gives the expanded decapsulation key dk; draft-ietf-lamps-kyber-certificates §6 stores the seed, the expanded key or both: "private key" names none',
} as const;

/**
 * The sentences of interface agreements, each exchanging what it names (the kem family's
 * KEM_EXCHANGES, by id): a public key, a stored private key, a key pair from a seed, a certificate.
 */
const INTENTS: Standard['intents'] = [
  { id: 'public-key', sentence: 'Send me your ML-KEM-768 public key', fixes: { parameterSet: 'ML-KEM-768' }, open: OPEN },
  { id: 'private-key', sentence: 'Store the ML-KEM-768 private key', fixes: { parameterSet: 'ML-KEM-768' }, open: OPEN },
  { id: 'seed', sentence: 'Derive the ML-KEM-768 key pair from this seed', fixes: { parameterSet: 'ML-KEM-768' }, open: OPEN },
  {
    id: 'certificate',
    sentence: 'Encrypt to this certificate (ML-KEM-768)',
    fixes: { parameterSet: 'ML-KEM-768', publicKeyFormat: 'spki' },
    open: { secretKeyFormat: OPEN.secretKeyFormat },
  },
  // "Kyber" names the round-3 submission and its final revision alike: a library may be either.
  // The ML-KEM adapters resolve it with FIPS 203, round-3 libraries (crystals-kyber) with their own.
  {
    id: 'kyber-768',
    sentence: 'Post-quantum KEM, Kyber-768',
    fixes: { parameterSet: 'ML-KEM-768' },
    beyond: { revision: 'FIPS 203' },
    open: {
      ...OPEN,
      revision:
        'FIPS 203 §1.3 (differences from the CRYSTALS-Kyber submission): ML-KEM no longer hashes the encapsulation randomness m, takes the shared key K from G(m ‖ H(ek)) without the round-3 KDF(K̄ ‖ H(c)), and rejects with J(z ‖ c): on the same keys and parameters (k = 3, d_u = 10, d_v = 4), a round-3 Kyber end and an ML-KEM end derive different secrets from one ciphertext. "Kyber-768" names either revision',
    },
  },
];

export const mlKem: Standard = {
  id: 'ml-kem',
  title: 'ML-KEM (FIPS 203)',
  family: kem.name,
  references: ['FIPS 203 §6–7', 'draft-ietf-lamps-kyber-certificates (PKCS#8 and SPKI)'],
  params: [
    { name: 'parameterSet', description: 'FIPS 203 §8 parameter set', values: Object.keys(K) },
    {
      name: 'secretKeyFormat',
      description:
        'how the decapsulation key travels: the 64-byte seed d ‖ z, the expanded dk (FIPS 203 §7.1), or PKCS#8 holding the seed, the expanded key, or both',
      values: ['seed', 'expanded', 'pkcs8-seed', 'pkcs8-expanded', 'pkcs8-both'],
    },
    { name: 'publicKeyFormat', description: 'how the encapsulation key travels: raw ek, or an SPKI (DER)', values: ['raw', 'spki'] },
  ],
  matrix: [
    set('ML-KEM-768', 'seed'),
    set('ML-KEM-768', 'expanded'),
    set('ML-KEM-768', 'pkcs8-seed', 'spki'),
    set('ML-KEM-512', 'seed'),
    set('ML-KEM-1024', 'seed'),
  ],
  negativeMatrix: [set('ML-KEM-768', 'seed'), set('ML-KEM-768', 'expanded')],
  intents: INTENTS,
  keys: {
    keyParams: ['parameterSet', 'secretKeyFormat', 'publicKeyFormat'],
    keyEncoding: 'the secret key in secretKeyFormat, the public key in publicKeyFormat',
  },
  layout: 'shared secret 32 bytes; ciphertext c (FIPS 203 §7.2); keys in secretKeyFormat and publicKeyFormat',
  ops: ['generateKeyPair', 'encapsulate', 'decapsulate'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [],
  mutations: kemMutations({
    encapsulationCheck: 'FIPS 203 §7.2',
    decapsulationCheck: 'FIPS 203 §7.3',
    implicitRejection: 'FIPS 203 §6.3 (implicit rejection)',
    mlKemPublicKey: true,
    holdsHash: (p) => p['secretKeyFormat'] === 'expanded',
  }),
  // Key lengths are not declared: refusing a key or ciphertext of the wrong length is the
  // library's job, which the negative cases and the imported invalid vectors test.
  sizes: (p) => ({ key: 32, nonce: 0, tag: 0, block: 1, seed: 64, ciphertext: mlKemLengths(String(p['parameterSet'])).ciphertext }),
  paramsId: slugger([
    ['parameterSet', ''],
    ['secretKeyFormat', 'sk-'],
    ['publicKeyFormat', 'pk-'],
  ]),
};
