/**
 * The `openssl enc` bindings of the `openssl-cli` adapter (symmetric standards and the Salted__
 * format), and the passphrase binding of its `openssl-cli:defaults` variant. One process per
 * operation: input on stdin, output on stdout, argument arrays only.
 *
 * Facts about `openssl enc` (OpenSSL 3.0, apps/enc.c) these bindings rely on:
 * - It has no AEAD mode ("AEAD ciphers not supported"), and on a failed decryption it writes
 *   what it decrypted so far to stdout, then exits non-zero ("bad decrypt", "wrong final block
 *   length", "bad magic number"). Only the exit code says whether the output is valid: stdout
 *   is dropped on any failure, and the failure of a decryption is a rejection.
 * - Raw keys: `-K`/`-iv` in hex. CTR increments the whole block as a 128-bit counter. A key
 *   shorter than the cipher's is zero-padded with a warning ("hex string is too short,
 *   padding with zero bytes to length"), so two-key Triple-DES must be `-des-ede-cbc`, never
 *   `-des-ede3-cbc` with 16 bytes.
 * - Passphrases: `-md` picks the digest (default SHA-256 since OpenSSL 1.1.0, MD5 before);
 *   without `-pbkdf2`/`-iter` the key and IV come from EVP_BytesToKey with a count of 1;
 *   `-pbkdf2` defaults to 10,000 iterations. Given a salt with `-S`, OpenSSL 3 does not write
 *   the `Salted__` header at all (apps/enc.c: "If salt is given, shouldn't either?"), so
 *   encryption writes the header the random-salt run would have written: magic and salt.
 *   `-a` reads and writes base64 in 64-column lines and cannot read a longer line; `-A` makes
 *   it one line. The header plus the body are encoded by `openssl base64`, so every byte of
 *   the file still comes from openssl.
 * - PBES2 (RFC 8018 §6.2) is not `enc -pbkdf2`: that reads the password as the first line of
 *   `-pass` and uses it as a C string (no NUL or line break can be in it), and cuts `-S` to
 *   PKCS5_SALT_LEN, 8 bytes ("hex string is too long, ignoring excess"). `openssl kdf ... PBKDF2`
 *   takes the exact bytes as `hexpass:` and a salt of any length as `hexsalt:`, and writes the
 *   derived key with `-binary`; `enc -K -iv` then encrypts with it.
 */
import type { OpImpl } from '../core/adapter.js';
import { bytesEqual, concatBytes, toHex } from '../core/bytes.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { tripleDesCbc } from '../standards/3des-cbc.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { opensslEnc, SALTED_MAGIC } from '../standards/openssl-enc.js';
import { pbes2 } from '../standards/pbes2.js';
import { input, intRange, num, oneOf, type Binding, type ParamRule } from './binding.js';
import { runProgram, withoutThreadIds } from './subprocess.js';

/** Runs `openssl args` on `data`; a non-zero exit is a rejection when decrypting, a failure otherwise. */
async function openssl(args: readonly string[], data: Uint8Array, decrypting: boolean): Promise<Uint8Array> {
  const r = await runProgram('openssl', args, { input: data });
  if (r.code === 0) return r.stdout;
  const message = `openssl ${args.filter((a) => !a.startsWith('pass:')).join(' ')} exited with ${r.code}: ${withoutThreadIds(r.stderr).trim().split('\n').slice(-2).join(' | ').slice(0, 300)}`;
  if (decrypting) throw new RejectedError(message);
  throw new Error(message);
}

/** `enc` with a raw key and IV: `-K`, `-iv`, as hex. */
function rawKeyOps(cipher: (p: Params) => string): Partial<Record<OpName, OpImpl>> {
  const args = (p: Params, i: ByteMap, direction: '-e' | '-d'): string[] => [
    'enc',
    direction,
    `-${cipher(p)}`,
    '-K',
    toHex(input(i, 'key')),
    '-iv',
    toHex(input(i, 'iv')),
  ];
  return {
    encrypt: async (p, i) => ({ ciphertext: await openssl(args(p, i, '-e'), input(i, 'plaintext'), false) }),
    decrypt: async (p, i) => ({ plaintext: await openssl(args(p, i, '-d'), input(i, 'ciphertext'), true) }),
  };
}

