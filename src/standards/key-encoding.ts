/**
 * The key encodings of the registry's `keyFormat` values, as far as the harness itself must
 * read and write them: PEM armour (RFC 7468), a minimal DER writer (the reader is asn1.ts), and EC public
 * keys and secret scalars in every encoding (SEC 1, SPKI/PKCS#8, JWK). Adapters whose library
 * reads only DER use the fixed wrappers; tamper mutations use the rest to alter a public key
 * whatever its encoding. Nothing here validates a key: that is the implementations' job.
 */
import { concatBytes } from '../core/bytes.js';
import { readTlv, type Tlv } from './asn1.js';

/** One DER element from its tag and contents. */
export function der(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const value = concatBytes(...contents);
  const n = value.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concatBytes(Uint8Array.of(tag, ...length), value);
}

/** DER tags used here. */
export const TAG = { integer: 0x02, bitString: 0x03, octetString: 0x04, oid: 0x06, sequence: 0x30 } as const;

const ASCII = new TextEncoder();
const TEXT = new TextDecoder('utf-8', { fatal: true });

/** PEM text (RFC 7468 strict: 64-character lines, final newline) as UTF-8 bytes. */
export function pemArmor(label: string, body: Uint8Array): Uint8Array {
  const b64 = Buffer.from(body)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return ASCII.encode(`-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`);
}

