/**
 * The `openssl enc` passphrase file format ("Salted__"), as written by OpenSSL's apps/enc.c and
 * read and written by crypto-js's passphrase mode: the 8 bytes `Salted__`, an 8-byte salt, then
 * the CBC ciphertext (PKCS#7 padding) under a key and IV derived from passphrase and salt. The
 * derivation is the whole interoperability question, so it is explicit: EVP_BytesToKey (one
 * round, as `openssl enc` always runs it) with MD5, SHA-1 or SHA-256, or PBKDF2-HMAC with a hash
 * and an iteration count. OpenSSL 3 defaults to EVP_BytesToKey-SHA-256 (1.0 used MD5),
 * crypto-js to EvpKDF-MD5; `openssl enc -pbkdf2` defaults to 10,000 iterations. The file is
 * written as bytes or as base64 text, either in 64-character lines each ended by LF
 * (`openssl enc -a`) or on one line without a line break (`openssl enc -a -A`, crypto-js's
 * `toString()`). Not authenticated: only the magic, the length and the padding can be checked.
 */
import { pbe } from '../core/families/pbe.js';
import { concatBytes } from '../core/bytes.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Rng } from '../core/rng.js';
import type { Mutation, Sizes, Standard } from '../core/standard.js';
import { flipAt } from './mutations.js';

/** `Salted__`: the 8-byte magic that opens every salted file. */
export const SALTED_MAGIC = Uint8Array.from(Buffer.from('Salted__', 'latin1'));

/** Salt length in bytes (PKCS5_SALT_LEN in OpenSSL). */
export const SALT_BYTES = 8;

/** Key and IV (= block) sizes of the ciphers the format is exercised with. */
const CIPHERS: Readonly<Record<string, { key: number; iv: number }>> = {
  'aes-128-cbc': { key: 16, iv: 16 },
  'aes-256-cbc': { key: 32, iv: 16 },
  'des-ede3-cbc': { key: 24, iv: 8 },
};

/** The three ways the file is written. */
export type Encoding = 'binary' | 'base64' | 'base64-single-line';

/** Columns of a line of `openssl enc -a` output (EVP_ENCODE_LENGTH lines of 64 characters). */
const BASE64_COLUMNS = 64;

/** The file bytes as `encoding` writes them. */
export function encodeFile(file: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === 'binary') return file;
  const text = Buffer.from(file).toString('base64');
  if (encoding === 'base64-single-line') return Uint8Array.from(Buffer.from(text, 'latin1'));
  const lines = text.match(new RegExp(`.{1,${BASE64_COLUMNS}}`, 'g')) ?? [];
  return Uint8Array.from(Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1'));
}

/** Which encoding a well-formed file is in: binary files start with the magic; base64 ones have line breaks or not. */
function sniffEncoding(file: Uint8Array): Encoding {
  if (SALTED_MAGIC.every((b, i) => file[i] === b)) return 'binary';
  return file.includes(0x0a) ? 'base64' : 'base64-single-line';
}

/** The binary file behind `bytes` written in `encoding` (base64 decoding skips line breaks). */
export function decodeFile(bytes: Uint8Array, encoding: Encoding): Uint8Array {
  return encoding === 'binary' ? bytes : Uint8Array.from(Buffer.from(Buffer.from(bytes).toString('latin1'), 'base64'));
}

/** The cipher's sizes under `params`. */
function cipherOf(params: Params): { key: number; iv: number } {
  const c = CIPHERS[String(params['cipher'])];
  if (!c) throw new TypeError(`openssl-enc: unknown cipher ${String(params['cipher'])}`);
  return c;
}

/** Applies `change` to the decoded file and writes it back in the same encoding. */
function tamperFile(i: ByteMap, change: (file: Uint8Array) => Uint8Array | undefined): ByteMap | undefined {
  const ct = i['ciphertext']!;
  const encoding = sniffEncoding(ct);
  const changed = change(Uint8Array.from(decodeFile(ct, encoding)));
  return changed === undefined ? undefined : { ...i, ciphertext: encodeFile(changed, encoding) };
}

