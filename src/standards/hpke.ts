/**
 * HPKE, Hybrid Public Key Encryption (RFC 9180): a KEM, a KDF and an AEAD named explicitly by
 * their registry ids, in one of four modes (base, psk, auth, auth_psk), through the single-shot
 * API (§6.1: one message per setup) or the context API (§5.2: a sequence of messages whose
 * nonces are the sequence number XORed into base_nonce, plus secret exports, §5.3). Encryption is
 * randomized by the ephemeral key, so the matrix checks round trips and equal exports; the RFC's
 * own vectors (imported with `--hpke`) pin the deterministic path through DeriveKeyPair(ikmE).
 *
 * Operation contract (family `hpke`, see core/families/hpke.ts), all keys raw as RFC 9180 §7.1.1
 * serializes them (SerializePublicKey: X25519/X448 the u-coordinate, NIST curves the
 * uncompressed SEC 1 point; SerializePrivateKey: the scalar, big-endian for NIST curves):
 * - generateKeyPair {[ikm]} → {publicKey, secretKey}; with `ikm`, DeriveKeyPair(ikm) (§7.1.3).
 * - encrypt {publicKey, info, [psk, pskId], [senderSecretKey, senderPublicKey], [ikmE],
 *   plaintext, aad, plaintext#1, aad#1, …, [exporterContext, exportLength, …#1]} →
 *   {enc, ciphertext, ciphertext#1, …, exported, exported#1, …}. Message i is sealed with
 *   sequence number i of one context; `exportLength` is L as a 2-byte big-endian integer.
 * - decrypt {secretKey, enc, info, [psk, pskId], [senderPublicKey], ciphertext, aad, …#i,
 *   [exporterContext, exportLength, …#i]} → {plaintext, plaintext#1, …, exported, …}. Any
 *   message that does not open rejects the whole call (§5.2 Open raises OpenError).
 * Export-only (AEAD 0xFFFF, §5.3) has no messages: `ciphertext` and `plaintext` come back empty.
 */
import { exportOnly, hasPsk, hasSender, hpke as hpkeFamily, indexed } from '../core/families/hpke.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Rng } from '../core/rng.js';
import { OTHER_KEYS, type Mutation, type Standard } from '../core/standard.js';
import { flipAt } from './mutations.js';

/** KEMs by canonical name (RFC 9180 §7.1 table 2): id and sizes. */
export const HPKE_KEMS = {
  'DHKEM(P-256, HKDF-SHA256)': { id: 0x0010, slug: 'p256', nsecret: 32, nenc: 65, npk: 65, nsk: 32 },
  'DHKEM(P-384, HKDF-SHA384)': { id: 0x0011, slug: 'p384', nsecret: 48, nenc: 97, npk: 97, nsk: 48 },
  'DHKEM(P-521, HKDF-SHA512)': { id: 0x0012, slug: 'p521', nsecret: 64, nenc: 133, npk: 133, nsk: 66 },
  'DHKEM(X25519, HKDF-SHA256)': { id: 0x0020, slug: 'x25519', nsecret: 32, nenc: 32, npk: 32, nsk: 32 },
  'DHKEM(X448, HKDF-SHA512)': { id: 0x0021, slug: 'x448', nsecret: 64, nenc: 56, npk: 56, nsk: 56 },
  // draft-ietf-hpke-pq: the secret key is the seed (ML-KEM: d ‖ z, 64 bytes; X-Wing: 32 bytes), enc the KEM ciphertext.
  'ML-KEM-768': { id: 0x0041, slug: 'mlkem768', nsecret: 32, nenc: 1088, npk: 1184, nsk: 64 },
  'ML-KEM-1024': { id: 0x0042, slug: 'mlkem1024', nsecret: 32, nenc: 1568, npk: 1568, nsk: 64 },
  'X-Wing': { id: 0x647a, slug: 'xwing', nsecret: 32, nenc: 1120, npk: 1216, nsk: 32 },
} as const;

