/**
 * JSON Web Encryption (RFC 7516) with the algorithms of RFC 7518. A `pke`-family standard:
 * the consumer makes the key material, the producer encrypts to it, the consumer decrypts.
 * Key material travels as JWK JSON (RFC 7517; RSA and EC pairs, `oct` keys, whose "public"
 * half is the secret itself) or, for PBES2, as the password's UTF-8 bytes on both sides.
 * The ciphertext is the whole serialized JWE (compact, flattened or general JSON), as bytes.
 * Every parameter is explicit: the key management algorithm, the content encryption
 * algorithm, the serialization, the kind of key, the PBES2 iteration count and compression.
 * Encryption is randomized (CEK, IV, ephemeral keys), so the matrix checks round trips.
 */
import { pke } from '../core/families/pke.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Mutation, Standard } from '../core/standard.js';
import { OTHER_KEYS } from '../core/standard.js';
import { slugger } from './params-id.js';

/** Key management algorithms (RFC 7518 §4.1), as `alg` header values. */
export const JWE_ALGS = [
  'RSA-OAEP',
  'RSA-OAEP-256',
  'RSA1_5',
  'A128KW',
  'A192KW',
  'A256KW',
  'A128GCMKW',
  'A192GCMKW',
  'A256GCMKW',
  'dir',
  'ECDH-ES',
  'ECDH-ES+A128KW',
  'ECDH-ES+A192KW',
  'ECDH-ES+A256KW',
  'PBES2-HS256+A128KW',
  'PBES2-HS384+A192KW',
  'PBES2-HS512+A256KW',
] as const;

/** Content encryption algorithms (RFC 7518 §5.1), as `enc` header values. */
export const JWE_ENCS = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const;

/** Serializations (RFC 7516 §7.1 compact, §7.2.2 flattened JSON, §7.2.1 general JSON). */
export const JWE_SERIALIZATIONS = ['compact', 'json-flattened', 'json-general'] as const;

/**
 * What the key material is: an RSA pair of a modulus size, an EC (or OKP, RFC 8037) pair on a curve, a symmetric
 * key of a size in bits (`oct`), or a password. The known-answer corpora use more kinds than
 * the matrix generates.
 */
export const JWE_KEY_KINDS = [
  'RSA-2048',
  'RSA-4096',
  'EC-P-256',
  'EC-P-384',
  'EC-P-521',
  'OKP-X25519',
  'oct-128',
  'oct-192',
  'oct-256',
  'oct-384',
  'oct-512',
  'password',
] as const;

/** The CEK size of each `enc` in bits: what a `dir` key must be (RFC 7518 §5.2.3–5.2.5, §5.3). */
export const ENC_KEY_BITS: Readonly<Record<string, number>> = {
  A128GCM: 128,
  A192GCM: 192,
  A256GCM: 256,
  'A128CBC-HS256': 256,
  'A192CBC-HS384': 384,
  'A256CBC-HS512': 512,
};

/** The key kind an algorithm takes in generated cases (the matrix): RSA 2048, P-256, the wrapping key's size, a password. */
export function matrixKeyKind(alg: string, enc: string): string {
  if (alg.startsWith('RSA')) return 'RSA-2048';
  if (alg.startsWith('ECDH-ES')) return 'EC-P-256';
  if (alg.startsWith('PBES2')) return 'password';
  if (alg === 'dir') return `oct-${ENC_KEY_BITS[enc]!}`;
  return `oct-${alg.slice(1, 4)}`;
}

/**
 * PBES2 iteration count in the matrix: 1000, the smallest count RFC 7518 §4.8.1.2 recommends
 * ("A minimum iteration count of 1000 is RECOMMENDED"), so that the grid stays fast; the
 * cookbook's 8192 is exercised by the known answers. 0 stands for "not PBES2" (no `p2c`).
 */
export const MATRIX_P2C = 1000;

const set = (alg: string, enc: string, serialization: string): Params => ({
  alg,
  enc,
  serialization,
  keyKind: matrixKeyKind(alg, enc),
  iterations: alg.startsWith('PBES2') ? MATRIX_P2C : 0,
  zip: 'none',
});

/** One algorithm of each key kind, for the sweep over content encryption algorithms. */
const ONE_PER_KIND = ['RSA-OAEP-256', 'ECDH-ES+A128KW', 'A256KW', 'dir', 'PBES2-HS256+A128KW'];
const MATRIX_ALGS = ['RSA-OAEP', 'RSA-OAEP-256', 'A128KW', 'A256KW', 'dir', 'ECDH-ES', 'ECDH-ES+A128KW', 'PBES2-HS256+A128KW'];

/**
 * A focused sweep: every algorithm of the matrix with A128GCM in compact and flattened JSON;
 * A256GCM and A128CBC-HS256 with one algorithm of each key kind (compact); general JSON twice.
 * The other algorithms, sizes and curves are the known-answer corpora's (cookbook, Wycheproof).
 */
