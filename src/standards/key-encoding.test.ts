import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from '../core/bytes.js';
import { rngFor } from '../core/rng.js';
import { ecdh } from './ecdh.js';
import {
  decodeEcPublic,
  EC_CURVES,
  ecPkcs8,
  ecPointOfSpki,
  ecScalarOfPkcs8,
  ecSpki,
  encodeEcPublic,
  isOnCurve,
  jwkBytes,
  pemArmor,
  pemDearmor,
  type EcCurve,
} from './key-encoding.js';

const CURVES = Object.keys(EC_CURVES) as EcCurve[];

/** A node:crypto key pair as the point, the scalar and the encodings node writes itself. */
function nodePair(curve: EcCurve) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = privateKey.export({ format: 'jwk' });
  const b = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  return {
    point: Uint8Array.from(Buffer.concat([Buffer.of(4), b(jwk.x), b(jwk.y)])),
    scalar: Uint8Array.from(b(jwk.d)),
    spki: Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' })),
    pkcs8: Uint8Array.from(privateKey.export({ format: 'der', type: 'pkcs8' })),
    pem: new TextEncoder().encode(publicKey.export({ format: 'pem', type: 'spki' }) as string),
    jwk: jwkBytes({ kty: 'EC', crv: curve, x: jwk.x, y: jwk.y }),
  };
}

describe.each(CURVES.map((c) => [c, c] as const))('%s keys', (_c, curve) => {
  const k = nodePair(curve);

  it('read back from every encoding node:crypto writes', () => {
    expect(isOnCurve(curve, k.point)).toBe(true);
    for (const [format, bytes] of [
      ['sec1', k.point],
      ['der', k.spki],
      ['pem', k.pem],
      ['jwk', k.jwk],
    ] as const) {
      const d = decodeEcPublic(bytes);
      expect([d.format, d.curve, toHex(d.point)], format).toEqual([format, curve, toHex(k.point)]);
    }
    expect(toHex(ecScalarOfPkcs8(k.pkcs8))).toBe(toHex(k.scalar));
  });

  it('written as node:crypto reads them: SPKI byte for byte, PKCS#8 without the public key', () => {
    expect(toHex(ecSpki(curve, k.point))).toBe(toHex(k.spki));
    const again = createPrivateKey({ key: Buffer.from(ecPkcs8(curve, k.scalar)), format: 'der', type: 'pkcs8' });
    expect(again.export({ format: 'jwk' }).x).toBe(createPublicKey(again).export({ format: 'jwk' }).x);
    expect(toHex(ecPointOfSpki(ecSpki(curve, k.point)).point)).toBe(toHex(k.point));
    expect(toHex(pemDearmor(pemArmor('PUBLIC KEY', k.spki)).body)).toBe(toHex(k.spki));
  });

  it('altered by every ecdh mutation in every encoding that can express the result, and never left valid', () => {
    for (const format of ['sec1', 'der', 'pem', 'jwk'] as const) {
      const clean = { secretKey: k.scalar, publicKey: encodeEcPublic(format, curve, k.point)! };
      for (const m of ecdh.mutations) {
        const t = m.apply(clean, ecdh.sizes({ curve, keyFormat: format }), rngFor('enc', m.id));
        if (t === undefined) {
          expect(format, `${m.id} is expressible in ${format}`).toBe('jwk');
          continue;
        }
        expect(toHex(t['publicKey']!)).not.toBe(toHex(clean.publicKey));
        const point = m.id === 'infinity' || m.id === 'truncate' ? undefined : decodeEcPublic(t['publicKey']!).point;
        if (point) expect(isOnCurve(curve, point), `${format} ${m.id}`).toBe(false);
      }
    }
  });
});
