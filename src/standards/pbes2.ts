/**
 * PBES2 (RFC 8018 §6.2) as a scheme: PBKDF2 (§5.2) with HMAC over a hash as its PRF derives an
 * AES key of `keyBits` from the password and salt in `iterations` rounds, and AES-CBC with the
 * given IV encrypts the message padded as RFC 8018 §6.1.1 step 4 and App. B.2.5 say (PKCS#7,
 * RFC 5652 §6.3). The password is an octet string (§3): any bytes, not necessarily UTF-8. This is
 * what the EncryptedPrivateKeyInfo of `pkcs8-encrypted` and the shrouded bags of `pkcs12` hold;
 * here a message of any bytes is encrypted bare, so that published known answers (Wycheproof's
 * `pbes2_hmacsha*_aes_*` files, JCE's `PBEWithHmacSHA256AndAES_128` naming) test it directly.
 */
import { pbes } from '../core/families/pbes.js';
import type { Params } from '../core/model.js';
import { HASHES } from '../core/registry.js';
import type { Standard } from '../core/standard.js';
import { paddedLengthMutations, undetectableMutations } from './mutations.js';
import { slugger } from './params-id.js';

const PADDING =
  'RFC 8018 §6.2.2 step 4 with App. B.2.5 and §6.1.1 step 4: AES-CBC-Pad ciphertext is whole 16-byte blocks ending in valid padding, else "decryption error"';
const NO_INTEGRITY =
  'RFC 8018 §6.2 gives PBES2 no integrity (§7 leaves it to a separate MAC, PBMAC1): a changed ciphertext, IV, salt or password decrypts to another plaintext, and only padding that no longer checks out (App. B.2.5) can reveal it';

const set = (kdfHash: string, keyBits: number, iterations = 4096): Params => ({ kdfHash, keyBits, iterations });

/** Each PRF once and each key size at least once, at Wycheproof's count, and the least count RFC 8018 permits. */
const MATRIX: readonly Params[] = [
  set('SHA-256', 128),
  set('SHA-1', 128),
  set('SHA-224', 192),
  set('SHA-384', 256),
  set('SHA-512', 256),
  set('SHA-256', 256, 1),
];

export const pbes2: Standard = {
  id: 'pbes2',
  title: 'PBES2 with PBKDF2-HMAC and AES-CBC (bare scheme)',
  family: pbes.name,
  references: ['RFC 8018 §6.2 (PBES2)', 'RFC 8018 §5.2 (PBKDF2)', 'RFC 8018 App. B.1.2 (HMAC PRFs), B.2.5 (AES-CBC-Pad)', 'RFC 3602', 'RFC 5652 §6.3'],
  params: [
    { name: 'kdfHash', description: 'hash of HMAC, the PRF of PBKDF2 (RFC 8018 App. B.1.2)', values: [...HASHES] },
    { name: 'keyBits', description: 'AES key length, the length PBKDF2 derives', values: [128, 192, 256] },
    { name: 'iterations', description: 'PBKDF2 iteration count c (4096: the Wycheproof files; 1: the least RFC 8018 §5.2 permits)', values: [1, 4096] },
  ],
  matrix: MATRIX,
  // Tampering does not depend on the PRF or the key size.
  negativeMatrix: [MATRIX[0]!],
  nonceInput: 'iv',
  layout: 'ciphertext only (whole 16-byte AES-CBC blocks, padded); password, salt (any length) and 16-byte IV passed separately',
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: false,
  // Empty (one padding block), a whole block (a second padding block), and more than two blocks.
  plaintextSizes: [0, 16, 33],
  mutations: [...paddedLengthMutations(PADDING), ...undetectableMutations({ nonce: 'iv', keys: ['password', 'salt'], cite: NO_INTEGRITY, anyLength: false })],
  sizes: (p: Params) => ({ key: Number(p['keyBits']) / 8, nonce: 16, tag: 0, block: 16, freeSalt: true }),
  paramsId: slugger([
    ['kdfHash', ''],
    ['keyBits', 'k'],
    ['iterations', 'i'],
  ]),
};
