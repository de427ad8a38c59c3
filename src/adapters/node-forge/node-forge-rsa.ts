/**
 * The RSA bindings of the `node-forge` adapter (and the key handling its `defaults` variant
 * shares): RSA-OAEP and RSAES-PKCS1-v1_5 through forge.pki. Binary strings exist only here.
 *
 * Library facts these bindings rely on (node-forge 1.4, lib/pkcs1.js, lib/rsa.js, lib/pki.js):
 * - `encrypt(data, 'RSA-OAEP', { md, mgf1: { md }, label })`: the OAEP hash and the MGF1 hash
 *   are separate options; without `mgf1` MGF1 uses `md`, without `md` both are SHA-1.
 * - forge has SHA-1, SHA-256, SHA-384, SHA-512 and SHA-512/224, SHA-512/256, but no SHA-224:
 *   `forge.md.sha512.sha224` is SHA-512/224, a different function.
 * - `encrypt(data)` without a scheme is RSAES-PKCS1-v1_5; decryption failures throw
 *   ("Invalid RSAES-OAEP padding.", "Encryption block is invalid.").
 * - Key generation uses Node's native generateKeyPair (asynchronous with a callback).
 * - Keys: `publicKeyFromAsn1`/`privateKeyFromAsn1` read SPKI and RSAPublicKey, PKCS#8 and
 *   RSAPrivateKey alike; PEM through `publicKeyFromPem`/`privateKeyFromPem` (any of the four
 *   labels); `privateKeyToPem` writes PKCS#1, PKCS#8 takes `wrapRsaPrivateKey`. No JWK.
 */
import forge from 'node-forge';
import type { pki } from 'node-forge';
import type { OpImpl } from '../../core/adapter.js';
import type { ByteMap, OpName, Params } from '../../core/model.js';
import { PKCS1_DEFAULT, rsaOaep } from '../../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../../standards/rsaes-pkcs1-v1_5.js';
import { input, num, oneOf, type Binding, type ParamRule } from '../binding.js';
import { importing, rejecting } from '../key-import.js';

/** Bytes as a forge binary string. */
export function bin(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A forge binary string as bytes. */
export function bytesOfBin(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}

const text = new TextEncoder();
const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

/** A forge RSA key pair written in `format`. */
function exportPair(pair: pki.rsa.KeyPair, format: string): ByteMap {
  const der = (asn1: forge.asn1.Asn1): Uint8Array => bytesOfBin(forge.asn1.toDer(asn1).getBytes());
  const pkcs8 = (): forge.asn1.Asn1 => forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(pair.privateKey));
  switch (format) {
    case 'der':
      return { publicKey: der(forge.pki.publicKeyToAsn1(pair.publicKey)), secretKey: der(pkcs8()) };
    case 'pem':
      return { publicKey: text.encode(forge.pki.publicKeyToPem(pair.publicKey)), secretKey: text.encode(forge.pki.privateKeyInfoToPem(pkcs8())) };
    case 'pkcs1-der':
      return { publicKey: der(forge.pki.publicKeyToRSAPublicKey(pair.publicKey)), secretKey: der(forge.pki.privateKeyToAsn1(pair.privateKey)) };
    case 'pkcs1-pem':
      return {
        publicKey: text.encode(forge.pki.publicKeyToRSAPublicKeyPem(pair.publicKey)),
        secretKey: text.encode(forge.pki.privateKeyToPem(pair.privateKey)),
      };
    default:
      throw new TypeError(`node-forge cannot write ${format}`);
  }
}

/**
 * An RSA key pair of `modulusBits` (e = 65537) in `keyFormat`. With a callback forge uses
 * Node's asynchronous generateKeyPair, so a 4096-bit key does not block the thread for seconds.
 */
export function forgeRsaKeyPair(p: Params): Promise<ByteMap> {
  return new Promise((resolve, reject) => {
    forge.pki.rsa.generateKeyPair({ bits: num(p, 'modulusBits'), e: 0x10001 }, (err, pair) => {
      if (err) reject(err);
      else resolve(exportPair(pair, String(p['keyFormat'])));
    });
  });
}

const isPem = (format: unknown): boolean => String(format).endsWith('pem');

/** The recipient's public key from `keyFormat`; a refusal is a `KeyRejectedError`. */
export function forgePublicKey(p: Params, i: ByteMap): Promise<pki.rsa.PublicKey> {
  const bytes = input(i, 'publicKey');
  return importing(`node-forge ${String(p['keyFormat'])} public key`, () =>
    isPem(p['keyFormat']) ? forge.pki.publicKeyFromPem(utf8(bytes)) : (forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(bin(bytes))) as pki.rsa.PublicKey),
  );
}

/** The recipient's secret key from `keyFormat`; a refusal is a `KeyRejectedError`. */
export function forgeSecretKey(p: Params, i: ByteMap): Promise<pki.rsa.PrivateKey> {
  const bytes = input(i, 'secretKey');
  return importing(`node-forge ${String(p['keyFormat'])} secret key`, () =>
    isPem(p['keyFormat']) ? forge.pki.privateKeyFromPem(utf8(bytes)) : (forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bin(bytes))) as pki.rsa.PrivateKey),
  );
}

