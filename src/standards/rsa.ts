/**
 * What RSA-OAEP and RSAES-PKCS1-v1_5 share: the modulus sizes and key encodings the suite
 * exercises, the tamper mutations of an RSA ciphertext, and short slugs of hash names.
 */
import type { ByteMap, Params } from '../core/model.js';
import type { KeyFormat } from '../core/registry.js';
import { OTHER_KEYS, type Mutation, type ParamSpec } from '../core/standard.js';
import { readTlv } from './asn1.js';
import { jwkBytesOf, parseJwk, pemDearmor, TAG } from './key-encoding.js';

/** Modulus sizes: 2048 for the parameter sweeps, 3072 and 4096 once each (key generation is slow). */
export const MODULUS_BITS: ParamSpec = {
  name: 'modulusBits',
  description: 'RSA modulus length',
  values: [2048, 3072, 4096],
};

/** The RSA key encodings (registry `KEY_FORMATS`). */
export const RSA_KEY_FORMATS: readonly KeyFormat[] = ['der', 'pem', 'pkcs1-der', 'pkcs1-pem', 'jwk'];

/** The keyFormat parameter of the RSA standards. */
export const RSA_KEY_FORMAT: ParamSpec = {
  name: 'keyFormat',
  description: 'how the recipient exports its key pair and the sender imports the public key',
  values: RSA_KEY_FORMATS,
};

/** `SHA-256` → `sha256`, for parameter slugs. */
export function hashSlug(hash: unknown): string {
  return String(hash).toLowerCase().replace('-', '');
}

/** The length k of the modulus in bytes. */
export function modulusBytes(params: Params): number {
  return Number(params['modulusBits']) / 8;
}

/**
 * The modulus n of an RSA public key in one of `RSA_KEY_FORMATS`, big-endian without leading
 * zeros; throws where it is none. No node:crypto: the browsers' page loads this module too.
 */
function modulusOf(publicKey: Uint8Array, keyFormat: string): Uint8Array {
  if (keyFormat === 'jwk') return jwkBytesOf(parseJwk(publicKey), 'n');
  const der = keyFormat.endsWith('pem') ? pemDearmor(publicKey).body : publicKey;
  let rsaPublicKey = der;
  if (!keyFormat.startsWith('pkcs1')) {
    const [, bits] = readTlv(der).children;
    if (!bits || bits.tag !== TAG.bitString) throw new RangeError('not a SubjectPublicKeyInfo');
    rsaPublicKey = bits.value.subarray(1);
  }
  const [n] = readTlv(rsaPublicKey).children;
  if (!n || n.tag !== TAG.integer) throw new RangeError('not an RSAPublicKey');
  const first = n.value.findIndex((b) => b !== 0);
  return first < 0 ? new Uint8Array(0) : n.value.subarray(first);
}

/**
 * Whether `ciphertext` is one that decryption under `publicKey` gets past its first checks
 * (RFC 8017 §7.2.2 step 1 and step 2a, alike in §7.1.2): k bytes long and, as an integer, below
 * the modulus. Anything else is refused with an error before any padding check, by an implicit
 * rejector too.
 */
export function decryptableUnder(ciphertext: Uint8Array, publicKey: Uint8Array, keyFormat: string): boolean {
  let n: Uint8Array;
  try {
    n = modulusOf(publicKey, keyFormat);
  } catch {
    return false;
  }
  if (ciphertext.length !== n.length) return false;
  const differs = ciphertext.findIndex((b, i) => b !== n[i]);
  return differs >= 0 && ciphertext[differs]! < n[differs]!;
}

function flipAt(bytes: Uint8Array, index: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[index] = out[index]! ^ 0x01;
  return out;
}

const withInput = (inputs: ByteMap, name: string, value: Uint8Array): ByteMap => ({ ...inputs, [name]: value });

/**
 * Mutations of an RSA ciphertext every decryptor must reject; `cite` is the rule. Few on
 * purpose (each is a private-key operation per pair, slow in pure JavaScript): Wycheproof's
 * malformed ciphertexts (c = 0, c ≥ n, wrong lengths, bad paddings) come in through
 * `--wycheproof`.
 */
export function rsaMutations(cite: string): Mutation[] {
  const ct = (i: ByteMap): Uint8Array => i['ciphertext']!;
  return [
    {
      id: 'flip-ciphertext',
      description: 'lowest bit of the ciphertext flipped',
      because: `${cite}: the padding check fails (with overwhelming probability) for a modified ciphertext`,
      // The lowest bit, so that the integer stays below the modulus: the input stays well formed.
      wellFormed: true,
      apply: (i) => withInput(i, 'ciphertext', flipAt(ct(i), ct(i).length - 1)),
    },
    {
      id: 'truncate',
      description: 'last byte of the ciphertext removed',
      because: `${cite}, step 1: a ciphertext that is not k bytes long is a decryption error`,
      apply: (i) => withInput(i, 'ciphertext', ct(i).subarray(0, ct(i).length - 1)),
    },
    {
      id: 'wrong-key',
      description: "decrypted with another of the recipient's key pairs",
      because: `${cite}: under another key the padding check fails (with overwhelming probability)`,
      // Another key's modulus is random: the ciphertext may not be below it (then an error is due).
      wellFormed: (altered, params) => decryptableUnder(altered['ciphertext']!, altered['publicKey']!, String(params['keyFormat'])),
      apply(i) {
        const [secretKey, publicKey] = [i[OTHER_KEYS.secretKey], i[OTHER_KEYS.publicKey]];
        return secretKey && publicKey ? { ...i, secretKey, publicKey } : undefined;
      },
    },
  ];
}