/** KDFs (RFC 9180 §7.2 table 3). */
export const HPKE_KDFS = {
  'HKDF-SHA256': { id: 0x0001, slug: 'sha256', nh: 32 },
  'HKDF-SHA384': { id: 0x0002, slug: 'sha384', nh: 48 },
  'HKDF-SHA512': { id: 0x0003, slug: 'sha512', nh: 64 },
} as const;

/** AEADs (RFC 9180 §7.3 table 5); Export-only has no seal or open. */
export const HPKE_AEADS = {
  'AES-128-GCM': { id: 0x0001, slug: 'aes128gcm', nk: 16, nn: 12, nt: 16 },
  'AES-256-GCM': { id: 0x0002, slug: 'aes256gcm', nk: 32, nn: 12, nt: 16 },
  ChaCha20Poly1305: { id: 0x0003, slug: 'chacha20poly1305', nk: 32, nn: 12, nt: 16 },
  'Export-only': { id: 0xffff, slug: 'exportonly', nk: 0, nn: 0, nt: 0 },
} as const;

/** Modes (RFC 9180 §5 table 1). */
export const HPKE_MODES = { base: 0x00, psk: 0x01, auth: 0x02, auth_psk: 0x03 } as const;

export type HpkeKem = keyof typeof HPKE_KEMS;

/** The post-quantum KEMs of draft-ietf-hpke-pq: no Diffie-Hellman, so no AuthEncap. */
export const PQ_KEMS: readonly HpkeKem[] = ['ML-KEM-768', 'ML-KEM-1024', 'X-Wing'];

export type HpkeKdf = keyof typeof HPKE_KDFS;
export type HpkeAead = keyof typeof HPKE_AEADS;
export type HpkeMode = keyof typeof HPKE_MODES;

const CITE = 'RFC 9180 §5.2 (Open raises OpenError when the AEAD fails)';

function withInput(i: ByteMap, name: string, value: Uint8Array): ByteMap {
  return { ...i, [name]: value };
}

/** A one-bit change of `bytes`, or a single zero byte where it is empty. */
function changed(bytes: Uint8Array, rng: Rng): Uint8Array {
  return bytes.length === 0 ? Uint8Array.of(0) : flipAt(bytes, rng.int(bytes.length));
}

