/**
 * OpenPGP (RFC 9580, and RFC 4880 where older implementations stop) as two standards:
 * `openpgp`, public-key encryption (family `pke`: the consumer generates its key, the producer
 * encrypts to the certificate, the consumer decrypts with its transferable secret key), and
 * `openpgp-password`, password-only encryption (family `pbe`: SKESK + encrypted data).
 *
 * Every choice an encryptor makes is a parameter: the key version and algorithms, the encrypted
 * data packet (SEIPDv1 with its MDC, SEIPDv2 with OCB, EAX or GCM, LibrePGP's OCB packet), the
 * symmetric cipher, compression, armor, the number of recipients, sign-then-encrypt, the S2K.
 * Tamper mutations work on the packets (openpgp-packets.ts), so they mean the same bytes
 * whichever implementation produced the message.
 */
import { pke } from '../core/families/pke.js';
import { pbe } from '../core/families/pbe.js';
import type { Intent } from '../core/intent.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Rng } from '../core/rng.js';
import { OTHER_KEYS, type Mutation, type Standard } from '../core/standard.js';
import { flipAt } from './mutations.js';
import { bodyLength, bodyOf, bodyOffset, dataPacket, dearmor, encryptionOf, isArmored, packets, s2kOf, TAG } from './openpgp-packets.js';

/** Canonical symmetric cipher names (RFC 9580 §9.3) and their block sizes in bytes. */
export const OPENPGP_CIPHERS: Readonly<Record<string, number>> = {
  aes128: 16,
  aes192: 16,
  aes256: 16,
  camellia128: 16,
  camellia256: 16,
  twofish: 16,
  cast5: 8,
  '3des': 8,
};

/** Encrypted data packets: SEIPDv1 (MDC, RFC 9580 §5.13.1), SEIPDv2 (§5.13.2), LibrePGP's OCB packet (tag 20). */
export const OPENPGP_ENCRYPTIONS = ['seipdv1', 'seipdv2-ocb', 'seipdv2-eax', 'seipdv2-gcm', 'librepgp-ocb'] as const;

const RFC = 'RFC 9580';
const PQC = 'draft-ietf-openpgp-pqc';

const base = {
  keyVersion: 'v4',
  keyAlgo: 'cv25519-legacy',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'none',
  armor: 'armored',
  recipients: 1,
  signed: false,
} as const satisfies Params;

const pk = (over: Partial<Record<keyof typeof base, string | number | boolean>>): Params => ({ ...base, ...over });

/**
 * The interop grid (v4 keys, SEIPDv1, AES-256: what every implementation reads), then one
 * axis at a time: the cipher sweep, compression, binary, two recipients, sign-then-encrypt,
 * SEIPDv2 with each AEAD mode, LibrePGP's OCB packet, RFC 9580 X25519 in a v4 key, RSA-2048 (what
 * gosop and rnp generate) and RSA-3072 (what GnuPG 2.2 generates), v6 keys, and
 * draft-ietf-openpgp-pqc's post-quantum v6 keys.
 */
const MATRIX: readonly Params[] = [
  pk({}),
  ...['aes128', 'aes192', 'camellia128', 'camellia256', 'twofish', 'cast5', '3des'].map((sessionCipher) => pk({ sessionCipher })),
  pk({ compression: 'zip' }),
  pk({ compression: 'zlib' }),
  pk({ armor: 'binary' }),
  pk({ recipients: 2 }),
  pk({ signed: true }),
  pk({ encryption: 'seipdv2-ocb' }),
  pk({ encryption: 'seipdv2-eax' }),
  pk({ encryption: 'seipdv2-gcm' }),
  pk({ encryption: 'librepgp-ocb' }),
  pk({ keyAlgo: 'x25519' }),
  pk({ keyAlgo: 'rsa2048' }),
  pk({ keyAlgo: 'rsa3072' }),
  pk({ keyVersion: 'v6', keyAlgo: 'x25519', encryption: 'seipdv2-ocb' }),
  pk({ keyVersion: 'v6', keyAlgo: 'mlkem768-x25519', encryption: 'seipdv2-ocb' }),
];

/** Tampering at the packet level, on a binary message, once with each kind of integrity protection. */
const NEGATIVE: readonly Params[] = [
  pk({ armor: 'binary' }),
  pk({ armor: 'binary', encryption: 'seipdv2-ocb' }),
  pk({ armor: 'binary', encryption: 'librepgp-ocb' }),
  pk({ armor: 'binary', keyVersion: 'v6', keyAlgo: 'mlkem768-x25519', encryption: 'seipdv2-ocb' }),
];

