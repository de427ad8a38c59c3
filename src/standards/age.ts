/**
 * age (age-encryption.org/v1, specified at C2SP: https://c2sp.org/age), as two standards that
 * share one file layout and differ in how the 16-byte file key is wrapped:
 *
 * - `age-x25519` (family `pke`): one `X25519` stanza per recipient. Keys are the age text
 *   encodings: the public key is a recipients file (one Bech32 `age1…` line per recipient),
 *   the secret key an identity file (one `AGE-SECRET-KEY-1…` line). With two recipients the
 *   file is encrypted to both and the consumer decrypts with the identity `identityIndex`
 *   names, so the stanza it must find is the first or the second.
 * - `age-mlkem768x25519` (family `pke`): age's post-quantum hybrid recipients, one
 *   `mlkem768x25519` stanza per recipient (HPKE with the ML-KEM-768 + X25519 hybrid KEM, whose
 *   enc is the stanza's argument). Keys: a recipients file of `age1pq1…` lines and an identity
 *   file of one `AGE-SECRET-KEY-PQ-1…` line; otherwise as `age-x25519`.
 * - `age-scrypt` (family `pbe`): one `scrypt` stanza (salt, work factor logN), alone in the
 *   header. The salt is the implementation's own random one (the spec leaves no way to pass it),
 *   so encryption is randomized and the `salt` input of the family is not used.
 *
 * The file: the text header (`age-encryption.org/v1`, stanzas, `--- ` HMAC-SHA-256 of the header
 * under a key derived from the file key), then the payload: a 16-byte nonce and the STREAM
 * chunks (ChaCha20-Poly1305, 64 KiB of plaintext per chunk, the last one flagged final). Both
 * may be wrapped in the ASCII armor (`-----BEGIN AGE ENCRYPTED FILE-----`, base64 in 64-column
 * lines). Plaintext sizes sit on the chunk boundary.
 */
import { pke } from '../core/families/pke.js';
import { pbe } from '../core/families/pbe.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Rng } from '../core/rng.js';
import { OTHER_KEYS, type Mutation, type Sizes, type Standard } from '../core/standard.js';
import { flipAt } from './mutations.js';
import { slugger } from './params-id.js';

/** The spec, cited by every expectation. */
export const AGE_SPEC = 'C2SP age (age-encryption.org/v1, https://c2sp.org/age)';

/** Plaintext bytes per STREAM chunk. */
export const CHUNK = 64 * 1024;
/** Poly1305 tag per chunk. */
const TAG = 16;
/** The payload nonce that opens the payload. */
const NONCE = 16;

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
/** Columns of an armored line (the spec: 64 columns, the last line shorter). */
const ARMOR_COLUMNS = 64;

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const bytesOf = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

/** Is `file` armored (it starts with the armor's first line)? */
export function isArmored(file: Uint8Array): boolean {
  return latin1(file.subarray(0, ARMOR_BEGIN.length)) === ARMOR_BEGIN;
}

/** The armor of the spec around `file`: canonical base64 with padding, 64 columns, LF line ends. */
export function armorEncode(file: Uint8Array): Uint8Array {
  const text = Buffer.from(file).toString('base64');
  const lines = text.match(new RegExp(`.{1,${ARMOR_COLUMNS}}`, 'g')) ?? [];
  return bytesOf([ARMOR_BEGIN, ...lines, ARMOR_END, ''].join('\n'));
}

/** The binary file inside an armored one (lenient: for tampering with well-formed files only). */
export function armorDecode(armored: Uint8Array): Uint8Array {
  const body = latin1(armored).replace(ARMOR_BEGIN, '').replace(ARMOR_END, '').replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(body, 'base64'));
}

/** A binary age file cut into its parts: header lines up to the MAC line, the MAC, the payload. */
interface Parts {
  /** Header text before the MAC line, ending with LF. */
  readonly stanzas: string;
  /** The 32-byte header MAC. */
  readonly mac: Uint8Array;
  /** Nonce and STREAM chunks. */
  readonly payload: Uint8Array;
}

function split(file: Uint8Array): Parts | undefined {
  const text = latin1(file);
  const at = text.indexOf('\n--- ');
  if (at < 0) return undefined;
  const end = text.indexOf('\n', at + 1);
  if (end < 0) return undefined;
  return { stanzas: text.slice(0, at + 1), mac: Uint8Array.from(Buffer.from(text.slice(at + 5, end), 'base64')), payload: file.subarray(end + 1) };
}

/** Unpadded standard base64, as the age header writes it. */
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64').replace(/=+$/, '');