const mutations: Mutation[] = [
  {
    id: 'flip-enc',
    description: 'one bit of the encapsulated key enc flipped (bit 0 of a byte: X25519 masks only bit 255)',
    because: 'RFC 9180 §4.1 Decap: another enc is another (or an invalid) public key, so the shared secret, key and nonce differ and §5.2 Open fails',
    apply: (i, _s, rng) => withInput(i, 'enc', flipAt(i['enc']!, rng.int(i['enc']!.length))),
  },
  {
    id: 'low-order-enc',
    description: 'enc replaced by the u-coordinate 0, a point of small order (X25519, X448)',
    because: 'RFC 9180 §7.1.4: the recipient must check that the X25519/X448 DH output is not all zero and abort (RFC 7748 §6)',
    appliesTo: (p) => p['kem'] === 'DHKEM(X25519, HKDF-SHA256)' || p['kem'] === 'DHKEM(X448, HKDF-SHA512)',
    apply: (i) => withInput(i, 'enc', new Uint8Array(i['enc']!.length)),
  },
  {
    id: 'flip-ciphertext',
    description: 'one bit of the first message body flipped',
    because: `${CITE}: any change to the ciphertext must fail the AEAD`,
    apply(i, s, rng) {
      const ct = i['ciphertext']!;
      const body = ct.length - s.tag;
      return body > 0 ? withInput(i, 'ciphertext', flipAt(ct, rng.int(body))) : undefined;
    },
  },
  {
    id: 'flip-tag',
    description: 'one bit of the first message tag flipped',
    because: `${CITE}: a modified tag must fail`,
    apply(i, s, rng) {
      const ct = i['ciphertext']!;
      return withInput(i, 'ciphertext', flipAt(ct, ct.length - s.tag + rng.int(s.tag)));
    },
  },
  {
    id: 'truncate',
    description: 'last byte of the first ciphertext removed',
    because: `${CITE}: a truncated ciphertext must fail`,
    apply: (i) => withInput(i, 'ciphertext', i['ciphertext']!.subarray(0, i['ciphertext']!.length - 1)),
  },
  {
    id: 'flip-aad',
    description: 'the AAD of the first message changed (one bit, or one byte where it was empty)',
    because: `${CITE}: the AAD is authenticated by the AEAD (RFC 5116 §2.2)`,
    apply: (i, _s, rng) => withInput(i, 'aad', changed(i['aad']!, rng)),
  },
  {
    id: 'flip-info',
    description: 'the info changed (one bit, or one byte where it was empty)',
    because: 'RFC 9180 §5.1 KeySchedule: info_hash enters key_schedule_context, so another info gives another key and nonce and §5.2 Open fails',
    apply: (i, _s, rng) => withInput(i, 'info', changed(i['info']!, rng)),
  },
  {
    id: 'wrong-recipient-key',
    description: "opened with another of the recipient's key pairs",
    because: 'RFC 9180 §4.1 Decap: DH(skR, pkE) under another skR gives another shared secret, so §5.2 Open fails',
    apply(i) {
      const secretKey = i[OTHER_KEYS.secretKey];
      return secretKey ? { ...i, secretKey } : undefined;
    },
  },
  {
    id: 'swap-order',
    description: 'the first two messages of the context opened in swapped order',
    because: 'RFC 9180 §5.2 ComputeNonce: message i is sealed under base_nonce XOR i, so opening it at another sequence number fails',
    appliesTo: (p) => p['api'] === 'context' && !exportOnly(p),
    apply(i) {
      const [a, b] = [i['ciphertext'], i[indexed('ciphertext', 1)]];
      const [x, y] = [i['aad'], i[indexed('aad', 1)]];
      return a && b && x && y ? { ...i, ciphertext: b, [indexed('ciphertext', 1)]: a, aad: y, [indexed('aad', 1)]: x } : undefined;
    },
  },
  {
    id: 'wrong-psk',
    description: 'one bit of the PSK flipped',
    because: 'RFC 9180 §5.1 KeySchedule: secret = LabeledExtract(shared_secret, "secret", psk), so another PSK gives another key and §5.2 Open fails',
    appliesTo: hasPsk,
    apply: (i, _s, rng) => withInput(i, 'psk', changed(i['psk']!, rng)),
  },
  {
    id: 'wrong-psk-id',
    description: 'one bit of the PSK id flipped',
    because: 'RFC 9180 §5.1 KeySchedule: psk_id_hash enters key_schedule_context, so another psk_id gives another key and §5.2 Open fails',
    appliesTo: hasPsk,
    apply: (i, _s, rng) => withInput(i, 'pskId', changed(i['pskId']!, rng)),
  },
  {
    id: 'wrong-sender-key',
    description: "another key pair's public key given as the sender's",
    because:
      'RFC 9180 §4.1 AuthDecap: dh includes DH(skR, pkS) and kem_context includes pkSm, so another sender key gives another shared secret and §5.2 Open fails',
    appliesTo: hasSender,
    apply(i) {
      const other = i[OTHER_KEYS.publicKey];
      return other ? { ...i, senderPublicKey: other } : undefined;
    },
  },
];

/** One parameter set of the sweep. */
const set = (mode: HpkeMode, kem: HpkeKem, kdf: HpkeKdf, aead: HpkeAead, api: 'single-shot' | 'context', infoBytes: number, aadBytes: number): Params => ({
  mode,
  kem,
  kdf,
  aead,
  api,
  infoBytes,
  aadBytes,
  pskBytes: mode === 'psk' || mode === 'auth_psk' ? 32 : 0,
});

const MODES = Object.keys(HPKE_MODES) as HpkeMode[];
const MAIN_KEMS: HpkeKem[] = ['DHKEM(X25519, HKDF-SHA256)', 'DHKEM(P-256, HKDF-SHA256)'];