/** Applies `change` to the binary message of `ciphertext` (dearmored first). */
function onMessage(i: ByteMap, change: (msg: Uint8Array) => Uint8Array | undefined): ByteMap | undefined {
  const out = change(dearmor(i['ciphertext']!));
  return out && { ...i, ciphertext: out };
}

/** Flips a byte of the encrypted data packet's body chosen by `pick(bodyLength)`. */
function flipData(pick: (n: number) => number) {
  return (i: ByteMap): ByteMap | undefined =>
    onMessage(i, (m) => {
      const p = dataPacket(m);
      return p && flipAt(m, bodyOffset(p, pick(bodyLength(p))));
    });
}

/** Flips the last byte of the first packet with `tag` (an encrypted session key in PKESK v3/v6 and SKESK). */
function flipLastOf(tag: number) {
  return (i: ByteMap): ByteMap | undefined =>
    onMessage(i, (m) => {
      const p = packets(m).find((q) => q.tag === tag);
      return p && flipAt(m, bodyOffset(p, bodyLength(p) - 1));
    });
}

/** Mutations both standards share: the encrypted data packet. */
const dataMutations: Mutation[] = [
  {
    id: 'flip-integrity',
    description: 'last byte of the encrypted data packet flipped (SEIPDv1: inside the MDC; SEIPDv2 and the OCB packet: the final authentication tag)',
    because: `${RFC} §5.13.1 (an MDC that does not match MUST be treated as a security problem and the message rejected) and §5.13.2 (an AEAD tag that does not verify: the message MUST be rejected)`,
    apply: flipData((n) => n - 1),
  },
  {
    id: 'flip-chunk',
    description: 'a byte in the middle of the encrypted data flipped (SEIPDv1: the CFB body; SEIPDv2 and the OCB packet: the first chunk)',
    because: `${RFC} §5.13.1 (the MDC covers the whole plaintext) and §5.13.2 (each chunk's tag MUST verify before its plaintext is released)`,
    apply: flipData((n) => Math.floor(n / 2)),
  },
  {
    id: 'truncate',
    description: 'the last 17 bytes of the message removed (the encrypted data packet is shorter than its length says)',
    because: `${RFC} §5.13.1 and §5.13.2: a message whose MDC or final tag is missing MUST be rejected; §4.2: a truncated packet is malformed`,
    apply: (i) => onMessage(i, (m) => m.subarray(0, m.length - 17)),
  },
];

/** The public-key mutations: the encrypted session key and the wrong key. */
const pkeMutations: Mutation[] = [
  ...dataMutations,
  {
    id: 'flip-pkesk',
    description: "last byte of the first PKESK's encrypted session key flipped",
    because: `${RFC} §5.1 and §5.1.6 (ECDH: the AES key wrap integrity check of RFC 3394 §2.2.3 fails); a session key that does not decrypt, or decrypts to garbage that the data packet's integrity check refuses, MUST NOT yield a plaintext`,
    apply: flipLastOf(TAG.pkesk),
  },
  {
    id: 'wrong-key',
    description: "decrypted with another of the recipient's keys (not a recipient of the message)",
    because: `${RFC} §5.1: no PKESK is addressed to that key, so there is no session key to use`,
    apply(i) {
      const [secretKey, publicKey] = [i[OTHER_KEYS.secretKey], i[OTHER_KEYS.publicKey]];
      return secretKey && publicKey ? { ...i, secretKey, publicKey } : undefined;
    },
  },
];

const pbeMutations: Mutation[] = [
  ...dataMutations,
  {
    id: 'flip-skesk',
    description: 'last byte of the SKESK flipped (v4 without encrypted session key: the S2K count; otherwise the encrypted session key or its tag)',
    because: `${RFC} §5.3: the key derived or unwrapped from the changed SKESK is not the session key, and the data packet's integrity check (§5.13) MUST then fail`,
    apply: flipLastOf(TAG.skesk),
  },
  {
    id: 'wrong-password',
    description: 'one bit of the password flipped',
    because: `${RFC} §5.3 and §5.13: another password derives another key, and the integrity check MUST fail`,
    apply: (i: ByteMap, _s, rng: Rng) => {
      const p = i['passphrase']!;
      return { ...i, passphrase: flipAt(p, rng.int(p.length), 0x02) };
    },
  },
];

