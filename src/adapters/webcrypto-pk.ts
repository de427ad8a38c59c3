/**
 * The public-key bindings of the `webcrypto` adapter (and the key handling its `defaults`
 * variant shares): RSA-OAEP, ECDH and X25519 through `globalThis.crypto.subtle`.
 *
 * Library facts these bindings rely on (W3C Web Cryptography API as Node 20 implements it):
 * - RSA-OAEP binds the hash to the key at import (`RsaHashedImportParams.hash`: SHA-1,
 *   SHA-256, SHA-384 or SHA-512; no SHA-224) and uses it for MGF1 too; the label is a
 *   parameter of each encrypt/decrypt call. An exported JWK carries `alg` (RSA-OAEP-256…),
 *   which ties it to that hash on import.
 * - Keys import and export as `spki`/`pkcs8` DER and `jwk`; EC and X25519 public keys also as
 *   `raw` points. There is no PEM and no PKCS#1, and no raw secret key: SEC 1 scalars and raw
 *   X25519 secret keys get a fixed PKCS#8 wrapper (RFC 5915 / RFC 8410), and come out of a
 *   generated key through its JWK `d`.
 * - Every refusal is a DOMException: DataError at import (a malformed key, a point off the
 *   curve), OperationError for a bad ciphertext or an all-zero X25519 secret.
 */
import type { webcrypto } from 'node:crypto';
import type { OpImpl } from '../core/adapter.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { ecdh } from '../standards/ecdh.js';
import { ecPkcs8, EC_CURVES, jwkBytes, jwkBytesOf, leftPad, parseJwk, type EcCurve } from '../standards/key-encoding.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { x25519 } from '../standards/x25519.js';
import { input, num, oneOf, tiedTo, type Binding } from './binding.js';
import { describeError, RejectedError } from '../core/errors.js';
import { importing } from './key-import.js';
import { x25519Pkcs8 } from './x25519-der.js';

type CryptoKey = webcrypto.CryptoKey;
type Algorithm = webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;

const subtle = (): webcrypto.SubtleCrypto => globalThis.crypto.subtle;

/** A key pair written in `format` (`der`: spki/pkcs8; `jwk`; `sec1`/`raw`: the public point raw, the secret from the JWK). */
async function exportPair(pair: webcrypto.CryptoKeyPair, format: string, secretSize: number): Promise<ByteMap> {
  switch (format) {
    case 'der':
      return {
        publicKey: new Uint8Array(await subtle().exportKey('spki', pair.publicKey)),
        secretKey: new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey)),
      };
    case 'jwk':
      return {
        publicKey: jwkBytes({ ...(await subtle().exportKey('jwk', pair.publicKey)) }),
        secretKey: jwkBytes({ ...(await subtle().exportKey('jwk', pair.privateKey)) }),
      };
    default: {
      const jwk = { ...(await subtle().exportKey('jwk', pair.privateKey)) };
      return { publicKey: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)), secretKey: leftPad(jwkBytesOf(jwk, 'd'), secretSize) };
    }
  }
}

/**
 * What a WebCrypto exception says as the W3C specification defines it: its name and message.
 * Node's WebCrypto adds OpenSSL's error queue as the cause, which can hold what an earlier job on
 * the same thread left ("expecting an ec key" for a failed derivation), so that text differs
 * with the schedule: a refusal's description quotes no such cause.
 */
