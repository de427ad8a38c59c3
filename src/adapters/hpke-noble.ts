/**
 * `hpke-noble`: RFC 9180 written here on @noble/curves (DH), @noble/hashes (HKDF) and
 * @noble/ciphers (AES-GCM, ChaCha20-Poly1305), independent of @hpke/core, so that the two HPKE
 * adapters share no HPKE code. Each function is one RFC 9180 algorithm, named as there.
 *
 * Library facts relied on (noble 2.x): keys are raw bytes; NIST `getPublicKey(sk, false)` is the
 * uncompressed SEC 1 point and `getSharedSecret(sk, pk, true)` the compressed shared point, so
 * the DH output (its x-coordinate, §7.1.1) is bytes 1..; point parsing validates the point and
 * x25519/x448 refuse an all-zero shared secret (the check §7.1.4 asks for); `gcm` and
 * `chacha20poly1305` take and return ct ‖ tag. The post-quantum KEMs of draft-ietf-hpke-pq
 * (ML-KEM-768, ML-KEM-1024, X-Wing) come from @noble/post-quantum: seed-form secret keys,
 * enc = the KEM ciphertext, no AuthEncap.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { x448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import { packageVersion } from '../core/version.js';
import { ml_kem768_x25519 } from '@noble/post-quantum/hybrid.js';
import { ml_kem1024, ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { UnsupportedError } from '../core/errors.js';
import { ENC_APART, HPKE_AEADS, HPKE_KDFS, HPKE_KEMS, HPKE_MODES, PQ_KEMS, type HpkeKdf, type HpkeKem } from '../standards/hpke.js';
import { documentedCall } from './binding.js';
import { hpkeClaim, hpkeOps, type HpkeLibrary, type HpkeOutcome, type HpkeRequest, type Suite } from './hpke-common.js';
import { concatBytes } from '../core/bytes.js';

type Hash = Parameters<typeof extract>[0];
const HASH: Readonly<Record<HpkeKdf, Hash>> = { 'HKDF-SHA256': sha256, 'HKDF-SHA384': sha384, 'HKDF-SHA512': sha512 };
/** The KDF inside each DHKEM (its name says which). */
type DhKem = Exclude<HpkeKem, 'ML-KEM-768' | 'ML-KEM-1024' | 'X-Wing'>;
const KEM_KDF: Readonly<Record<DhKem, HpkeKdf>> = {
  'DHKEM(P-256, HKDF-SHA256)': 'HKDF-SHA256',
  'DHKEM(P-384, HKDF-SHA384)': 'HKDF-SHA384',
  'DHKEM(P-521, HKDF-SHA512)': 'HKDF-SHA512',
  'DHKEM(X25519, HKDF-SHA256)': 'HKDF-SHA256',
  'DHKEM(X448, HKDF-SHA512)': 'HKDF-SHA512',
};

const te = new TextEncoder();
const ascii = (s: string): Uint8Array => te.encode(s);
const concat = concatBytes;