function join(p: Parts): Uint8Array {
  return Uint8Array.from([...bytesOf(`${p.stanzas}--- ${b64(p.mac)}\n`), ...p.payload]);
}

/** Applies `change` to the parts of the (de-armored) file and writes it back as it came. */
function tamper(i: ByteMap, change: (p: Parts, rng: Rng) => Parts | undefined, rng: Rng): ByteMap | undefined {
  const file = i['ciphertext']!;
  const armored = isArmored(file);
  const parts = split(armored ? armorDecode(file) : file);
  const changed = parts && change(parts, rng);
  if (!changed) return undefined;
  const bin = join(changed);
  return { ...i, ciphertext: armored ? armorEncode(bin) : bin };
}

/** The first stanza's lines: `-> type args…` and the base64 body lines. */
function firstStanza(stanzas: string): { head: string[]; body: string[]; start: number; end: number } | undefined {
  const lines = stanzas.split('\n');
  const start = lines.findIndex((l) => l.startsWith('-> '));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith('-> ') && lines[end] !== '') end++;
  return { head: lines[start]!.slice(3).split(' '), body: lines.slice(start + 1, end), start, end };
}

/** Flips one bit in the decoded bytes of the first stanza's argument `arg` (or its body when `arg` is undefined), re-encoding canonically. */
function flipStanza(p: Parts, rng: Rng, arg: number | undefined): Parts | undefined {
  const s = firstStanza(p.stanzas);
  if (!s) return undefined;
  const lines = p.stanzas.split('\n');
  const encoded = arg === undefined ? s.body.join('') : s.head[arg];
  if (!encoded) return undefined;
  const raw = Uint8Array.from(Buffer.from(encoded, 'base64'));
  if (raw.length === 0) return undefined;
  const flipped = b64(flipAt(raw, rng.int(raw.length)));
  if (arg === undefined) {
    const body = flipped.match(/.{1,64}/g) ?? [''];
    // A body whose length is a multiple of 64 columns ends with an empty line (the spec's final-line rule).
    if (flipped.length % 64 === 0) body.push('');
    lines.splice(s.start + 1, s.end - s.start - 1, ...body);
  } else {
    const head = [...s.head];
    head[arg] = flipped;
    lines[s.start] = `-> ${head.join(' ')}`;
  }
  return { ...p, stanzas: lines.join('\n') };
}

const HEADER = `${AGE_SPEC} §Header`;
const PAYLOAD = `${AGE_SPEC} §Payload: STREAM, ChaCha20-Poly1305 per 64 KiB chunk, the last chunk flagged final; decryption must fail on any chunk that does not authenticate, on a missing final chunk and on data after it`;

/** Mutations both standards share: header MAC, stanza body, payload. */
function fileMutations(stanzaCite: string): Mutation[] {
  const m = (id: string, description: string, because: string, change: (p: Parts, rng: Rng) => Parts | undefined): Mutation => ({
    id,
    description,
    because,
    apply: (i: ByteMap, _s: Sizes, rng: Rng) => tamper(i, change, rng),
  });
  return [
    m(
      'flip-header-mac',
      'one bit of the header MAC flipped (re-encoded canonically)',
      `${HEADER} MAC: the MAC is HMAC-SHA-256 over the header under HKDF(file key, "header"); a header whose MAC does not verify must be rejected`,
      (p, rng) => ({
        ...p,
        mac: flipAt(p.mac, rng.int(p.mac.length)),
      }),
    ),
    m(
      'flip-stanza-body',
      "one bit of the first stanza's body (the wrapped file key) flipped",
      `${stanzaCite}: the file key is wrapped with ChaCha20-Poly1305, whose tag must fail`,
      (p, rng) => flipStanza(p, rng, undefined),
    ),
    m(
      'flip-stanza-argument',
      "one bit of the first stanza's first argument flipped (X25519 ephemeral share, hybrid HPKE enc, scrypt salt)",
      `${stanzaCite}: the wrapping key derives from this argument, so the unwrap must fail`,
      (p, rng) => flipStanza(p, rng, 1),
    ),
    m('flip-payload-nonce', 'one bit of the 16-byte payload nonce flipped', `${PAYLOAD}; the payload key is HKDF(file key, nonce, "payload")`, (p, rng) => ({
      ...p,
      payload: flipAt(p.payload, rng.int(NONCE)),
    })),
    m('flip-payload-chunk', 'one bit of the first STREAM chunk flipped', PAYLOAD, (p, rng) =>
      p.payload.length > NONCE ? { ...p, payload: flipAt(p.payload, NONCE + rng.int(Math.min(p.payload.length - NONCE, CHUNK + TAG))) } : undefined,
    ),
    m('truncate-final-chunk', 'last byte of the final chunk removed', PAYLOAD, (p) => ({ ...p, payload: p.payload.subarray(0, p.payload.length - 1) })),
    m(
      'drop-final-chunk',
      'the final chunk removed: the file ends after a full chunk that is not flagged final',
      `${PAYLOAD} (the truncation STREAM exists to detect)`,
      (p) => (p.payload.length > NONCE + CHUNK + TAG ? { ...p, payload: p.payload.subarray(0, NONCE + CHUNK + TAG) } : undefined),
    ),
    m('trailing-data', 'one byte appended after the final chunk', PAYLOAD, (p) => ({ ...p, payload: Uint8Array.from([...p.payload, 0]) })),
  ];
}

