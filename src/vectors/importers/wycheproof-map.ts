/**
 * The Wycheproof mapping table: for each `testvectors_v1` schema, which bothends standard a
 * group belongs to, where each of the standard's parameters comes from, and how each bothends
 * field is made from the test (converted to the standard's canonical layout: AEAD ct ‖ tag;
 * keys in the `keyFormat` the schema's encoding corresponds to — raw, DER, PEM text or JWK
 * JSON — so that tests about key encodings stay tests about key encodings). The importer is driven by the standard: it asks for every
 * parameter and field the standard declares, so a standard added later maps by adding (or
 * completing) one entry here. A standard id that is not registered, a parameter or field an
 * entry cannot supply, and a value that cannot be converted all surface as exclusions with
 * their reason.
 */
import { concatBytes, fromHex } from '../../core/bytes.js';
import type { ParamValue, Params } from '../../core/model.js';
import { EC_CURVES, ecPkcs8, jwkBytes, leftPad, type EcCurve } from '../../standards/key-encoding.js';
import { JWE_ALGS, jweHeader, jwkKeyKind } from '../../standards/jwe.js';

/** A Wycheproof test: the common members plus the schema's own. */
export interface WpTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly [member: string]: unknown;
}

/** A Wycheproof test group. */
export interface WpGroup {
  readonly type?: string;
  readonly source?: { readonly name?: string; readonly version?: string };
  readonly tests: readonly WpTest[];
  readonly [member: string]: unknown;
}

/** A Wycheproof note: what a flag means. */
export interface WpNote {
  readonly bugType?: string;
  readonly description?: string;
  readonly cves?: readonly string[];
}

/** A Wycheproof `testvectors_v1` file. */
export interface WpFile {
  readonly algorithm?: string;
  readonly schema: string;
  readonly numberOfTests?: number;
  readonly notes?: Readonly<Record<string, WpNote>>;
  readonly testGroups: readonly WpGroup[];
}

/** The standard a group maps to, with parameters the algorithm fixes. */
export interface Target {
  readonly standard: string;
  readonly fixed?: Params;
}

/** A target, or why there is none. */
export type TargetOrWhy = Target | { readonly none: string };

/** Bytes, or why the value cannot be written in the standard's layout. */
export type Decoded = Uint8Array | { readonly unrepresentable: string };

/** Makes a bothends field from a test, or says why it cannot; `undefined` when the test has no such value. */
export type FieldSource = (t: WpTest, g: WpGroup) => Decoded | undefined;

/** Reads a parameter value from a group (and, where it varies per test, the test). */
export type ParamSource = (g: WpGroup, t: WpTest) => ParamValue | undefined;

