/**
 * The @noble/ciphers bindings of the `noble` adapter (symmetric standards).
 *
 * Library facts these bindings rely on (@noble/ciphers 2.x):
 * - Every AEAD (`gcm`, `gcmsiv`, `chacha20poly1305`, `xchacha20poly1305`) returns
 *   `ciphertext ‖ tag` with a fixed 16-byte tag; there is no tag-length option.
 * - `gcm` takes nonces of 8 bytes or more ("minimum 8; other lengths use GHASH J0 derivation")
 *   and refuses shorter ones with "invalid nonce length".
 * - `ctr` increments the whole 16-byte block as one 128-bit big-endian counter.
 * - `cbc` pads and unpads PKCS#7 unless `disablePadding` is set; it refuses an empty or
 *   misaligned ciphertext and a bad padding.
 * - `xsalsa20poly1305` is NaCl's secretbox and returns `tag ‖ ciphertext`, libsodium's "easy"
 *   layout, which is the canonical one.
 * - Every failed check is a thrown `Error`; the guard has already checked the input sizes, so
 *   an error from a decryption is the library refusing the ciphertext.
 */
import { cbc, ctr, gcm, gcmsiv } from '@noble/ciphers/aes.js';
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { OpImpl } from '../../core/adapter.js';
import { describeError, RejectedError } from '../../core/errors.js';
import type { ByteMap, OpName, Params } from '../../core/model.js';
import { aesCbc } from '../../standards/aes-cbc.js';
import { aesCtr } from '../../standards/aes-ctr.js';
import { aesGcmSiv } from '../../standards/aes-gcm-siv.js';
import { aesGcm } from '../../standards/aes-gcm.js';
import { chacha20Poly1305 } from '../../standards/chacha20-poly1305.js';
import { naclSecretbox } from '../../standards/nacl-secretbox.js';
import { pbes2 } from '../../standards/pbes2.js';
import { xchacha20Poly1305 } from '../../standards/xchacha20-poly1305.js';
import { input, intRange, num, oneOf, type Binding } from '../binding.js';

/** What every noble cipher constructor returns. */
interface NobleCipher {
  encrypt(data: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array): Uint8Array;
}

/** A noble decryption; any error it throws is its refusal of the ciphertext. */
function opened(cipher: NobleCipher, ciphertext: Uint8Array): ByteMap {
  try {
    return { plaintext: cipher.decrypt(ciphertext) };
  } catch (err) {
    throw new RejectedError(`noble: ${describeError(err)}`, err);
  }
}

/** Encrypt and decrypt through a noble constructor of the inputs (key, nonce or IV, and AAD). */
function ops(make: (i: ByteMap) => NobleCipher): Partial<Record<OpName, OpImpl>> {
  return {
    encrypt: (_p, i) => ({ ciphertext: make(i).encrypt(input(i, 'plaintext')) }),
    decrypt: (_p, i) => opened(make(i), input(i, 'ciphertext')),
  };
}

