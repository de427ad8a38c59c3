/**
 * X25519 key agreement (RFC 7748 §5, §6.1). The canonical keys and shared secret are raw
 * 32-byte little-endian strings; `keyFormat` also exchanges the keys as RFC 8410 DER or PEM
 * and RFC 8037 JWK, so the grids show which encodings two libraries can trade. Checking for
 * an all-zero shared secret is optional (RFC 7748 §6.1: "MAY"), so vectors with low-order
 * points are `acceptable` either way.
 */
import { fromHex } from '../core/bytes.js';
import { agreement } from '../core/families/agreement.js';
import type { PeerKey } from '../core/intent.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { b64url, jwkBytes, jwkBytesOf, parseJwk, pemArmor, pemDearmor } from './key-encoding.js';
import { slugger } from './params-id.js';

/** RFC 8410 SubjectPublicKeyInfo DER of an X25519 key: a 12-byte prefix and the 32-byte key. */
const SPKI_BYTES = 44;

/**
 * `publicKey` (raw 32 bytes, RFC 8410 SPKI DER or PEM, RFC 8037 JWK: told apart by length and
 * first character) with its 32-byte u-coordinate string replaced by what `alter` makes of it,
 * in the same encoding.
 */
function withU(publicKey: Uint8Array, alter: (u: Uint8Array) => Uint8Array): Uint8Array {
  if (publicKey.length === 32) return alter(publicKey);
  if (publicKey.length === SPKI_BYTES && publicKey[0] === 0x30) {
    const out = Uint8Array.from(publicKey);
    out.set(alter(publicKey.subarray(SPKI_BYTES - 32)), SPKI_BYTES - 32);
    return out;
  }
  if (publicKey[0] === 0x7b) {
    const jwk = parseJwk(publicKey);
    return jwkBytes({ ...jwk, x: b64url(alter(jwkBytesOf(jwk, 'x'))) });
  }
  const { label, body } = pemDearmor(publicKey);
  return pemArmor(label, withU(body, alter));
}

const LOW_ORDER =
  'RFC 7748 §6.1: an implementation MAY check whether the shared secret is all zeros and abort; so a low-order public key may be refused or give the all-zero secret (Wycheproof: acceptable)';
const ZERO = new Uint8Array(32);

/** A low-order u-coordinate string (little-endian hex) as a peer key both ends meet, each in its own encoding. */
const lowOrder = (name: string, hex: string): PeerKey => ({
  name: `public key ${name}`,
  expected: 'either',
  because: LOW_ORDER,
  apply: (publicKey) => withU(publicKey, () => fromHex(hex)),
  allowed: { secret: ZERO, behaviour: 'derived the all-zero secret' },
});

const set = (keyFormat: string): Params => ({ curve: 'X25519', keyFormat });

export const x25519: Standard = {
  id: 'x25519',
  title: 'X25519',
  family: agreement.name,
  references: ['RFC 7748 §5, §6.1', 'RFC 8410 (DER)', 'RFC 8037 (JWK)'],
  params: [
    { name: 'curve', description: 'Montgomery curve', values: ['X25519'] },
    { name: 'keyFormat', description: "how both sides export their key pairs and import the peer's", values: ['raw', 'der', 'pem', 'jwk'] },
  ],
  matrix: ['raw', 'der', 'pem', 'jwk'].map(set),
  keys: { keyParams: ['curve', 'keyFormat'] },
  layout: 'shared secret: 32 bytes (RFC 7748 §5); keys raw 32-byte strings or in the keyFormat encoding',
  ops: ['generateKeyPair', 'derive'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [],
  mutations: [],
  sizes: (p) => (p['keyFormat'] === 'raw' ? { key: 32, nonce: 0, tag: 0, block: 1, publicKey: 32, secretKey: 32 } : { key: 32, nonce: 0, tag: 0, block: 1 }),
  intents: [
    {
      id: 'shared-secret',
      sentence: "X25519 shared secret from the peer's public key",
      fixes: { curve: 'X25519' },
      open: {
        keyFormat:
          'RFC 7748 §5 defines the keys as 32-byte strings, and RFC 8410 (SPKI DER, PEM) and RFC 8037 (JWK) wrap them: the sentence names no encoding for the public keys the two ends exchange',
      },
      peerKeys: [
        {
          name: "the producer's public key with bit 255 set",
          expected: 'accept',
          because: 'RFC 7748 §5: implementations MUST mask the most significant bit of the final byte, so the key gives the same secret',
          apply: (publicKey) =>
            withU(publicKey, (u) => {
              const high = Uint8Array.from(u);
              high[31]! |= 0x80;
              return high;
            }),
        },
        lowOrder('u = 0 (the point of order 2)', '00'.repeat(32)),
        lowOrder('of order 8 (libsodium blocklist)', 'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'),
        lowOrder('u = p, a non-canonical 0', `ed${'ff'.repeat(30)}7f`),
        lowOrder('u = p + 1, a non-canonical 1 (order 4)', `ee${'ff'.repeat(30)}7f`),
        lowOrder('of order 8 with bit 255 set', 'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880'),
      ],
    },
  ],
  paramsId: slugger([
    ['curve', ''],
    ['keyFormat', ''],
  ]),
};
