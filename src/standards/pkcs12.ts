/**
 * PKCS#12 (RFC 7292): the `.p12`/`.pfx` file holding a secret key and its certificate under a
 * password, with a password MAC over the contents (HMAC keyed by the PKCS#12 KDF of RFC 7292
 * App. B) or PBMAC1 (RFC 9579). Every parameter that decides whether two tools exchange a file
 * is explicit: how the key bag (PKCS8ShroudedKeyBag) and the certificate bag's EncryptedData are
 * encrypted (PBES2 with PBKDF2-HMAC and AES, RFC 8018; PKCS#12's own PBES1-style schemes with
 * SHA-1, Triple-DES and 40-bit RC2, RFC 7292 App. C; or not at all), the iteration count of the
 * key derivation, the salt length, the MAC and its iteration count, and the password (ASCII,
 * empty, long, beyond ASCII: the PKCS#12 KDF takes a BMPString, PBES2 UTF-8 octets).
 */
import { CONTAINER_PASSWORDS, container } from '../core/families/container.js';
import type { ParamValue, Params } from '../core/model.js';
import type { Mutation, Standard } from '../core/standard.js';
import { flipMac, hasPasswordMac, pkcs12Stated, remacWithPassword, setMacIterations } from './container-der.js';
import { flipAt } from './mutations.js';

/** Key and certificate encryption schemes (canonical names; each adapter maps them to its own). */
export const PKCS12_ENCRYPTIONS = [
  'pbes2-hmac-sha256-aes-256-cbc',
  'pbes2-hmac-sha256-aes-128-cbc',
  'pbes1-sha1-3des',
  'pbes1-sha1-rc2-40',
  'none',
  // PBES2 with PBKDF2's default PRF (RFC 8018 App. A.2: hmacWithSHA1) and AES-128-CBC: node-forge's default.
  'pbes2-hmac-sha1-aes-128-cbc',
] as const;

/**
 * MAC algorithms: the RFC 7292 password MAC with a hash, RFC 9579 PBMAC1 (HMAC-SHA-256 keyed by
 * PBKDF2-HMAC-SHA-256, as OpenSSL 3.4 writes it; HMAC-SHA-512 with PBKDF2-HMAC-SHA-512; HMAC-SHA-256
 * with PBKDF2-HMAC-SHA-512, RFC 9579 App. A.2), or none.
 */
export const PKCS12_MACS = ['hmac-sha256', 'hmac-sha1', 'pbmac1-hmac-sha256', 'pbmac1-hmac-sha512', 'pbmac1-hmac-sha256-prf-sha512', 'none'] as const;

/** Short tokens of the schemes for the parameter slug. */
export const SLUG: Readonly<Record<string, string>> = {
  'pbes2-hmac-sha256-aes-256-cbc': 'aes256',
  'pbes2-hmac-sha256-aes-128-cbc': 'aes128',
  'pbes2-hmac-sha1-aes-128-cbc': 'aes128-sha1',
  'pbes2-scrypt-aes-256-cbc': 'scrypt-aes256',
  'pbes1-sha1-3des': '3des',
  'pbes1-sha1-rc2-40': 'rc2-40',
  'pbes1-md5-des': 'md5-des',
  none: 'none',
  'hmac-sha256': 'sha256',
  'hmac-sha1': 'sha1',
  'pbmac1-hmac-sha256': 'pbmac1',
  'pbmac1-hmac-sha512': 'pbmac1-512',
  'pbmac1-hmac-sha256-prf-sha512': 'pbmac1-prf512',
};

/**
 * A container parameter set's slug, one token per parameter present: a reader of a file from a
 * corpus is told only what the file cannot state (the password, see the family's
 * `STATED_BY_FILE`), and its slug names only that.
 */
export function containerParamsId(p: Params, parts: ReadonlyArray<readonly [string, (v: ParamValue) => string]>): string {
  return parts.flatMap(([name, token]) => (p[name] === undefined ? [] : [token(p[name])])).join('-');
}

