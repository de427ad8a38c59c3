/**
 * AES-CBC (NIST SP 800-38A §6.2) with PKCS#7 padding (RFC 5652 §6.3). Not authenticated:
 * only malformed lengths and padding can be detected; a flipped bit decrypts to garbage.
 */
import { cipher } from '../core/families/cipher.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { cbcMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'NIST SP 800-38A §6.2 and RFC 5652 §6.3: a CBC ciphertext is whole blocks with valid PKCS#7 padding';

export const aesCbc: Standard = {
  id: 'aes-cbc',
  title: 'AES-CBC with PKCS#7 padding',
  family: cipher.name,
  references: ['NIST SP 800-38A §6.2', 'RFC 5652 §6.3'],
  params: [
    { name: 'keyBits', description: 'AES key length', values: [128, 192, 256] },
    { name: 'padding', description: 'padding scheme', values: ['pkcs7'] },
  ],
  matrix: [128, 192, 256].map((keyBits) => ({ keyBits, padding: 'pkcs7' })),
  // Tampering does not depend on the key size: one parameter set is enough.
  negativeMatrix: [{ keyBits: 128, padding: 'pkcs7' }],
  nonceInput: 'iv',
  layout: 'ciphertext only (whole 16-byte blocks, PKCS#7 padded); the 16-byte IV passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [0, 1, 15, 16, 17, 64, 1000],
  mutations: cbcMutations(CITE),
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: 16, tag: 0, block: 16 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['padding', ''],
  ]),
};
