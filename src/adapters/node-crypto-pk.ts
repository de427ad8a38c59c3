/**
 * The public-key bindings of the `node-crypto` adapter (and the key handling its `defaults`
 * variant shares): RSA-OAEP, RSAES-PKCS1-v1_5, ECDH and X25519 over node:crypto. Buffers and
 * KeyObjects exist only inside this file.
 *
 * Library facts these bindings rely on (Node 20, OpenSSL 3.0):
 * - `publicEncrypt`/`privateDecrypt` take `oaepHash`, which sets the OAEP hash and the MGF1
 *   hash together (OpenSSL's separate rsa_mgf1_md is not exposed): MGF1 = OAEP hash.
 * - RSA_PKCS1_PADDING private decryption is refused since Node 18.19.1/20.11.1/21.6.2
 *   (CVE-2023-46809, the Marvin attack) with a TypeError naming `--security-revert=CVE-2023-46809`,
 *   unless OpenSSL does implicit rejection. Detected once at load with a throwaway 512-bit key.
 *   Where it is allowed on OpenSSL 3.2+ (Node 24, the node24 adapter), the claim declares
 *   implicit rejection: a ciphertext with bad padding decrypts to a synthetic message.
 * - KeyObjects read and write SPKI/PKCS#8 DER and PEM, PKCS#1 (RSA) and JWK. SEC 1 raw EC keys
 *   go through `createECDH`, whose `getPrivateKey()` drops leading zero bytes (OpenSSL
 *   BN_bn2bin): a P-521 scalar comes out 65 bytes about half the time, so it is left-padded.
 * - X25519 has no raw import: raw keys get the fixed RFC 8410 DER prefixes (x25519-der.ts).
 * - OpenSSL validates EC points when it parses them and refuses an all-zero X25519 secret;
 *   both are rejections.
 */