/**
 * Every mode × X25519 and P-256 × four suites: AES-128-GCM through the context API with info
 * and AAD, ChaCha20Poly1305 single-shot with empty info and AAD, AES-256-GCM under HKDF-SHA512
 * (a KDF other than the KEM's), and export-only under HKDF-SHA384; a 16-byte PSK once; then the
 * other KEMs in base and auth_psk mode once. The RFC's vectors (--hpke) cover the other combinations.
 */
const MATRIX: readonly Params[] = [
  ...MAIN_KEMS.flatMap((kem) =>
    MODES.flatMap((mode) => [
      set(mode, kem, 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16),
      set(mode, kem, 'HKDF-SHA256', 'ChaCha20Poly1305', 'single-shot', 0, 0),
      set(mode, kem, 'HKDF-SHA512', 'AES-256-GCM', 'context', 20, 0),
      set(mode, kem, 'HKDF-SHA384', 'Export-only', 'context', 20, 0),
    ]),
  ),
  // A 16-byte PSK: RFC 9180 asks for 32 bytes of entropy but its VerifyPSKInputs checks no length; libraries differ.
  { ...set('psk', 'DHKEM(X25519, HKDF-SHA256)', 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16), pskBytes: 16 },
  ...(['DHKEM(P-384, HKDF-SHA384)', 'DHKEM(P-521, HKDF-SHA512)', 'DHKEM(X448, HKDF-SHA512)'] as const).flatMap((kem) =>
    (['base', 'auth_psk'] as const).map((mode) => set(mode, kem, 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16)),
  ),
  // HPKE-PQ (draft-ietf-hpke-pq): base and psk modes only.
  ...PQ_KEMS.map((kem) => set('base', kem, 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16)),
  { ...set('psk', 'X-Wing', 'HKDF-SHA256', 'ChaCha20Poly1305', 'single-shot', 0, 0), pskBytes: 32 },
];

/** What the standard's explicit operations return: enc and the ciphertext as two outputs. */
export const ENC_APART = 'enc, ciphertext apart';

/**
 * The sentence of an interface agreement naming the mode and the suite, and nothing of how the
 * message travels: whether enc comes apart or in front of the ciphertext, and the info and AAD,
 * which each call leaves empty unless told: "HPKE base mode with this KEM, HKDF-SHA256,
 * AES-128-GCM", for a classical suite and for the post-quantum one of draft-ietf-hpke-pq.
 */
const baseModeIntent = (id: string, kem: HpkeKem, sentence: string): NonNullable<Standard['intents']>[number] => ({
  id,
  sentence,
  fixes: { mode: 'base', kem, kdf: 'HKDF-SHA256', aead: 'AES-128-GCM', pskBytes: 0 },
  beyond: { output: ENC_APART },
  open: {
    output:
      "RFC 9180 §10: the document specifies no wire format for HPKE messages, and an application must specify one that includes, minimally, the encapsulated value enc and the ciphertext(s); hpke-js returns enc apart (sender.enc), pyca/cryptography's Suite.encrypt returns enc ‖ ciphertext in one string",
    infoBytes: 'RFC 9180 §5.1: info is application-supplied information, optional, with the empty string as its default; the sentence names none',
    aadBytes: 'RFC 9180 §5.2: each Seal takes associated data aad, which the application supplies, and the sentence names none',
  },
});

const INTENTS: Standard['intents'] = [
  baseModeIntent('base-x25519-aes128gcm', 'DHKEM(X25519, HKDF-SHA256)', 'HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM'),
  baseModeIntent('base-mlkem768-aes128gcm', 'ML-KEM-768', 'HPKE base mode with ML-KEM-768 (draft-ietf-hpke-pq), HKDF-SHA256, AES-128-GCM'),
];