/** The label and DER of the first PEM block in `text`; throws when there is none. */
export function pemDearmor(text: Uint8Array): { readonly label: string; readonly body: Uint8Array } {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(TEXT.decode(text));
  if (!m) throw new RangeError('no PEM block');
  return { label: m[1]!, body: Uint8Array.from(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')) };
}

/** Bytes as unpadded base64url (JWK members, RFC 7515 §2). */
export function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** JWK JSON as UTF-8 bytes. */
export function jwkBytes(jwk: Readonly<Record<string, unknown>>): Uint8Array {
  return ASCII.encode(JSON.stringify(jwk));
}

/** A JWK from UTF-8 JSON bytes; throws on anything but a JSON object. */
export function parseJwk(bytes: Uint8Array): Record<string, unknown> {
  const value: unknown = JSON.parse(TEXT.decode(bytes));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('a JWK is a JSON object');
  return value as Record<string, unknown>;
}

/** A JWK member decoded from base64url; throws when it is not a string. */
export function jwkBytesOf(jwk: Readonly<Record<string, unknown>>, member: string): Uint8Array {
  const v = jwk[member];
  if (typeof v !== 'string') throw new TypeError(`JWK member ${member} is missing`);
  return Uint8Array.from(Buffer.from(v, 'base64url'));
}

/** The prime curves of the `ecdh` standard, by their canonical (JWK, WebCrypto) names. */
export const EC_CURVES = {
  'P-256': {
    oid: '2a8648ce3d030107',
    size: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    oid: '2b81040022',
    size: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    oid: '2b81040023',
    size: 66,
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
} as const;

/** A curve of the `ecdh` standard. */
export type EcCurve = keyof typeof EC_CURVES;

const EC_PUBLIC_KEY_OID = '2a8648ce3d0201';

/** The AlgorithmIdentifier { id-ecPublicKey, namedCurve } of RFC 5480 §2.1.1. */
function ecAlgorithm(curve: EcCurve): Uint8Array {
  const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
  return der(TAG.sequence, der(TAG.oid, hex(EC_PUBLIC_KEY_OID)), der(TAG.oid, hex(EC_CURVES[curve].oid)));
}

/** SubjectPublicKeyInfo of an EC point (RFC 5480 §2): any bytes, unvalidated. */
export function ecSpki(curve: EcCurve, point: Uint8Array): Uint8Array {
  return der(TAG.sequence, ecAlgorithm(curve), der(TAG.bitString, Uint8Array.of(0), point));
}

/**
 * PKCS#8 PrivateKeyInfo of an EC scalar: RFC 5915 ECPrivateKey { version 1, privateKey }
 * without the optional parameters, which the algorithm identifier already determines, and
 * without the public key unless `point` is given ([1] publicKey, as OpenSSL writes it).
 */
export function ecPkcs8(curve: EcCurve, scalar: Uint8Array, point?: Uint8Array): Uint8Array {
  const publicKey = point ? [der(0xa1, der(TAG.bitString, Uint8Array.of(0), point))] : [];
  const ecPrivateKey = der(TAG.sequence, der(TAG.integer, Uint8Array.of(1)), der(TAG.octetString, scalar), ...publicKey);
  return der(TAG.sequence, der(TAG.integer, Uint8Array.of(0)), ecAlgorithm(curve), der(TAG.octetString, ecPrivateKey));
}

/** The curve named by an EC AlgorithmIdentifier. */
function curveOfAlgorithm(algorithm: Tlv): EcCurve {
  const named = algorithm.children[1];
  const oid = named ? Buffer.from(named.value).toString('hex') : '';
  const curve = (Object.keys(EC_CURVES) as EcCurve[]).find((c) => EC_CURVES[c].oid === oid);
  if (!curve) throw new RangeError(`not a P-256, P-384 or P-521 key (curve OID ${oid || 'missing'})`);
  return curve;
}

/** The curve and point of an EC SubjectPublicKeyInfo. */
export function ecPointOfSpki(spki: Uint8Array): { readonly curve: EcCurve; readonly point: Uint8Array } {
  const [algorithm, bits] = readTlv(spki).children;
  if (!algorithm || !bits || bits.tag !== TAG.bitString) throw new RangeError('not a SubjectPublicKeyInfo');
  return { curve: curveOfAlgorithm(algorithm), point: bits.value.subarray(1) };
}

/** The scalar of an EC PKCS#8 PrivateKeyInfo, left-padded to the curve's length. */
export function ecScalarOfPkcs8(pkcs8: Uint8Array): Uint8Array {
  const [, algorithm, wrapped] = readTlv(pkcs8).children;
  if (!algorithm || !wrapped || wrapped.tag !== TAG.octetString) throw new RangeError('not a PrivateKeyInfo');
  const [, scalar] = readTlv(wrapped.value).children;
  if (!scalar || scalar.tag !== TAG.octetString) throw new RangeError('not an ECPrivateKey');
  return leftPad(scalar.value, EC_CURVES[curveOfAlgorithm(algorithm)].size);
}

/** `bytes` left-padded with zeros to `size` (big-endian integers some libraries shorten). */
export function leftPad(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length >= size) return bytes;
  return concatBytes(new Uint8Array(size - bytes.length), bytes);
}

/** Is the SEC 1 uncompressed `point` on `curve` (y² = x³ − 3x + b mod p)? */
export function isOnCurve(curve: EcCurve, point: Uint8Array): boolean {
  const { size, p, b } = EC_CURVES[curve];
  if (point.length !== 1 + 2 * size || point[0] !== 4) return false;
  const int = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  const x = int(point.subarray(1, 1 + size));
  const y = int(point.subarray(1 + size));
  const mod = (v: bigint): bigint => ((v % p) + p) % p;
  return x < p && y < p && mod(y * y) === mod(x * x * x - 3n * x + b);
}

/** The curve of an uncompressed point, by its length. */
function curveOfPoint(point: Uint8Array): EcCurve | undefined {
  return (Object.keys(EC_CURVES) as EcCurve[]).find((c) => point.length === 1 + 2 * EC_CURVES[c].size);
}

/** The `keyFormat`s an EC public key can be written in. */
export type EcPublicFormat = 'sec1' | 'der' | 'pem' | 'jwk';

/** An EC public key read back from any of its encodings, with the encoding it came in. */
export interface DecodedEcPublic {
  readonly format: EcPublicFormat;
  readonly curve: EcCurve;
  readonly point: Uint8Array;
}

/** Reads an EC public key in whichever encoding it is written (recognised by its first byte). */
export function decodeEcPublic(bytes: Uint8Array): DecodedEcPublic {
  switch (bytes[0]) {
    case 0x30:
      return { format: 'der', ...ecPointOfSpki(bytes) };
    case 0x2d: // '-'
      return { format: 'pem', ...ecPointOfSpki(pemDearmor(bytes).body) };
    case 0x7b: {
      // '{'
      const jwk = parseJwk(bytes);
      const crv = jwk['crv'];
      if (typeof crv !== 'string' || !(crv in EC_CURVES)) throw new RangeError(`JWK crv ${String(crv)} is not a curve of the ecdh standard`);
      return { format: 'jwk', curve: crv as EcCurve, point: concatBytes(Uint8Array.of(4), jwkBytesOf(jwk, 'x'), jwkBytesOf(jwk, 'y')) };
    }
    default: {
      const curve = curveOfPoint(bytes);
      if (!curve) throw new RangeError(`an uncompressed point of ${bytes.length} bytes fits no curve`);
      return { format: 'sec1', curve, point: bytes };
    }
  }
}

/**
 * Writes an EC public point, unvalidated, in `format`; `undefined` when the encoding cannot
 * express it (JWK has no point at infinity and no compressed or truncated points).
 */
export function encodeEcPublic(format: EcPublicFormat, curve: EcCurve, point: Uint8Array): Uint8Array | undefined {
  switch (format) {
    case 'sec1':
      return point;
    case 'der':
      return ecSpki(curve, point);
    case 'pem':
      return pemArmor('PUBLIC KEY', ecSpki(curve, point));
    case 'jwk': {
      const size = EC_CURVES[curve].size;
      if (point[0] !== 4 || point.length < 3) return undefined;
      const xy = point.subarray(1);
      const x = xy.subarray(0, Math.min(size, xy.length - 1));
      return jwkBytes({ kty: 'EC', crv: curve, x: b64url(x), y: b64url(xy.subarray(x.length)) });
    }
  }
}
