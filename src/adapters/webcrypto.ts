/**
 * WebCrypto as Node exposes it (`globalThis.crypto.subtle`, backed by OpenSSL).
 *
 * Library facts this adapter relies on:
 * - AES-GCM output is already `ciphertext ‖ tag`; `tagLength` is in bits and must be one of
 *   32, 64, 96, 104, 112, 120, 128 (W3C Web Cryptography API, AES-GCM encrypt step 6).
 * - Node 20.20's AES-GCM fails with OperationError for IVs shorter than 12 bytes (observed for
 *   0–11 bytes; 12–70 work), although the specification allows any length and node:crypto on
 *   the same OpenSSL accepts them. The failure comes from the native job, not the JS checks.
 * - AES-CTR's `length` is the counter width, 1–128 bits, exactly `counterBits`.
 * - The public-key standards (RSA-OAEP, ECDH, X25519) live in webcrypto-pk.ts, with their
 *   own library facts.
 * - Every failure, a wrong tag included, is a DOMException named `OperationError`.
 */
import type { webcrypto } from 'node:crypto';
import { defineAdapter, type Adapter, type OpImpl, type OpTable } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { aesGcm } from '../standards/aes-gcm.js';
import { x25519 } from '../standards/x25519.js';
import { ecdh } from '../standards/ecdh.js';
import { pbes2 } from '../standards/pbes2.js';
import { assemble, documentedCall, input, intRange, num, oneOf, type Binding } from './binding.js';
import { webcryptoPkBindings, webcryptoRefusal, webRsaIntents } from './webcrypto-pk.js';

type AesName = 'AES-GCM' | 'AES-CBC' | 'AES-CTR';
type AesParams = webcrypto.AesGcmParams | webcrypto.AesCbcParams | webcrypto.AesCtrParams;

const subtle = (): webcrypto.SubtleCrypto => globalThis.crypto.subtle;

const AES_KEY_BITS = oneOf('keyBits', [128, 192, 256], 'WebCrypto AES keys are 128, 192 or 256 bits');

/** On the receiving side WebCrypto reports a forgery, bad padding or a low-order point as OperationError. */
export async function rejectingOperationError<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof Error && err.name === 'OperationError') throw new RejectedError(webcryptoRefusal(err), err);
    throw err;
  }
}

/**
 * Runs one SubtleCrypto call; a failure keeps its name (OperationError, SyntaxError…) and says
 * which call it was, since the browsers' texts often do not ("An invalid or illegal string was
 * specified" for a key format or usage they do not know).
 */
export async function calling<T>(call: string, pending: () => Promise<T>): Promise<T> {
  try {
    return await pending();
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    throw Object.assign(new Error(`${call}: ${err.message}`), { name: err.name });
  }
}

/**
 * Encrypt and decrypt with a secret key imported from `format` (`raw` for AES; the WICG
 * modern-algorithms draft's `raw-secret` for ChaCha20-Poly1305); `algorithm` builds the
 * parameter dictionary of each call.
 */
export function secretKeyCipher(
  name: string,
  format: 'raw' | 'raw-secret',
  algorithm: (p: Params, i: ByteMap) => webcrypto.Algorithm,
): Partial<Record<OpName, OpImpl>> {
  const key = (i: ByteMap, usage: 'encrypt' | 'decrypt'): Promise<webcrypto.CryptoKey> =>
    calling(`subtle.importKey('${format}', key, { name: '${name}' })`, () => subtle().importKey(format as 'raw', input(i, 'key'), { name }, false, [usage]));
  return {
    async encrypt(p, i) {
      const out = await subtle().encrypt(algorithm(p, i), await key(i, 'encrypt'), input(i, 'plaintext'));
      return { ciphertext: new Uint8Array(out) };
    },
    async decrypt(p, i) {
      const out = await rejectingOperationError(subtle().decrypt(algorithm(p, i), await key(i, 'decrypt'), input(i, 'ciphertext')));
      return { plaintext: new Uint8Array(out) };
    },
  };
}

/** Encrypt and decrypt for one AES mode; `algorithm` builds its parameter dictionary. */
const aes = (name: AesName, algorithm: (p: Params, i: ByteMap) => AesParams): Partial<Record<OpName, OpImpl>> => secretKeyCipher(name, 'raw', algorithm);

/**
 * PBES2 (RFC 8018 §6.2): the password bytes imported as a PBKDF2 key, `deriveKey` to an AES-CBC
 * key of `keyBits`, then AES-CBC (always PKCS#7-padded, as App. B.2.5 pads).
 */
