/**
 * NaCl crypto_secretbox: XSalsa20-Poly1305 with a 256-bit key and 192-bit nonce. Canonical
 * layout is libsodium's "easy" form: 16-byte tag ‖ ciphertext (NaCl's boxzerobytes stripped).
 */
import { cipher } from '../core/families/cipher.js';
import type { Standard } from '../core/standard.js';
import { authenticatedMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'NaCl crypto_secretbox_open (Bernstein, "Cryptography in NaCl" §9): forgeries must return -1';

/**
 * What a call that names NaCl's box or secretbox leaves open: whether the nonce travels inside
 * what the call returns. Shared with nacl-box.
 */
export const OPEN_OUTPUT = {
  output:
    "NaCl's crypto_box and crypto_secretbox (Bernstein, \"Cryptography in NaCl\" §9) take the nonce as an argument and return the box alone, leaving how the nonce travels to the application; libsodium's _easy functions return tag ‖ ciphertext, PyNaCl's encrypt returns nonce ‖ tag ‖ ciphertext (and draws a random nonce when given none)",
} as const;

/** What the NaCl standards' explicit operations return: the box without the nonce. */
export const BOX_OUTPUT = 'tag ‖ ciphertext';

export const naclSecretbox: Standard = {
  id: 'nacl-secretbox',
  title: 'NaCl secretbox (XSalsa20-Poly1305)',
  family: cipher.name,
  references: ['NaCl crypto_secretbox', 'Bernstein, "Cryptography in NaCl"', 'libsodium crypto_secretbox_easy'],
  params: [
    { name: 'keyBits', description: 'key length', values: [256] },
    { name: 'nonceBytes', description: 'XSalsa20 nonce length', values: [24] },
    { name: 'tagBytes', description: 'Poly1305 tag length', values: [16] },
  ],
  matrix: [{ keyBits: 256, nonceBytes: 24, tagBytes: 16 }],
  nonceInput: 'nonce',
  layout: '16-byte tag ‖ ciphertext (crypto_secretbox_easy); no associated data',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 31, 32, 33, 64, 1000],
  mutations: authenticatedMutations({ nonce: 'nonce', tagAt: 'start', keys: ['key'], cite: CITE }),
  intents: [{ id: 'secretbox', sentence: 'NaCl secretbox with a 24-byte nonce', fixes: { keyBits: 256 }, beyond: { output: BOX_OUTPUT }, open: OPEN_OUTPUT }],
  sizes: () => ({ key: 32, nonce: 24, tag: 16, block: 64 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['nonceBytes', 'n'],
  ]),
};
