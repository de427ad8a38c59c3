/**
 * The one registry of canonical names. Standards, parameters and operations are spelled
 * here once; adapters keep small lookup tables from these names to their library's names.
 */
import { familyOf } from './families/index.js';
import type { Standard } from './standard.js';

/** Canonical parameter names and what they mean. */
export const PARAMS = {
  keyBits: 'symmetric key length in bits',
  ivBytes: 'IV length in bytes',
  nonceBytes: 'nonce length in bytes',
  tagBytes: 'authentication tag length in bytes',
  counterBits: 'number of low-order bits of the counter block that are incremented (the rest never change)',
  padding: 'padding scheme',
  curve: 'elliptic curve or Montgomery curve',
  modulusBits: 'RSA modulus length in bits',
  oaepHash: 'RSA-OAEP hash function: hashes the label and sizes the padding (RFC 8017 §7.1)',
  mgf1Hash: 'hash function of the MGF1 mask generation function (RFC 8017 §B.2.1), independent of the OAEP hash',
  labelBytes: 'length in bytes of the RSA-OAEP label L (0: the empty label)',
  keyFormat: 'encoding in which key pairs are exported and imported (see KEY_FORMATS)',
  secretForm: 'what a key agreement returns as its shared secret: the x-coordinate, or the whole shared point',
  keying: 'TDEA keying option: three independent keys, or two keys used as K1, K2, K1 (NIST SP 800-67 §3.1)',
  kdf: 'key derivation function: from a passphrase, or (HPKE) the HKDF of the key schedule, RFC 9180 §7.2',
  kdfHash: 'hash function of the key derivation function',
  iterations: 'iteration count of the key derivation function',
  cipher: 'cipher and mode, by its OpenSSL name (e.g. aes-256-cbc)',
  encoding: 'how the output is written: binary bytes or base64 text (and its line layout)',
  keyTransport: 'CMS key transport (RFC 5652 §6.2.1): RSAES-PKCS1-v1_5, or RSAES-OAEP with its hash (MGF1 with the same hash, RFC 4055 §4.1)',
  contentEncryption: 'CMS content cipher: AES-CBC in EnvelopedData (RFC 3565), AES-GCM in AuthEnvelopedData (RFC 5083, RFC 5084)',
  recipientId: 'CMS RecipientIdentifier (RFC 5652 §6.2.1): issuerAndSerialNumber or subjectKeyIdentifier',
  alg: 'JOSE key management algorithm, by its RFC 7518 §4.1 "alg" name',
  enc: 'JOSE content encryption algorithm, by its RFC 7518 §5.1 "enc" name',
  serialization: 'JWE serialization: compact (RFC 7516 §7.1) or JSON, flattened or general (§7.2)',
  keyKind: 'the kind of key material a JOSE algorithm takes: RSA modulus size, EC curve, symmetric key size, password',
  zip: 'JWE compression before encryption (RFC 7516 §4.1.3): none or DEF',
  recipients: 'number of recipients a message is encrypted to (age: one X25519 stanza each; OpenPGP: one PKESK each)',
  identityIndex: 'age: which of the recipients the consumer decrypts as (0: the first stanza)',
  armor: "binary, or ASCII armor (age: the C2SP age spec's armor; OpenPGP: RFC 9580 §6)",
  workFactor: 'age scrypt: log2 of the scrypt cost N written in the stanza (r = 8, p = 1)',
  keyVersion: 'OpenPGP key packet version: v4 (RFC 4880, RFC 9580) or v6 (RFC 9580 §5.5.2)',
  keyAlgo: 'OpenPGP key algorithms: EdDSALegacy + ECDH Curve25519 (22/18), or RFC 9580 Ed25519 + X25519 (27/25)',
  encryption: 'OpenPGP encrypted data packet: SEIPDv1 (MDC), SEIPDv2 with its AEAD mode (RFC 9580 §5.13), LibrePGP OCB packet (tag 20)',
  sessionCipher: 'OpenPGP symmetric-key algorithm of the session key (RFC 9580 §9.3)',
  compression: 'OpenPGP compressed data packet (RFC 9580 §5.6): none, ZIP or ZLIB',
  signed: 'OpenPGP sign-then-encrypt: the message carries a signature the consumer must verify',
  s2k: 'OpenPGP string-to-key specifier of a password (RFC 9580 §3.7.1)',
  mode: 'HPKE mode (RFC 9180 §5): base, psk, auth or auth_psk',
  kem: 'HPKE KEM, by its RFC 9180 §7.1 name, e.g. DHKEM(X25519, HKDF-SHA256)',
  aead: 'HPKE AEAD, by its RFC 9180 §7.3 name, or Export-only',
  api: 'HPKE API: single-shot (RFC 9180 §6.1) or a context sealing a numbered sequence of messages and exporting secrets (§5.2, §5.3)',
  infoBytes: 'HPKE: length in bytes of the application info',
  aadBytes: 'length in bytes of the additional authenticated data of each message',
  pskBytes: 'HPKE: length in bytes of the pre-shared key (0: a mode without PSK)',
  scrypt: 'scrypt cost parameters N, r and p (RFC 7914)',
} as const;

/** Canonical hash function names (FIPS 180-4), as parameter values. */
export const HASHES = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const;

/** A canonical hash function name. */
export type HashName = (typeof HASHES)[number];

/**
 * Canonical key encodings, as `keyFormat` values. Each names how the public key and the
 * secret key of one pair are written; a standard lists the ones that apply to its keys.
 */
export const KEY_FORMATS = {
  der: 'public key: SubjectPublicKeyInfo (RFC 5280 §4.1.2.7); secret key: PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5958); DER',
  pem: 'the same structures as `der` in PEM armour (RFC 7468: PUBLIC KEY, PRIVATE KEY)',
  'pkcs1-der': 'RSA only: RSAPublicKey and RSAPrivateKey (RFC 8017 Appendix A.1); DER',
  'pkcs1-pem': 'RSA only: the same structures as `pkcs1-der` in PEM armour (RSA PUBLIC KEY, RSA PRIVATE KEY)',
  jwk: 'JSON Web Key (RFC 7517; RFC 7518 §6 for RSA and EC, RFC 8037 for X25519) as UTF-8 JSON; the secret key carries the public members too',
  sec1: "EC only: public key: uncompressed point 04 ‖ x ‖ y (SEC 1 §2.3.3); secret key: the scalar, big-endian, padded to the order's length (SEC 1 §2.3.7)",
  raw: 'X25519 only: the 32-byte strings of RFC 7748 §5',
} as const;

/** A canonical key encoding name. */
export type KeyFormat = keyof typeof KEY_FORMATS;

/** A canonical parameter name. */
export type ParamName = keyof typeof PARAMS;

/** Builds a lookup of standards by id; duplicate ids are a programming error. */
export function makeRegistry(standards: readonly Standard[]): ReadonlyMap<string, Standard> {
  const map = new Map<string, Standard>();
  for (const s of standards) {
    if (map.has(s.id)) throw new Error(`duplicate standard id ${s.id}`);
    const own = familyOf(s).params ?? {};
    for (const p of s.params) {
      if (!(p.name in PARAMS) && !(p.name in own))
        throw new Error(`standard ${s.id} uses parameter ${p.name}, which is neither in the registry nor one of the ${s.family} family's own`);
    }
    map.set(s.id, s);
  }
  return map;
}
