/**
 * AES-GCM (NIST SP 800-38D): 128/192/256-bit keys, any IV length (96 bits is the fast path;
 * other lengths go through GHASH), tags of 32 to 128 bits. Canonical layout: ciphertext ‖ tag.
 */
import { aead } from '../core/families/aead.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { aadMutations, authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'NIST SP 800-38D §7.2 (GCM-AD returns FAIL on a tag mismatch)';

const base = { keyBits: 128, ivBytes: 12, tagBytes: 16 };

export const aesGcm: Standard = {
  id: 'aes-gcm',
  title: 'AES-GCM',
  family: aead.name,
  references: ['NIST SP 800-38D', 'RFC 5116 §5.1'],
  params: [
    { name: 'keyBits', description: 'AES key length', values: [128, 192, 256] },
    { name: 'ivBytes', description: 'IV length; 12 is the 96-bit fast path, others are hashed with GHASH', values: [1, 8, 12, 16, 60] },
    { name: 'tagBytes', description: 'tag length (SP 800-38D §5.2.1.2 allows 4, 8 and 12–16)', values: [4, 8, 12, 13, 14, 15, 16] },
  ],
  matrix: [
    ...[128, 192, 256].map((keyBits) => ({ ...base, keyBits })),
    ...[1, 8, 16, 60].map((ivBytes) => ({ ...base, ivBytes })),
    ...[4, 8, 12, 13, 14, 15].map((tagBytes) => ({ ...base, tagBytes })),
  ],
  nonceInput: 'iv',
  layout: 'ciphertext ‖ tag (tagBytes bytes at the end); IV and AAD passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 15, 16, 17, 64, 1000],
  mutations: [...authenticatedMutations({ nonce: 'iv', tagAt: 'end', keys: ['key'], cite: CITE }), ...aadMutations(CITE)],
  intents: [
    {
      id: 'aes256-gcm',
      sentence: 'AES-256-GCM',
      fixes: { keyBits: 256 },
      open: {
        ivBytes: 'NIST SP 800-38D §5.2.1.1: IVs of any length from 1 bit are allowed; 96 bits is recommended, not required',
        tagBytes: 'NIST SP 800-38D §5.2.1.2: the tag length t is 128, 120, 112, 104 or 96 bits (64 and 32 for some applications), chosen by the application',
      },
    },
  ],
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: Number(p['ivBytes']), tag: Number(p['tagBytes']), block: 16 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['ivBytes', 'iv'],
    ['tagBytes', 't'],
  ]),
};
