/**
 * ChaCha20-Poly1305 AEAD (RFC 8439 §2.8): 256-bit key, 96-bit nonce, 128-bit tag.
 * Canonical layout: ciphertext ‖ tag. The sentence "ChaCha20-Poly1305" also names the original
 * construction (64-bit nonce) that libsodium keeps under that very name: its intent leaves the
 * construction open, beyond the standard's RFC 8439.
 */
import { aead } from '../core/families/aead.js';
import type { Standard } from '../core/standard.js';
import { aadMutations, authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

/** The construction the standard's explicit operations implement. */
export const RFC_8439 = 'RFC 8439';

/**
 * "ChaCha20-Poly1305" names two constructions: RFC 8439's (96-bit nonce, 32-bit block counter,
 * AAD and ciphertext padded to 16 bytes in the MAC) and the original one (64-bit nonce and block
 * counter, lengths right after the AAD and the ciphertext), which libsodium's
 * crypto_aead_chacha20poly1305_* functions implement beside the _ietf_ ones.
 */
const OPEN_CONSTRUCTION = {
  construction:
    "RFC 8439 §2.3 notes that the original ChaCha had a 64-bit nonce and a 64-bit block count, and that it modified them (to 96 and 32 bits); the ChaCha20-Poly1305 AEAD first deployed (draft-agl-tls-chacha20poly1305) used the original ChaCha20 and another Poly1305 input, and libsodium's documentation lists it as the original ChaCha20-Poly1305 construction, crypto_aead_chacha20poly1305_encrypt, beside the IETF one (_ietf_) and XChaCha20-Poly1305",
  nonceBytes: 'RFC 8439 §2.8 takes a 96-bit nonce; the original construction a 64-bit one (libsodium crypto_aead_chacha20poly1305_NPUBBYTES = 8)',
} as const;

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
  intents: [
    {
      id: 'chacha20-poly1305',
      sentence: 'ChaCha20-Poly1305',
      fixes: { keyBits: 256, tagBytes: 16 },
      beyond: { construction: RFC_8439 },
      open: OPEN_CONSTRUCTION,
    },
  ],
  // The nonce as the parameters size it: 12 bytes in every explicit case, 8 in the original construction an intent may resolve to.
  sizes: (p) => ({ key: 32, nonce: Number(p['nonceBytes'] ?? 12), tag: 16, block: 64 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['nonceBytes', 'n'],
    ['tagBytes', 't'],
  ]),
};
