/**
 * CRYSTALS-Kyber as submitted to round 3 of the NIST competition (specification v3.02,
 * August 2021): the pre-standard ancestor of ML-KEM that deployments still carry. Its keys and
 * ciphertexts have ML-KEM's lengths and layout, but the key schedule differs (m is hashed
 * before use, the shared secret is KDF(K̄ ‖ H(c)) with SHAKE-256, and key generation has no
 * domain separation by k), so a round-3 party and a FIPS 203 party agree on no secret: its
 * own standard, so that the report shows that mismatch instead of hiding it.
 */
import { kem, kemMutations } from '../core/families/kem.js';
import type { Standard } from '../core/standard.js';
import { mlKemLengths } from './ml-kem.js';
import { slugger } from './params-id.js';

/** The round-3 parameter sets and the ML-KEM set of the same lengths. */
const SAME_LENGTHS: Readonly<Record<string, string>> = { Kyber512: 'ML-KEM-512', Kyber768: 'ML-KEM-768', Kyber1024: 'ML-KEM-1024' };

const SPEC = 'CRYSTALS-Kyber round-3 specification v3.02 (Algorithms 7–9)';

export const kyberR3: Standard = {
  id: 'kyber-r3',
  title: 'CRYSTALS-Kyber round 3 (pre-standard)',
  family: kem.name,
  references: [SPEC],
  params: [
    { name: 'parameterSet', description: 'round-3 parameter set', values: Object.keys(SAME_LENGTHS) },
    { name: 'secretKeyFormat', description: 'how the secret key travels: the round-3 secret key sk ‖ pk ‖ H(pk) ‖ z', values: ['expanded'] },
    { name: 'publicKeyFormat', description: 'how the public key travels: raw', values: ['raw'] },
  ],
  matrix: [{ parameterSet: 'Kyber768', secretKeyFormat: 'expanded', publicKeyFormat: 'raw' }],
  keys: { keyParams: ['parameterSet', 'secretKeyFormat', 'publicKeyFormat'], keyEncoding: 'the raw round-3 secret and public keys' },
  layout: "shared secret 32 bytes; keys and ciphertext of ML-KEM's lengths (round-3 layout)",
  ops: ['generateKeyPair', 'encapsulate', 'decapsulate'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [],
  // Round 3 has no modulus or hash check of its inputs; it does reject implicitly.
  mutations: kemMutations({
    encapsulationCheck: `${SPEC}: pk is a byte array of fixed length`,
    decapsulationCheck: `${SPEC}: c and sk are byte arrays of fixed length`,
    implicitRejection: `${SPEC}, Algorithm 9 (implicit rejection: K = KDF(z ‖ H(c)))`,
    mlKemPublicKey: false,
    holdsHash: () => false,
  }),
  sizes: (p) => ({ key: 32, nonce: 0, tag: 0, block: 1, ciphertext: mlKemLengths(SAME_LENGTHS[String(p['parameterSet'])] ?? '').ciphertext }),
  paramsId: slugger([
    ['parameterSet', ''],
    ['secretKeyFormat', 'sk-'],
    ['publicKeyFormat', 'pk-'],
  ]),
};