import {
  constants,
  createECDH,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPair,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { OpImpl } from '../core/adapter.js';
import { copyBytes } from '../core/bytes.js';
import { describeError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { HASHES } from '../core/registry.js';
import { ecdh } from '../standards/ecdh.js';
import { EC_CURVES, jwkBytes, leftPad, parseJwk, type EcCurve } from '../standards/key-encoding.js';
import { RSA_KEY_FORMATS } from '../standards/rsa.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../standards/rsaes-pkcs1-v1_5.js';
import { x25519 } from '../standards/x25519.js';
import { input, num, oneOf, tiedTo, type Binding, type ParamRule } from './binding.js';
import { importing, rejecting } from './key-import.js';
import { x25519Pkcs8, x25519Spki } from './x25519-der.js';

const generate = promisify(generateKeyPair);

/** A Buffer view of the same memory (no copy). */
function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** node:crypto's digest names. */
const NODE_HASH: Readonly<Record<string, string>> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** node:crypto's (OpenSSL's) names of the ecdh standard's curves. */
const NODE_CURVE: Readonly<Record<EcCurve, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

const text = new TextEncoder();

/** A KeyObject written in one of the registry's encodings (not `sec1`/`raw`, handled per algorithm). */
function exportKey(key: KeyObject, format: string): Uint8Array {
  const type = key.type === 'public' ? (format.startsWith('pkcs1') ? 'pkcs1' : 'spki') : format.startsWith('pkcs1') ? 'pkcs1' : 'pkcs8';
  switch (format) {
    case 'der':
    case 'pkcs1-der':
      return copyBytes(key.export({ format: 'der', type } as never) as Buffer);
    case 'pem':
    case 'pkcs1-pem':
      return text.encode(key.export({ format: 'pem', type } as never) as string);
    case 'jwk':
      return jwkBytes(key.export({ format: 'jwk' }) as Record<string, unknown>);
    default:
      throw new TypeError(`node-crypto cannot export a KeyObject as ${format}`);
  }
}

/** Imports a key in one of the registry's encodings; a refusal is a `KeyRejectedError`. */
function importKey(bytes: Uint8Array, format: string, kind: 'public' | 'secret'): Promise<KeyObject> {
  const make = kind === 'public' ? createPublicKey : createPrivateKey;
  const type = kind === 'public' ? (format.startsWith('pkcs1') ? 'pkcs1' : 'spki') : format.startsWith('pkcs1') ? 'pkcs1' : 'pkcs8';
  return importing(`node:crypto ${format} ${kind} key`, () => {
    switch (format) {
      case 'der':
      case 'pkcs1-der':
        return make({ key: buf(bytes), format: 'der', type } as never);
      case 'pem':
      case 'pkcs1-pem':
        return make({ key: Buffer.from(bytes).toString('utf8'), format: 'pem' });
      case 'jwk':
        return make({ key: parseJwk(bytes) as never, format: 'jwk' });
      default:
        throw new TypeError(`node-crypto cannot import ${format}`);
    }
  });
}

/** RSA key pairs: generated off the main thread, exported in `keyFormat`. */
export async function nodeRsaKeyPair(p: Params): Promise<ByteMap> {
  const pair = await generate('rsa', { modulusLength: num(p, 'modulusBits'), publicExponent: 0x10001 });
  const format = String(p['keyFormat']);
  return { publicKey: exportKey(pair.publicKey, format), secretKey: exportKey(pair.privateKey, format) };
}

/** The recipient's public key, imported from `keyFormat`. */
export function nodePublicKey(p: Params, i: ByteMap): Promise<KeyObject> {
  return importKey(input(i, 'publicKey'), String(p['keyFormat']), 'public');
}

/** The recipient's secret key, imported from `keyFormat`. */
export function nodeSecretKey(p: Params, i: ByteMap): Promise<KeyObject> {
  return importKey(input(i, 'secretKey'), String(p['keyFormat']), 'secret');
}

/** Private decryption; the library's refusal of the ciphertext is a rejection. */
export async function nodeDecrypt(what: string, p: Params, i: ByteMap, options: { padding: number; oaepHash?: string; oaepLabel?: Buffer }): Promise<ByteMap> {
  const key = await nodeSecretKey(p, i);
  return { plaintext: copyBytes(await rejecting(what, () => privateDecrypt({ key, ...options }, buf(input(i, 'ciphertext'))))) };
}

/** The explicit OAEP options: hash (and with it MGF1) and the label, when not empty. */
function oaepOptions(p: Params, i: ByteMap): { padding: number; oaepHash: string; oaepLabel?: Buffer } {
  const label = input(i, 'label');
  const base = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: NODE_HASH[String(p['oaepHash'])]! };
  return label.length === 0 ? base : { ...base, oaepLabel: buf(label) };
}

const oaepOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: nodeRsaKeyPair,
  async encrypt(p, i) {
    const key = await nodePublicKey(p, i);
    return { ciphertext: copyBytes(publicEncrypt({ key, ...oaepOptions(p, i) }, buf(input(i, 'plaintext')))) };
  },
  decrypt: (p, i) => nodeDecrypt('node:crypto RSA-OAEP decryption', p, i, oaepOptions(p, i)),
};

/**
 * Whether this Node refuses RSAES-PKCS1-v1_5 private decryption, tried once with a throwaway
 * 512-bit key: the setting that would allow it, or undefined when it is allowed.
 */
function pkcs1DecryptionPolicy(): string | undefined {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 512 });
  const padding = constants.RSA_PKCS1_PADDING;
  const ct = publicEncrypt({ key: publicKey, padding }, Buffer.of(1));
  try {
    privateDecrypt({ key: privateKey, padding }, ct);
    return undefined;
  } catch (err) {
    const flag = /--security-revert=\S+/.exec(describeError(err));
    if (flag) return flag[0].replace(/[.,;]$/, '');
    throw err;
  }
}

/** The setting that controls RSAES-PKCS1-v1_5 private decryption here, when it is refused. */
export const PKCS1_DECRYPTION_POLICY = pkcs1DecryptionPolicy();

/**
 * Whether the decryption, where allowed, answers bad padding with a synthetic message instead of
 * an error: OpenSSL 3.2+ does so by default (rsa_pkcs1_implicit_rejection), and Node allows the
 * decryption without --security-revert only then (Node 24 on OpenSSL 3.5 does).
 */
