/**
 * AES-GCM-SIV (RFC 8452): nonce-misuse-resistant AEAD. 128- or 256-bit key, 96-bit nonce,
 * 128-bit tag that doubles as the initial counter (its top bit set, the low 32 bits counting
 * little-endian and wrapping, §4). Canonical layout: ciphertext ‖ tag, as RFC 8452 Appendix C
 * prints the results.
 */
import { aead } from '../core/families/aead.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { aadMutations, authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'RFC 8452 §5 (decryption recomputes the tag and returns FAIL unless it matches)';

export const aesGcmSiv: Standard = {
  id: 'aes-gcm-siv',
  title: 'AES-GCM-SIV',
  family: aead.name,
  references: ['RFC 8452 §4, §5'],
  params: [
    { name: 'keyBits', description: 'AES key length (RFC 8452 defines AEAD_AES_128_GCM_SIV and AEAD_AES_256_GCM_SIV)', values: [128, 256] },
    { name: 'nonceBytes', description: 'nonce length (96 bits)', values: [12] },
    { name: 'tagBytes', description: 'tag length', values: [16] },
  ],
  matrix: [128, 256].map((keyBits) => ({ keyBits, nonceBytes: 12, tagBytes: 16 })),
  nonceInput: 'nonce',
  layout: 'ciphertext ‖ 16-byte tag; 12-byte nonce and AAD passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 15, 16, 17, 64, 1000],
  mutations: [...authenticatedMutations({ nonce: 'nonce', tagAt: 'end', keys: ['key'], cite: CITE }), ...aadMutations(CITE)],
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: 12, tag: 16, block: 16 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['nonceBytes', 'n'],
    ['tagBytes', 't'],
  ]),
};
