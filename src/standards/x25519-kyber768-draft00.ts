/**
 * X25519Kyber768Draft00 (draft-westerbaan-cfrg-hpke-xyber768d00, HPKE KEM 0x0030): the
 * pre-standard hybrid of X25519 and round-3 Kyber768 that TLS and HPKE deployments used before
 * X-Wing and ML-KEM. Public key pk_X ‖ pk_K (32 + 1184 bytes), secret key sk_X ‖ sk_K
 * (32 + 2400), ciphertext ct_X ‖ ct_K (32 + 1088); the shared secret is the two secrets
 * concatenated (64 bytes). Its own standard: it agrees with X-Wing on no byte.
 */
import { kem, kemMutations } from '../core/families/kem.js';
import type { Standard } from '../core/standard.js';
import { slugger } from './params-id.js';

const DRAFT = 'draft-westerbaan-cfrg-hpke-xyber768d00';

export const x25519Kyber768Draft00: Standard = {
  id: 'x25519-kyber768-draft00',
  title: 'X25519Kyber768Draft00 (pre-standard hybrid)',
  family: kem.name,
  references: [`${DRAFT} §3`, 'CRYSTALS-Kyber round-3 specification v3.02'],
  params: [
    { name: 'parameterSet', description: 'the hybrid', values: ['X25519Kyber768Draft00'] },
    { name: 'secretKeyFormat', description: 'how the secret key travels: sk_X ‖ sk_K (round-3 layout)', values: ['expanded'] },
    { name: 'publicKeyFormat', description: 'how the public key travels: raw pk_X ‖ pk_K', values: ['raw'] },
  ],
  matrix: [{ parameterSet: 'X25519Kyber768Draft00', secretKeyFormat: 'expanded', publicKeyFormat: 'raw' }],
  keys: { keyParams: ['parameterSet', 'secretKeyFormat', 'publicKeyFormat'], keyEncoding: 'the raw concatenated X25519 and round-3 Kyber768 keys' },
  layout: 'shared secret ss_X ‖ ss_K (64 bytes); ciphertext ct_X ‖ ct_K (32 + 1088 bytes); public key pk_X ‖ pk_K (32 + 1184 bytes)',
  ops: ['generateKeyPair', 'encapsulate', 'decapsulate'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [],
  mutations: kemMutations({
    encapsulationCheck: `${DRAFT} §3: pk is Npk = 1216 bytes`,
    decapsulationCheck: `${DRAFT} §3: enc is Nenc = 1120 bytes`,
    implicitRejection: `${DRAFT} §3 with round-3 Kyber's implicit rejection (and X25519, which has no rejection)`,
    mlKemPublicKey: false,
    holdsHash: () => false,
  }),
  sizes: () => ({ key: 64, nonce: 0, tag: 0, block: 1, seed: 32, ciphertext: 1120 }),
  paramsId: slugger([
    ['parameterSet', ''],
    ['secretKeyFormat', 'sk-'],
    ['publicKeyFormat', 'pk-'],
  ]),
};
