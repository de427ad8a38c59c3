/**
 * crypto-js, explicit: AES-CBC, AES-CTR and Triple-DES-CBC with raw keys, and the OpenSSL
 * passphrase format with every KDF setting passed. WordArrays exist only inside this file and
 * crypto-js-defaults.ts.
 *
 * Library facts this adapter relies on (crypto-js 4.2, cipher-core.js, mode-ctr.js, tripledes.js):
 * - Decryption never fails. `pad.Pkcs7.unpad` subtracts the last byte from `sigBytes` without
 *   checking the padding, and a ciphertext that is not whole blocks is processed anyway
 *   (`_process` rounds the block count up). A bad padding byte larger than the data leaves
 *   `sigBytes` negative, which crypto-js's own encoders print as an empty string; the adapter
 *   returns empty bytes then, which is what crypto-js users get. Not hidden: the negative
 *   cases show it.
 * - CTR increments only the last 32-bit word of the counter block, wrapping modulo 2^32
 *   (`counter[blockSize - 1] = (counter[blockSize - 1] + 1) | 0`): counterBits 32.
 * - TripleDES takes a 16-byte key as K1 K2 K1 and a 24-byte key as K1 K2 K3 (`key3 =
 *   keyWords.length < 6 ? keyWords.slice(0, 2) : …`).
 * - The passphrase mode (`PasswordBasedCipher`) derives `cipher.keySize` words of key: AES-256
 *   for `algo.AES` (`keySize = 256/32`), AES-128 for `algo.AES.extend({ keySize: 128/32 })`,
 *   TripleDES three-key. Its KDF is `cfg.kdf`
 *   (default `kdf.OpenSSL`, i.e. EVP_BytesToKey with `cfg.hasher`, default MD5); `cfg.salt`
 *   fixes the salt. PBKDF2 is plugged in through the same `cfg.kdf` hook with
 *   `CryptoJS.PBKDF2`, shaped exactly like `kdf.OpenSSL` (including its random salt when a file
 *   has none). The password is passed as a WordArray so that its exact bytes are used (a
 *   string would be UTF-8 encoded, which differs for bytes above 0x7f).
 * - `format.OpenSSL` writes `Salted__ ‖ salt ‖ ciphertext` as base64 on one line, and its
 *   parser treats input without the magic as an unsalted ciphertext. `enc.Base64.parse` does
 *   not skip line breaks, so base64 in lines cannot be read, and nothing in crypto-js writes it.
 */
import CryptoJS from 'crypto-js';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { tripleDesCbc } from '../standards/3des-cbc.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { opensslEnc } from '../standards/openssl-enc.js';
import { assemble, documentedCall, input, oneOf, type ParamRule } from './binding.js';

type WordArray = CryptoJS.lib.WordArray;

/** Bytes as a WordArray (crypto-js reads typed arrays byte by byte). */
export function wordArray(bytes: Uint8Array): WordArray {
  return CryptoJS.lib.WordArray.create(bytes);
}

/** A WordArray's significant bytes, detached; a negative `sigBytes` (see the header) is empty. */
export function bytesOf(words: WordArray): Uint8Array {
  const out = new Uint8Array(Math.max(0, words.sigBytes));
  for (let i = 0; i < out.length; i++) out[i] = ((words.words[i >>> 2] ?? 0) >>> (24 - (i % 4) * 8)) & 0xff;
  return out;
}

/** A passphrase-format file as crypto-js's parser takes it: a base64 string. */
export function fileText(bytes: Uint8Array, encoding: string): string {
  return encoding === 'binary' ? Buffer.from(bytes).toString('base64') : Buffer.from(bytes).toString('latin1');
}

/**
 * The passphrase example of crypto-js's documentation, `CryptoJS.AES.encrypt(message,
 * passphrase).toString()` and `CryptoJS.AES.decrypt(text, passphrase)`: everything but the salt
 * (passed so that outputs can be compared) left to crypto-js. The passphrase is a JavaScript
 * string there, which crypto-js encodes as UTF-8, so bytes that are not UTF-8 cannot be passed.
 */
