/**
 * Encrypted PKCS#8: EncryptedPrivateKeyInfo (RFC 5958 §3), the `-----BEGIN ENCRYPTED PRIVATE
 * KEY-----` file servers and tools exchange keys in, here as DER. The encryption is explicit:
 * PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA-256 and AES-256-CBC or AES-128-CBC, PBES2 with
 * scrypt (RFC 7914 §7: N = 16384, r = 8, p = 1) and AES-256-CBC, or the legacy PKCS#12 PBE with
 * SHA-1 and Triple-DES (RFC 7292 App. C) and PBES1 with MD5 and DES (RFC 8018 §6.1); the
 * iteration count, the salt length and the password (UTF-8 octets for PBES2, a BMPString for the
 * PKCS#12 PBE). There is no MAC: a changed ciphertext shows only through its padding or a key
 * that no longer parses.
 */
import { CONTAINER_PASSWORDS, container } from '../core/families/container.js';
import type { Params } from '../core/model.js';
import type { Mutation, Standard } from '../core/standard.js';
import { flipEncryptedKey, pkcs8Stated, setPbkdf2Iterations } from './container-der.js';
import { flipAt } from './mutations.js';
import { ABSURD_ITERATIONS, containerIntents, containerParamsId, SLUG } from './pkcs12.js';

/** Encryption schemes of the key (canonical names). */
export const PKCS8_ENCRYPTIONS = [
  'pbes2-hmac-sha256-aes-256-cbc',
  'pbes2-hmac-sha256-aes-128-cbc',
  'pbes2-scrypt-aes-256-cbc',
  'pbes1-sha1-3des',
  'pbes1-md5-des',
  // PBES2 with PBKDF2's default PRF (RFC 8018 App. A.2: hmacWithSHA1) and AES-128-CBC: node-forge's default.
  'pbes2-hmac-sha1-aes-128-cbc',
] as const;

const set = (keyType: string, keyEncryption: string, password: string, saltBytes = keyEncryption.startsWith('pbes2') ? 16 : 8, iterations = 2048): Params => ({
  keyType,
  keyEncryption,
  iterations,
  scrypt: 'n16384-r8-p1',
  saltBytes,
  password,
});

const AES256 = 'pbes2-hmac-sha256-aes-256-cbc';

/** Each key type and password kind with PBES2-AES-256, AES-128, scrypt, and both legacy schemes. */
const MATRIX: readonly Params[] = [
  set('rsa-2048', AES256, 'ascii', 8),
  set('rsa-2048', AES256, 'ascii'),
  set('p-256', AES256, 'non-ascii', 8),
  set('ed25519', 'pbes2-hmac-sha256-aes-128-cbc', 'empty', 8),
  set('rsa-2048', AES256, 'long', 8),
  set('rsa-2048', 'pbes2-scrypt-aes-256-cbc', 'ascii', 8),
  set('rsa-2048', 'pbes1-sha1-3des', 'ascii', 8, 600000),
  set('p-256', 'pbes1-md5-des', 'ascii'),
];

const NO_MAC =
  'RFC 8018 §6.2 has no integrity check: a changed ciphertext shows only through its CBC padding (RFC 8018 §6.2.2 step 4) or a PrivateKeyInfo that no longer parses';

const mutations: Mutation[] = [
  {
    id: 'wrong-password',
    description: 'the password with one bit changed (or one character for an empty one)',
    because: 'RFC 8018 §6.2.2: another password derives another key, and the result is no PrivateKeyInfo (bad padding, or DER that does not parse)',
    apply: (i) => ({ ...i, password: i['password']!.length === 0 ? Uint8Array.from([0x78]) : flipAt(i['password']!, 0, 0x01) }),
  },
  {
    id: 'flip-ciphertext',
    description: 'one bit of the encrypted key flipped',
    because: NO_MAC,
    expected: 'either',
    apply: (i, _s, rng) => {
      const c = flipEncryptedKey(i['container']!, (n) => rng.int(n));
      return c === undefined ? undefined : { ...i, container: c };
    },
  },
  {
    id: 'truncate',
    description: 'the last 16 bytes of the file removed',
    because: 'X.690 §8.1: the DER encoding no longer holds the lengths it declares',
    apply: (i) => ({ ...i, container: i['container']!.subarray(0, Math.max(0, i['container']!.length - 16)) }),
  },
  {
    id: 'absurd-iterations',
    description: `the PBKDF2 iteration count set to 2^31 (${ABSURD_ITERATIONS})`,
    because: 'RFC 8018 §4.2 puts no bound on the count, but a reader must not let a file cost it hours: it must refuse within the case budget (CWE-400)',
    appliesTo: (p) => String(p['keyEncryption']).startsWith('pbes2-hmac'),
    apply: (i) => {
      const c = setPbkdf2Iterations(i['container']!, ABSURD_ITERATIONS);
      return c === undefined ? undefined : { ...i, container: c };
    },
  },
];