const HEADER = SALTED_MAGIC.length + SALT_BYTES;
const FORMAT = "OpenSSL apps/enc.c: a salted file is 'Salted__', the 8-byte salt, then whole cipher blocks with PKCS#7 padding";
const NO_INTEGRITY =
  'the openssl enc format has no integrity check (OpenSSL enc(1): it offers no AEAD and no MAC): a changed ciphertext, salt or passphrase decrypts to another plaintext, and only PKCS#7 padding that no longer checks out (RFC 5652 §6.3) can reveal it';

const mutations: Mutation[] = [
  {
    id: 'bad-magic',
    description: "first byte of the 'Salted__' magic changed",
    because: `${FORMAT}; OpenSSL refuses anything else ("bad magic number")`,
    apply: (i) => tamperFile(i, (f) => flipAt(f, 0)),
  },
  {
    id: 'truncate',
    description: 'last byte of the encrypted body removed (no longer a whole number of blocks)',
    because: FORMAT,
    apply: (i) => tamperFile(i, (f) => f.subarray(0, f.length - 1)),
  },
  {
    id: 'header-only',
    description: 'the body removed: magic and salt only',
    because: `${FORMAT}; PKCS#7 always adds at least one byte, so the body is at least one block`,
    apply: (i) => tamperFile(i, (f) => f.subarray(0, HEADER)),
  },
  {
    id: 'flip-ciphertext',
    description: 'one bit of the encrypted body flipped',
    because: NO_INTEGRITY,
    expected: 'either',
    apply: (i, _s: Sizes, rng: Rng) => tamperFile(i, (f) => (f.length > HEADER ? flipAt(f, HEADER + rng.int(f.length - HEADER)) : undefined)),
  },
  {
    id: 'flip-salt',
    description: 'one bit of the salt flipped',
    because: NO_INTEGRITY,
    expected: 'either',
    apply: (i, _s: Sizes, rng: Rng) => tamperFile(i, (f) => flipAt(f, SALTED_MAGIC.length + rng.int(SALT_BYTES))),
  },
  {
    id: 'wrong-passphrase',
    description: 'one bit of the passphrase flipped',
    because: NO_INTEGRITY,
    expected: 'either',
    apply: (i, _s: Sizes, rng: Rng) => {
      const p = i['passphrase']!;
      return p.length === 0 ? undefined : { ...i, passphrase: flipAt(p, rng.int(p.length)) };
    },
  },
];

/** Short tokens for the parameter slug. */
const SLUG: Readonly<Record<string, string>> = {
  'evp-bytes-to-key': 'evp',
  pbkdf2: 'pbkdf2',
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  binary: 'bin',
  base64: 'b64',
  'base64-single-line': 'b64line',
};

const set = (cipher: string, kdf: string, kdfHash: string, iterations: number, encoding: Encoding): Params => ({ cipher, kdf, kdfHash, iterations, encoding });

/**
 * The defaults of both sides (crypto-js: EVP-MD5, base64 on one line; OpenSSL 3: EVP-SHA-256,
 * binary or -a), the setting that makes them meet (-md md5), PBKDF2 with openssl's default
 * iterations, AES-128 (which crypto-js's passphrase mode cannot do) and Triple-DES.
 */
const MATRIX: readonly Params[] = [
  set('aes-256-cbc', 'evp-bytes-to-key', 'MD5', 1, 'base64-single-line'),
  set('aes-256-cbc', 'evp-bytes-to-key', 'SHA-256', 1, 'binary'),
  set('aes-256-cbc', 'evp-bytes-to-key', 'SHA-256', 1, 'base64'),
  set('aes-256-cbc', 'evp-bytes-to-key', 'MD5', 1, 'base64'),
  set('aes-256-cbc', 'pbkdf2', 'SHA-256', 10000, 'binary'),
  set('aes-128-cbc', 'evp-bytes-to-key', 'SHA-256', 1, 'binary'),
  set('des-ede3-cbc', 'evp-bytes-to-key', 'MD5', 1, 'base64-single-line'),
];