const asCalledPassphraseOps: Partial<Record<OpName, OpImpl>> = {
  encrypt: (_p, i) => ({
    ciphertext: fileBytes(
      CryptoJS.AES.encrypt(wordArray(input(i, 'plaintext')), passphraseText(i), { salt: wordArray(input(i, 'salt')) }).toString(),
      'base64-single-line',
    ),
  }),
  decrypt: (_p, i) => ({ plaintext: bytesOf(CryptoJS.AES.decrypt(fileText(input(i, 'ciphertext'), 'base64-single-line'), passphraseText(i))) }),
};

/** The passphrase as the example passes it: a string. */
function passphraseText(i: ByteMap): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input(i, 'passphrase'));
  } catch (err) {
    throw new UnsupportedError('the crypto-js example takes the passphrase as a JavaScript string, and these bytes are not UTF-8', { cause: err });
  }
}

/** crypto-js's one-line base64 file as the bytes of `encoding`. */
export function fileBytes(text: string, encoding: string): Uint8Array {
  return Uint8Array.from(encoding === 'binary' ? Buffer.from(text, 'base64') : Buffer.from(text, 'latin1'));
}

/**
 * The cipher algorithm of an openssl-enc `cipher` value. The passphrase mode derives
 * `cipher.keySize` words of key, and `CryptoJS.algo.AES.keySize` is 256/32: AES-128 is AES with
 * `keySize: 128/32`, made with crypto-js's own `extend` (the library's way to configure a cipher).
 */
type CipherAlgo = typeof CryptoJS.algo.AES;
/** `Base.extend`, which @types/crypto-js does not declare on the cipher algorithms. */
const extend = (algo: CipherAlgo, overrides: { keySize: number }): CipherAlgo => (algo as unknown as { extend(o: object): CipherAlgo }).extend(overrides);

const PASSPHRASE_CIPHERS: Readonly<Record<string, CipherAlgo>> = {
  'aes-128-cbc': extend(CryptoJS.algo.AES, { keySize: 128 / 32 }),
  'aes-256-cbc': CryptoJS.algo.AES,
  'des-ede3-cbc': CryptoJS.algo.TripleDES,
};

function passphraseCipher(p: Params): CipherAlgo {
  const cipher = PASSPHRASE_CIPHERS[String(p['cipher'])];
  if (!cipher) throw new TypeError(`crypto-js: no passphrase cipher for ${String(p['cipher'])}`);
  return cipher;
}

/** Block-cipher operations: raw key and IV, one mode and padding. */
function blockOps(cipher: typeof CryptoJS.AES, mode: typeof CryptoJS.mode.CBC, padding: typeof CryptoJS.pad.Pkcs7): Partial<Record<OpName, OpImpl>> {
  const cfg = (i: ByteMap) => ({ iv: wordArray(input(i, 'iv')), mode, padding });
  return {
    encrypt: (_p, i) => ({ ciphertext: bytesOf(cipher.encrypt(wordArray(input(i, 'plaintext')), wordArray(input(i, 'key')), cfg(i)).ciphertext) }),
    decrypt(_p, i) {
      const params = CryptoJS.lib.CipherParams.create({ ciphertext: wordArray(input(i, 'ciphertext')) });
      return { plaintext: bytesOf(cipher.decrypt(params, wordArray(input(i, 'key')), cfg(i))) };
    },
  };
}

/**
 * A block cipher as crypto-js's "Custom Key and IV" example calls it: key and IV as WordArrays,
 * the mode and the padding left to crypto-js (CBC and PKCS#7). A string key would be a
 * passphrase instead (the OpenSSL format of openssl-enc's intent).
 */
function calledWithKeyAndIv(cipher: typeof CryptoJS.AES): Partial<Record<OpName, OpImpl>> {
  const cfg = (i: ByteMap) => ({ iv: wordArray(input(i, 'iv')) });
  return {
    encrypt: (_p, i) => ({ ciphertext: bytesOf(cipher.encrypt(wordArray(input(i, 'plaintext')), wordArray(input(i, 'key')), cfg(i)).ciphertext) }),
    decrypt(_p, i) {
      const params = CryptoJS.lib.CipherParams.create({ ciphertext: wordArray(input(i, 'ciphertext')) });
      return { plaintext: bytesOf(cipher.decrypt(params, wordArray(input(i, 'key')), cfg(i))) };
    },
  };
}