const X25519_STANZA = `${AGE_SPEC} §X25519 recipient stanza`;
const HYBRID_STANZA = `${AGE_SPEC} §mlkem768x25519 recipient stanza (HPKE, draft-ietf-hpke-pq ML-KEM-768 + X25519)`;
const SCRYPT_STANZA = `${AGE_SPEC} §scrypt recipient stanza`;

/** The mutations of a standard whose recipients are public keys (one stanza each), cited by `stanzaCite`. */
const recipientMutations = (stanzaCite: string): Mutation[] => [
  ...fileMutations(stanzaCite),
  {
    id: 'wrong-identity',
    description: "decrypted with another of the consumer's identities, not a recipient of the file",
    because: `${stanzaCite}: no stanza unwraps under another identity, so decryption must fail (no identity matched)`,
    apply: (i) => (i[OTHER_KEYS.secretKey] ? { ...i, secretKey: i[OTHER_KEYS.secretKey]! } : undefined),
  },
];

/** Another printable character in the first position: control characters would be edited by a terminal's line discipline. */
function otherPassphrase(p: Uint8Array): Uint8Array {
  const out = Uint8Array.from(p);
  out[0] = 0x21 + ((out[0]! - 0x21 + 1) % 94);
  return out;
}

const scryptMutations: Mutation[] = [
  ...fileMutations(SCRYPT_STANZA),
  {
    id: 'wrong-passphrase',
    description: 'the first character of the passphrase changed',
    because: `${SCRYPT_STANZA}: another passphrase derives another wrapping key, whose ChaCha20-Poly1305 tag must fail`,
    apply: (i) => (i['passphrase']?.length ? { ...i, passphrase: otherPassphrase(i['passphrase']) } : undefined),
  },
];

const ARMOR = { name: 'armor', description: 'binary file, or the ASCII armor of the spec (§ASCII armor)', values: ['binary', 'armored'] } as const;
const sizes = (): Sizes => ({ key: 16, nonce: 16, tag: TAG, block: CHUNK });
const LAYOUT =
  "'age-encryption.org/v1' header: one '-> ' stanza per recipient, '--- ' HMAC-SHA-256; then a 16-byte nonce and STREAM chunks of 64 KiB + 16-byte tag, the last flagged final; binary or ASCII-armored";

const x = (recipients: number, identityIndex: number, armor: string): Params => ({ recipients, identityIndex, armor });

/** What the standards of public-key recipients share: their parameters, sizes and ids. */
const recipientStandard = (kind: string) =>
  ({
    family: pke.name,
    params: [
      { name: 'recipients', description: `${kind} recipients the file is encrypted to (one stanza each)`, values: [1, 2] },
      { name: 'identityIndex', description: "which recipient's identity the consumer decrypts with (0: the first stanza, 1: the second)", values: [0, 1] },
      ARMOR,
    ],
    negativeMatrix: [x(1, 0, 'binary')],
    keys: { keyParams: ['recipients', 'identityIndex'], keyEncoding: 'an identity file and a recipients file' },
    ops: ['generateKeyPair', 'encrypt', 'decrypt'],
    deterministic: false,
    authenticated: true,
    // Negative cases use the first: a full chunk plus a one-byte final chunk.
    plaintextSizes: [CHUNK + 1, 0, CHUNK],
    sizes,
    paramsId: slugger([
      ['recipients', 'r'],
      ['identityIndex', 'id'],
      ['armor', ''],
    ]),
    excludes: (p: Params) => (Number(p['identityIndex']) >= Number(p['recipients']) ? 'the identity must be one of the recipients' : undefined),
  }) satisfies Partial<Standard>;

