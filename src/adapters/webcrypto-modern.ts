/**
 * The WebCrypto bindings of the WICG "Modern Algorithms in the Web Cryptography API" draft:
 * ChaCha20-Poly1305 and ML-KEM. The W3C API itself has neither, and Node 20's WebCrypto
 * refuses both names, so the in-process `webcrypto` adapter keeps its gaps; the browser
 * adapters (src/adapters/webcrypto-browser/) run these bindings in their pages beside the
 * W3C ones and try each parameter value there at run time.
 *
 * Draft facts these bindings rely on (as Chromium 156 implements them):
 * - ChaCha20-Poly1305 keys import as `raw-secret` (not `raw`); `encrypt({ name, iv,
 *   additionalData, tagLength })` takes a 12-byte iv, and a tagLength, when given, of 128; the
 *   output is ciphertext ‖ tag. A wrong tag is an OperationError.
 * - ML-KEM-512/768/1024: `generateKey({ name }, true, ['encapsulateBits', 'decapsulateBits'])`;
 *   `encapsulateBits({ name }, publicKey)` → { ciphertext, sharedKey } draws its own m;
 *   `decapsulateBits({ name }, privateKey, ciphertext)` → the shared secret. Private keys import
 *   and export as `raw-seed` (d ‖ z) and `pkcs8` (the seed form of
 *   draft-ietf-lamps-kyber-certificates), public keys as `raw-public` and `spki`; a key
 *   pair comes from a seed through `importKey('raw-seed', …)` and `getPublicKey`. The draft has
 *   no format for the expanded decapsulation key.
 */
import type { webcrypto } from 'node:crypto';
import type { OpImpl } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import type { IntentResolution } from '../core/intent.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { chacha20Poly1305, RFC_8439 } from '../standards/chacha20-poly1305.js';
import { mlKem } from '../standards/ml-kem.js';
import { documentedCall, input, num, oneOf, type Binding } from './binding.js';
import { mlKem768Intents } from './kem-intents.js';
import { importing, rejecting } from './key-import.js';
import { calling, secretKeyCipher } from './webcrypto.js';

type CryptoKey = webcrypto.CryptoKey;
type KeyFormat = 'raw-public' | 'spki' | 'raw-seed' | 'pkcs8';