const AES_CALL = 'CryptoJS.AES.encrypt(data, key, { iv }) with key and iv as WordArrays (mode and padding left to crypto-js)';
const TDEA_CALL = 'CryptoJS.TripleDES.encrypt(data, key, { iv }) with key and iv as WordArrays (mode and padding left to crypto-js)';

/** crypto-js hashers by canonical name. */
const HASHERS: Readonly<Record<string, typeof CryptoJS.algo.SHA256>> = { MD5: CryptoJS.algo.MD5, 'SHA-1': CryptoJS.algo.SHA1, 'SHA-256': CryptoJS.algo.SHA256 };

/** `kdf.OpenSSL`'s shape with PBKDF2 inside: key ‖ IV from one PBKDF2 output. */
function pbkdf2Kdf(iterations: number) {
  return {
    execute(password: WordArray, keySize: number, ivSize: number, salt: WordArray | undefined, hasher: typeof CryptoJS.algo.SHA256) {
      const s = salt ?? CryptoJS.lib.WordArray.random(64 / 8);
      const key = CryptoJS.PBKDF2(password, s, { keySize: keySize + ivSize, iterations, hasher });
      const iv = CryptoJS.lib.WordArray.create(key.words.slice(keySize), ivSize * 4);
      key.sigBytes = keySize * 4;
      return CryptoJS.lib.CipherParams.create({ key, iv, salt: s });
    },
  };
}

/** The passphrase-mode configuration for `params`: KDF, its hash, CBC with PKCS#7, OpenSSL format. */
function passphraseConfig(p: Params) {
  const hasher = HASHERS[String(p['kdfHash'])];
  if (!hasher) throw new TypeError(`crypto-js: no hasher for ${String(p['kdfHash'])}`);
  const kdf = p['kdf'] === 'pbkdf2' ? { kdf: pbkdf2Kdf(Number(p['iterations'])) } : {};
  return { ...kdf, hasher, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7, format: CryptoJS.format.OpenSSL };
}

/** The passphrase as crypto-js's typings want it; at run time a WordArray, used byte for byte. */
const password = (i: ByteMap): string => wordArray(input(i, 'passphrase')) as unknown as string;

const passphraseOps: Partial<Record<OpName, OpImpl>> = {
  encrypt(p, i) {
    const cfg = { ...passphraseConfig(p), salt: wordArray(input(i, 'salt')) };
    const params = CryptoJS.lib.PasswordBasedCipher.encrypt(passphraseCipher(p), wordArray(input(i, 'plaintext')), password(i), cfg);
    return { ciphertext: fileBytes(params.toString(), String(p['encoding'])) };
  },
  decrypt(p, i) {
    const text = fileText(input(i, 'ciphertext'), String(p['encoding']));
    return { plaintext: bytesOf(CryptoJS.lib.PasswordBasedCipher.decrypt(passphraseCipher(p), text, password(i), passphraseConfig(p))) };
  },
};

/** crypto-js writes and reads base64 only on one line. */
const CRYPTO_JS_ENCODINGS: ParamRule = oneOf(
  'encoding',
  ['binary', 'base64-single-line'],
  'format.OpenSSL writes base64 on one line, and enc.Base64.parse does not skip line breaks: base64 in 64-column lines (openssl enc -a) cannot be read',
);

const { claims, ops } = assemble('crypto-js', [
  {
    standard: aesCbc,
    rules: [oneOf('keyBits', [128, 192, 256], 'crypto-js AES takes the key length from the key'), oneOf('padding', ['pkcs7'], 'pad.Pkcs7')],
    ops: blockOps(CryptoJS.AES, CryptoJS.mode.CBC, CryptoJS.pad.Pkcs7),
  },
  {
    standard: aesCtr,
    rules: [
      oneOf('keyBits', [128, 192, 256], 'crypto-js AES takes the key length from the key'),
      oneOf(
        'counterBits',
        [32],
        'crypto-js mode.CTR increments only the last 32-bit word of the counter block (mode-ctr.js); other widths cannot be expressed',
      ),
    ],
    ops: blockOps(CryptoJS.AES, CryptoJS.mode.CTR, CryptoJS.pad.NoPadding),
  },
  {
    standard: tripleDesCbc,
    rules: [oneOf('keying', ['three-key', 'two-key-k1k2k1'], 'TripleDES reads a 16-byte key as K1 K2 K1'), oneOf('padding', ['pkcs7'], 'pad.Pkcs7')],
    ops: blockOps(CryptoJS.TripleDES, CryptoJS.mode.CBC, CryptoJS.pad.Pkcs7),
  },
  {
    standard: opensslEnc,
    rules: [
      oneOf(
        'cipher',
        ['aes-128-cbc', 'aes-256-cbc', 'des-ede3-cbc'],
        'PasswordBasedCipher with CryptoJS.algo.AES (keySize 256/32), AES.extend({ keySize: 128/32 }) or TripleDES',
      ),
      oneOf('kdf', ['evp-bytes-to-key', 'pbkdf2'], 'kdf.OpenSSL, or CryptoJS.PBKDF2 through cfg.kdf'),
      oneOf('kdfHash', ['MD5', 'SHA-1', 'SHA-256'], 'cfg.hasher'),
      oneOf('iterations', [1, 10000], 'PBKDF2 iterations'),
      CRYPTO_JS_ENCODINGS,
    ],
    ops: passphraseOps,
  },
]);