/** One schema's mapping. */
export interface SchemaEntry {
  /** What the schema holds, for messages. */
  readonly what: string;
  target(file: WpFile, g: WpGroup): TargetOrWhy;
  /** Parameter values by canonical name (src/core/registry.ts); the target's `fixed` come first. */
  readonly params: Readonly<Record<string, ParamSource>>;
  /** bothends field name (src/vectors/fields.ts) → how to make it. */
  readonly fields: Readonly<Record<string, FieldSource>>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A hex member of the test (or, failing that, of the group). */
function hex(member: string): FieldSource {
  return (t, g) => {
    const v = str(t[member]) ?? str(g[member]);
    return v === undefined ? undefined : fromHex(v);
  };
}

/** Concatenation of hex members, e.g. the AEAD canonical layout ct ‖ tag. */
function joined(...members: string[]): FieldSource {
  return (t, g) => {
    const parts = members.map((m) => hex(m)(t, g));
    if (parts.some((p) => p === undefined)) return undefined;
    return concatBytes(...(parts as Uint8Array[]));
  };
}

/** A text member (PEM) as its UTF-8 bytes: the `pem` key format. */
function text(member: string): FieldSource {
  return (t) => {
    const v = t[member];
    return v === undefined ? undefined : typeof v === 'string' ? Uint8Array.from(Buffer.from(v, 'utf8')) : { unrepresentable: `${member} is not text` };
  };
}

/** A JSON object member (a JWK) as UTF-8 JSON: the `jwk` key format. */
function json(member: string): FieldSource {
  return (t) => {
    const v = t[member];
    return v === undefined
      ? undefined
      : typeof v === 'object' && v !== null
        ? jwkBytes(v as Record<string, unknown>)
        : { unrepresentable: `${member} is not a JSON object` };
  };
}

/** A size in bits, as bytes when it is whole bytes. */
function bytesOf(member: string): ParamSource {
  return (g) => {
    const bits = g[member];
    return typeof bits === 'number' && bits % 8 === 0 ? bits / 8 : undefined;
  };
}

function numberOf(member: string): ParamSource {
  return (g) => (typeof g[member] === 'number' ? (g[member] as number) : undefined);
}

function stringOf(member: string): ParamSource {
  return (g) => str(g[member]);
}

/** A target chosen by the file's algorithm name. */
function byAlgorithm(table: Readonly<Record<string, Target>>): (file: WpFile) => TargetOrWhy {
  return (file) => {
    const algorithm = file.algorithm ?? '(no algorithm)';
    return table[algorithm] ?? { none: `bothends has no standard for ${algorithm}` };
  };
}

/** A target for algorithm names like `HKDF-SHA-256`: the captured groups, joined by `-`, are the `hash` parameter. */
function byPattern(pattern: RegExp, standard: string): (file: WpFile) => TargetOrWhy {
  return (file) => {
    const m = pattern.exec(file.algorithm ?? '');
    return m ? { standard, fixed: { hash: m.slice(1).join('-') } } : { none: `bothends has no standard for ${file.algorithm ?? '(no algorithm)'}` };
  };
}

/** Wycheproof curve names of RFC 7748 → bothends standards and curve names. */
const XDH_CURVES: Readonly<Record<string, { readonly standard: string; readonly curve: string }>> = {
  curve25519: { standard: 'x25519', curve: 'X25519' },
  curve448: { standard: 'x448', curve: 'X448' },
};

/**
 * An XDH schema entry: keys as the schema writes them, in the matching `keyFormat` (raw bytes,
 * RFC 8410 DER, PEM text, RFC 8037 JWK JSON); the shared secret is always raw.
 */
function xdh(what: string, keyFormat: string, key: (member: string) => FieldSource): SchemaEntry {
  return {
    what,
    target: (_f, g) => {
      const c = XDH_CURVES[str(g['curve']) ?? ''];
      return c ? { standard: c.standard, fixed: { curve: c.curve, keyFormat } } : { none: `bothends has no standard for the XDH curve ${String(g['curve'])}` };
    },
    params: {},
    fields: { secretKey: key('private'), publicKey: key('public'), sharedSecret: hex('shared') },
  };
}

/** Wycheproof ECDH curve names → the ecdh standard's curve names; others pass through (and are not declared). */
const ECDH_CURVES: Readonly<Record<string, EcCurve>> = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

const ecCurveOf = (g: WpGroup): string => ECDH_CURVES[str(g['curve']) ?? ''] ?? String(g['curve']);

/** A Wycheproof private scalar (an ASN.1 INTEGER's hex: maybe a leading 00, maybe short) at the curve's length (SEC 1 §2.3.7). */
function ecScalar(t: WpTest, g: WpGroup): Uint8Array | undefined {
  const v = str(t['private']);
  const curve = EC_CURVES[ecCurveOf(g) as EcCurve];
  if (v === undefined || !curve) return undefined;
  const bytes = fromHex(v);
  let start = 0;
  while (start < bytes.length - curve.size && bytes[start] === 0) start++;
  return leftPad(bytes.subarray(start), curve.size);
}

/** An ECDH schema entry: the keyFormat its public key encoding corresponds to, and how to write the secret key in it. */
function ecdh(what: string, keyFormat: string, publicKey: FieldSource, secretKey: FieldSource): SchemaEntry {
  return {
    what,
    target: () => ({ standard: 'ecdh', fixed: { keyFormat, secretForm: 'x' } }),
    params: { curve: (g) => ecCurveOf(g) },
    fields: { secretKey, publicKey, sharedSecret: hex('shared') },
  };
}

/** A scalar as the PKCS#8 structure of the `der` key format. */
const ecPkcs8Of: FieldSource = (t, g) => {
  const scalar = ecScalar(t, g);
  return scalar && ecPkcs8(ecCurveOf(g) as EcCurve, scalar);
};

const AEAD_PARAMS = { keyBits: numberOf('keySize'), ivBytes: bytesOf('ivSize'), nonceBytes: bytesOf('ivSize'), tagBytes: bytesOf('tagSize') };

/** RSA parameters; the label length varies per test, so tests of one group may land in several bothends groups. */
const RSA_PARAMS: Readonly<Record<string, ParamSource>> = {
  modulusBits: numberOf('keySize'),
  oaepHash: stringOf('sha'),
  mgf1Hash: (g) => (g['mgf'] === 'MGF1' ? str(g['mgfSha']) : undefined),
  labelBytes: (_g, t) => (typeof t['label'] === 'string' ? t['label'].length / 2 : undefined),
};
const RSA_FIELDS = { secretKey: hex('privateKeyPkcs8'), ciphertext: hex('ct'), plaintext: hex('msg'), label: hex('label') };

/** A test's JWE header, or an empty one when the test breaks it (a missing or garbled header is what some invalid tests are). */
function wpJweHeader(t: WpTest): Readonly<Record<string, unknown>> {
  try {
    return typeof t['jwe'] === 'string' ? jweHeader(new TextEncoder().encode(t['jwe'])) : {};
  } catch {
    return {};
  }
}

/**
 * JSON Web Encryption (Wycheproof's JsonWebEncryption tests of a compact-serialization API). The
 * consumer is configured the way the recipient's key says: `alg` is the private JWK's `alg`
 * when it names a key management algorithm (so a header naming another one, as the
 * WrongCipher and Pkcs15WithOaepKey tests do, must be refused), else the header's (`dir`
 * keys name their `enc`); `enc` is the test's; the serialization is always compact, so a JSON
 * serialization (JsonSerialization) must be refused too.
 */
const JWE_ENTRY: SchemaEntry = {
  what: 'JSON Web Encryption (compact)',
  target: () => ({ standard: 'jwe', fixed: { serialization: 'compact' } }),
  params: {
    alg: (g, t) => {
      const keyAlg = (g['private'] as Record<string, unknown> | undefined)?.['alg'];
      const header = wpJweHeader(t)['alg'];
      return typeof keyAlg === 'string' && (JWE_ALGS as readonly string[]).includes(keyAlg) ? keyAlg : typeof header === 'string' ? header : undefined;
    },
    enc: (_g, t) => str(t['enc']),
    keyKind: (g) => (typeof g['private'] === 'object' && g['private'] !== null ? jwkKeyKind(g['private'] as Record<string, unknown>) : undefined),
    iterations: (_g, t) => {
      const p2c = wpJweHeader(t)['p2c'];
      return typeof p2c === 'number' ? p2c : 0;
    },
    zip: (_g, t) => str(wpJweHeader(t)['zip']) ?? 'none',
  },
  fields: {
    secretKey: (_t, g) => (typeof g['private'] === 'object' && g['private'] !== null ? jwkBytes(g['private'] as Record<string, unknown>) : undefined),
    ciphertext: (t) => (typeof t['jwe'] === 'string' ? new TextEncoder().encode(t['jwe']) : { unrepresentable: 'jwe is not a string' }),
    plaintext: hex('pt'),
  },
};

/**
 * An ML-KEM schema entry (FIPS 203). `secretKeyFormat` is the layout the tests' secret key is
 * in; a seed-form key is the seed itself, so the seed feeds both key generation and
 * decapsulation. Lengths are not checked here: wrong-length keys and ciphertexts are what many
 * invalid tests are, and the libraries must refuse them.
 */
function mlKem(what: string, secretKeyFormat: 'seed' | 'expanded', secretKey: FieldSource): SchemaEntry {
  return {
    what,
    target: () => ({ standard: 'ml-kem', fixed: { secretKeyFormat, publicKeyFormat: 'raw' } }),
    params: { parameterSet: stringOf('parameterSet') },
    fields: { seed: hex('seed'), secretKey, publicKey: hex('ek'), m: hex('m'), ciphertext: hex('c'), sharedSecret: hex('K') },
  };
}

/** Every schema bothends maps, by Wycheproof schema file name. */
export const WYCHEPROOF_SCHEMAS: Readonly<Record<string, SchemaEntry>> = {
  'aead_test_schema_v1.json': {
    what: 'AEAD encryption and decryption',
    target: byAlgorithm({
      'AES-GCM': { standard: 'aes-gcm' },
      'CHACHA20-POLY1305': { standard: 'chacha20-poly1305' },
      'XCHACHA20-POLY1305': { standard: 'xchacha20-poly1305' },
      'AES-GCM-SIV': { standard: 'aes-gcm-siv' },
    }),
    params: AEAD_PARAMS,
    fields: { key: hex('key'), iv: hex('iv'), nonce: hex('iv'), aad: hex('aad'), plaintext: hex('msg'), ciphertext: joined('ct', 'tag') },
  },
  'ind_cpa_test_schema_v1.json': {
    what: 'unauthenticated symmetric encryption',
    target: byAlgorithm({ 'AES-CBC-PKCS5': { standard: 'aes-cbc', fixed: { padding: 'pkcs7' } } }),
    params: { keyBits: numberOf('keySize'), ivBytes: bytesOf('ivSize') },
    fields: { key: hex('key'), iv: hex('iv'), plaintext: hex('msg'), ciphertext: hex('ct') },
  },
  'xdh_comp_schema_v1.json': xdh('XDH with raw keys', 'raw', hex),
  'xdh_asn_comp_schema_v1.json': xdh('XDH with DER keys (RFC 8410)', 'der', hex),
  'xdh_pem_comp_schema_v1.json': xdh('XDH with PEM keys', 'pem', text),
  'xdh_jwk_comp_schema_v1.json': xdh('XDH with JWK keys (RFC 8037)', 'jwk', json),
  'ecdh_test_schema_v1.json': ecdh('ECDH with DER public keys and raw scalars', 'der', hex('public'), ecPkcs8Of),
  'ecdh_ecpoint_test_schema_v1.json': ecdh('ECDH with SEC 1 points and raw scalars', 'sec1', hex('public'), ecScalar),
  'ecdh_pem_test_schema_v1.json': ecdh('ECDH with PEM keys', 'pem', text('public'), text('private')),
  'ecdh_webcrypto_test_schema_v1.json': ecdh('ECDH with JWK keys', 'jwk', json('public'), json('private')),
  'rsaes_oaep_decrypt_schema_v1.json': {
    what: 'RSAES-OAEP decryption',
    target: () => ({ standard: 'rsa-oaep', fixed: { keyFormat: 'der' } }),
    params: RSA_PARAMS,
    fields: RSA_FIELDS,
  },
  'rsaes_pkcs1_decrypt_schema_v1.json': {
    what: 'RSAES-PKCS1-v1_5 decryption',
    target: () => ({ standard: 'rsaes-pkcs1-v1_5', fixed: { keyFormat: 'der' } }),
    params: RSA_PARAMS,
    fields: RSA_FIELDS,
  },
  'keywrap_test_schema_v1.json': {
    what: 'key wrapping',
    target: byAlgorithm({ 'AES-WRAP': { standard: 'aes-kw' }, 'AES-KWP': { standard: 'aes-kwp' } }),
    params: { keyBits: numberOf('keySize') },
    fields: { key: hex('key'), plaintext: hex('msg'), ciphertext: hex('ct') },
  },
  'hkdf_test_schema_v1.json': {
    what: 'HKDF key derivation',
    target: byPattern(/^HKDF-(SHA-\d+)$/, 'hkdf'),
    params: {},
    fields: { ikm: hex('ikm'), salt: hex('salt'), info: hex('info'), okm: hex('okm') },
  },
  'pbkdf_test_schema.json': {
    what: 'PBKDF2 key derivation',
    target: byPattern(/^PBKDF2-HMAC(SHA)(\d+)$/, 'pbkdf2'),
    params: {},
    fields: { password: hex('password'), salt: hex('salt'), dk: hex('dk') },
  },
  'pbe_test_schema.json': {
    what: 'PBES2 encryption of a bare message (RFC 8018 §6.2)',
    target: (f) => {
      const m = /^PbeWithHmacSha(1|224|256|384|512)AndAes_(128|192|256)$/.exec(f.algorithm ?? '');
      return m
        ? { standard: 'pbes2', fixed: { kdfHash: `SHA-${m[1]!}`, keyBits: Number(m[2]) } }
        : { none: `bothends has no standard for ${f.algorithm ?? '(no algorithm)'}: pbes2 is PBES2 with an HMAC-SHA PRF and AES-CBC` };
    },
    params: { iterations: (_g, t) => (typeof t['iterationCount'] === 'number' ? t['iterationCount'] : undefined) },
    fields: { password: hex('password'), salt: hex('salt'), iv: hex('iv'), plaintext: hex('msg'), ciphertext: hex('ct') },
  },
  'json_web_encryption_schema_v1.json': JWE_ENTRY,
  'mlkem_test_schema.json': mlKem('ML-KEM key generation from a seed and decapsulation', 'seed', hex('seed')),
  'mlkem_keygen_seed_test_schema.json': mlKem('ML-KEM key generation from a seed', 'seed', hex('seed')),
  'mlkem_encaps_test_schema.json': mlKem('ML-KEM encapsulation with given randomness', 'seed', () => undefined),
  'mlkem_semi_expanded_decaps_test_schema.json': mlKem('ML-KEM decapsulation with an expanded key', 'expanded', hex('dk')),
};
