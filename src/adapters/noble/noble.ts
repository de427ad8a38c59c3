/**
 * The noble libraries by Paul Miller, audited pure-TypeScript implementations: @noble/ciphers
 * for the symmetric standards, @noble/curves for key agreement. Bindings live in
 * noble-ciphers.ts and noble-curves.ts; this file assembles the one `noble` adapter.
 */
import { defineAdapter } from '../../core/adapter.js';
import { packageVersion } from '../../core/version.js';
import { gcm } from '@noble/ciphers/aes.js';
import { assemble, documentedCall, input } from '../binding.js';
import { rejecting } from '../key-import.js';
import { aesCtr } from '../../standards/aes-ctr.js';
import { aesCbc } from '../../standards/aes-cbc.js';
import { aesGcm } from '../../standards/aes-gcm.js';
import { chacha20Poly1305, RFC_8439 } from '../../standards/chacha20-poly1305.js';
import { BOX_OUTPUT, naclSecretbox } from '../../standards/nacl-secretbox.js';
import { x25519 } from '../../standards/x25519.js';
import { AEAD_OUTPUT, xchacha20Poly1305 } from '../../standards/xchacha20-poly1305.js';
import { NOBLE_CIPHER_GAPS, nobleCipherBindings } from './noble-ciphers.js';
import { NOBLE_CURVE_GAPS, nobleCurveBindings, nobleEcdhAsCalled } from './noble-curves.js';
import { ecdh } from '../../standards/ecdh.js';

const { claims, ops } = assemble('noble', [...nobleCipherBindings, ...nobleCurveBindings]);

/** Why noble does not implement a standard, where there is more to say than the default reason. */
const NOBLE_GAPS: Readonly<Record<string, string>> = {
  hpke: 'noble offers primitives, not the HPKE (RFC 9180) message format; the hpke-noble adapter implements it on top of noble',
  ...NOBLE_CIPHER_GAPS,
  ...NOBLE_CURVE_GAPS,
  'ml-kem': '@noble/ciphers and @noble/curves have no ML-KEM; the noble-pq adapter implements it with @noble/post-quantum',
  'x-wing': '@noble/ciphers and @noble/curves have no ML-KEM, so no X-Wing; the noble-pq adapter implements it with @noble/post-quantum',
  'kyber-r3': 'round-3 Kyber is a pre-standard KEM this library never implemented',
  'x25519-kyber768-draft00': 'the pre-standard X25519Kyber768Draft00 hybrid is a KEM this library never implemented',
  'nacl-box':
    'the noble packages have the parts (x25519, hsalsa, xsalsa20poly1305) but no crypto_box; @noble/ciphers points to the separate noble-sodium package for it, which bothends does not install',
  'nacl-sealedbox':
    'the noble packages have no crypto_box_seal (it also needs BLAKE2b nonce derivation); that composition lives in the separate noble-sodium package',
};

/** @noble/ciphers and @noble/curves. */
export const noble = defineAdapter({
  id: 'noble',
  library: '@noble/ciphers, @noble/curves',
  kind: 'in-process',
  variant: 'explicit',
  description: "Paul Miller's audited pure-TypeScript @noble/ciphers and @noble/curves",
  probe: async () => ({
    available: true,
    version: `ciphers ${packageVersion('@noble/ciphers')}, curves ${packageVersion('@noble/curves')}`,
  }),
  capabilities: { claims, gaps: NOBLE_GAPS },
  ops,
  // noble's ctr counts with the whole block.
  intents: {
    [aesCtr.id]: { ctr: documentedCall('ctr(key, iv).encrypt(data)', { keyBits: 128, counterBits: 128 }, ops[aesCtr.id]) },
    // gcm() takes a 12-byte nonce in its examples and always writes a 16-byte tag after the ciphertext.
    [aesGcm.id]: {
      'aes256-gcm': documentedCall('gcm(key, nonce).encrypt(data) with a 12-byte nonce', { keyBits: 256, ivBytes: 12, tagBytes: 16 }, ops[aesGcm.id]),
    },
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': documentedCall(
        'cbc(key, iv).encrypt(data) (pads with PKCS#7 unless disablePadding)',
        { keyBits: 256, padding: 'pkcs7' },
        ops[aesCbc.id],
      ),
      // No AES without a mode: the README's AES example is gcm() first (given the IV both ends share as its nonce).
      aes128: {
        call: "gcm(key, nonce).encrypt(data) (every noble AES function names its mode; the README's AES example starts with gcm)",
        params: { keyBits: 128, padding: 'none', mode: 'GCM' },
        ops: {
          encrypt: async (_p, i) => ({ ciphertext: gcm(input(i, 'key'), input(i, 'iv')).encrypt(input(i, 'plaintext')) }),
          decrypt: (_p, i) => rejecting('noble gcm', () => ({ plaintext: gcm(input(i, 'key'), input(i, 'iv')).decrypt(input(i, 'ciphertext')) })),
        },
      },
    },
    [naclSecretbox.id]: {
      secretbox: documentedCall(
        'xsalsa20poly1305(key, nonce).encrypt(data)',
        { keyBits: 256, nonceBytes: 24, tagBytes: 16, output: BOX_OUTPUT },
        ops[naclSecretbox.id],
      ),
    },
    // chacha20poly1305 is RFC 8439's, 12-byte nonce, the tag after the ciphertext; noble has no original construction.
    [chacha20Poly1305.id]: {
      'chacha20-poly1305': documentedCall(
        'chacha20poly1305(key, nonce, aad).encrypt(data) with a 12-byte nonce',
        { keyBits: 256, nonceBytes: 12, tagBytes: 16, construction: RFC_8439 },
        ops[chacha20Poly1305.id],
      ),
    },
    [xchacha20Poly1305.id]: {
      'xchacha20-poly1305': documentedCall(
        'xchacha20poly1305(key, nonce, aad).encrypt(data) with a 24-byte nonce (randomBytes(24) in the README)',
        { keyBits: 256, nonceBytes: 24, tagBytes: 16, output: AEAD_OUTPUT },
        ops[xchacha20Poly1305.id],
      ),
    },
    // @noble/curves has raw keys only; getSharedSecret throws on an all-zero result.
    [ecdh.id]: {
      'shared-secret': {
        call: 'p256.keygen(); p256.getSharedSecret(secretKey, theirPublicKey) (the compressed shared point: isCompressed defaults to true)',
        params: { curve: 'P-256', keyFormat: 'sec1', secretForm: 'compressed-point' },
        ops: nobleEcdhAsCalled,
      },
    },
    [x25519.id]: {
      'shared-secret': documentedCall(
        'x25519.getSharedSecret(secretKey, theirPublicKey) on raw 32-byte keys (x25519.keygen())',
        { curve: 'X25519', keyFormat: 'raw' },
        ops[x25519.id],
      ),
    },
  },
});