/** Why a combination is not a message RFC 9580 allows (the AEAD modes need a 16-byte block). */
function excluded(p: Params): string | undefined {
  const block = OPENPGP_CIPHERS[String(p['sessionCipher'])];
  if (String(p['encryption']).includes('-') && block !== 16) return `${RFC} §5.13.2: SEIPDv2 and the OCB packet need a cipher with a 16-byte block`;
  if (p['keyAlgo'] === 'mlkem768-x25519' && p['keyVersion'] !== 'v6')
    return `${PQC}: the composite ML-DSA-65+Ed25519 primary key (algorithm 30) MUST be a v6 key`;
  if (p['keyVersion'] === 'v6' && p['keyAlgo'] !== 'x25519' && p['keyAlgo'] !== 'mlkem768-x25519')
    return `${RFC} §9.1: EdDSALegacy and ECDH over Curve25519Legacy MUST NOT be used in v6 keys (and this suite's v6 keys are X25519 or post-quantum only)`;
  if (p['keyVersion'] === 'v6' && p['encryption'] === 'librepgp-ocb') return 'LibrePGP’s OCB packet belongs to v4 (and LibrePGP v5) keys, not RFC 9580 v6 keys';
  return undefined;
}

const slugOf = (p: Params, keys: readonly string[]): string =>
  keys
    .map((k) => {
      const v = p[k];
      if (k === 'recipients') return `r${String(v)}`;
      if (k === 'signed') return v ? 'signed' : '';
      if (k === 'compression') return v === 'none' ? '' : String(v);
      if (k === 'armor') return v === 'armored' ? 'asc' : 'bin';
      return String(v);
    })
    .filter(Boolean)
    .join('-');

const COMMON_PARAMS = [
  {
    name: 'encryption',
    description: 'encrypted data packet: SEIPDv1 (MDC), SEIPDv2 with OCB/EAX/GCM (RFC 9580 §5.13.2), LibrePGP OCB packet (tag 20)',
    values: OPENPGP_ENCRYPTIONS,
  },
  { name: 'sessionCipher', description: 'symmetric cipher of the session key (RFC 9580 §9.3)', values: Object.keys(OPENPGP_CIPHERS) },
  { name: 'compression', description: 'compressed data packet around the literal data (RFC 9580 §5.6), or none', values: ['none', 'zip', 'zlib'] },
  { name: 'armor', description: 'ASCII armor (RFC 9580 §6.2) or binary packets', values: ['armored', 'binary'] },
] as const;

/** RFC 9580 §9.1 public-key algorithm ids of an encryption key, as the keyAlgo parameter names them (RSA, 1, by its size: {@link rsaSize}). */
const KEY_ALGO_IDS: Readonly<Record<number, string>> = { 18: 'cv25519-legacy', 25: 'x25519', 35: 'mlkem768-x25519' };

/**
 * The keyAlgo of an RSA PKESK from its encrypted session key, the MPI m^e mod n (RFC 9580
 * §5.1.3), which `fields` begins with: it is below the modulus and shorter than it by k bits or
 * more only with a chance of about 2^-k, so its bit count rounded up to a multiple of 1024 is the
 * key size (the keyAlgo values are rsa2048 and rsa3072).
 */
function rsaSize(fields: Uint8Array): string {
  const bits = ((fields[0] ?? 0) << 8) + (fields[1] ?? 0);
  return `rsa${Math.ceil(bits / 1024) * 1024}`;
}

/**
 * What a public-key encrypted message states it was made with: its armor, its encrypted data
 * packet and the public-key algorithm of its first PKESK (v3: after the key id; v6: after the
 * key version and fingerprint). It proves an intent resolution, whose messages differ per run.
 */
export function statedByMessage(ct: Uint8Array): Params | undefined {
  const encryption = encryptionOf(ct);
  if (encryption === undefined) return undefined;
  const msg = dearmor(ct);
  const pkesk = packets(msg).find((q) => q.tag === TAG.pkesk);
  const b = pkesk ? bodyOf(msg, pkesk) : undefined;
  const at = b === undefined ? undefined : b[0] === 3 ? 9 : b[0] === 6 ? 2 + (b[1] ?? 0) : undefined;
  const algo = at === undefined ? undefined : b![at];
  const keyAlgo = algo === undefined ? undefined : algo === 1 ? rsaSize(b!.subarray(at! + 1)) : (KEY_ALGO_IDS[algo] ?? `algorithm ${algo}`);
  return { armor: isArmored(ct) ? 'armored' : 'binary', encryption, ...(keyAlgo ? { keyAlgo } : {}) };
}