/** `enc` with a raw key and IV as a user types it for the cipher `name` (an alias such as `aes128` included). */
export function encCalledAs(name: string): Partial<Record<OpName, OpImpl>> {
  return rawKeyOps(() => name);
}

/** openssl's digest names. */
const DIGESTS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256' };

/** The passphrase as a `pass:` argument: it travels in argv, so it must be UTF-8 without NUL. */
function passArgument(i: ByteMap): string {
  const bytes = input(i, 'passphrase');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new UnsupportedError('openssl -pass pass: takes the passphrase from argv, which carries UTF-8 text here; these bytes are not UTF-8', { cause: err });
  }
  if (text.includes('\0')) throw new UnsupportedError('openssl -pass pass: reads a C string: a passphrase with a NUL byte cannot be passed');
  return `pass:${text}`;
}

/** `-md`, and `-pbkdf2 -iter` for PBKDF2; nothing when the variant models the defaults. */
function kdfArguments(p: Params, defaults: boolean): string[] {
  if (defaults) return [];
  const md = ['-md', DIGESTS[String(p['kdfHash'])] ?? String(p['kdfHash'])];
  return p['kdf'] === 'pbkdf2' ? ['-pbkdf2', '-iter', String(num(p, 'iterations')), ...md] : md;
}

/** `-a`, with `-A` for one line: how `enc` reads, and `openssl base64` writes, each base64 encoding. */
function base64Arguments(p: Params): string[] {
  return p['encoding'] === 'base64' ? ['-a'] : p['encoding'] === 'base64-single-line' ? ['-a', '-A'] : [];
}

/**
 * The passphrase format. Encryption runs `enc -S salt`, puts back the header openssl leaves out
 * (see the file header) and has `openssl base64` write the text encodings; decryption reads the
 * file as it is.
 */
export function passphraseOps(defaults: boolean): Partial<Record<OpName, OpImpl>> {
  return {
    async encrypt(p, i) {
      const salt = input(i, 'salt');
      const args = ['enc', '-e', `-${String(p['cipher'])}`, ...kdfArguments(p, defaults), '-S', toHex(salt), '-pass', passArgument(i)];
      const out = await openssl(args, input(i, 'plaintext'), false);
      const header = concatBytes(SALTED_MAGIC, salt);
      const file = bytesEqual(out.subarray(0, header.length), header) ? out : concatBytes(header, out);
      if (p['encoding'] === 'binary') return { ciphertext: file };
      return { ciphertext: await openssl(['base64', '-e', ...base64Arguments(p)], file, false) };
    },
    async decrypt(p, i) {
      const args = ['enc', '-d', `-${String(p['cipher'])}`, ...kdfArguments(p, defaults), ...base64Arguments(p), '-pass', passArgument(i)];
      return { plaintext: await openssl(args, input(i, 'ciphertext'), true) };
    },
  };
}

const AES_KEY_BITS = oneOf('keyBits', [128, 192, 256], 'openssl enc has AES with 128-, 192- and 256-bit keys');