function pbes2Ops(): Partial<Record<OpName, OpImpl>> {
  const key = async (p: Params, i: ByteMap, usage: 'encrypt' | 'decrypt'): Promise<webcrypto.CryptoKey> => {
    const password = await calling("subtle.importKey('raw', password, 'PBKDF2')", () =>
      subtle().importKey('raw', input(i, 'password'), 'PBKDF2', false, ['deriveKey']),
    );
    const pbkdf2 = { name: 'PBKDF2', hash: String(p['kdfHash']), salt: input(i, 'salt'), iterations: num(p, 'iterations') };
    return calling("subtle.deriveKey({ name: 'PBKDF2', hash, salt, iterations }, password, { name: 'AES-CBC', length })", () =>
      subtle().deriveKey(pbkdf2, password, { name: 'AES-CBC', length: num(p, 'keyBits') }, false, [usage]),
    );
  };
  return {
    async encrypt(p, i) {
      return { ciphertext: new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: input(i, 'iv') }, await key(p, i, 'encrypt'), input(i, 'plaintext'))) };
    },
    async decrypt(p, i) {
      const k = await key(p, i, 'decrypt');
      return { plaintext: new Uint8Array(await rejectingOperationError(subtle().decrypt({ name: 'AES-CBC', iv: input(i, 'iv') }, k, input(i, 'ciphertext')))) };
    },
  };
}

/**
 * The WebCrypto bindings as the W3C API can express them: one source of truth for the binding
 * code, run by this adapter in Node and, unchanged, inside the browsers' pages
 * (src/adapters/webcrypto-browser/), whose own limits are probed there at run time.
 */
export const webcryptoBindings: readonly Binding[] = [
  {
    standard: aesGcm,
    rules: [
      AES_KEY_BITS,
      intRange('ivBytes', 1, 2 ** 31 - 1, 'AesGcmParams.iv may have any length up to 2^64 − 1 bytes (W3C Web Cryptography API, AES-GCM encrypt step 2)'),
      oneOf('tagBytes', [4, 8, 12, 13, 14, 15, 16], 'WebCrypto AES-GCM tagLength is 32, 64, 96, 104, 112, 120 or 128 bits'),
    ],
    ops: aes('AES-GCM', (p, i) => ({ name: 'AES-GCM', iv: input(i, 'iv'), additionalData: input(i, 'aad'), tagLength: num(p, 'tagBytes') * 8 })),
  },
  {
    standard: aesCbc,
    rules: [AES_KEY_BITS, oneOf('padding', ['pkcs7'], 'WebCrypto AES-CBC always pads with PKCS#7')],
    ops: aes('AES-CBC', (_p, i) => ({ name: 'AES-CBC', iv: input(i, 'iv') })),
  },
  {
    standard: aesCtr,
    rules: [AES_KEY_BITS, intRange('counterBits', 1, 128, 'WebCrypto AesCtrParams.length is 1 to 128 bits')],
    ops: aes('AES-CTR', (p, i) => ({ name: 'AES-CTR', counter: input(i, 'iv'), length: num(p, 'counterBits') })),
  },
  {
    standard: pbes2,
    rules: [
      oneOf(
        'kdfHash',
        ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'],
        'the W3C Web Cryptography API recognizes SHA-1, SHA-256, SHA-384 and SHA-512 only (no SHA-224: "Unrecognized algorithm name")',
      ),
      AES_KEY_BITS,
      intRange('iterations', 1, 2 ** 32 - 1, 'Pbkdf2Params.iterations is an unsigned long; PBKDF2 deriveBits refuses 0 (OperationError)'),
    ],
    ops: pbes2Ops(),
  },
  ...webcryptoPkBindings,
];

/** Node's own limit within the API: its AES-GCM refuses IVs shorter than 12 bytes. */
const NODE_GCM_IV = intRange(
  'ivBytes',
  12,
  2 ** 31 - 1,
  "Node 20's WebCrypto AES-GCM fails with OperationError for IVs shorter than 12 bytes (the W3C specification allows any length)",
);

const { claims, ops } = assemble(
  'webcrypto',
  webcryptoBindings.map((b) => (b.standard === aesGcm ? { ...b, rules: b.rules.map((r) => (r.name === 'ivBytes' ? NODE_GCM_IV : r)) } : b)),
);

/** Operations of `ops` under fixed parameters, whatever parameters they are called with. */
function under(ops: Partial<Record<OpName, OpImpl>> | undefined, params: Params): Partial<Record<OpName, OpImpl>> {
  return Object.fromEntries(Object.entries(ops ?? {}).map(([op, impl]) => [op, (_p: Params, i: ByteMap) => impl(params, i)]));
}

/**
 * The AES intents as WebCrypto's documentation calls them, through an explicit operation table
 * (Node's here, a browser page's in webcrypto-browser/): the algorithm name always names the
 * mode, so each call as documented is the explicit one.
 */