function opensslRejectsImplicitly(version = process.versions.openssl ?? '0'): boolean {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  return major > 3 || (major === 3 && minor >= 2);
}

const pkcs1Ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: nodeRsaKeyPair,
  async encrypt(p, i) {
    const key = await nodePublicKey(p, i);
    return { ciphertext: copyBytes(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, buf(input(i, 'plaintext')))) };
  },
  ...(PKCS1_DECRYPTION_POLICY === undefined
    ? { decrypt: (p: Params, i: ByteMap) => nodeDecrypt('node:crypto RSAES-PKCS1-v1_5 decryption', p, i, { padding: constants.RSA_PKCS1_PADDING }) }
    : {}),
};

const ecdhOps: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(p) {
    const curve = String(p['curve']) as EcCurve;
    const format = String(p['keyFormat']);
    if (format === 'sec1') {
      const e = createECDH(NODE_CURVE[curve]);
      e.generateKeys();
      return { publicKey: copyBytes(e.getPublicKey()), secretKey: leftPad(copyBytes(e.getPrivateKey()), EC_CURVES[curve].size) };
    }
    const pair = await generate('ec', { namedCurve: curve });
    return { publicKey: exportKey(pair.publicKey, format), secretKey: exportKey(pair.privateKey, format) };
  },
  async derive(p, i) {
    if (p['keyFormat'] === 'sec1') {
      const e = createECDH(NODE_CURVE[String(p['curve']) as EcCurve]);
      await importing('node:crypto ECDH setPrivateKey', () => e.setPrivateKey(buf(input(i, 'secretKey'))));
      return { sharedSecret: copyBytes(await rejecting('node:crypto ECDH computeSecret', () => e.computeSecret(buf(input(i, 'publicKey'))))) };
    }
    return keyObjectDerive(p, i);
  },
};

/** diffieHellman over KeyObjects imported from `keyFormat`. */
async function keyObjectDerive(p: Params, i: ByteMap): Promise<ByteMap> {
  const [privateKey, publicKey] = [await nodeSecretKey(p, i), await nodePublicKey(p, i)];
  return { sharedSecret: copyBytes(await rejecting('node:crypto diffieHellman', () => diffieHellman({ privateKey, publicKey }))) };
}

const x25519Ops: Partial<Record<OpName, OpImpl>> = {
  async generateKeyPair(p) {
    const format = String(p['keyFormat']);
    const pair = await generate('x25519');
    if (format !== 'raw') return { publicKey: exportKey(pair.publicKey, format), secretKey: exportKey(pair.privateKey, format) };
    const jwk = pair.privateKey.export({ format: 'jwk' });
    return { secretKey: copyBytes(Buffer.from(jwk.d ?? '', 'base64url')), publicKey: copyBytes(Buffer.from(jwk.x ?? '', 'base64url')) };
  },
  derive(p, i) {
    if (p['keyFormat'] !== 'raw') return keyObjectDerive(p, i);
    // No raw import in Node 20: the keys get their fixed RFC 8410 DER prefixes.
    const der = { ...p, keyFormat: 'der' };
    return keyObjectDerive(der, { secretKey: x25519Pkcs8(input(i, 'secretKey')), publicKey: x25519Spki(input(i, 'publicKey')) });
  },
};

const MODULUS: ParamRule = oneOf('modulusBits', [2048, 3072, 4096], 'OpenSSL generates and uses RSA keys of any of these sizes');
const RSA_FORMATS: ParamRule = oneOf('keyFormat', RSA_KEY_FORMATS, 'KeyObject export and import take DER, PEM (SPKI/PKCS#8 and PKCS#1) and JWK');