/** The draft's SubtleCrypto methods and key formats, which Node 20's types do not know. */
interface ModernSubtle {
  generateKey(algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<webcrypto.CryptoKeyPair>;
  importKey(format: KeyFormat, data: Uint8Array, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<CryptoKey>;
  exportKey(format: KeyFormat, key: CryptoKey): Promise<ArrayBuffer>;
  getPublicKey(key: CryptoKey, usages: string[]): Promise<CryptoKey>;
  encapsulateBits(algorithm: { name: string }, key: CryptoKey): Promise<{ ciphertext: ArrayBuffer; sharedKey: ArrayBuffer }>;
  decapsulateBits(algorithm: { name: string }, key: CryptoKey, ciphertext: Uint8Array): Promise<ArrayBuffer>;
}

const subtle = (): ModernSubtle => globalThis.crypto.subtle as unknown as ModernSubtle;

/** The ML-KEM algorithm of a parameter set: its name is the parameter set's (`ML-KEM-768`). */
const kemAlgorithm = (p: Params): { name: string } => ({ name: String(p['parameterSet']) });

const SECRET_FORMAT: Readonly<Record<string, KeyFormat>> = { seed: 'raw-seed', 'pkcs8-seed': 'pkcs8' };
const PUBLIC_FORMAT: Readonly<Record<string, KeyFormat>> = { raw: 'raw-public', spki: 'spki' };
const secretFormat = (p: Params): KeyFormat => SECRET_FORMAT[String(p['secretKeyFormat'])]!;
const publicFormat = (p: Params): KeyFormat => PUBLIC_FORMAT[String(p['publicKeyFormat'])]!;

/** A key pair written in the parameters' formats. */
async function exported(p: Params, privateKey: CryptoKey, publicKey: CryptoKey): Promise<ByteMap> {
  return {
    secretKey: new Uint8Array(await subtle().exportKey(secretFormat(p), privateKey)),
    publicKey: new Uint8Array(await subtle().exportKey(publicFormat(p), publicKey)),
  };
}

/** Why a known answer that fixes the encapsulation randomness cannot run here. */
const NO_M =
  'WebCrypto encapsulateBits({ name }, publicKey) draws its own randomness: the WICG Modern Algorithms draft gives it no parameter for m (FIPS 203 §7.2 ML-KEM.Encaps generates m itself)';

const mlKemOps: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(p, i) {
    const seed = i['seed'];
    if (seed === undefined) {
      const usages = ['encapsulateBits', 'decapsulateBits'];
      const pair = await calling(`subtle.generateKey({ name: '${kemAlgorithm(p).name}' }, true, ['encapsulateBits', 'decapsulateBits'])`, () =>
        subtle().generateKey(kemAlgorithm(p), true, usages),
      );
      return exported(p, pair.privateKey, pair.publicKey);
    }
    const privateKey = await importing("WebCrypto importKey('raw-seed')", () =>
      subtle().importKey('raw-seed', seed, kemAlgorithm(p), true, ['decapsulateBits']),
    );
    return exported(p, privateKey, await calling('subtle.getPublicKey(privateKey)', () => subtle().getPublicKey(privateKey, ['encapsulateBits'])));
  },
  async encapsulate(p, i) {
    const format = publicFormat(p);
    const key = await importing(`WebCrypto importKey('${format}')`, () =>
      subtle().importKey(format, input(i, 'publicKey'), kemAlgorithm(p), false, ['encapsulateBits']),
    );
    // The key is imported first: one that fails the FIPS 203 §7.2 check is refused as it is for any caller.
    if (i['m'] !== undefined) throw new UnsupportedError(NO_M);
    const { ciphertext, sharedKey } = await rejecting('WebCrypto encapsulateBits', () => subtle().encapsulateBits(kemAlgorithm(p), key));
    return { ciphertext: new Uint8Array(ciphertext), sharedSecret: new Uint8Array(sharedKey) };
  },
  async decapsulate(p, i) {
    const format = secretFormat(p);
    const key = await importing(`WebCrypto importKey('${format}')`, () =>
      subtle().importKey(format, input(i, 'secretKey'), kemAlgorithm(p), false, ['decapsulateBits']),
    );
    const secret = await rejecting('WebCrypto decapsulateBits', () => subtle().decapsulateBits(kemAlgorithm(p), key, input(i, 'ciphertext')));
    return { sharedSecret: new Uint8Array(secret) };
  },
};

/** ChaCha20-Poly1305 as the draft's example calls it: no tagLength (128 bits is the only one), a 12-byte iv, ct ‖ tag. */
const chachaAsCalled = secretKeyCipher('ChaCha20-Poly1305', 'raw-secret', (_p, i) => ({
  name: 'ChaCha20-Poly1305',
  iv: input(i, 'nonce'),
  additionalData: input(i, 'aad'),
}));

/** The bindings of the WICG modern-algorithms draft, as the draft can express them. */
export const webcryptoModernBindings: readonly Binding[] = [
  {
    standard: chacha20Poly1305,
    rules: [
      oneOf('keyBits', [256], 'ChaCha20-Poly1305 keys are 256 bits, imported as raw-secret'),
      oneOf('nonceBytes', [12], "the draft's ChaCha20-Poly1305 iv is 12 bytes (RFC 8439)"),
      oneOf('tagBytes', [16], "the draft's ChaCha20-Poly1305 tagLength, when given, is 128 bits"),
    ],
    ops: secretKeyCipher('ChaCha20-Poly1305', 'raw-secret', (p, i) => ({
      name: 'ChaCha20-Poly1305',
      iv: input(i, 'nonce'),
      additionalData: input(i, 'aad'),
      tagLength: num(p, 'tagBytes') * 8,
    })),
  },
  {
    standard: mlKem,
    rules: [
      oneOf('parameterSet', ['ML-KEM-512', 'ML-KEM-768', 'ML-KEM-1024'], 'the draft names the algorithms ML-KEM-512, ML-KEM-768 and ML-KEM-1024'),
      oneOf(
        'secretKeyFormat',
        Object.keys(SECRET_FORMAT),
        'the draft imports and exports ML-KEM private keys as raw-seed (d ‖ z) or PKCS#8 holding the seed: it has no format for the expanded decapsulation key',
      ),
      oneOf('publicKeyFormat', Object.keys(PUBLIC_FORMAT), 'the draft imports and exports ML-KEM public keys as raw-public or SPKI'),
    ],
    refusedInputs: { encapsulate: { m: NO_M } },
    ops: mlKemOps,
  },
];

/**
 * How the draft's WebCrypto calls ML-KEM-768 for each ML-KEM intent: a key pair from
 * generateKey (from a seed: importKey('raw-seed') and getPublicKey), the private key kept as
 * exportKey('pkcs8'), WebCrypto's one private-key format, and the public key sent as
 * exportKey('raw-public'), the draft's format for a bare public key (a certificate's key is
 * read with importKey('spki')). The explicit operations with those parameters make exactly
 * these calls.
 */
const ML_KEM_768_CALL =
  "subtle.generateKey({ name: 'ML-KEM-768' }, true, ['encapsulateBits', 'decapsulateBits']) (from a seed: subtle.importKey('raw-seed', seed, …) and subtle.getPublicKey); subtle.exportKey('pkcs8', privateKey); subtle.exportKey('raw-public', publicKey); subtle.encapsulateBits({ name: 'ML-KEM-768' }, publicKey); subtle.decapsulateBits({ name: 'ML-KEM-768' }, privateKey, ciphertext)";
const ML_KEM_768_PARAMS = { parameterSet: 'ML-KEM-768', secretKeyFormat: 'pkcs8-seed', publicKeyFormat: 'raw' };

/** The intent resolutions of the modern-algorithms bindings, by standard and intent id. */
export const webcryptoModernIntents: Readonly<Record<string, Readonly<Record<string, IntentResolution>>>> = {
  [chacha20Poly1305.id]: {
    'chacha20-poly1305': documentedCall(
      "subtle.importKey('raw-secret', key, 'ChaCha20-Poly1305', false, ['encrypt', 'decrypt']); subtle.encrypt({ name: 'ChaCha20-Poly1305', iv, additionalData }, key, data) with a 12-byte iv",
      { keyBits: 256, nonceBytes: 12, tagBytes: 16, construction: RFC_8439 },
      chachaAsCalled,
    ),
  },
  [mlKem.id]: mlKem768Intents(
    documentedCall(ML_KEM_768_CALL, ML_KEM_768_PARAMS, mlKemOps),
    documentedCall(
      ML_KEM_768_CALL.replace("subtle.exportKey('raw-public', publicKey)", "subtle.importKey('spki', certificate's SubjectPublicKeyInfo, …)"),
      { ...ML_KEM_768_PARAMS, publicKeyFormat: 'spki' },
      mlKemOps,
    ),
  ),
};