export const hpke: Standard = {
  id: 'hpke',
  title: 'HPKE (Hybrid Public Key Encryption)',
  family: hpkeFamily.name,
  references: ['RFC 9180', 'RFC 9180 §5.2 (encryption and decryption)', 'RFC 9180 §5.3 (secret export)', 'RFC 9180 §7.1.3 (DeriveKeyPair)'],
  params: [
    { name: 'mode', description: 'mode_base, mode_psk, mode_auth or mode_auth_psk (RFC 9180 §5)', values: MODES },
    { name: 'kem', description: 'the KEM (RFC 9180 §7.1)', values: Object.keys(HPKE_KEMS) },
    { name: 'kdf', description: 'the KDF of the key schedule (RFC 9180 §7.2)', values: Object.keys(HPKE_KDFS) },
    { name: 'aead', description: 'the AEAD, or export-only (RFC 9180 §7.3)', values: Object.keys(HPKE_AEADS) },
    {
      name: 'api',
      description: 'single-shot (§6.1, one message per setup) or context (§5.2, a numbered sequence and exports)',
      values: ['single-shot', 'context'],
    },
    { name: 'infoBytes', description: 'length of the application info', values: [0, 20] },
    { name: 'aadBytes', description: 'length of the AAD of each message', values: [0, 16] },
    {
      name: 'pskBytes',
      description: 'length of the PSK (0: modes without a PSK; RFC 9180 §5.1.2: it MUST have at least 32 bytes of entropy)',
      values: [0, 16, 32],
    },
  ],
  matrix: MATRIX,
  negativeMatrix: [
    ...MAIN_KEMS.flatMap((kem) => MODES.map((mode) => set(mode, kem, 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16))),
    set('base', 'ML-KEM-768', 'HKDF-SHA256', 'AES-128-GCM', 'context', 20, 16),
  ],
  keys: { keyParams: ['kem'] },
  layout:
    'enc: SerializePublicKey(pkE) (RFC 9180 §7.1.1; X25519/X448 raw, NIST curves uncompressed SEC 1); each ciphertext: AEAD ct ‖ 16-byte tag, message i under base_nonce XOR i; keys raw (§7.1.1, §7.1.2)',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  // Context API: one context seals these in order (sequence numbers 0, 1, 2); single-shot: one setup each.
  plaintextSizes: [33, 0, 1],
  mutations,
  intents: INTENTS,
  sizes(p) {
    const kem = HPKE_KEMS[p['kem'] as HpkeKem];
    const aead = HPKE_AEADS[p['aead'] as HpkeAead];
    return { key: aead?.nk ?? 0, nonce: aead?.nn ?? 0, tag: aead?.nt ?? 0, block: 1, publicKey: kem?.npk ?? 0, secretKey: kem?.nsk ?? 0 };
  },
  paramsId(p) {
    const kem = HPKE_KEMS[p['kem'] as HpkeKem]?.slug ?? String(p['kem']);
    const kdf = HPKE_KDFS[p['kdf'] as HpkeKdf]?.slug ?? String(p['kdf']);
    const aead = HPKE_AEADS[p['aead'] as HpkeAead]?.slug ?? String(p['aead']);
    const sizes = (['infoBytes', 'aadBytes', 'pskBytes'] as const).filter((n) => p[n] !== undefined).map((n) => `${n[0]}${String(p[n])}`);
    return [String(p['mode']).replace('_', ''), kem, kdf, aead, p['api'] === 'single-shot' ? 'ss' : 'ctx', ...sizes].join('-');
  },
  excludes(p) {
    if (hasSender(p) && PQ_KEMS.includes(p['kem'] as HpkeKem)) return 'draft-ietf-hpke-pq: ML-KEM and X-Wing have no AuthEncap, so no auth or auth_psk mode';
    if (Number(p['pskBytes']) > 0 !== hasPsk(p)) return 'RFC 9180 §5.1 VerifyPSKInputs: a PSK is given exactly in the psk and auth_psk modes';
    if (exportOnly(p) && p['api'] !== 'context') return 'export-only suites are exercised through the context API (§5.3)';
    return undefined;
  },
};
