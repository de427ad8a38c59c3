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

/**
 * What a sentence naming a block cipher but no mode leaves open (shared with Triple-DES): the
 * mode, which the standard fixes to CBC, and the padding.
 */
export const OPEN_MODE = {
  mode: 'NIST SP 800-38A §1: the block cipher alone encrypts one block; five confidentiality modes (ECB, CBC, CFB, OFB, CTR) use it for messages, and a sentence naming the cipher names none',
  padding:
    'NIST SP 800-38A Appendix A: padding is outside the modes ("the method for padding is not specified in this Recommendation"); PKCS#7 (RFC 5652 §6.3) is one way among others, and no padding at all is another',
} as const;

/**
 * The sentences: the full one, where the libraries differ only in how their documentation writes
 * the call, and "AES-128" alone, which leaves the mode and the padding to each library (the JDK's
 * `Cipher.getInstance("AES")` is ECB; OpenSSL's alias `aes128` is CBC).
 */
const INTENTS: Standard['intents'] = [
  { id: 'aes256-cbc-pkcs7', sentence: 'AES-256-CBC with PKCS#7 padding', fixes: { keyBits: 256, padding: 'pkcs7' }, open: {} },
  { id: 'aes128', sentence: 'AES-128 (no mode named)', fixes: { keyBits: 128 }, beyond: { mode: 'CBC' }, open: OPEN_MODE },
];

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
  intents: INTENTS,
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: 16, tag: 0, block: 16 }),
  paramsId: slugger([
    ['keyBits', 'k'],
    ['padding', ''],
  ]),
};
