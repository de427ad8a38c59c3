/**
 * RSAES-OAEP (RFC 8017 §7.1). Every parameter is explicit: the OAEP hash (which hashes the
 * label and sizes the padding) and the MGF1 hash are separate, because implementations
 * disagree on how one defaults from the other (Java: MGF1-SHA-1 always; Node, WebCrypto:
 * MGF1 = OAEP hash). Encryption is randomized (the seed), so the matrix checks round trips,
 * never equal ciphertexts.
 */
import { pke } from '../core/families/pke.js';
import type { ByteMap, Params } from '../core/model.js';
import { HASHES } from '../core/registry.js';
import type { Mutation, Standard } from '../core/standard.js';
import { hashSlug, MODULUS_BITS, modulusBytes, RSA_KEY_FORMAT, rsaMutations } from './rsa.js';

/** Output lengths of the registry's hash functions, in bytes. */
export const HASH_BYTES: Readonly<Record<string, number>> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

const CITE = 'RFC 8017 §7.1.2 (RSAES-OAEP-DECRYPT)';

/** The label mutation: OAEP binds the label through lHash, so another label must fail. */
const flipLabel: Mutation = {
  id: 'flip-label',
  description: 'the label changed (one bit flipped, or one byte where it was empty)',
  because: `${CITE}, step 3a: lHash of another label differs, so the decoding fails`,
  apply(i: ByteMap, _s, rng) {
    const label = i['label']!;
    if (label.length === 0) return { ...i, label: Uint8Array.of(0) };
    const out = Uint8Array.from(label);
    const at = rng.int(out.length);
    out[at] = out[at]! ^ 0x01;
    return { ...i, label: out };
  },
};

const set = (modulusBits: number, oaepHash: string, mgf1Hash: string, labelBytes: number, keyFormat: string): Params => ({
  modulusBits,
  oaepHash,
  mgf1Hash,
  labelBytes,
  keyFormat,
});

/**
 * Every OAEP × MGF1 hash pair at 2048 bits with the empty label; a 20-byte label with SHA-1
 * (the usual default) and SHA-256; 3072 and 4096 bits once; then the other key encodings once
 * each (PKCS#1 in DER only: its PEM armour is `pem`'s, and every grid costs each library a
 * key). The grids are few where RSA is slow (key generation, pure-JavaScript decryption).
 */
const MATRIX: readonly Params[] = [
  ...HASHES.flatMap((oaep) => HASHES.map((mgf1) => set(2048, oaep, mgf1, 0, 'der'))),
  ...['SHA-1', 'SHA-256'].map((h) => set(2048, h, h, 20, 'der')),
  set(3072, 'SHA-256', 'SHA-256', 0, 'der'),
  set(4096, 'SHA-256', 'SHA-256', 0, 'der'),
  ...['pem', 'pkcs1-der', 'jwk'].map((f) => set(2048, 'SHA-256', 'SHA-256', 0, f)),
];

const OPEN_HASH = 'RFC 8017 §7.1 and Appendix A.2.1: the hash is a parameter of RSAES-OAEP; SHA-1 is only the default of the ASN.1 syntax';

/** What RFC 8017 leaves to the two ends when a sentence names OAEP and at most one hash. */
const OPEN_OAEP = {
  mgf1Hash:
    'RFC 8017 §7.1 and Appendix A.2.1: RSAES-OAEP-params name the mask generation function (and its hash) apart from the hash; "OAEP with SHA-256" names one hash, not both',
  labelBytes: 'RFC 8017 §7.1.1: the label L is an input of both ends, empty by default',
} as const;

/**
 * The sentences of interface agreements. Keys travel as SPKI and PKCS#8 DER in both, so that the
 * grid is about the encryption (key encodings are the explicit grids' subject).
 */
const INTENTS: Standard['intents'] = [
  {
    id: 'sha256',
    sentence: 'RSA-OAEP with SHA-256',
    fixes: { modulusBits: 2048, oaepHash: 'SHA-256', keyFormat: 'der' },
    open: OPEN_OAEP,
  },
  {
    id: 'oaep',
    sentence: 'RSA-OAEP',
    fixes: { modulusBits: 2048, keyFormat: 'der' },
    open: { oaepHash: OPEN_HASH, ...OPEN_OAEP },
  },
  // Every RSA library encrypts with OAEP (WebCrypto with nothing else), so the sentence that
  // names no padding lives here, the padding beyond this standard's own parameters.
  {
    id: 'default-padding',
    sentence: "RSA encryption to the recipient's public key (no padding named)",
    fixes: { modulusBits: 2048, keyFormat: 'der' },
    beyond: { padding: 'OAEP' },
    open: {
      padding:
        'RFC 8017 §7: two encryption schemes, RSAES-OAEP ("required for new applications") and RSAES-PKCS1-v1_5 ("included only for compatibility"); "RSA encryption" names neither',
      oaepHash: OPEN_HASH,
      ...OPEN_OAEP,
    },
  },
];

/** The value of `padding` (beyond this standard's parameters) of a library whose default is RSAES-PKCS1-v1_5. */
export const PKCS1_PADDING = 'PKCS1-v1_5';

/**
 * A resolution of 'default-padding' to RSAES-PKCS1-v1_5: no OAEP hash, no MGF1, no label (RFC
 * 8017 §7.2 has none of them).
 */
export const PKCS1_DEFAULT: Params = { modulusBits: 2048, oaepHash: 'none', mgf1Hash: 'none', labelBytes: 0, keyFormat: 'der', padding: PKCS1_PADDING };

export const rsaOaep: Standard = {
  id: 'rsa-oaep',
  title: 'RSAES-OAEP',
  family: pke.name,
  references: ['RFC 8017 §7.1', 'RFC 8017 Appendix B.2.1 (MGF1)'],
  params: [
    MODULUS_BITS,
    { name: 'oaepHash', description: 'hash of the label and of the OAEP padding', values: HASHES },
    { name: 'mgf1Hash', description: 'hash of the MGF1 mask generation function', values: HASHES },
    { name: 'labelBytes', description: 'length of the label L (0: empty)', values: [0, 20] },
    RSA_KEY_FORMAT,
  ],
  matrix: MATRIX,
  negativeMatrix: [set(2048, 'SHA-256', 'SHA-256', 20, 'der')],
  keys: {
    keyParams: ['modulusBits', 'keyFormat'],
    keyType: 'rsa',
    diagnosis: [['oaepHash', 'mgf1Hash'], ['mgf1Hash'], ['oaepHash'], ['labelBytes'], ['keyFormat']],
  },
  layout: 'ciphertext: the k-byte big-endian integer c (RFC 8017 §7.1.1 step 3); label: the octet string L',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: false,
  // The longest message only (its length depends on the hash); Wycheproof's known answers cover the empty one.
  plaintextSizes: [],
  mutations: [...rsaMutations(CITE), flipLabel],
  intents: INTENTS,
  sizes: (p) => ({
    key: 0,
    nonce: 0,
    tag: 0,
    block: 1,
    // A resolution of 'default-padding' to PKCS#1 v1.5 sends what RFC 8017 §7.2.1 allows.
    maxPlaintext: p['padding'] === PKCS1_PADDING ? modulusBytes(p) - 11 : modulusBytes(p) - 2 * (HASH_BYTES[String(p['oaepHash'])] ?? 0) - 2,
    ciphertext: modulusBytes(p),
  }),
  paramsId: (p) =>
    `${String(p['modulusBits'])}-${hashSlug(p['oaepHash'])}-mgf1${hashSlug(p['mgf1Hash'])}-l${String(p['labelBytes'])}-${String(p['keyFormat'])}`,
};
