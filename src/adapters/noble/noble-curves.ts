/**
 * The @noble/curves bindings of the `noble` adapter: ECDH on the NIST prime curves and X25519.
 *
 * Library facts these bindings rely on (@noble/curves 2.x):
 * - Keys are raw bytes only: secret keys are fixed-length scalars, public keys SEC 1 points;
 *   there is no DER, PEM or JWK codec.
 * - `getPublicKey(secretKey)` and `keygen()` return a *compressed* point by default; the
 *   canonical SEC 1 key is uncompressed, so the adapter asks for `isCompressed = false`.
 * - `getSharedSecret` returns the shared point, compressed by default (33 bytes for P-256):
 *   the ECDH secret is its x-coordinate, bytes 1.. of that encoding.
 * - Points are validated when parsed (on the curve, not infinity, right length), and
 *   `x25519.getSharedSecret` refuses an all-zero result; both throw, which is a rejection.
 */
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { OpImpl } from '../../core/adapter.js';
import type { OpName, Params } from '../../core/model.js';
import { ecdh } from '../../standards/ecdh.js';
import type { EcCurve } from '../../standards/key-encoding.js';
import { x25519 } from '../../standards/x25519.js';
import { input, oneOf, type Binding } from '../binding.js';
import { rejecting } from '../key-import.js';

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

const curveOf = (p: Params): (typeof CURVES)[EcCurve] => CURVES[String(p['curve']) as EcCurve];

const ecdhOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair(p) {
    const c = curveOf(p);
    const secretKey = c.utils.randomSecretKey();
    return { secretKey, publicKey: c.getPublicKey(secretKey, false) };
  },
  async derive(p, i) {
    const shared = await rejecting('@noble/curves getSharedSecret', () => curveOf(p).getSharedSecret(input(i, 'secretKey'), input(i, 'publicKey'), true));
    return { sharedSecret: p['secretForm'] === 'compressed-point' ? shared : shared.slice(1) };
  },
};

/**
 * ECDH as the @noble/curves README calls it: `keygen()` gives a compressed public key (33 bytes
 * for P-256) and `getSharedSecret(secretKey, publicKey)` the compressed shared point, not its x.
 */
export const nobleEcdhAsCalled: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair(p) {
    const { secretKey, publicKey } = curveOf(p).keygen();
    return { secretKey, publicKey };
  },
  async derive(p, i) {
    return {
      sharedSecret: await rejecting('@noble/curves getSharedSecret', () => curveOf(p).getSharedSecret(input(i, 'secretKey'), input(i, 'publicKey'))),
    };
  },
};

const x25519Ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair() {
    const { secretKey, publicKey } = nobleX25519.keygen();
    return { secretKey, publicKey };
  },
  async derive(_p, i) {
    return {
      sharedSecret: await rejecting('@noble/curves x25519.getSharedSecret', () => nobleX25519.getSharedSecret(input(i, 'secretKey'), input(i, 'publicKey'))),
    };
  },
};

const RAW_ONLY = '@noble/curves works on raw bytes only: it has no ASN.1 (DER, PEM) or JWK codec';

/** One binding per standard @noble/curves implements. */
export const nobleCurveBindings: readonly Binding[] = [
  {
    standard: ecdh,
    rules: [
      oneOf('curve', ['P-256', 'P-384', 'P-521'], '@noble/curves/nist has p256, p384 and p521'),
      oneOf('keyFormat', ['sec1'], RAW_ONLY),
      oneOf('secretForm', ['x', 'compressed-point'], 'getSharedSecret returns the shared point; its x-coordinate is bytes 1.. of the compressed form'),
    ],
    ops: ecdhOps,
  },
  {
    standard: x25519,
    rules: [oneOf('curve', ['X25519'], 'this binding is X25519 only'), oneOf('keyFormat', ['raw'], RAW_ONLY)],
    ops: x25519Ops,
  },
];

/** Why @noble/curves does not implement the other public-key standards. */
export const NOBLE_CURVE_GAPS: Readonly<Record<string, string>> = {
  'rsa-oaep': 'the noble packages have no RSA (elliptic curves only)',
  'rsaes-pkcs1-v1_5': 'the noble packages have no RSA (elliptic curves only)',
};