/** The PBKDF2 PRFs: HMAC over each @noble/hashes hash. */
const PBKDF2_HASHES = { 'SHA-1': sha1, 'SHA-224': sha224, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

/** PBES2 (RFC 8018 §6.2): @noble/hashes `pbkdf2` derives the AES key from the password bytes, then `cbc`, which pads with PKCS#7. */
function pbes2Ops(): Partial<Record<OpName, OpImpl>> {
  const key = (p: Params, i: ByteMap): Uint8Array =>
    pbkdf2(PBKDF2_HASHES[String(p['kdfHash']) as keyof typeof PBKDF2_HASHES], input(i, 'password'), input(i, 'salt'), {
      c: num(p, 'iterations'),
      dkLen: num(p, 'keyBits') / 8,
    });
  return {
    encrypt: (p, i) => ({ ciphertext: cbc(key(p, i), input(i, 'iv')).encrypt(input(i, 'plaintext')) }),
    decrypt: (p, i) => opened(cbc(key(p, i), input(i, 'iv')), input(i, 'ciphertext')),
  };
}

const TAG_16 = oneOf('tagBytes', [16], '@noble/ciphers AEADs have a fixed 16-byte tag and no option to shorten it');
const KEY_256 = oneOf('keyBits', [256], 'ChaCha20 and Salsa20 keys are 256 bits');

/** One binding per standard @noble/ciphers implements. */
export const nobleCipherBindings: readonly Binding[] = [
  {
    standard: aesGcm,
    rules: [
      oneOf('keyBits', [128, 192, 256], 'noble AES takes 16-, 24- or 32-byte keys'),
      intRange(
        'ivBytes',
        8,
        2 ** 31 - 1,
        'noble gcm refuses nonces shorter than 8 bytes ("invalid nonce length"), although SP 800-38D §5.2.1.1 allows any non-empty IV',
      ),
      TAG_16,
    ],
    ops: ops((i) => gcm(input(i, 'key'), input(i, 'iv'), input(i, 'aad'))),
  },
  {
    standard: aesGcmSiv,
    rules: [oneOf('keyBits', [128, 256], 'RFC 8452 keys are 128 or 256 bits'), oneOf('nonceBytes', [12], 'noble gcmsiv takes 12-byte nonces only'), TAG_16],
    ops: ops((i) => gcmsiv(input(i, 'key'), input(i, 'nonce'), input(i, 'aad'))),
  },
  {
    standard: aesCbc,
    rules: [
      oneOf('keyBits', [128, 192, 256], 'noble AES takes 16-, 24- or 32-byte keys'),
      oneOf('padding', ['pkcs7'], 'noble cbc pads with PKCS#7 or not at all'),
    ],
    ops: ops((i) => cbc(input(i, 'key'), input(i, 'iv'))),
  },
  {
    standard: aesCtr,
    rules: [
      oneOf('keyBits', [128, 192, 256], 'noble AES takes 16-, 24- or 32-byte keys'),
      oneOf('counterBits', [128], 'noble ctr increments the whole 16-byte block as one 128-bit counter; a narrower counter cannot be expressed'),
    ],
    ops: ops((i) => ctr(input(i, 'key'), input(i, 'iv'))),
  },
  {
    standard: chacha20Poly1305,
    rules: [KEY_256, oneOf('nonceBytes', [12], 'chacha20poly1305 takes the 96-bit RFC 8439 nonce'), TAG_16],
    ops: ops((i) => chacha20poly1305(input(i, 'key'), input(i, 'nonce'), input(i, 'aad'))),
  },
  {
    standard: xchacha20Poly1305,
    rules: [KEY_256, oneOf('nonceBytes', [24], 'xchacha20poly1305 takes a 192-bit nonce'), TAG_16],
    ops: ops((i) => xchacha20poly1305(input(i, 'key'), input(i, 'nonce'), input(i, 'aad'))),
  },
  {
    standard: naclSecretbox,
    rules: [KEY_256, oneOf('nonceBytes', [24], 'XSalsa20 nonces are 24 bytes'), TAG_16],
    ops: ops((i) => xsalsa20poly1305(input(i, 'key'), input(i, 'nonce'))),
  },
  {
    standard: pbes2,
    rules: [
      oneOf('kdfHash', Object.keys(PBKDF2_HASHES), '@noble/hashes pbkdf2 takes any of its hashes as the HMAC PRF'),
      oneOf('keyBits', [128, 192, 256], 'noble AES takes 16-, 24- or 32-byte keys'),
      intRange('iterations', 1, 2 ** 31 - 1, '@noble/hashes pbkdf2 refuses an iteration count below 1'),
    ],
    ops: pbes2Ops(),
  },
];

/** Why @noble/ciphers does not implement the other symmetric standards. */
export const NOBLE_CIPHER_GAPS: Readonly<Record<string, string>> = {
  '3des-cbc': '@noble/ciphers implements no DES or Triple-DES (deliberately: only modern ciphers)',
  'openssl-enc': '@noble/ciphers has no passphrase format and no EVP_BytesToKey (the Salted__ file needs both; PBKDF2 lives in @noble/hashes)',
};
