/**
 * TDEA (Triple-DES, EDE) in CBC mode with PKCS#7 padding: NIST SP 800-67 Rev. 2 (withdrawn for
 * encryption after 2023; kept here because legacy data still needs decrypting), SP 800-38A §6.2.
 * The keying option is explicit (SP 800-67 §3.1): three independent 8-byte keys (a 24-byte key
 * input), or two keys used as K1, K2, K1 (a 16-byte key input). Implementations disagree on what
 * a 16-byte key means, which is exactly what the keying parameter pins down. Not authenticated.
 */
import { cipher } from '../core/families/cipher.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { OPEN_MODE } from './aes-cbc.js';
import { cbcMutations } from './mutations.js';
import { slugger } from './params-id.js';

const CITE = 'NIST SP 800-38A §6.2 and RFC 5652 §6.3: a CBC ciphertext is whole 8-byte blocks with valid PKCS#7 padding';

/** Key input bytes per keying option. */
const KEY_BYTES: Readonly<Record<string, number>> = { 'three-key': 24, 'two-key-k1k2k1': 16 };

/**
 * The 24-byte key K1‖K2‖K3 that is exactly the given key: itself for three-key, K1‖K2‖K1 for a
 * two-key K1‖K2 (keying option 2 of SP 800-67 §3.1 is three-key TDEA with K3 = K1). An adapter
 * whose library takes 24-byte keys only claims two-key keying through it: an exact translation,
 * not an approximation.
 */
export function threeKeyForm(p: Params, key: Uint8Array): Uint8Array {
  if (p['keying'] !== 'two-key-k1k2k1') return key;
  const out = new Uint8Array(24);
  out.set(key.subarray(0, 16));
  out.set(key.subarray(0, 8), 16);
  return out;
}

/** The 16-byte key K1‖K2 of NIST SP 800-67 Rev. 2's example (its Key1 and Key2), parity bits set. */
const K1K2 = Uint8Array.from(Buffer.from('0123456789abcdef23456789abcdef01', 'hex'));

const KEYING_OPEN =
  'NIST SP 800-67 Rev. 2 §3.1: TDEA takes three keys; keying option 2 (K3 = K1) is what a 16-byte key stands for only by convention, so a library may expand K1‖K2 to K1‖K2‖K1, refuse the key, or fill K3 otherwise';

/**
 * The sentences: a 16-byte key (expanded to K1‖K2‖K1 by some, refused by others, zero-filled
 * by `openssl enc -K`) and the plain 24-byte key; neither names a mode (the JDK's
 * `Cipher.getInstance("DESede")` is ECB) or the padding.
 */
const INTENTS: Standard['intents'] = [
  {
    id: '3des-16',
    sentence: 'Triple-DES with a 16-byte key',
    fixes: {},
    given: { name: 'the 16-byte key K1‖K2 of SP 800-67', replace: { key: K1K2 } },
    beyond: { mode: 'CBC' },
    open: { keying: KEYING_OPEN, ...OPEN_MODE },
  },
  { id: '3des-24', sentence: 'Triple-DES with a 24-byte key', fixes: { keying: 'three-key' }, beyond: { mode: 'CBC' }, open: OPEN_MODE },
];

export const tripleDesCbc: Standard = {
  id: '3des-cbc',
  title: 'Triple-DES (TDEA) in CBC mode with PKCS#7 padding',
  family: cipher.name,
  references: ['NIST SP 800-67 Rev. 2 §3.1', 'NIST SP 800-38A §6.2', 'RFC 5652 §6.3'],
  params: [
    {
      name: 'keying',
      description: 'three independent keys (24-byte key input), or two keys as K1 K2 K1 (16-byte key input)',
      values: ['three-key', 'two-key-k1k2k1'],
    },
    { name: 'padding', description: 'padding scheme', values: ['pkcs7'] },
  ],
  matrix: [
    { keying: 'three-key', padding: 'pkcs7' },
    { keying: 'two-key-k1k2k1', padding: 'pkcs7' },
  ],
  nonceInput: 'iv',
  layout: 'ciphertext only (whole 8-byte blocks, PKCS#7 padded); the 8-byte IV passed separately; the key is K1‖K2‖K3 or K1‖K2',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [0, 1, 7, 8, 9, 64, 1000],
  mutations: cbcMutations(CITE),
  intents: INTENTS,
  sizes: (p: Params) => ({ key: KEY_BYTES[String(p['keying'])] ?? 24, nonce: 8, tag: 0, block: 8 }),
  paramsId: slugger([
    ['keying', ''],
    ['padding', ''],
  ]),
};