/** OpenSSL's digest names for the PBKDF2 PRF (`openssl kdf -kdfopt digest:`). */
const KDF_DIGESTS: Readonly<Record<string, string>> = { 'SHA-1': 'SHA1', 'SHA-224': 'SHA224', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512' };

/** PBES2: `openssl kdf` derives the key from the exact password bytes, then `enc -K -iv` (see the file header). */
function pbes2Ops(): Partial<Record<OpName, OpImpl>> {
  const cbc = rawKeyOps((p) => `aes-${num(p, 'keyBits')}-cbc`);
  const withKey = async (p: Params, i: ByteMap): Promise<ByteMap> => {
    const args = ['kdf', '-binary', '-keylen', String(num(p, 'keyBits') / 8), '-kdfopt', `digest:${KDF_DIGESTS[String(p['kdfHash'])]!}`];
    args.push(
      '-kdfopt',
      `hexpass:${toHex(input(i, 'password'))}`,
      '-kdfopt',
      `hexsalt:${toHex(input(i, 'salt'))}`,
      '-kdfopt',
      `iter:${num(p, 'iterations')}`,
      'PBKDF2',
    );
    return { ...i, key: await openssl(args, new Uint8Array(0), false) };
  };
  return { encrypt: async (p, i) => cbc.encrypt!(p, await withKey(p, i)), decrypt: async (p, i) => cbc.decrypt!(p, await withKey(p, i)) };
}

/** What `openssl enc` can express of the passphrase format; the defaults variant narrows it. */
export const PASSPHRASE_RULES: readonly ParamRule[] = [
  oneOf('cipher', ['aes-128-cbc', 'aes-256-cbc', 'des-ede3-cbc'], 'openssl enc -<cipher>'),
  oneOf('kdf', ['evp-bytes-to-key', 'pbkdf2'], 'EVP_BytesToKey by default, PBKDF2 with -pbkdf2'),
  oneOf('kdfHash', ['MD5', 'SHA-1', 'SHA-256'], 'openssl enc -md'),
  oneOf('iterations', [1, 10000], 'openssl enc -iter'),
  oneOf('encoding', ['binary', 'base64', 'base64-single-line'], 'openssl enc -a, -a -A'),
];

/** One binding per standard `openssl enc` implements. */
export const opensslEncBindings: readonly Binding[] = [
  {
    standard: aesCbc,
    rules: [AES_KEY_BITS, oneOf('padding', ['pkcs7'], 'openssl enc pads with PKCS#7 unless -nopad')],
    ops: rawKeyOps((p) => `aes-${num(p, 'keyBits')}-cbc`),
  },
  {
    standard: aesCtr,
    rules: [
      AES_KEY_BITS,
      oneOf('counterBits', [128], 'OpenSSL CTR increments the whole 16-byte block as one 128-bit counter; a narrower counter cannot be expressed'),
    ],
    ops: rawKeyOps((p) => `aes-${num(p, 'keyBits')}-ctr`),
  },
  {
    standard: tripleDesCbc,
    rules: [
      oneOf('keying', ['three-key', 'two-key-k1k2k1'], '-des-ede3-cbc takes K1 K2 K3, -des-ede-cbc K1 K2 (as K1 K2 K1)'),
      oneOf('padding', ['pkcs7'], 'openssl enc pads with PKCS#7 unless -nopad'),
    ],
    ops: rawKeyOps((p) => (p['keying'] === 'three-key' ? 'des-ede3-cbc' : 'des-ede-cbc')),
  },
  { standard: opensslEnc, rules: PASSPHRASE_RULES, ops: passphraseOps(false) },
  {
    standard: pbes2,
    rules: [
      oneOf('kdfHash', Object.keys(KDF_DIGESTS), 'openssl kdf -kdfopt digest: takes any OpenSSL digest'),
      AES_KEY_BITS,
      intRange('iterations', 1, 2 ** 31 - 1, 'openssl kdf -kdfopt iter: takes any positive count'),
    ],
    ops: pbes2Ops(),
  },
];

/** Why `openssl enc` does not implement the other symmetric standards. */
export const OPENSSL_ENC_GAPS: Readonly<Record<string, string>> = {
  'aes-gcm': 'openssl enc refuses AEAD ciphers ("AEAD ciphers not supported"): it has no way to pass AAD or a tag',
  'aes-gcm-siv': 'openssl enc refuses AEAD ciphers, and OpenSSL 3.0 has no AES-GCM-SIV (it arrived in 3.2)',
  'chacha20-poly1305': 'openssl enc refuses AEAD ciphers ("AEAD ciphers not supported")',
  'xchacha20-poly1305': 'OpenSSL has no XChaCha20',
  'nacl-secretbox': 'OpenSSL has no XSalsa20',
  'nacl-box': 'OpenSSL has no XSalsa20 or HSalsa20, which crypto_box needs',
  'nacl-sealedbox': 'OpenSSL has no XSalsa20, HSalsa20 or the sealed-box construction',
};