export const webcryptoRefusal = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message || '(empty message)'}` : describeError(err));

/** Runs a SubtleCrypto call on the receiving side; any exception is a `RejectedError` naming `what`, in WebCrypto's own words. */
export async function rejectingWeb<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new RejectedError(`${what}: ${webcryptoRefusal(err)}`, err);
  }
}

/** Imports a key from `format`; a refusal is a `KeyRejectedError`. `wrap` turns a raw secret into PKCS#8. */
function importKey(
  bytes: Uint8Array,
  format: string,
  kind: 'public' | 'secret',
  algorithm: Algorithm,
  usages: webcrypto.KeyUsage[],
  wrap?: (raw: Uint8Array) => Uint8Array,
): Promise<CryptoKey> {
  return importing(`WebCrypto ${format} ${kind} key`, () => {
    if (format === 'jwk') return subtle().importKey('jwk', parseJwk(bytes) as webcrypto.JsonWebKey, algorithm, false, usages);
    if (format === 'der') return subtle().importKey(kind === 'public' ? 'spki' : 'pkcs8', bytes, algorithm, false, usages);
    if (kind === 'public') return subtle().importKey('raw', bytes, algorithm, false, usages);
    if (!wrap) throw new TypeError(`no raw secret keys for ${String((algorithm as { name: string }).name)}`);
    return subtle().importKey('pkcs8', wrap(bytes), algorithm, false, usages);
  });
}

/** The hashed RSA-OAEP algorithm of a parameter set. */
const oaepAlgorithm = (p: Params): webcrypto.RsaHashedImportParams => ({ name: 'RSA-OAEP', hash: String(p['oaepHash']) });

/** An RSA-OAEP key pair of `modulusBits`, hashed with `oaepHash`, exported in `keyFormat`. */
export async function webRsaKeyPair(p: Params): Promise<ByteMap> {
  const pair = await subtle().generateKey({ ...oaepAlgorithm(p), modulusLength: num(p, 'modulusBits'), publicExponent: Uint8Array.of(1, 0, 1) }, true, [
    'encrypt',
    'decrypt',
  ]);
  return exportPair(pair, String(p['keyFormat']), 0);
}

/** RSA-OAEP with the key's hash; `label` is what goes into the algorithm dictionary (undefined: none). */
export function webOaepOps(label: (i: ByteMap) => Uint8Array | undefined): Partial<Record<OpName, OpImpl>> {
  const params = (i: ByteMap): webcrypto.RsaOaepParams => {
    const l = label(i);
    return l === undefined ? { name: 'RSA-OAEP' } : { name: 'RSA-OAEP', label: l };
  };
  return {
    generateKeyPair: webRsaKeyPair,
    async encrypt(p, i) {
      const key = await importKey(input(i, 'publicKey'), String(p['keyFormat']), 'public', oaepAlgorithm(p), ['encrypt']);
      return { ciphertext: new Uint8Array(await subtle().encrypt(params(i), key, input(i, 'plaintext'))) };
    },
    async decrypt(p, i) {
      const key = await importKey(input(i, 'secretKey'), String(p['keyFormat']), 'secret', oaepAlgorithm(p), ['decrypt']);
      return { plaintext: new Uint8Array(await rejectingWeb('WebCrypto RSA-OAEP decrypt', () => subtle().decrypt(params(i), key, input(i, 'ciphertext')))) };
    },
  };
}

/** ECDH or X25519 deriveBits over keys imported from `keyFormat`; `size` is the secret's length in bytes. */
function agreementOps(
  algorithm: (p: Params) => Algorithm,
  size: (p: Params) => number,
  wrap: (p: Params) => (raw: Uint8Array) => Uint8Array,
): Partial<Record<OpName, OpImpl>> {
  return {
    async generateKeyPair(p) {
      const pair = (await subtle().generateKey(algorithm(p) as webcrypto.EcKeyGenParams, true, ['deriveBits'])) as webcrypto.CryptoKeyPair;
      return exportPair(pair, String(p['keyFormat']), size(p));
    },
    async derive(p, i) {
      const format = String(p['keyFormat']);
      const secret = await importKey(input(i, 'secretKey'), format, 'secret', algorithm(p), ['deriveBits'], wrap(p));
      const peer = await importKey(input(i, 'publicKey'), format, 'public', algorithm(p), []);
      const bits = await rejectingWeb('WebCrypto deriveBits', () =>
        subtle().deriveBits({ name: String((algorithm(p) as { name: string }).name), public: peer } as webcrypto.EcdhKeyDeriveParams, secret, size(p) * 8),
      );
      return { sharedSecret: new Uint8Array(bits) };
    },
  };
}

const curveOf = (p: Params): EcCurve => String(p['curve']) as EcCurve;

const ecdhOps = agreementOps(
  (p) => ({ name: 'ECDH', namedCurve: curveOf(p) }),
  (p) => EC_CURVES[curveOf(p)].size,
  (p) => (scalar) => ecPkcs8(curveOf(p), scalar),
);

const x25519Ops = agreementOps(
  () => ({ name: 'X25519' }),
  () => 32,
  () => x25519Pkcs8,
);

/** The labelled RSA-OAEP operations of the explicit adapter: the label always goes in, even empty. */
const oaepOps = webOaepOps((i) => input(i, 'label'));

/** WebCrypto's RSA-OAEP hashes. */
export const WEB_OAEP_HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

/** The public-key standards WebCrypto implements. */
export const webcryptoPkBindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      oneOf('modulusBits', [2048, 3072, 4096], 'RsaHashedKeyGenParams.modulusLength takes any of these'),
      oneOf('oaepHash', WEB_OAEP_HASHES, 'RsaHashedImportParams.hash is SHA-1, SHA-256, SHA-384 or SHA-512 (the API has no SHA-224)'),
      tiedTo('mgf1Hash', 'oaepHash', "the W3C RSA-OAEP operations use the key's hash for MGF1 too: MGF1 cannot differ from the OAEP hash"),
      oneOf('labelBytes', [0, 20], 'RsaOaepParams.label takes any label'),
      oneOf('keyFormat', ['der', 'jwk'], 'WebCrypto imports RSA keys as spki/pkcs8 DER or JWK only: no PEM, no PKCS#1'),
    ],
    ops: oaepOps,
  },
  {
    standard: ecdh,
    rules: [
      oneOf('curve', ['P-256', 'P-384', 'P-521'], 'EcKeyImportParams.namedCurve is P-256, P-384 or P-521'),
      oneOf('keyFormat', ['sec1', 'der', 'jwk'], 'WebCrypto imports EC keys as raw points, spki/pkcs8 DER or JWK: no PEM'),
      oneOf(
        'secretForm',
        ['x'],
        'ECDH deriveBits returns the x-coordinate (W3C Web Cryptography, ECDH: "the x-coordinate of the shared point"): never the point',
      ),
    ],
    ops: ecdhOps,
  },
  {
    standard: x25519,
    rules: [
      oneOf('curve', ['X25519'], 'this binding is X25519 only'),
      oneOf('keyFormat', ['raw', 'der', 'jwk'], 'WebCrypto imports X25519 keys as raw (public), spki/pkcs8 DER or JWK: no PEM'),
    ],
    ops: x25519Ops,
  },
];

const rsaIntentParams = (hash: string): Params => ({ modulusBits: 2048, oaepHash: hash, mgf1Hash: hash, labelBytes: 0, keyFormat: 'der' });
const asCalled = webOaepOps(() => undefined);

/**
 * How WebCrypto resolves the RSA intents: the hash is given once, at key import (the API requires
 * one; MDN's example names SHA-256), and `encrypt({ name: 'RSA-OAEP' }, key, data)` takes no
 * label; the W3C operations use the key's hash for MGF1 too.
 */
export const webRsaIntents = {
  [rsaOaep.id]: {
    sha256: {
      call: "subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']); subtle.encrypt({ name: 'RSA-OAEP' }, key, data)",
      params: rsaIntentParams('SHA-256'),
      ops: asCalled,
    },
    oaep: {
      call: "subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, …) (the API requires a hash; MDN's example names SHA-256); subtle.encrypt({ name: 'RSA-OAEP' }, key, data)",
      params: rsaIntentParams('SHA-256'),
      ops: asCalled,
    },
    // RSA-OAEP is WebCrypto's only RSA encryption.
    'default-padding': {
      call: "subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, …); subtle.encrypt({ name: 'RSA-OAEP' }, key, data) (the API has no other RSA encryption)",
      params: { ...rsaIntentParams('SHA-256'), padding: 'OAEP' },
      ops: asCalled,
    },
  },
};