/** forge's digest of a canonical hash name (never SHA-224, which forge lacks). */
export function forgeMd(hash: unknown): forge.md.MessageDigest {
  switch (hash) {
    case 'SHA-1':
      return forge.md.sha1.create();
    case 'SHA-256':
      return forge.md.sha256.create();
    case 'SHA-384':
      return forge.md.sha384.create();
    case 'SHA-512':
      return forge.md.sha512.create();
    default:
      throw new TypeError(`node-forge has no ${String(hash)}`);
  }
}

type Scheme = 'RSA-OAEP' | 'RSAES-PKCS1-V1_5' | undefined;

/**
 * Encrypt and decrypt calling `key.encrypt(data, scheme, options)`; `options` builds the
 * scheme options from the parameters and inputs (undefined: the argument is left out).
 */
export function forgeRsaOps(what: string, scheme: Scheme, options: (p: Params, i: ByteMap) => object | undefined): Partial<Record<OpName, OpImpl>> {
  return {
    generateKeyPair: forgeRsaKeyPair,
    async encrypt(p, i) {
      const key = await forgePublicKey(p, i);
      const data = bin(input(i, 'plaintext'));
      const o = options(p, i);
      const encrypted = scheme === undefined ? key.encrypt(data) : o === undefined ? key.encrypt(data, scheme) : key.encrypt(data, scheme, o);
      return { ciphertext: bytesOfBin(encrypted) };
    },
    async decrypt(p, i) {
      const key = await forgeSecretKey(p, i);
      const data = bin(input(i, 'ciphertext'));
      const o = options(p, i);
      const plaintext = await rejecting(`node-forge ${what} decryption`, () =>
        scheme === undefined ? key.decrypt(data) : o === undefined ? key.decrypt(data, scheme) : key.decrypt(data, scheme, o),
      );
      return { plaintext: bytesOfBin(plaintext) };
    },
  };
}

/** The hashes forge has, as canonical names. */
export const FORGE_HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const NO_SHA224 = 'node-forge has SHA-1, SHA-256, SHA-384 and SHA-512 but no SHA-224 (forge.md.sha512.sha224 is SHA-512/224, another function)';

/** Modulus sizes: forge works with any; generation is Node's native one. */
export const FORGE_MODULUS: ParamRule = oneOf('modulusBits', [2048, 3072, 4096], 'forge.pki.rsa handles any modulus size');

/** The encodings forge reads and writes. */
export const FORGE_FORMATS: ParamRule = oneOf(
  'keyFormat',
  ['der', 'pem', 'pkcs1-der', 'pkcs1-pem'],
  'node-forge reads and writes SPKI/PKCS#8 and PKCS#1 in DER and PEM; it has no JWK',
);

/** The RSA standards node-forge implements, every parameter passed. */
export const forgeRsaBindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      FORGE_MODULUS,
      oneOf('oaepHash', FORGE_HASHES, NO_SHA224),
      oneOf('mgf1Hash', FORGE_HASHES, NO_SHA224),
      oneOf('labelBytes', [0, 20], 'the label option takes any binary string'),
      FORGE_FORMATS,
    ],
    ops: forgeRsaOps('RSA-OAEP', 'RSA-OAEP', (p, i) => ({ md: forgeMd(p['oaepHash']), mgf1: { md: forgeMd(p['mgf1Hash']) }, label: bin(input(i, 'label')) })),
  },
  {
    standard: rsaesPkcs1v15,
    rules: [FORGE_MODULUS, FORGE_FORMATS],
    ops: forgeRsaOps('RSAES-PKCS1-v1_5', 'RSAES-PKCS1-V1_5', () => undefined),
  },
];

const rsaIntentParams = (oaepHash: string, mgf1Hash: string): Params => ({ modulusBits: 2048, oaepHash, mgf1Hash, labelBytes: 0, keyFormat: 'der' });

/**
 * How node-forge resolves the RSA intents, as its README calls it: `publicKey.encrypt(bytes,
 * 'RSA-OAEP', { md })` lets forge pick MGF1 (the same hash as `md`, lib/pkcs1.js: "default
 * MGF-1 to same as OAEP") and the label (empty); without options, `md` is SHA-1.
 */
export const forgeRsaIntents = {
  [rsaOaep.id]: {
    sha256: {
      call: "publicKey.encrypt(bytes, 'RSA-OAEP', { md: forge.md.sha256.create() }) / privateKey.decrypt(bytes, 'RSA-OAEP', { md: forge.md.sha256.create() })",
      params: rsaIntentParams('SHA-256', 'SHA-256'),
      ops: forgeRsaOps('RSA-OAEP', 'RSA-OAEP', () => ({ md: forge.md.sha256.create() })),
    },
    oaep: {
      call: "publicKey.encrypt(bytes, 'RSA-OAEP') / privateKey.decrypt(bytes, 'RSA-OAEP')",
      params: rsaIntentParams('SHA-1', 'SHA-1'),
      ops: forgeRsaOps('RSA-OAEP', 'RSA-OAEP', () => undefined),
    },
    // Without a scheme, encrypt and decrypt are RSAES-PKCS1-v1_5.
    'default-padding': {
      call: 'publicKey.encrypt(bytes) / privateKey.decrypt(bytes)',
      params: PKCS1_DEFAULT,
      ops: forgeRsaOps('RSAES-PKCS1-v1_5', undefined, () => undefined),
    },
  },
};