export function webAesIntents(table: OpTable): NonNullable<Adapter['intents']> {
  return {
    // tagLength defaults to 128 bits; the examples use a 12-byte iv.
    [aesGcm.id]: {
      'aes256-gcm': documentedCall(
        "subtle.encrypt({ name: 'AES-GCM', iv }, key, data) with a 12-byte iv",
        { keyBits: 256, ivBytes: 12, tagBytes: 16 },
        table[aesGcm.id],
      ),
    },
    // AesCtrParams.length is required; the specification's and MDN's example pass 64.
    [aesCtr.id]: {
      ctr: documentedCall("subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, data)", { keyBits: 128, counterBits: 64 }, table[aesCtr.id]),
    },
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': documentedCall("subtle.encrypt({ name: 'AES-CBC', iv }, key, data)", { keyBits: 256, padding: 'pkcs7' }, table[aesCbc.id]),
      // No AES without a mode: MDN's encrypt() page (and the specification's order) gives AES-CTR first.
      aes128: {
        call: "subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, data) (every WebCrypto AES algorithm names its mode; MDN's first is AES-CTR)",
        params: { keyBits: 128, padding: 'none', mode: 'CTR' },
        ops: under(table[aesCtr.id], { keyBits: 128, counterBits: 64 }),
      },
    },
  };
}

/** WebCrypto (`globalThis.crypto.subtle`) on Node: AES-GCM, AES-CBC, AES-CTR, X25519. */
export const webcryptoAdapter = defineAdapter({
  id: 'webcrypto',
  library: 'globalThis.crypto.subtle',
  kind: 'in-process',
  variant: 'explicit',
  description: "Node's WebCrypto implementation (W3C Web Cryptography API over OpenSSL); X25519 is marked experimental in Node 20",
  probe: async () =>
    typeof globalThis.crypto?.subtle?.encrypt === 'function'
      ? { available: true, version: process.versions.node, detail: `openssl ${process.versions.openssl}` }
      : { available: false, reason: 'globalThis.crypto.subtle is not defined in this runtime' },
  capabilities: {
    claims,
    gaps: {
      'cms-enveloped':
        'WebCrypto offers primitives, not the CMS EnvelopedData (RFC 5652) message format; the pkijs-cms adapter implements it on top of WebCrypto',
      // Evaluated where the bindings load, also in a browser page (no `process` there).
      'ml-kem': `WebCrypto here is Node ${globalThis.process?.versions.node ?? '(not Node)'} on OpenSSL ${globalThis.process?.versions.openssl ?? '(none)'}; ML-KEM (the WICG modern-algorithms draft: encapsulateBits/decapsulateBits) needs Node 24 with OpenSSL 3.5`,
      'chacha20-poly1305': "the W3C Web Cryptography API defines no ChaCha20-Poly1305, and Node 20's subtle rejects the name (NotSupportedError)",
      'xchacha20-poly1305': 'the W3C Web Cryptography API defines no ChaCha20 of any kind',
      'aes-gcm-siv': 'the W3C Web Cryptography API defines AES-GCM, AES-CBC, AES-CTR and AES-KW only',
      '3des-cbc': 'the W3C Web Cryptography API defines no DES or Triple-DES',
      'openssl-enc': 'the W3C Web Cryptography API has PBKDF2 but no EVP_BytesToKey (no MD5 at all) and no Salted__ file format',
      'nacl-sealedbox': 'the W3C Web Cryptography API has no XSalsa20, HSalsa20 or BLAKE2b (X25519 alone is not a sealed box)',
      'nacl-secretbox': 'the W3C Web Cryptography API has no XSalsa20 or Poly1305',
      'nacl-box': 'the W3C Web Cryptography API has no XSalsa20 or HSalsa20 (X25519 alone is not crypto_box)',
      'rsaes-pkcs1-v1_5': 'the W3C Web Cryptography API has RSA-OAEP only: RSAES-PKCS1-v1_5 encryption was removed from the specification (Bleichenbacher)',
    },
  },
  ops,
  intents: {
    ...webRsaIntents,
    ...webAesIntents(ops),
    // The public key travels as exportKey('raw'), the format the specification's X25519 section names for it.
    [ecdh.id]: {
      'shared-secret': documentedCall(
        "subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']); subtle.exportKey('raw', publicKey); subtle.deriveBits({ name: 'ECDH', public: await subtle.importKey('raw', theirs, { name: 'ECDH', namedCurve: 'P-256' }, true, []) }, privateKey, 256)",
        { curve: 'P-256', keyFormat: 'sec1', secretForm: 'x' },
        ops[ecdh.id],
      ),
    },
    [x25519.id]: {
      'shared-secret': documentedCall(
        "subtle.generateKey({ name: 'X25519' }, true, ['deriveBits']); subtle.exportKey('raw', publicKey); subtle.deriveBits({ name: 'X25519', public: await subtle.importKey('raw', theirs, { name: 'X25519' }, true, []) }, privateKey, 256)",
        { curve: 'X25519', keyFormat: 'raw' },
        ops[x25519.id],
      ),
    },
  },
});