const KEY_TYPES = ['rsa-2048', 'p-256', 'ed25519'];
const PASSWORDS = ['ascii', 'empty', 'long', 'non-ascii'];

const set = (keyType: string, keyEncryption: string, certEncryption: string, mac: string, password: string, iterations = 2048, saltBytes = 8): Params => ({
  keyType,
  keyEncryption,
  certEncryption,
  iterations,
  saltBytes,
  mac,
  macIterations: iterations,
  password,
});

const MODERN = 'pbes2-hmac-sha256-aes-256-cbc';

/**
 * What tools write today (OpenSSL 3's default: PBES2-AES-256 and HMAC-SHA-256), the legacy file
 * (Triple-DES key, RC2-40 certificate, HMAC-SHA-1: OpenSSL 1.x, Windows before 2019, `-legacy`),
 * each key type, each password kind, AES-128, an unencrypted certificate, PBMAC1, and GnuTLS's and
 * NSS's fixed 600,000 iterations (NSS with 16-byte salts).
 */
const MATRIX: readonly Params[] = [
  set('rsa-2048', MODERN, MODERN, 'hmac-sha256', 'ascii'),
  set('rsa-2048', 'pbes1-sha1-3des', 'pbes1-sha1-rc2-40', 'hmac-sha1', 'ascii'),
  set('p-256', MODERN, MODERN, 'hmac-sha256', 'non-ascii'),
  set('ed25519', MODERN, MODERN, 'hmac-sha256', 'ascii'),
  set('rsa-2048', MODERN, MODERN, 'hmac-sha256', 'empty'),
  set('p-256', 'pbes1-sha1-3des', 'pbes1-sha1-3des', 'hmac-sha1', 'non-ascii', 600000),
  set('rsa-2048', 'pbes2-hmac-sha256-aes-128-cbc', 'none', 'hmac-sha1', 'long'),
  set('rsa-2048', MODERN, MODERN, 'pbmac1-hmac-sha256', 'ascii'),
  set('p-256', MODERN, MODERN, 'hmac-sha256', 'non-ascii', 600000, 16),
  // pyca/cryptography 38's only MAC count, 1, with its BestAvailableEncryption's 20,000 iterations.
  { ...set('rsa-2048', MODERN, MODERN, 'hmac-sha256', 'ascii', 20000), macIterations: 1 },
];

const CITE_MAC = 'RFC 7292 §4 and §5.1: the reader verifies the MAC over the authenticated safe with the password before trusting the contents';

/** A copy of the password with one bit of a character changed, or a character added to an empty one. */
function otherPassword(p: Uint8Array): Uint8Array {
  return p.length === 0 ? Uint8Array.from([0x78]) : flipAt(p, 0, 0x01);
}

const withContainer = (i: Readonly<Record<string, Uint8Array>>, c: Uint8Array | undefined) => (c === undefined ? undefined : { ...i, container: c });

/** 2^31: an iteration count no file should carry, and no reader should start on. */
export const ABSURD_ITERATIONS = 2 ** 31;

const hasMac = (p: Params): boolean => p['mac'] === 'hmac-sha256' || p['mac'] === 'hmac-sha1';