export const opensslEnc: Standard = {
  id: 'openssl-enc',
  title: "openssl enc passphrase format ('Salted__')",
  family: pbe.name,
  references: ['OpenSSL enc(1) and apps/enc.c', 'OpenSSL EVP_BytesToKey(3)', 'RFC 8018 §5.2 (PBKDF2)', 'crypto-js CryptoJS.format.OpenSSL and kdf.OpenSSL'],
  params: [
    { name: 'cipher', description: 'cipher and mode (OpenSSL name)', values: Object.keys(CIPHERS) },
    { name: 'kdf', description: 'EVP_BytesToKey (one round) or PBKDF2-HMAC, deriving key ‖ IV', values: ['evp-bytes-to-key', 'pbkdf2'] },
    { name: 'kdfHash', description: 'digest of EVP_BytesToKey, or the HMAC hash of PBKDF2 (openssl enc -md)', values: ['MD5', 'SHA-1', 'SHA-256'] },
    { name: 'iterations', description: 'PBKDF2 iteration count (openssl enc -iter); EVP_BytesToKey runs once', values: [1, 10000] },
    {
      name: 'encoding',
      description: 'bytes; base64 in 64-column lines ended by LF (openssl -a); base64 on one line (openssl -a -A, crypto-js)',
      values: ['binary', 'base64', 'base64-single-line'],
    },
  ],
  matrix: MATRIX,
  // Tampering is about the format, not the KDF: crypto-js's and OpenSSL 3's default settings.
  negativeMatrix: [MATRIX[0]!, MATRIX[1]!],
  layout: "'Salted__' ‖ 8-byte salt ‖ PKCS#7-padded CBC ciphertext, key ‖ IV derived from passphrase and salt; as bytes or as base64 text (see encoding)",
  ops: ['encrypt', 'decrypt'],
  deterministic: true,
  authenticated: false,
  // 100 bytes: seven blocks, base64 over several lines. One size only, as crypto-js spends a
  // quarter second on each PBKDF2 derivation; the known answers of every parameter set hold an
  // empty and a one-block-plus-one message, which every producer and consumer must match.
  plaintextSizes: [100],
  mutations,
  intents: [
    {
      id: 'aes256-passphrase',
      sentence: 'AES-256-CBC with a passphrase, OpenSSL format',
      fixes: { cipher: 'aes-256-cbc' },
      open: {
        kdf: 'enc(1): EVP_BytesToKey unless -pbkdf2 is given; the Salted__ header records no KDF',
        kdfHash: 'enc(1) -md: the digest is not in the file; OpenSSL 1.1.0 changed its default from MD5 to SHA-256',
        iterations: 'enc(1) -iter: the count is not in the file',
        encoding: 'enc(1) -a: the same file as bytes or as base64 text, which the reader must be told',
      },
      inputs: [
        { name: 'passphrase "Müller€" (UTF-8 beyond ASCII)', replace: { passphrase: new TextEncoder().encode('Müller€') } },
        { name: 'empty passphrase', replace: { passphrase: new Uint8Array(0) } },
      ],
    },
  ],
  sizes: (p: Params) => {
    const c = cipherOf(p);
    return { key: c.key, nonce: SALT_BYTES, tag: 0, block: c.iv };
  },
  paramsId: (p: Params) =>
    [String(p['cipher']), SLUG[String(p['kdf'])], SLUG[String(p['kdfHash'])], `i${String(p['iterations'])}`, SLUG[String(p['encoding'])]].join('-'),
  excludes: (p: Params) =>
    p['kdf'] === 'evp-bytes-to-key' && p['iterations'] !== 1
      ? 'openssl enc runs EVP_BytesToKey with a count of 1 (apps/enc.c); -iter switches to PBKDF2'
      : undefined,
};

/** The binary file: magic, salt, encrypted body. */
export function saltedFile(salt: Uint8Array, body: Uint8Array): Uint8Array {
  return concatBytes(SALTED_MAGIC, salt, body);
}
