/**
 * ChaCha20-Poly1305 AEAD (RFC 8439 §2.8): 256-bit key, 96-bit nonce, 128-bit tag.
 * Canonical layout: ciphertext ‖ tag.
 */
import { aead } from '../core/families/aead.js';
import type { Standard } from '../core/standard.js';
import { aadMutations, authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'RFC 8439 §2.8 (the receiver must compare the calculated and received tags and discard the message on a mismatch)';

export const chacha20Poly1305: Standard = {
  id: 'chacha20-poly1305',
  title: 'ChaCha20-Poly1305 (IETF)',
  family: aead.name,
  references: ['RFC 8439 §2.8'],
  params: [
    { name: 'keyBits', description: 'key length', values: [256] },
    { name: 'nonceBytes', description: 'nonce length (RFC 8439: 96 bits)', values: [12] },
    { name: 'tagBytes', description: 'Poly1305 tag length', values: [16] },
  ],
  matrix: [{ keyBits: 256, nonceBytes: 12, tagBytes: 16 }],
  nonceInput: 'nonce',
  layout: 'ciphertext ‖ 16-byte tag; nonce and AAD passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 63, 64, 65, 1000],
  mutations: [...authenticatedMutations({ nonce: 'nonce', tagAt: 'end', keys: ['key'], cite: CITE }), ...aadMutations(CITE)],
  sizes: () => ({ key: 32, nonce: 12, tag: 16, block: 64 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['nonceBytes', 'n'],
    ['tagBytes', 't'],
  ]),
};
