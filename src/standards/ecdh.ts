/**
 * Elliptic-curve Diffie-Hellman over the NIST prime curves (NIST SP 800-56A Rev. 3 §5.7.1.2,
 * SEC 1 §3.3.1): the shared secret is the x-coordinate of d·Q, big-endian, padded to the
 * field length. The recipient of a public key must validate it (SP 800-56A §5.6.2.3): a point
 * off the curve or at infinity enables invalid-curve attacks that recover the secret key.
 */
import { agreement } from '../core/families/agreement.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Mutation, Standard } from '../core/standard.js';
import { decodeEcPublic, EC_CURVES, encodeEcPublic, isOnCurve, type EcCurve } from './key-encoding.js';

const CITE = 'NIST SP 800-56A Rev. 3 §5.6.2.3.3 (ECC full public-key validation), SEC 1 §3.2.2.1';

/** A public-key mutation: the producer's point, altered and written back in its own encoding. */
function pointMutation(id: string, description: string, rule: string, alter: (point: Uint8Array, curve: EcCurve) => Uint8Array): Mutation {
  return {
    id,
    description,
    because: `${CITE}: ${rule}`,
    apply(i: ByteMap) {
      const { format, curve, point } = decodeEcPublic(i['publicKey']!);
      const encoded = encodeEcPublic(format, curve, alter(point, curve));
      return encoded && { ...i, publicKey: encoded };
    },
  };
}

/** The point with the lowest bits of y flipped until it leaves the curve. */
function offCurve(point: Uint8Array, curve: EcCurve): Uint8Array {
  const out = Uint8Array.from(point);
  for (let bit = 1; bit < 256; bit++) {
    out[out.length - 1] = point[point.length - 1]! ^ bit;
    if (!isOnCurve(curve, out)) return out;
  }
  throw new Error('unreachable: every low-byte variant of y is on the curve');
}

const MUTATIONS: readonly Mutation[] = [
  pointMutation('off-curve', "the peer's y-coordinate altered so that the point is not on the curve", 'a point not on the curve must be rejected', offCurve),
  pointMutation('infinity', "the peer's public key replaced by the point at infinity (SEC 1 encoding 00)", 'the point at infinity must be rejected', () =>
    Uint8Array.of(0),
  ),
  pointMutation('truncate', "the last byte of the peer's point removed", 'a point encoding of the wrong length must be rejected', (p) =>
    p.subarray(0, p.length - 1),
  ),
];

const CURVES = Object.keys(EC_CURVES) as EcCurve[];

const set = (curve: string, keyFormat: string): Params => ({ curve, keyFormat });

export const ecdh: Standard = {
  id: 'ecdh',
  title: 'ECDH (NIST prime curves)',
  family: agreement.name,
  references: ['NIST SP 800-56A Rev. 3 §5.7.1.2', 'SEC 1 v2 §3.3.1', 'RFC 5903 §8 (test vectors)'],
  params: [
    { name: 'curve', description: 'NIST prime curve (FIPS 186-5, SP 800-186)', values: CURVES },
    { name: 'keyFormat', description: "how both sides export their key pairs and import the peer's", values: ['sec1', 'der', 'pem', 'jwk'] },
  ],
  matrix: [...CURVES.map((c) => set(c, 'sec1')), ...['der', 'pem', 'jwk'].map((f) => set('P-256', f))],
  // PEM is DER once the armour is off: its tampered keys would repeat the DER grid's.
  negativeMatrix: [...CURVES.map((c) => set(c, 'sec1')), ...['der', 'jwk'].map((f) => set('P-256', f))],
  keys: { keyParams: ['curve', 'keyFormat'] },
  layout: 'shared secret: the x-coordinate, big-endian, field length (SP 800-56A §5.7.1.2); keys in the keyFormat encoding',
  ops: ['generateKeyPair', 'derive'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [],
  mutations: MUTATIONS,
  sizes: (p) => ({ key: EC_CURVES[p['curve'] as EcCurve]?.size ?? 0, nonce: 0, tag: 0, block: 1 }),
  paramsId: (p) => `${String(p['curve'])}-${String(p['keyFormat'])}`,
};