const mutations: Mutation[] = [
  {
    id: 'wrong-password',
    description: 'the password with one bit changed (or one character for an empty one)',
    because: `${CITE_MAC}; with another password neither the MAC nor the decryption checks out`,
    apply: (i) => ({ ...i, password: otherPassword(i['password']!) }),
  },
  {
    id: 'flip-mac',
    description: 'one bit of the MAC value flipped',
    because: CITE_MAC,
    appliesTo: hasMac,
    apply: (i) => withContainer(i, flipMac(i['container']!)),
  },
  {
    id: 'mac-other-password',
    description: 'the MAC recomputed under another password, the contents encrypted under the right one',
    because: `${CITE_MAC}; a reader that decrypts the bags without verifying the MAC accepts a file anyone could have altered`,
    appliesTo: hasMac,
    apply: (i) => (hasPasswordMac(i['container']!) ? withContainer(i, remacWithPassword(i['container']!, otherPassword(i['password']!))) : undefined),
  },
  {
    id: 'flip-body',
    description: 'one bit flipped in the middle of the file (inside the authenticated safe)',
    because: `${CITE_MAC}; the MAC covers every bag`,
    appliesTo: hasMac,
    apply: (i) => withContainer(i, flipAt(i['container']!, Math.floor(i['container']!.length / 2))),
  },
  {
    id: 'truncate',
    description: 'the last 16 bytes of the file removed',
    because: 'X.690 §8.1: the DER encoding of the PFX no longer holds the lengths it declares',
    apply: (i) => withContainer(i, i['container']!.subarray(0, Math.max(0, i['container']!.length - 16))),
  },
  {
    id: 'absurd-mac-iterations',
    description: `the MAC iteration count set to 2^31 (${ABSURD_ITERATIONS})`,
    because:
      'RFC 7292 App. B.2 puts no bound on the count, but a reader must not let a file cost it hours: it must refuse, or fail the MAC, within the case budget (CWE-400)',
    // One parameter set is enough, and a reader that does start on the count holds a worker for the whole case budget.
    appliesTo: (p) => p === MATRIX[0],
    apply: (i) => withContainer(i, setMacIterations(i['container']!, ABSURD_ITERATIONS)),
  },
];

const utf8 = (kind: string): Uint8Array => new TextEncoder().encode(CONTAINER_PASSWORDS[kind]!);

/** What the export intents leave to the tool: each named with the clause that leaves it open. */
const OPEN = {
  keyEncryption: 'RFC 7292 §4.2 lets the key bag be shrouded by any PBE scheme; the file names it, the reader must support it',
  certEncryption: 'RFC 7292 §4.1: the certificate safe may be plain Data or EncryptedData under any scheme',
  iterations: 'RFC 7292 App. C and RFC 8018 §4.2 leave the iteration count to the writer ("at least 1000" recommended)',
  saltBytes: 'RFC 8018 §4.1: the salt length is the writer\'s choice ("at least eight octets")',
  mac: 'RFC 7292 §5.1 leaves the MAC digest to the writer; RFC 9579 adds PBMAC1',
  macIterations: "RFC 7292 App. B.2: the MAC iteration count is the writer's choice (default 1 in the ASN.1)",
};

/**
 * "Export a .p12 with this password" and, on the other end, "open the .p12 you were sent": each
 * tool as its documentation calls it, one intent per key type (a tool that cannot write a key
 * type refuses that intent with its own reason, instead of the key type riding as a replaced
 * input every resolution would have to declare): an RSA key with an ASCII password, then the
 * other passwords; a P-256 key. A reader learns the algorithms from the file; what keeps a pair
 * apart is an algorithm one writes by default and the other does not read as called, or the
 * password's bytes. The empty password is its own intent too: pyca's BestAvailableEncryption refuses it.
 */
/**
 * The four intents of a container sentence, one per key type and password that matter: an RSA key
 * with an ASCII password (the long and the non-ASCII ones as inputs), the empty password, a P-256
 * key, an Ed25519 key. `nonAscii` says what the non-ASCII password's bytes depend on.
 */
export const containerIntents = (
  id: string,
  sentence: { readonly ascii: string; readonly empty: string; readonly p256: string; readonly ed25519: string },
  open: Readonly<Record<string, string>>,
  nonAscii: string,
): NonNullable<Standard['intents']> => [
  {
    id,
    sentence: sentence.ascii,
    fixes: { keyType: 'rsa-2048', password: 'ascii' },
    open,
    inputs: [
      { name: 'rsa-2048 key, long password (100 characters)', replace: { password: utf8('long') } },
      { name: `rsa-2048 key, password "Müller€" (${nonAscii})`, replace: { password: utf8('non-ascii') } },
    ],
  },
  { id: `${id}-empty-password`, sentence: sentence.empty, fixes: { keyType: 'rsa-2048', password: 'empty' }, open },
  { id: `${id}-p256`, sentence: sentence.p256, fixes: { keyType: 'p-256', password: 'ascii' }, open },
  { id: `${id}-ed25519`, sentence: sentence.ed25519, fixes: { keyType: 'ed25519', password: 'ascii' }, open },
];