/** crypto-js with every parameter passed. */
export const cryptoJs = defineAdapter({
  id: 'crypto-js',
  library: 'crypto-js',
  kind: 'in-process',
  variant: 'explicit',
  description: 'crypto-js with explicit WordArray keys, IVs, modes and paddings; the passphrase format with the KDF, its hash and the salt passed',
  probe: inProcessProbe(() => packageVersion('crypto-js')),
  capabilities: {
    claims,
    gaps: {
      'aes-gcm': 'crypto-js has no GCM (no authenticated mode at all)',
      'aes-gcm-siv': 'crypto-js has no AES-GCM-SIV',
      'chacha20-poly1305': 'crypto-js has no ChaCha20 or Poly1305',
      'xchacha20-poly1305': 'crypto-js has no ChaCha20 or Poly1305',
      'nacl-secretbox': 'crypto-js has no XSalsa20 or Poly1305',
      'nacl-box': 'crypto-js has no public-key cryptography',
      'nacl-sealedbox': 'crypto-js has no public-key cryptography',
      x25519: 'crypto-js has no public-key cryptography',
      ecdh: 'crypto-js has no public-key cryptography',
      'rsa-oaep': 'crypto-js has no public-key cryptography',
      'rsaes-pkcs1-v1_5': 'crypto-js has no public-key cryptography',
    },
  },
  ops,
  intents: {
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': { call: AES_CALL, params: { keyBits: 256, padding: 'pkcs7' }, ops: calledWithKeyAndIv(CryptoJS.AES) },
      aes128: { call: AES_CALL, params: { keyBits: 128, padding: 'pkcs7', mode: 'CBC' }, ops: calledWithKeyAndIv(CryptoJS.AES) },
    },
    // TripleDES takes a 16-byte key as K1‖K2‖K1 (its key schedule reads K3 from the start again).
    [tripleDesCbc.id]: {
      '3des-16': { call: TDEA_CALL, params: { keying: 'two-key-k1k2k1', padding: 'pkcs7', mode: 'CBC' }, ops: calledWithKeyAndIv(CryptoJS.TripleDES) },
      '3des-24': { call: TDEA_CALL, params: { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' }, ops: calledWithKeyAndIv(CryptoJS.TripleDES) },
    },
    // mode.CTR increments the last 32-bit word of the counter block only.
    [aesCtr.id]: {
      ctr: documentedCall(
        'CryptoJS.AES.encrypt(data, key, { iv, mode: CryptoJS.mode.CTR, padding: CryptoJS.pad.NoPadding })',
        { keyBits: 128, counterBits: 32 },
        ops[aesCtr.id],
      ),
    },
    [opensslEnc.id]: {
      'aes256-passphrase': {
        call: 'CryptoJS.AES.encrypt(message, passphrase).toString() / CryptoJS.AES.decrypt(text, passphrase)',
        // kdf.OpenSSL hashes with MD5 unless cfg.hasher says otherwise, runs once, and
        // CipherParams.toString() writes base64 on one line.
        params: { cipher: 'aes-256-cbc', kdf: 'evp-bytes-to-key', kdfHash: 'MD5', iterations: 1, encoding: 'base64-single-line' },
        ops: asCalledPassphraseOps,
      },
    },
  },
});
