/**
 * NaCl crypto_box: Curve25519 key agreement, HSalsa20 key derivation, XSalsa20-Poly1305.
 * Keys are raw 32-byte Curve25519 values. Canonical layout: 16-byte tag ‖ ciphertext.
 */
import { box } from '../core/families/box.js';
import type { Standard } from '../core/standard.js';
import { authenticatedMutations } from './mutations.js';
import { BOX_OUTPUT, OPEN_OUTPUT } from './nacl-secretbox.js';
import { slugger } from './params-id.js';

const CITE = 'NaCl crypto_box_open (Bernstein, "Cryptography in NaCl" §9): forgeries must return -1';

export const naclBox: Standard = {
  id: 'nacl-box',
  title: 'NaCl box (Curve25519-XSalsa20-Poly1305)',
  family: box.name,
  references: ['NaCl crypto_box', 'Bernstein, "Cryptography in NaCl"', 'libsodium crypto_box_easy'],
  params: [
    { name: 'curve', description: 'key agreement curve', values: ['X25519'] },
    { name: 'nonceBytes', description: 'XSalsa20 nonce length', values: [24] },
    { name: 'tagBytes', description: 'Poly1305 tag length', values: [16] },
  ],
  matrix: [{ curve: 'X25519', nonceBytes: 24, tagBytes: 16 }],
  nonceInput: 'nonce',
  layout: '16-byte tag ‖ ciphertext (crypto_box_easy); raw 32-byte public and secret keys',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: true,
  authenticated: true,
  plaintextSizes: [0, 1, 31, 32, 33, 1000],
  mutations: authenticatedMutations({ nonce: 'nonce', tagAt: 'start', keys: ['secretKey', 'publicKey'], cite: CITE }),
  intents: [
    {
      id: 'box',
      sentence: "NaCl box to the recipient's public key with a 24-byte nonce",
      fixes: { curve: 'X25519' },
      beyond: { output: BOX_OUTPUT },
      open: OPEN_OUTPUT,
    },
  ],
  sizes: () => ({ key: 32, nonce: 24, tag: 16, block: 64, publicKey: 32, secretKey: 32 }),
  paramsId: slugger([
    ['curve', ''],
    ['nonceBytes', 'n'],
  ]),
};