/** The armor a file comes in, as the spec's ASCII armor leaves it open. */
const OPEN_ARMOR = {
  armor: `${AGE_SPEC} §ASCII armor: an encrypted file may be armored or not, and the armor is the encryptor's choice`,
} as const;

/** What an age file states it was made with: its armor, and the work factor of a scrypt stanza. */
export function ageStated(file: Uint8Array): Params | undefined {
  const armored = isArmored(file);
  const header = latin1(armored ? armorDecode(file) : file);
  const logN = /^-> scrypt \S+ (\d+)$/m.exec(header.slice(0, Math.max(0, header.indexOf('\n--- '))))?.[1];
  return { armor: armored ? 'armored' : 'binary', ...(logN === undefined ? {} : { workFactor: Number(logN) }) };
}

export const ageX25519: Standard = {
  ...recipientStandard('X25519'),
  id: 'age-x25519',
  title: 'age file encryption, X25519 recipients',
  references: [`${AGE_SPEC} §X25519 recipient stanza`, 'RFC 7748 (X25519)', 'RFC 5869 (HKDF)', 'RFC 8439 (ChaCha20-Poly1305)'],
  matrix: [x(1, 0, 'binary'), x(1, 0, 'armored'), x(2, 0, 'binary'), x(2, 1, 'binary')],
  layout: `${LAYOUT}; keys: recipients file of age1… lines, identity file of one AGE-SECRET-KEY-1… line`,
  mutations: recipientMutations(X25519_STANZA),
  stated: ageStated,
  intents: [{ id: 'to-recipient', sentence: 'age: encrypt to this recipient (age1…)', fixes: { recipients: 1, identityIndex: 0 }, open: OPEN_ARMOR }],
};

/**
 * age's post-quantum hybrid recipients: each file key wrapped for each recipient through HPKE
 * with the ML-KEM-768 + X25519 hybrid KEM (the `mlkem768x25519` stanza, its argument the HPKE
 * enc). age 1.3 and age-encryption 0.3 have them; age 1.1 reads an `age1pq1…` recipient as a
 * plugin's and has no such identity.
 */
export const ageMlkem768x25519: Standard = {
  ...recipientStandard('post-quantum hybrid (ML-KEM-768 + X25519)'),
  id: 'age-mlkem768x25519',
  title: 'age file encryption, post-quantum hybrid recipients (ML-KEM-768 + X25519)',
  references: [HYBRID_STANZA, 'draft-ietf-hpke-pq (ML-KEM-768 + X25519 hybrid KEM)', 'FIPS 203', 'RFC 9180 (HPKE)', 'RFC 8439 (ChaCha20-Poly1305)'],
  matrix: [x(1, 0, 'binary'), x(1, 0, 'armored'), x(2, 1, 'binary')],
  layout: `${LAYOUT}; keys: recipients file of age1pq1… lines, identity file of one AGE-SECRET-KEY-PQ-1… line`,
  mutations: recipientMutations(HYBRID_STANZA),
};

const s = (workFactor: number, armor: string): Params => ({ workFactor, armor });

export const ageScrypt: Standard = {
  id: 'age-scrypt',
  title: 'age file encryption, scrypt passphrase',
  family: pbe.name,
  references: [`${AGE_SPEC} §scrypt recipient stanza`, 'RFC 7914 (scrypt)', 'RFC 8439 (ChaCha20-Poly1305)'],
  params: [
    { name: 'workFactor', description: 'scrypt log2(N) written in the stanza (r = 8, p = 1); age CLI 1.1 encrypts only at 18', values: [10, 18] },
    ARMOR,
  ],
  // logN 18 is what the age CLI writes (its only setting): one such set, the rest cheap.
  matrix: [s(10, 'binary'), s(10, 'armored'), s(18, 'binary')],
  negativeMatrix: [s(10, 'binary')],
  layout: `${LAYOUT}; a single scrypt stanza (salt, logN)`,
  ops: ['encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  // One size, two chunks: every scrypt decryption at logN 18 costs a second and a half in JavaScript.
  plaintextSizes: [CHUNK + 1],
  mutations: scryptMutations,
  sizes,
  paramsId: slugger([
    ['workFactor', 'wf'],
    ['armor', ''],
  ]),
  stated: ageStated,
  intents: [
    {
      id: 'passphrase',
      sentence: 'age: encrypt with a passphrase',
      fixes: {},
      open: {
        workFactor: `${AGE_SPEC} §scrypt recipient stanza: the encryptor chooses the work factor and writes it in the stanza as log2(N)`,
        ...OPEN_ARMOR,
      },
    },
  ],
};
