/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §2.3 and Appendix A.3): the RFC 8439 AEAD with
 * a 192-bit nonce; HChaCha20 derives a subkey from the key and the first 16 nonce bytes, and
 * ChaCha20-Poly1305 runs under it with 4 zero bytes ‖ the last 8 nonce bytes. Canonical layout:
 * ciphertext ‖ tag, as libsodium's crypto_aead_xchacha20poly1305_ietf_encrypt writes it.
 * The name fixes the construction and the sizes; what its intent leaves open is what a call
 * returns: PyNaCl's documented class puts the nonce in front.
 */
import { aead } from '../core/families/aead.js';
import type { Standard } from '../core/standard.js';
import { aadMutations, authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

/** What the standard's explicit operations return: the ciphertext and tag, the nonce apart. */
export const AEAD_OUTPUT = 'ciphertext ‖ tag';

/** What a call that names XChaCha20-Poly1305 leaves open: whether the nonce travels inside what it returns. */
const OPEN_OUTPUT = {
  output:
    "draft-irtf-cfrg-xchacha-03 §2.3 defines the AEAD on a key, a 192-bit nonce, the plaintext and the AAD, giving the ciphertext and the tag; how the nonce reaches the receiver is the application's (the draft's motivation is that a random 192-bit nonce is safe to draw per message). libsodium's crypto_aead_xchacha20poly1305_ietf_encrypt and noble's xchacha20poly1305 return ciphertext ‖ tag; PyNaCl's nacl.secret.Aead.encrypt returns nonce ‖ ciphertext ‖ tag (and draws a random nonce when given none), and its decrypt takes the nonce from the front",
} as const;

const CITE = 'draft-irtf-cfrg-xchacha-03 §2.3 with RFC 8439 §2.8 (a tag mismatch must discard the message)';

export const xchacha20Poly1305: Standard = {
  id: 'xchacha20-poly1305',
  title: 'XChaCha20-Poly1305',
  family: aead.name,
  references: ['draft-irtf-cfrg-xchacha-03 §2.3', 'RFC 8439 §2.8', 'libsodium crypto_aead_xchacha20poly1305_ietf'],
  params: [
    { name: 'keyBits', description: 'key length', values: [256] },
    { name: 'nonceBytes', description: 'extended nonce length (192 bits)', values: [24] },
    { name: 'tagBytes', description: 'Poly1305 tag length', values: [16] },
  ],
  matrix: [{ keyBits: 256, nonceBytes: 24, tagBytes: 16 }],
  nonceInput: 'nonce',
  layout: 'ciphertext ‖ 16-byte tag; 24-byte nonce and AAD passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 63, 64, 65, 1000],
  mutations: [...authenticatedMutations({ nonce: 'nonce', tagAt: 'end', keys: ['key'], cite: CITE }), ...aadMutations(CITE)],
  intents: [
    {
      id: 'xchacha20-poly1305',
      sentence: 'XChaCha20-Poly1305 with a random 24-byte nonce',
      fixes: { keyBits: 256, nonceBytes: 24, tagBytes: 16 },
      beyond: { output: AEAD_OUTPUT },
      open: OPEN_OUTPUT,
    },
  ],
  sizes: () => ({ key: 32, nonce: 24, tag: 16, block: 64 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['nonceBytes', 'n'],
    ['tagBytes', 't'],
  ]),
};
