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

/** The public key with its point in SEC 1 compressed form (§2.3.3), in the same encoding; one already compressed as it is. */
function compressed(publicKey: Uint8Array): Uint8Array {
  if (publicKey[0] === 0x02 || publicKey[0] === 0x03) return publicKey;
  const { format, curve, point } = decodeEcPublic(publicKey);
  if (point[0] !== 0x04) return publicKey;
  const size = EC_CURVES[curve].size;
  const odd = (point[point.length - 1]! & 1) === 1;
  const encoded = encodeEcPublic(format, curve, Uint8Array.from([odd ? 0x03 : 0x02, ...point.subarray(1, 1 + size)]));
  if (!encoded) throw new RangeError(`the ${format} encoding has no compressed points`);
  return encoded;
}

/**
 * The public key moved off the curve, in the same encoding. A compressed SEC 1 key (which has no
 * y to alter) becomes the uncompressed point (x, x) moved off the curve.
 */
function offCurveKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey[0] === 0x02 || publicKey[0] === 0x03) {
    const x = publicKey.subarray(1);
    const curve = (Object.keys(EC_CURVES) as EcCurve[]).find((c) => EC_CURVES[c].size === x.length)!;
    return offCurve(Uint8Array.from([0x04, ...x, ...x]), curve);
  }
  const { format, curve, point } = decodeEcPublic(publicKey);
  const encoded = encodeEcPublic(format, curve, offCurve(point, curve));
  if (!encoded) throw new RangeError(`the ${format} encoding cannot carry the point`);
  return encoded;
}

const CURVES = Object.keys(EC_CURVES) as EcCurve[];

const set = (curve: string, keyFormat: string): Params => ({ curve, keyFormat, secretForm: 'x' });

export const ecdh: Standard = {
  id: 'ecdh',
  title: 'ECDH (NIST prime curves)',
  family: agreement.name,
  references: ['NIST SP 800-56A Rev. 3 §5.7.1.2', 'SEC 1 v2 §3.3.1', 'RFC 5903 §8 (test vectors)'],
  params: [
    { name: 'curve', description: 'NIST prime curve (FIPS 186-5, SP 800-186)', values: CURVES },
    { name: 'keyFormat', description: "how both sides export their key pairs and import the peer's", values: ['sec1', 'der', 'pem', 'jwk'] },
    {
      name: 'secretForm',
      description:
        'what derive returns: the x-coordinate of the shared point (SP 800-56A §5.7.1.2, SEC 1 §3.3.1), or the whole point in SEC 1 compressed form (@noble/curves getSharedSecret by default)',
      values: ['x', 'compressed-point'],
    },
  ],
  matrix: [...CURVES.map((c) => set(c, 'sec1')), ...['der', 'pem', 'jwk'].map((f) => set('P-256', f))],
  // PEM is DER once the armour is off: its tampered keys would repeat the DER grid's.
  negativeMatrix: [...CURVES.map((c) => set(c, 'sec1')), ...['der', 'jwk'].map((f) => set('P-256', f))],
  keys: { keyParams: ['curve', 'keyFormat'] },
  layout:
    'shared secret: the x-coordinate, big-endian, field length (SP 800-56A §5.7.1.2), or with secretForm compressed-point the shared point in SEC 1 compressed form; keys in the keyFormat encoding',
  ops: ['generateKeyPair', 'derive'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [],
  mutations: MUTATIONS,
  sizes: (p) => ({ key: EC_CURVES[p['curve'] as EcCurve]?.size ?? 0, nonce: 0, tag: 0, block: 1 }),
  intents: [
    {
      id: 'shared-secret',
      sentence: "ECDH P-256 shared secret from the peer's public key",
      fixes: { curve: 'P-256' },
      open: {
        keyFormat:
          'SEC 1 §2.3.3 encodes a public key as an octet string, RFC 5480 (SubjectPublicKeyInfo DER, PEM) and RFC 7518 §6.2 (JWK) wrap it: the sentence names no encoding for the public keys the two ends exchange',
        secretForm:
          'SP 800-56A Rev. 3 §5.7.1.2 and SEC 1 §3.3.1 make the shared secret the x-coordinate, but the sentence does not say so, and a library may return the whole shared point',
      },
      peerKeys: [
        {
          name: 'a public key in SEC 1 compressed form',
          expected: 'either',
          because:
            'SEC 1 §2.3.4 decodes compressed and uncompressed points alike, but SP 800-56A and RFC 5480 §2.2 leave the compressed form optional to support; a key may be read or refused',
          apply: compressed,
          appliesTo: (params) => params['keyFormat'] !== 'jwk',
          allowed: { behaviour: 'read it (the secret of the uncompressed key)' },
        },
        {
          name: 'a public key off the curve (its y altered)',
          expected: 'reject',
          because: `${CITE}: a point not on the curve must be rejected (the invalid-curve attack recovers secret keys)`,
          apply: offCurveKey,
        },
      ],
    },
  ],
  paramsId: (p) => `${String(p['curve'])}-${String(p['keyFormat'])}${p['secretForm'] === 'compressed-point' ? '-point' : ''}`,
};