/**
 * "Encrypt to this certificate": the consumer makes its key as its tool does by default and
 * hands over the certificate; the producer encrypts to it as called. Everything but the key
 * exchange is left to each implementation.
 */
const OPEN_CERT = {
  keyVersion: `${RFC} §5.5.2: v4 and v6 key packets are both defined, and a key generated by default may be either; RFC 4880 implementations read v4 only`,
  keyAlgo: `${RFC} §9.1: X25519 (25) is the one to implement, while legacy ECDH over Curve25519 (18) and RSA (1) remain in use; the certificate, not the sentence, names the algorithm`,
  encryption: `${RFC} §5.13: SEIPDv1 and SEIPDv2 are both defined; an encryptor chooses SEIPDv2 only for recipients whose Features subpacket (§5.2.3.32) advertises it; LibrePGP (draft-koch-librepgp) defines its own OCB packet`,
  sessionCipher: `${RFC} §5.2.3.14: the encryptor chooses the cipher from the recipients' Preferred Symmetric Ciphers, AES-128 being the one every implementation has`,
  compression: `${RFC} §5.2.3.16: the encryptor may compress with an algorithm the recipients prefer, or not at all`,
  armor: `${RFC} §6: ASCII armor is optional; the binary packets are the message`,
} as const;

/**
 * "Encrypt to this post-quantum certificate": the consumer makes a draft-ietf-openpgp-pqc key as
 * its library documents one (an ML-DSA-65+Ed25519 v6 key with an ML-KEM-768+X25519 subkey) and
 * hands over the certificate. An end without those algorithms declares the intent refused, and
 * is run all the same as its users encrypt to any certificate (`encrypt-to-cert`): it must refuse.
 */
const ENCRYPT_TO_PQC_CERT: Intent = {
  id: 'encrypt-to-pqc-cert',
  sentence: 'OpenPGP: encrypt to this post-quantum certificate (ML-KEM-768+X25519)',
  fixes: { keyVersion: 'v6', keyAlgo: 'mlkem768-x25519', recipients: 1, signed: false },
  open: { encryption: OPEN_CERT.encryption, sessionCipher: OPEN_CERT.sessionCipher, compression: OPEN_CERT.compression, armor: OPEN_CERT.armor },
  refusal: {
    callsAs: 'encrypt-to-cert',
    because: `${RFC} §5.1 and §9.1: a session key is encrypted with the recipient key's own public-key algorithm, and the certificate's only encryption key is ${PQC}'s ML-KEM-768+X25519 (35); an end without it has no key to encrypt to and must say so, not write a message its recipient cannot read`,
  },
};

export const openpgp: Standard = {
  id: 'openpgp',
  title: 'OpenPGP public-key encryption',
  family: pke.name,
  references: [
    'RFC 9580 (OpenPGP)',
    'RFC 4880',
    'draft-ietf-openpgp-pqc (ML-KEM-768+X25519, ML-DSA-65+Ed25519)',
    'draft-dkg-openpgp-stateless-cli (SOP)',
    'LibrePGP draft-koch-librepgp (OCB packet)',
  ],
  params: [
    { name: 'keyVersion', description: 'key packet version: v4 (RFC 4880/9580) or v6 (RFC 9580)', values: ['v4', 'v6'] },
    {
      name: 'keyAlgo',
      description:
        'cv25519-legacy: EdDSALegacy + ECDH Curve25519 (algorithms 22/18); x25519: RFC 9580 Ed25519 + X25519 (27/25); rsa2048: RSA (1), 2048 bits (what gosop and rnp generate by default); rsa3072: RSA, 3072 bits (what GnuPG 2.2 generates by default); mlkem768-x25519: draft-ietf-openpgp-pqc, an ML-DSA-65+Ed25519 primary key (30) with an ML-KEM-768+X25519 encryption subkey (35)',
      values: ['cv25519-legacy', 'x25519', 'rsa2048', 'rsa3072', 'mlkem768-x25519'],
    },
    ...COMMON_PARAMS,
    { name: 'recipients', description: 'PKESKs in the message: the consumer, plus a fixed second recipient', values: [1, 2] },
    { name: 'signed', description: 'sign-then-encrypt with a fixed signer key; the consumer must verify', values: [false, true] },
  ],
  matrix: MATRIX,
  negativeMatrix: NEGATIVE,
  keys: {
    keyParams: ['keyVersion', 'keyAlgo'],
    keyEncoding: 'a transferable secret key and its certificate (RFC 9580 §10.1, §10.2)',
    diagnosis: [['encryption'], ['sessionCipher'], ['compression']],
  },
  layout:
    'an OpenPGP message (RFC 9580 §10.3): PKESK(s), then the encrypted data packet; keys: transferable secret key (secretKey) and certificate (publicKey), armored or binary',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  plaintextSizes: [100],
  // gosop passes decrypted plaintext through a UTF-8 string and turns LF into CR LF: text keeps its controls intact.
  negativePlaintext: 'text',
  mutations: pkeMutations,
  sizes: () => ({ key: 0, nonce: 0, tag: 0, block: 16 }),
  paramsId: (p) => slugOf(p, ['keyVersion', 'keyAlgo', 'encryption', 'sessionCipher', 'compression', 'armor', 'recipients', 'signed']),
  excludes: excluded,
  stated: statedByMessage,
  intents: [
    { id: 'encrypt-to-cert', sentence: 'OpenPGP: encrypt to the recipient’s certificate', fixes: { recipients: 1, signed: false }, open: OPEN_CERT },
    ENCRYPT_TO_PQC_CERT,
  ],
};