/** The public-key standards node:crypto implements. */
export const nodeCryptoPkBindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      MODULUS,
      oneOf('oaepHash', HASHES, 'OpenSSL has every SHA-2 digest'),
      tiedTo('mgf1Hash', 'oaepHash', 'publicEncrypt/privateDecrypt take one oaepHash, used for OAEP and MGF1 alike: MGF1 cannot differ from the OAEP hash'),
      oneOf('labelBytes', [0, 20], 'oaepLabel takes any label'),
      RSA_FORMATS,
    ],
    ops: oaepOps,
  },
  {
    standard: rsaesPkcs1v15,
    rules: [MODULUS, RSA_FORMATS],
    ops: pkcs1Ops,
    ...(PKCS1_DECRYPTION_POLICY === undefined && opensslRejectsImplicitly() ? { rejection: 'implicit' as const } : {}),
    missingOps: {
      reason: `Node refuses RSA_PKCS1_PADDING private decryption (CVE-2023-46809, Marvin timing attack) unless started with ${PKCS1_DECRYPTION_POLICY ?? '--security-revert=CVE-2023-46809'}`,
      ...(PKCS1_DECRYPTION_POLICY ? { policy: `node ${PKCS1_DECRYPTION_POLICY}` } : {}),
    },
  },
  {
    standard: ecdh,
    rules: [
      oneOf('curve', ['P-256', 'P-384', 'P-521'], 'OpenSSL has the NIST prime curves'),
      oneOf('keyFormat', ['sec1', 'der', 'pem', 'jwk'], 'createECDH takes SEC 1 points and scalars; KeyObjects take DER, PEM and JWK'),
      oneOf('secretForm', ['x'], 'ECDH.computeSecret and crypto.diffieHellman return the x-coordinate: neither returns the shared point'),
    ],
    ops: ecdhOps,
  },
  {
    standard: x25519,
    rules: [
      oneOf('curve', ['X25519'], 'this binding is X25519 only'),
      oneOf('keyFormat', ['raw', 'der', 'pem', 'jwk'], 'KeyObjects take DER, PEM and JWK; raw keys get RFC 8410 DER prefixes'),
    ],
    ops: x25519Ops,
  },
];

/** RSA-OAEP as Node's documentation calls it: the key, and `options` beside it, nothing else. */
function oaepAsCalled(options: { readonly oaepHash?: string }): Partial<Record<OpName, OpImpl>> {
  return {
    generateKeyPair: nodeRsaKeyPair,
    encrypt: async (p, i) => ({ ciphertext: copyBytes(publicEncrypt({ key: await nodePublicKey(p, i), ...options }, buf(input(i, 'plaintext')))) }),
    async decrypt(p, i) {
      const key = await nodeSecretKey(p, i);
      return { plaintext: copyBytes(await rejecting('node:crypto privateDecrypt', () => privateDecrypt({ key, ...options }, buf(input(i, 'ciphertext'))))) };
    },
  };
}

const rsa = (oaepHash: string, mgf1Hash: string): Params => ({ modulusBits: 2048, oaepHash, mgf1Hash, labelBytes: 0, keyFormat: 'der' });

/**
 * How node:crypto resolves the RSA intents (node docs, crypto.publicEncrypt: "padding …
 * Default: RSA_PKCS1_OAEP_PADDING", "oaepHash … Default: 'sha1'"; MGF1 always uses the OAEP
 * hash, and the label is empty unless `oaepLabel` is given).
 */
export const nodeRsaIntents = {
  [rsaOaep.id]: {
    sha256: {
      call: "crypto.publicEncrypt({ key, oaepHash: 'sha256' }, data) / crypto.privateDecrypt({ key, oaepHash: 'sha256' }, data)",
      params: rsa('SHA-256', 'SHA-256'),
      ops: oaepAsCalled({ oaepHash: 'sha256' }),
    },
    oaep: { call: 'crypto.publicEncrypt(key, data) / crypto.privateDecrypt(key, data)', params: rsa('SHA-1', 'SHA-1'), ops: oaepAsCalled({}) },
    // With no padding named, publicEncrypt's default padding is OAEP (with SHA-1).
    'default-padding': {
      call: 'crypto.publicEncrypt(key, data) / crypto.privateDecrypt(key, data)',
      params: { ...rsa('SHA-1', 'SHA-1'), padding: 'OAEP' },
      ops: oaepAsCalled({}),
    },
  },
};