const MATRIX: readonly Params[] = [
  ...MATRIX_ALGS.flatMap((alg) => ['compact', 'json-flattened'].map((s) => set(alg, 'A128GCM', s))),
  ...ONE_PER_KIND.flatMap((alg) => ['A256GCM', 'A128CBC-HS256'].map((enc) => set(alg, enc, 'compact'))),
  set('A128KW', 'A128GCM', 'json-general'),
  set('ECDH-ES+A128KW', 'A128CBC-HS256', 'json-general'),
];

// ---------------------------------------------------------------------------------------
// The parts of a serialized JWE, for tampering (and for the importers' parameter reading).

/** The five parts of a JWE as base64url text; `recipient` is where the encrypted key sits in JSON. */
export interface JweParts {
  protected: string;
  encrypted_key: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

const TEXT = new TextDecoder();
const UTF8 = new TextEncoder();

type Json = Record<string, unknown>;

/** The serialized JWE as text, and as a JSON object when it is one. */
function parsed(bytes: Uint8Array): { compact: string[] } | { json: Json } {
  const text = TEXT.decode(bytes).trim();
  if (text.startsWith('{')) return { json: JSON.parse(text) as Json };
  return { compact: text.split('.') };
}

/** Where the encrypted key lives in a JSON serialization: the first recipient (general) or the top level (flattened). */
function keyHolder(json: Json): Json {
  const r = json['recipients'];
  return Array.isArray(r) && r.length > 0 ? (r[0] as Json) : json;
}

/** Reads the five parts of a compact or JSON JWE. */
export function jweParts(bytes: Uint8Array): JweParts {
  const p = parsed(bytes);
  if ('compact' in p) {
    const [prot = '', ek = '', iv = '', ct = '', tag = ''] = p.compact;
    return { protected: prot, encrypted_key: ek, iv, ciphertext: ct, tag };
  }
  const j = p.json;
  const s = (o: Json, k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return { protected: s(j, 'protected'), encrypted_key: s(keyHolder(j), 'encrypted_key'), iv: s(j, 'iv'), ciphertext: s(j, 'ciphertext'), tag: s(j, 'tag') };
}

/** The same JWE with some parts replaced, in its own serialization. */
export function withParts(bytes: Uint8Array, change: Partial<JweParts>): Uint8Array {
  const p = parsed(bytes);
  const parts = { ...jweParts(bytes), ...change };
  if ('compact' in p) return UTF8.encode([parts.protected, parts.encrypted_key, parts.iv, parts.ciphertext, parts.tag].join('.'));
  const j = structuredClone(p.json);
  const put = (o: Json, k: keyof JweParts): void => {
    if (change[k] === undefined) return;
    if (change[k] === '') delete o[k];
    else o[k] = change[k];
  };
  for (const k of ['protected', 'iv', 'ciphertext', 'tag'] as const) put(j, k);
  put(keyHolder(j), 'encrypted_key');
  return UTF8.encode(JSON.stringify(j));
}

/** The JOSE header members a JWE carries for one recipient: protected, shared unprotected and the recipient's own. */
export function jweHeader(bytes: Uint8Array, recipient = 0): Json {
  const p = parsed(bytes);
  const prot = jweParts(bytes).protected;
  const protectedHeader = prot ? (JSON.parse(Buffer.from(prot, 'base64url').toString('utf8')) as Json) : {};
  if ('compact' in p) return protectedHeader;
  const j = p.json;
  const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
  const recipients = j['recipients'];
  const holder = Array.isArray(recipients) ? obj(recipients[recipient]) : j;
  return { ...obj(j['unprotected']), ...obj(holder['header']), ...protectedHeader };
}

/** The key kind of a JWK (RSA modulus size, EC or OKP curve, oct size in bits), as `keyKind` names it. */
export function jwkKeyKind(jwk: Readonly<Record<string, unknown>>): string {
  const bits = (member: string): number => Buffer.from(String(jwk[member] ?? ''), 'base64url').length * 8;
  switch (jwk['kty']) {
    case 'RSA':
      return `RSA-${bits('n')}`;
    case 'EC':
    case 'OKP':
      return `${String(jwk['kty'])}-${String(jwk['crv'])}`;
    case 'oct':
      return `oct-${bits('k')}`;
    default:
      return `kty ${String(jwk['kty'])}`;
  }
}

/** The serialization of a JWE: `compact`, `json-flattened` or `json-general`. */
export function jweSerialization(bytes: Uint8Array): string {
  const p = parsed(bytes);
  return 'compact' in p ? 'compact' : Array.isArray(p.json['recipients']) ? 'json-general' : 'json-flattened';
}

/** One bit of a base64url part flipped (at a position from `rng`). */
function flipB64(part: string, at: (n: number) => number): string {
  const raw = Uint8Array.from(Buffer.from(part, 'base64url'));
  const i = at(raw.length);
  raw[i] = raw[i]! ^ 0x01;
  return Buffer.from(raw).toString('base64url');
}

const AUTH = 'RFC 7516 §5.2 steps 14–16 (the authenticated decryption of the content must fail and the JWE be rejected)';

/** A mutation of one part of the serialized JWE. */
function partMutation(
  id: string,
  description: string,
  because: string,
  change: (parts: JweParts, at: (n: number) => number) => Partial<JweParts> | undefined,
): Mutation {
  return {
    id,
    description,
    because,
    apply(i: ByteMap, _s, rng) {
      const ct = i['ciphertext']!;
      const c = change(jweParts(ct), (n) => rng.int(n));
      return c === undefined ? undefined : { ...i, ciphertext: withParts(ct, c) };
    },
  };
}

const MUTATIONS: readonly Mutation[] = [
  partMutation(
    'protected-header',
    'the protected header re-encoded with one more (unknown, non-critical) member',
    `RFC 7516 §5.1 step 14 and §5.2 step 14: the Additional Authenticated Data is ASCII(BASE64URL(protected header)), so any change to it must fail authentication (${AUTH})`,
    (p) => {
      const header = p.protected ? (JSON.parse(Buffer.from(p.protected, 'base64url').toString('utf8')) as Json) : {};
      return { protected: Buffer.from(JSON.stringify({ ...header, bothends: 'tampered' })).toString('base64url') };
    },
  ),
  partMutation(
    'encrypted-key',
    'the JWE Encrypted Key changed: one bit flipped, or 16 bytes where it must be empty (dir, ECDH-ES)',
    'RFC 7516 §5.2 step 10: with direct encryption or direct key agreement the Encrypted Key must be empty; otherwise RFC 7518 §4.2–4.4 (RSA, AES Key Wrap integrity check, RFC 3394 §2.2.3) make the unwrapping fail, or the wrong CEK fails authentication (RFC 7516 §11.5, ' +
      AUTH +
      ')',
    (p, at) => ({ encrypted_key: p.encrypted_key ? flipB64(p.encrypted_key, at) : Buffer.alloc(16, 0xa5).toString('base64url') }),
  ),
  partMutation(
    'iv',
    'one bit of the IV flipped',
    `RFC 7518 §5.2.2.2 (AES-CBC-HMAC: the MAC covers the IV) and §5.3 (AES-GCM: the IV enters the tag); ${AUTH}`,
    (p, at) => ({ iv: flipB64(p.iv, at) }),
  ),
  partMutation('ciphertext', 'one bit of the ciphertext flipped', `RFC 7518 §5.2.2.2 and §5.3: the tag covers the ciphertext; ${AUTH}`, (p, at) =>
    p.ciphertext ? { ciphertext: flipB64(p.ciphertext, at) } : undefined,
  ),
  partMutation('tag', 'one bit of the authentication tag flipped', `RFC 7518 §5.2.2.2 step 2 and §5.3; ${AUTH}`, (p, at) => ({ tag: flipB64(p.tag, at) })),
  partMutation(
    'truncated-tag',
    'the authentication tag cut to its first half',
    'RFC 7518 §5.2.2.2 (the tag is T_LEN octets: 16 for A128CBC-HS256) and §5.3 ("use of an Authentication Tag of size 128 bits"): a shorter tag must be rejected, or forgeries get cheaper',
    (p) => {
      const tag = Buffer.from(p.tag, 'base64url');
      return { tag: tag.subarray(0, tag.length >> 1).toString('base64url') };
    },
  ),
  partMutation(
    'extended-tag',
    'one byte appended to the authentication tag',
    'RFC 7518 §5.2.2.2 step 2 and §5.3: the tag is exactly T_LEN octets (16 for A128CBC-HS256 and AES-GCM); a tag that only begins with the right value is not the tag and must be rejected',
    (p) => ({ tag: Buffer.concat([Buffer.from(p.tag, 'base64url'), Buffer.of(0)]).toString('base64url') }),
  ),
  {
    id: 'wrong-key',
    description: "decrypted with another key of the recipient's (for PBES2: another password)",
    because: `RFC 7516 §5.2 steps 7–10: key unwrapping with another key fails, or the wrong CEK fails authentication (${AUTH})`,
    apply: (i) => ({ ...i, secretKey: i[OTHER_KEYS.secretKey]!, publicKey: i[OTHER_KEYS.publicKey]! }),
  },
];

/**
 * What a serialized JWE states for itself: its key management and content algorithms, its
 * serialization and its compression. Undefined when the bytes are not a JWE.
 */
export function jweStated(bytes: Uint8Array): Params | undefined {
  try {
    const h = jweHeader(bytes);
    if (typeof h['alg'] !== 'string' || typeof h['enc'] !== 'string') return undefined;
    return { alg: h['alg'], enc: h['enc'], serialization: jweSerialization(bytes), zip: h['zip'] === 'DEF' ? 'DEF' : 'none' };
  } catch {
    return undefined;
  }
}

/** What "JWE" leaves open in every sentence: the serialization. */
const OPEN_SERIALIZATION =
  'RFC 7516 §7: a JWE has two serializations, the JWE Compact Serialization (§7.1) and the JWE JSON Serialization (§7.2, general or flattened), and "JWE" names neither; §9 tells a recipient how to tell them apart, not that it must read both';

/**
 * The sentences of an interface agreement that name the algorithms (as the alg and enc names of
 * RFC 7518 spell them) and not the serialization.
 */
const INTENTS: Standard['intents'] = [
  {
    id: 'rsa-oaep-a256gcm',
    sentence: 'JWE with RSA-OAEP and A256GCM',
    fixes: { alg: 'RSA-OAEP', enc: 'A256GCM', keyKind: 'RSA-2048', iterations: 0, zip: 'none' },
    open: { serialization: OPEN_SERIALIZATION },
  },
  {
    id: 'ecdh-es-a256gcm',
    sentence: 'JWE with ECDH-ES and A256GCM to this P-256 key',
    fixes: { enc: 'A256GCM', keyKind: 'EC-P-256', iterations: 0, zip: 'none' },
    open: {
      alg: 'RFC 7518 §4.6 names the key agreement ECDH-ES and uses it in two modes: Direct Key Agreement, whose alg is "ECDH-ES" itself, and Key Agreement with Key Wrapping, "ECDH-ES+A128KW", "ECDH-ES+A192KW" or "ECDH-ES+A256KW" (§4.6.1.1); the same name for the family and for one of its members',
      serialization: OPEN_SERIALIZATION,
    },
  },
];

export const jwe: Standard = {
  id: 'jwe',
  title: 'JSON Web Encryption (JWE)',
  family: pke.name,
  references: ['RFC 7516', 'RFC 7518 §4–5', 'RFC 7520 §5 (examples)'],
  params: [
    { name: 'alg', description: 'key management algorithm (RFC 7518 §4.1)', values: JWE_ALGS },
    { name: 'enc', description: 'content encryption algorithm (RFC 7518 §5.1)', values: JWE_ENCS },
    { name: 'serialization', description: 'compact (RFC 7516 §7.1) or JSON, flattened (§7.2.2) or general (§7.2.1)', values: JWE_SERIALIZATIONS },
    { name: 'keyKind', description: 'the key material: RSA modulus size, EC curve, symmetric key size in bits, or a password', values: JWE_KEY_KINDS },
    { name: 'iterations', description: 'PBES2 iteration count p2c (RFC 7518 §4.8.1.2); 0 when alg is not PBES2', values: [0, MATRIX_P2C, 8192] },
    { name: 'zip', description: 'compression before encryption (RFC 7516 §4.1.3): none, or DEF (RFC 1951)', values: ['none', 'DEF'] },
  ],
  matrix: MATRIX,
  negativeMatrix: [
    set('A128KW', 'A128GCM', 'compact'),
    set('RSA-OAEP-256', 'A128CBC-HS256', 'json-flattened'),
    set('dir', 'A256GCM', 'compact'),
    set('ECDH-ES', 'A128CBC-HS256', 'compact'),
    set('ECDH-ES+A128KW', 'A256GCM', 'json-general'),
    set('PBES2-HS256+A128KW', 'A128GCM', 'compact'),
  ],
  keys: { keyParams: ['keyKind'], keyType: 'jwe', keyEncoding: 'JWKs (RFC 7517), or the password for PBES2' },
  layout:
    'publicKey/secretKey: JWK JSON (RFC 7517; oct keys: the same JWK on both sides) or, for PBES2, the password as UTF-8; ciphertext: the serialized JWE as UTF-8 text (compact, or JSON)',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  // Past one AES block (CBC padding adds a second), then the empty message; the first size is the one negative cases tamper.
  plaintextSizes: [17, 0],
  mutations: MUTATIONS,
  intents: INTENTS,
  stated: jweStated,
  sizes: () => ({ key: 0, nonce: 0, tag: 0, block: 16, framed: true }),
  paramsId: (p) => {
    const base = slugger([
      ['alg', ''],
      ['enc', ''],
      ['serialization', ''],
      ['keyKind', ''],
    ])(p);
    const extra = [Number(p['iterations']) ? `p2c${String(p['iterations'])}` : '', p['zip'] === 'DEF' ? 'zipDEF' : ''].filter(Boolean);
    return [base, ...extra].join('-');
  },
};