/** What a password-encrypted message states it was made with: its armor, encrypted data packet and S2K. */
export function statedByPasswordMessage(ct: Uint8Array): Params | undefined {
  const encryption = encryptionOf(ct);
  const s2k = s2kOf(ct);
  return encryption === undefined || s2k === undefined ? undefined : { armor: isArmored(ct) ? 'armored' : 'binary', encryption, s2k };
}

const pw = (over: Partial<Record<string, string | number | boolean>>): Params => ({
  s2k: 'iterated-salted',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'none',
  armor: 'armored',
  ...over,
});

export const openpgpPassword: Standard = {
  id: 'openpgp-password',
  title: 'OpenPGP password-only encryption',
  family: pbe.name,
  references: ['RFC 9580 §5.3 (SKESK), §3.7 (S2K)', 'RFC 4880 §5.3', 'draft-dkg-openpgp-stateless-cli (SOP)'],
  params: [
    {
      name: 's2k',
      description: 'string-to-key of the SKESK: iterated and salted (RFC 9580 §3.7.1.3) or Argon2 (§3.7.1.4)',
      values: ['iterated-salted', 'argon2'],
    },
    ...COMMON_PARAMS,
  ],
  matrix: [
    pw({}),
    pw({ armor: 'binary', sessionCipher: 'aes128' }),
    pw({ encryption: 'seipdv2-ocb' }),
    pw({ encryption: 'librepgp-ocb' }),
    pw({ s2k: 'argon2', encryption: 'seipdv2-ocb' }),
  ],
  negativeMatrix: [pw({ armor: 'binary' }), pw({ armor: 'binary', encryption: 'seipdv2-ocb' })],
  layout:
    'an OpenPGP message: SKESK (v4 with SEIPDv1, v6 with SEIPDv2), then the encrypted data packet; the salt input is unused (the S2K salt is the encryptor’s own)',
  ops: ['encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  plaintextSizes: [100],
  // gosop passes decrypted plaintext through a UTF-8 string and turns LF into CR LF: text keeps its controls intact.
  negativePlaintext: 'text',
  mutations: pbeMutations,
  sizes: () => ({ key: 0, nonce: 8, tag: 0, block: 16 }),
  paramsId: (p) => slugOf(p, ['s2k', 'encryption', 'sessionCipher', 'compression', 'armor']),
  excludes: (p) => (p['s2k'] === 'argon2' && p['encryption'] === 'seipdv1' ? `${RFC} §3.7.2.1: Argon2 is used only with SEIPDv2 (v6 SKESK)` : excluded(p)),
  stated: statedByPasswordMessage,
  intents: [
    {
      id: 'passphrase',
      sentence: 'OpenPGP: encrypt with this passphrase',
      fixes: {},
      open: {
        s2k: `${RFC} §3.7: the encryptor chooses the string-to-key specifier; iterated and salted (§3.7.1.3) and Argon2 (§3.7.1.4) are both defined`,
        encryption: OPEN_CERT.encryption,
        sessionCipher: `${RFC} §5.3: the encryptor chooses the cipher of the SKESK, AES-128 being the one every implementation has`,
        compression: OPEN_CERT.compression,
        armor: OPEN_CERT.armor,
      },
    },
  ],
};
