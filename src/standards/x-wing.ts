/**
 * X-Wing (draft-connolly-cfrg-xwing-kem), the hybrid of ML-KEM-768 and X25519 with a SHA3-256
 * combiner. The secret key is one 32-byte seed, expanded with SHAKE256 into the ML-KEM seed
 * and the X25519 secret key; the public key is pk_M ‖ pk_X (1216 bytes), the ciphertext
 * ct_M ‖ ct_X (1120 bytes), the shared secret 32 bytes. Encapsulation checks pk_M as FIPS 203
 * §7.2 does; a tampered ct_M is answered by ML-KEM's implicit rejection, so the secret is
 * again a function of the key and the ciphertext, the same in every implementation.
 */
import { kem, kemMutations } from '../core/families/kem.js';
import type { Standard } from '../core/standard.js';
import { slugger } from './params-id.js';

const DRAFT = 'draft-connolly-cfrg-xwing-kem';

/** What the draft leaves to the two ends when a sentence names an X-Wing key but not its form. */
const OPEN = {
  publicKeyFormat: `${DRAFT} §5.2 defines the public key as the 1216 bytes pk_M ‖ pk_X and names no container: "public key" names no other`,
  secretKeyFormat: `${DRAFT} §5.2 keeps the decapsulation key as the 32-byte seed and expands it on every use; its early revisions kept the expanded sk_M ‖ sk_X ‖ pk_X (2464 bytes): "private key" names neither`,
} as const;

/**
 * How a key pair is made "from this seed": the draft's GenerateKeyPairDerand takes the seed as
 * the secret key itself; X-Wing used as an HPKE KEM derives it with DeriveKeyPair(ikm), which
 * hashes the ikm first. The standard's explicit operations take the seed as the secret key.
 */
export const X_WING_SEED_AS_SECRET_KEY = 'the seed is the secret key (GenerateKeyPairDerand)';

/**
 * The sentences of interface agreements, each exchanging what it names (the kem family's
 * KEM_EXCHANGES, by id): a public key, a stored private key, a key pair from a seed, and a hybrid
 * named by its components, which the pre-standard X25519Kyber768Draft00 resolves too.
 */
const INTENTS: Standard['intents'] = [
  { id: 'public-key', sentence: 'Send me your X-Wing public key', fixes: { parameterSet: 'X-Wing' }, open: OPEN },
  { id: 'private-key', sentence: 'Store the X-Wing private key', fixes: { parameterSet: 'X-Wing' }, open: OPEN },
  {
    id: 'seed',
    sentence: 'Derive the X-Wing key pair from this seed',
    fixes: { parameterSet: 'X-Wing' },
    beyond: { seedDerivation: X_WING_SEED_AS_SECRET_KEY },
    open: {
      ...OPEN,
      seedDerivation: `${DRAFT} §5.2: GenerateKeyPairDerand(sk) takes the 32-byte seed as the decapsulation key itself, while its use as an HPKE KEM defines DeriveKeyPair(ikm) = GenerateKeyPairDerand(SHAKE256(ikm, 32)) (RFC 9180 §7.1.3's DeriveKeyPair): from one 32-byte "seed" the two give different key pairs, and "derive from this seed" names neither`,
    },
  },
  // The components, not the construction: X-Wing and the draft hybrid that TLS and HPKE used
  // before it both answer. The X-Wing adapters resolve it with X-Wing; the draft hybrid's
  // adapter (hpke-kyber-draft) with X25519Kyber768Draft00, and the plan puts it in this grid only.
  {
    id: 'hybrid',
    sentence: 'A hybrid X25519 + ML-KEM-768 (Kyber-768) KEM',
    fixes: {},
    beyond: { revision: 'FIPS 203' },
    open: {
      ...OPEN,
      parameterSet: `the sentence names the components, not the combiner: X-Wing (${DRAFT} §5.3, SHA3-256 over ss_M ‖ ss_X ‖ ct_X ‖ pk_X, public key pk_M ‖ pk_X) and X25519Kyber768Draft00 (draft-westerbaan-cfrg-hpke-xyber768d00 §3, the 64-byte ss_X ‖ ss_K, public key pk_X ‖ pk_K) both combine X25519 with Kyber-768, in keys and ciphertexts of the same lengths`,
      revision:
        'FIPS 203 §1.3 (differences from the CRYSTALS-Kyber submission): X-Wing takes ML-KEM-768, X25519Kyber768Draft00 round-3 Kyber768, whose secrets differ on the same keys; "ML-KEM-768 (Kyber-768)" names either',
    },
  },
];

export const xWing: Standard = {
  id: 'x-wing',
  title: 'X-Wing (ML-KEM-768 + X25519)',
  family: kem.name,
  references: ['draft-connolly-cfrg-xwing-kem §5', 'FIPS 203 §7.2–7.3'],
  params: [
    { name: 'parameterSet', description: 'the hybrid', values: ['X-Wing'] },
    { name: 'secretKeyFormat', description: 'how the secret key travels: the 32-byte seed (draft §5.2)', values: ['seed'] },
    { name: 'publicKeyFormat', description: 'how the public key travels: raw pk_M ‖ pk_X', values: ['raw'] },
  ],
  matrix: [{ parameterSet: 'X-Wing', secretKeyFormat: 'seed', publicKeyFormat: 'raw' }],
  intents: INTENTS,
  keys: { keyParams: ['parameterSet', 'secretKeyFormat', 'publicKeyFormat'], keyEncoding: 'the 32-byte seed and the raw 1216-byte public key' },
  layout: 'shared secret 32 bytes; ciphertext ct_M ‖ ct_X (1088 + 32 bytes); public key pk_M ‖ pk_X (1184 + 32 bytes); secret key a 32-byte seed',
  ops: ['generateKeyPair', 'encapsulate', 'decapsulate'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [],
  mutations: kemMutations({
    encapsulationCheck: 'draft-connolly-cfrg-xwing-kem §5.4 with FIPS 203 §7.2 on pk_M',
    decapsulationCheck: 'draft-connolly-cfrg-xwing-kem §5.5',
    implicitRejection: 'draft-connolly-cfrg-xwing-kem §5.5 with FIPS 203 §6.3 (implicit rejection of ct_M)',
    mlKemPublicKey: true,
    holdsHash: () => false,
  }),
  sizes: () => ({ key: 32, nonce: 0, tag: 0, block: 1, seed: 32, ciphertext: 1120 }),
  paramsId: slugger([
    ['parameterSet', ''],
    ['secretKeyFormat', 'sk-'],
    ['publicKeyFormat', 'pk-'],
  ]),
};