/** What "encrypt the key with this password" leaves to the tool: each named with the clause that leaves it open. */
const OPEN = {
  keyEncryption:
    'RFC 5958 §3: encryptionAlgorithm is any password-based scheme; RFC 8018 §6.2 lets PBES2 take any KDF and cipher, and the reader learns them from the file',
  iterations: 'RFC 8018 §4.2 leaves the iteration count to the writer ("at least 1000" recommended)',
  saltBytes: 'RFC 8018 §4.1: the salt length is the writer\'s choice ("at least eight octets")',
  scrypt: 'RFC 7914 §7 leaves N, r and p to the writer; the file names them',
};

/**
 * "Store the private key encrypted with this password" and, on the other end, "read the encrypted
 * key you were sent": each tool as its documentation calls it, one intent per key type (a tool
 * that cannot encrypt a key type refuses that intent with its own reason), an RSA key with an
 * ASCII password, then a long one and one beyond ASCII, where PBES2's password octets (RFC 8018
 * §3: the encoding is the application's) keep tools apart; the empty password on its own.
 */
const INTENTS = containerIntents(
  'encrypt-key',
  {
    ascii: 'Store the private key encrypted with this password; read the encrypted key you were sent',
    empty: 'Store the private key encrypted with an empty password; read the encrypted key you were sent',
    p256: 'Store this P-256 private key encrypted with this password; read the encrypted key you were sent',
    ed25519: 'Store this Ed25519 private key encrypted with this password; read the encrypted key you were sent',
  },
  OPEN,
  'beyond ASCII: PBES2 derives from its UTF-8 octets in most tools; RFC 8018 §3 leaves the encoding open',
);

export const pkcs8Encrypted: Standard = {
  id: 'pkcs8-encrypted',
  title: 'Encrypted PKCS#8 private key (EncryptedPrivateKeyInfo)',
  family: container.name,
  references: ['RFC 5958 §3 (EncryptedPrivateKeyInfo)', 'RFC 8018 (PBES1, PBES2, PBKDF2)', 'RFC 7914 §7 (scrypt in PBES2)', 'RFC 7292 App. C (PKCS#12 PBE)'],
  params: [
    { name: 'keyType', description: 'the key (fixed fixtures)', values: ['rsa-2048', 'p-256', 'ed25519'] },
    {
      name: 'keyEncryption',
      description: 'PBES2 with PBKDF2-HMAC-SHA-256 or scrypt and AES-CBC, PKCS#12 PBE (SHA-1, Triple-DES), PBES1 (MD5, DES)',
      values: [...PKCS8_ENCRYPTIONS],
    },
    { name: 'iterations', description: 'iteration count of PBKDF2 or the PBE (scrypt takes its own cost; 600,000: GnuTLS, fixed)', values: [2048, 600000] },
    { name: 'scrypt', description: 'scrypt cost N, block size r and parallelism p, where the encryption uses scrypt', values: ['n16384-r8-p1'] },
    { name: 'saltBytes', description: 'salt length of the key derivation', values: [8, 16] },
    {
      name: 'password',
      description: 'the password: printable ASCII, empty, 100 characters, or beyond ASCII (Müller€)',
      values: ['ascii', 'empty', 'long', 'non-ascii'],
    },
  ],
  matrix: MATRIX,
  // PBES2 with a 16-byte salt: the set only forge writes, so each reader meets each mutation once.
  negativeMatrix: [MATRIX[1]!],
  layout: 'EncryptedPrivateKeyInfo { encryptionAlgorithm, encryptedData } (RFC 5958 §3), DER, over a PrivateKeyInfo',
  ops: ['write', 'read'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [0],
  mutations,
  intents: INTENTS,
  stated: (der) => pkcs8Stated(der),
  sizes: () => ({ key: 0, nonce: 0, tag: 0, block: 1 }),
  paramsId: (p: Params) =>
    containerParamsId(p, [
      ['keyType', String],
      ['keyEncryption', (v) => SLUG[String(v)]!],
      ['iterations', (v) => `i${String(v)}`],
      ['saltBytes', (v) => `s${String(v)}`],
      ['password', (v) => `pw-${String(v)}`],
    ]),
  excludes: (p: Params) =>
    String(p['keyEncryption']).startsWith('pbes1') && p['saltBytes'] !== 8
      ? 'the PKCS#12 PBE and PBES1 take an 8-byte salt (RFC 8018 §6.1.1, RFC 7292 App. C)'
      : undefined,
};
