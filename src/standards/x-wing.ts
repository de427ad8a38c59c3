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