const INTENTS = containerIntents(
  'export',
  {
    ascii: 'Export a .p12 with this password; open the .p12 you were sent',
    empty: 'Export a .p12 with an empty password; open the .p12 you were sent',
    p256: 'Export a .p12 of this P-256 key with this password; open the .p12 you were sent',
    ed25519: 'Export a .p12 of this Ed25519 key with this password; open the .p12 you were sent',
  },
  OPEN,
  'beyond ASCII: PBES2 derives from its UTF-8 octets in most tools (RFC 8018 §3 leaves the encoding open), the PKCS#12 KDF from its BMPString',
);

export const pkcs12: Standard = {
  id: 'pkcs12',
  title: 'PKCS#12 key and certificate file (.p12, .pfx)',
  family: container.name,
  references: ['RFC 7292 (PKCS #12 v1.1)', 'RFC 9579 (PBMAC1 in PKCS #12)', 'RFC 8018 (PBES2, PBKDF2)', 'RFC 5958 (PKCS#8 in the key bag)'],
  params: [
    { name: 'keyType', description: 'the key pair in the file (fixed fixtures)', values: KEY_TYPES },
    {
      name: 'keyEncryption',
      description: 'encryption of the PKCS8ShroudedKeyBag (PBES2 PRF and cipher, PKCS#12 PBE, or a plain KeyBag)',
      values: [...PKCS12_ENCRYPTIONS],
    },
    {
      name: 'certEncryption',
      description: 'encryption of the certificate bag (an EncryptedData safe), or none (a Data safe)',
      values: [...PKCS12_ENCRYPTIONS],
    },
    {
      name: 'iterations',
      description: 'iteration count of the key and certificate encryption (2048: OpenSSL and Node; 20,000: pyca; 600,000: GnuTLS, fixed)',
      values: [2048, 20000, 600000],
    },
    { name: 'saltBytes', description: 'salt length of the key and certificate encryption', values: [8, 16] },
    { name: 'mac', description: 'integrity: the RFC 7292 HMAC, RFC 9579 PBMAC1, or none', values: [...PKCS12_MACS] },
    { name: 'macIterations', description: 'iteration count of the MAC key derivation (1: pyca, which has no option for it)', values: [1, 2048, 600000] },
    { name: 'password', description: 'the password: printable ASCII, empty, 100 characters, or beyond ASCII (Müller€)', values: PASSWORDS },
  ],
  matrix: MATRIX,
  // Damage is about the file, not the key: the modern and the legacy file.
  negativeMatrix: [MATRIX[0]!, MATRIX[1]!],
  layout:
    'PFX { version 3, authSafe ContentInfo (Data) of AuthenticatedSafe, macData } (RFC 7292 §4), DER; the key in a PKCS8ShroudedKeyBag, the certificate in a CertBag',
  ops: ['write', 'read'],
  deterministic: false,
  authenticated: true,
  plaintextSizes: [0],
  mutations,
  intents: INTENTS,
  stated: (der) => pkcs12Stated(der),
  sizes: () => ({ key: 0, nonce: 0, tag: 0, block: 1 }),
  paramsId: (p: Params) =>
    containerParamsId(p, [
      ['keyType', String],
      ['keyEncryption', (v) => `k-${SLUG[String(v)]}`],
      ['certEncryption', (v) => `c-${SLUG[String(v)]}`],
      ['iterations', (v) => `i${String(v)}`],
      ['saltBytes', (v) => `s${String(v)}`],
      ['mac', (v) => `m-${SLUG[String(v)]}`],
      ['macIterations', (v) => `mi${String(v)}`],
      ['password', (v) => `pw-${String(v)}`],
    ]),
};