function i2osp(n: number, w: number): Uint8Array {
  const out = new Uint8Array(w);
  for (let i = w - 1, v = n; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v & 0xff;
  return out;
}

/** LabeledExtract and LabeledExpand of RFC 9180 §4 for one suite_id and hash. */
function labeled(suiteId: Uint8Array, hash: Hash) {
  const v1 = ascii('HPKE-v1');
  return {
    extract: (salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array => extract(hash, concat(v1, suiteId, ascii(label), ikm), salt),
    expand: (prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array =>
      expand(hash, prk, concat(i2osp(length, 2), v1, suiteId, ascii(label), info), length),
  };
}

/** The DH group of a DHKEM (§7.1): serialize, DH, derive. */
interface Group {
  random(): Uint8Array;
  publicOf(sk: Uint8Array): Uint8Array;
  dh(sk: Uint8Array, pk: Uint8Array): Uint8Array;
  /** DeriveKeyPair's secret key from dkp_prk (§7.1.3). */
  derive(kdf: ReturnType<typeof labeled>, prk: Uint8Array): Uint8Array;
}

function montgomery(curve: typeof x25519, nsk: number): Group {
  return {
    random: () => curve.utils.randomSecretKey(),
    publicOf: (sk) => curve.getPublicKey(sk),
    dh: (sk, pk) => curve.getSharedSecret(sk, pk),
    derive: (kdf, prk) => kdf.expand(prk, 'sk', new Uint8Array(0), nsk),
  };
}

function weierstrass(curve: typeof p256, nsk: number, bitmask: number): Group {
  const order = curve.Point.Fn.ORDER;
  return {
    random: () => curve.utils.randomSecretKey(),
    publicOf: (sk) => curve.getPublicKey(sk, false),
    dh: (sk, pk) => curve.getSharedSecret(sk, pk, true).slice(1),
    derive(kdf, prk) {
      for (let counter = 0; counter < 256; counter++) {
        const bytes = kdf.expand(prk, 'candidate', i2osp(counter, 1), nsk);
        bytes[0] = bytes[0]! & bitmask;
        const sk = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
        if (sk !== 0n && sk < order) return bytes;
      }
      throw new Error('DeriveKeyPairError');
    },
  };
}

const GROUPS: Readonly<Record<DhKem, Group>> = {
  'DHKEM(P-256, HKDF-SHA256)': weierstrass(p256, 32, 0xff),
  'DHKEM(P-384, HKDF-SHA384)': weierstrass(p384 as unknown as typeof p256, 48, 0xff),
  'DHKEM(P-521, HKDF-SHA512)': weierstrass(p521 as unknown as typeof p256, 66, 0x01),
  'DHKEM(X25519, HKDF-SHA256)': montgomery(x25519, 32),
  'DHKEM(X448, HKDF-SHA512)': montgomery(x448 as unknown as typeof x25519, 56),
};

/** The DHKEM of §4.1 for one KEM. */
function dhkem(kem: DhKem) {
  const group = GROUPS[kem];
  const kdf = labeled(concat(ascii('KEM'), i2osp(HPKE_KEMS[kem].id, 2)), HASH[KEM_KDF[kem]]);
  const empty = new Uint8Array(0);
  const extractAndExpand = (dh: Uint8Array, kemContext: Uint8Array): Uint8Array =>
    kdf.expand(kdf.extract(empty, 'eae_prk', dh), 'shared_secret', kemContext, HPKE_KEMS[kem].nsecret);
  const deriveKeyPair = (ikm: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } => {
    const secretKey = group.derive(kdf, kdf.extract(empty, 'dkp_prk', ikm));
    return { secretKey, publicKey: group.publicOf(secretKey) };
  };
  const sizes = HPKE_KEMS[kem];
  /** DeserializePublicKey (§7.1.1): exactly Npk bytes, uncompressed on the NIST curves (noble alone would take a compressed point). */
  const publicKey = (pk: Uint8Array, what: string): Uint8Array => {
    if (pk.length !== sizes.npk || (sizes.npk !== sizes.nsk && pk[0] !== 0x04))
      throw new Error(`DeserializePublicKey: ${what} is not an uncompressed ${sizes.npk}-byte public key`);
    return pk;
  };
  /** DeserializePrivateKey (§7.1.2): exactly Nsk bytes. */
  const secretKey = (sk: Uint8Array, what: string): Uint8Array => {
    if (sk.length !== sizes.nsk) throw new Error(`DeserializePrivateKey: ${what} is ${sk.length} bytes, not ${sizes.nsk}`);
    return sk;
  };
  return {
    deriveKeyPair,
    generateKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
      const secretKey = group.random();
      return { secretKey, publicKey: group.publicOf(secretKey) };
    },
    /** Encap (pkS absent) or AuthEncap; `ikmE` fixes the ephemeral key for known answers. */
    encap(pkR: Uint8Array, sender?: { secretKey: Uint8Array; publicKey: Uint8Array }, ikmE?: Uint8Array): { sharedSecret: Uint8Array; enc: Uint8Array } {
      publicKey(pkR, 'pkR');
      if (sender) {
        secretKey(sender.secretKey, 'skS');
        publicKey(sender.publicKey, 'pkS');
      }
      const e = ikmE ? deriveKeyPair(ikmE) : this.generateKeyPair();
      const dh = sender ? concat(group.dh(e.secretKey, pkR), group.dh(sender.secretKey, pkR)) : group.dh(e.secretKey, pkR);
      const kemContext = concat(e.publicKey, pkR, ...(sender ? [sender.publicKey] : []));
      return { sharedSecret: extractAndExpand(dh, kemContext), enc: e.publicKey };
    },
    /** Decap or AuthDecap. */
    decap(enc: Uint8Array, skR: Uint8Array, pkS?: Uint8Array): Uint8Array {
      publicKey(enc, 'enc');
      secretKey(skR, 'skR');
      if (pkS) publicKey(pkS, 'pkS');
      const dh = pkS ? concat(group.dh(skR, enc), group.dh(skR, pkS)) : group.dh(skR, enc);
      return extractAndExpand(dh, concat(enc, group.publicOf(skR), ...(pkS ? [pkS] : [])));
    },
  };
}

/** The post-quantum KEMs of draft-ietf-hpke-pq on @noble/post-quantum: the secret key is the seed, enc the KEM ciphertext. */
const PQ = { 'ML-KEM-768': ml_kem768, 'ML-KEM-1024': ml_kem1024, 'X-Wing': ml_kem768_x25519 } as const;

/** One post-quantum KEM with the DHKEM's interface; no AuthEncap, and no DeriveKeyPair (its SHAKE256 derivation is not written here). */
function pqkem(kem: keyof typeof PQ): ReturnType<typeof dhkem> {
  const k = PQ[kem];
  const sizes = HPKE_KEMS[kem];
  const check = (b: Uint8Array, n: number, what: string): Uint8Array => {
    if (b.length !== n) throw new Error(`${what} is ${b.length} bytes, not ${n}`);
    return b;
  };
  // The expanded key of a seed (ML-KEM keygen(d ‖ z)); X-Wing's calls take the seed itself.
  const expanded = (seed: Uint8Array): Uint8Array => (kem === 'X-Wing' ? seed : k.keygen(seed).secretKey);
  const pair = (seed: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array } => ({ secretKey: seed, publicKey: k.keygen(seed).publicKey });
  return {
    deriveKeyPair() {
      throw new UnsupportedError(`hpke-noble does not implement DeriveKeyPair for ${kem}`);
    },
    generateKeyPair: () => pair(crypto.getRandomValues(new Uint8Array(sizes.nsk))),
    encap(pkR, sender) {
      if (sender) throw new UnsupportedError(`${kem} has no AuthEncap (draft-ietf-hpke-pq)`);
      const { cipherText, sharedSecret } = k.encapsulate(check(pkR, sizes.npk, 'pkR'));
      return { sharedSecret, enc: cipherText };
    },
    decap(enc, skR, pkS) {
      if (pkS) throw new UnsupportedError(`${kem} has no AuthDecap (draft-ietf-hpke-pq)`);
      return k.decapsulate(check(enc, sizes.nenc, 'enc'), expanded(check(skR, sizes.nsk, 'skR')));
    },
  };
}

/** The KEM of a suite. */
const kemOf = (kem: HpkeKem): ReturnType<typeof dhkem> => ((PQ_KEMS as readonly string[]).includes(kem) ? pqkem(kem as keyof typeof PQ) : dhkem(kem as DhKem));

/** KeySchedule of §5.1, and the context it makes: Seal/Open with ComputeNonce, Export. */
function keySchedule(suite: Suite, sharedSecret: Uint8Array, req: HpkeRequest) {
  const aead = HPKE_AEADS[suite.aead];
  const suiteId = concat(ascii('HPKE'), i2osp(HPKE_KEMS[suite.kem].id, 2), i2osp(HPKE_KDFS[suite.kdf].id, 2), i2osp(aead.id, 2));
  const kdf = labeled(suiteId, HASH[suite.kdf]);
  const empty = new Uint8Array(0);
  const psk = req.psk?.psk ?? empty;
  const pskId = req.psk?.pskId ?? empty;
  const context = concat(Uint8Array.of(HPKE_MODES[suite.mode]), kdf.extract(empty, 'psk_id_hash', pskId), kdf.extract(empty, 'info_hash', req.info));
  const secret = kdf.extract(sharedSecret, 'secret', psk);
  const exporterSecret = kdf.expand(secret, 'exp', context, HPKE_KDFS[suite.kdf].nh);
  const key = aead.nk ? kdf.expand(secret, 'key', context, aead.nk) : empty;
  const baseNonce = aead.nn ? kdf.expand(secret, 'base_nonce', context, aead.nn) : empty;
  const aeadAt = (seq: number, aad: Uint8Array) => {
    if (aead.nk === 0) throw new Error('export-only: no Seal or Open (RFC 9180 §5.3)');
    return suite.aead === 'ChaCha20Poly1305' ? chacha20poly1305(key, nonceOf(baseNonce, seq), aad) : gcm(key, nonceOf(baseNonce, seq), aad);
  };
  return {
    seal: (seq: number, aad: Uint8Array, pt: Uint8Array): Uint8Array => aeadAt(seq, aad).encrypt(pt),
    open: (seq: number, aad: Uint8Array, ct: Uint8Array): Uint8Array => aeadAt(seq, aad).decrypt(ct),
    export: (ctx: Uint8Array, length: number): Uint8Array => kdf.expand(exporterSecret, 'sec', ctx, length),
  };
}

/** ComputeNonce (§5.2): base_nonce XOR I2OSP(seq, Nn). */
function nonceOf(baseNonce: Uint8Array, seq: number): Uint8Array {
  const s = i2osp(seq, baseNonce.length);
  return baseNonce.map((b, i) => b ^ s[i]!);
}

function run(ctx: ReturnType<typeof keySchedule>, req: HpkeRequest, op: 'seal' | 'open', enc?: Uint8Array): HpkeOutcome {
  const bodies = req.messages.map((m, seq) => ctx[op](seq, m.aad, m.body));
  return { ...(enc ? { enc } : {}), bodies, exported: req.exports.map((e) => ctx.export(e.context, e.length)) };
}

const library: HpkeLibrary = {
  async generateKeyPair(suite, ikm) {
    const kem = kemOf(suite.kem);
    return ikm ? kem.deriveKeyPair(ikm) : kem.generateKeyPair();
  },
  async seal(suite, pkR, req, sender, ikmE) {
    const { sharedSecret, enc } = kemOf(suite.kem).encap(pkR, sender, ikmE);
    return run(keySchedule(suite, sharedSecret, req), req, 'seal', enc);
  },
  async open(suite, skR, enc, req, pkS) {
    return run(keySchedule(suite, kemOf(suite.kem).decap(enc, skR, pkS), req), req, 'open');
  },
};

// Every KEM, KDF, AEAD and PSK length of the standard; a PSK's entropy is the application's to ensure (RFC 9180 §5.1.2).
const claim = hpkeClaim({});

const nobleHpkeOps = hpkeOps('hpke-noble', claim, library);

/** RFC 9180 as written, base mode with one KEM: SetupBaseS(pkR, info) and ContextS.Seal(aad, pt), enc returned apart, info and aad empty. */
const baseModeCall = (kem: HpkeKem) =>
  documentedCall(
    'SetupBaseS(pkR, info = "") then ctx.Seal(aad = "", pt), enc returned apart (RFC 9180 §5.1.1, §5.2) / SetupBaseR(enc, skR, info = "") then ctx.Open(aad = "", ct)',
    { mode: 'base', kem, kdf: 'HKDF-SHA256', aead: 'AES-128-GCM', api: 'context', infoBytes: 0, aadBytes: 0, pskBytes: 0, output: ENC_APART },
    nobleHpkeOps,
  );

export const hpkeNoble = defineAdapter({
  id: 'hpke-noble',
  library: "bothends's own RFC 9180 reference code (on @noble/curves, @noble/hashes, @noble/ciphers)",
  kind: 'in-process',
  variant: 'explicit',
  description:
    "RFC 9180 written in bothends on noble's primitives (X25519, X448, P-256/384/521, ML-KEM and X-Wing, HKDF, AES-GCM, ChaCha20-Poly1305): an HPKE independent of @hpke/core",
  probe: inProcessProbe(
    () =>
      `curves ${packageVersion('@noble/curves')}, post-quantum ${packageVersion('@noble/post-quantum')}, hashes ${packageVersion('@noble/hashes')}, ciphers ${packageVersion('@noble/ciphers')}`,
  ),
  capabilities: { claims: { hpke: claim }, gaps: {} },
  ops: { hpke: nobleHpkeOps },
  // Its only documentation is RFC 9180 itself, which this code follows: SetupBaseS(pkR, info) and
  // ContextS.Seal(aad, pt), enc returned apart, info and aad empty where the caller gives none.
  intents: {
    hpke: {
      'base-x25519-aes128gcm': baseModeCall('DHKEM(X25519, HKDF-SHA256)'),
      'base-mlkem768-aes128gcm': baseModeCall('ML-KEM-768'),
    },
  },
});
