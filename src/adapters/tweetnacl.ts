/**
 * tweetnacl (TweetNaCl.js): NaCl secretbox and box, and X25519 through `scalarMult`.
 *
 * Library facts this adapter relies on:
 * - `secretbox` and `box` already return the canonical `tag ‖ ciphertext` (NaCl's
 *   boxzerobytes stripped); `open` returns null on any failure.
 * - Keys are raw 32-byte strings, so nothing is wrapped.
 * - `scalarMult` does not check for an all-zero shared secret (RFC 7748 §6.1 makes it optional).
 */
import nacl from 'tweetnacl';
import { defineAdapter, inProcessProbe, type OpImpl } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { OpName } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { naclBox } from '../standards/nacl-box.js';
import { BOX_OUTPUT, naclSecretbox } from '../standards/nacl-secretbox.js';
import { x25519 } from '../standards/x25519.js';
import { assemble, documentedCall, input, oneOf } from './binding.js';

/** `open` returns null for a forgery, a wrong key or a too-short input. */
function opened(plaintext: Uint8Array | null, what: string): { plaintext: Uint8Array } {
  if (plaintext === null) throw new RejectedError(`tweetnacl ${what}.open returned null`);
  return { plaintext };
}

const keyPair: OpImpl = () => {
  const pair = nacl.box.keyPair();
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
};

const secretboxOps: Partial<Record<OpName, OpImpl>> = {
  encrypt: (_p, i) => ({ ciphertext: nacl.secretbox(input(i, 'plaintext'), input(i, 'nonce'), input(i, 'key')) }),
  decrypt: (_p, i) => opened(nacl.secretbox.open(input(i, 'ciphertext'), input(i, 'nonce'), input(i, 'key')), 'secretbox'),
};

const boxOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: keyPair,
  // nacl.box(message, nonce, theirPublicKey, mySecretKey)
  encrypt: (_p, i) => ({ ciphertext: nacl.box(input(i, 'plaintext'), input(i, 'nonce'), input(i, 'publicKey'), input(i, 'secretKey')) }),
  decrypt: (_p, i) => opened(nacl.box.open(input(i, 'ciphertext'), input(i, 'nonce'), input(i, 'publicKey'), input(i, 'secretKey')), 'box'),
};

const x25519Ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: keyPair,
  derive: (_p, i) => ({ sharedSecret: nacl.scalarMult(input(i, 'secretKey'), input(i, 'publicKey')) }),
};

const NONCE_24 = oneOf('nonceBytes', [24], 'XSalsa20 nonces are 24 bytes (nacl.secretbox.nonceLength, nacl.box.nonceLength)');
const TAG_16 = oneOf('tagBytes', [16], 'NaCl Poly1305 tags are 16 bytes (overheadLength)');
const CURVE = oneOf('curve', ['X25519'], 'tweetnacl implements Curve25519 only');

const { claims, ops } = assemble('tweetnacl', [
  {
    standard: naclSecretbox,
    rules: [oneOf('keyBits', [256], 'nacl.secretbox.keyLength is 32 bytes'), NONCE_24, TAG_16],
    ops: secretboxOps,
  },
  { standard: naclBox, rules: [CURVE, NONCE_24, TAG_16], ops: boxOps },
  { standard: x25519, rules: [CURVE, oneOf('keyFormat', ['raw'], 'tweetnacl takes raw 32-byte keys only: it has no DER, PEM or JWK')], ops: x25519Ops },
]);

/** tweetnacl: NaCl secretbox, box and X25519 (scalarMult). */
export const tweetnaclAdapter = defineAdapter({
  id: 'tweetnacl',
  library: 'tweetnacl',
  kind: 'in-process',
  variant: 'explicit',
  description: 'TweetNaCl.js: nacl.secretbox, nacl.box and nacl.scalarMult on raw keys',
  probe: inProcessProbe(() => packageVersion('tweetnacl')),
  capabilities: {
    claims,
    gaps: {
      'aes-gcm': 'tweetnacl implements only NaCl primitives (XSalsa20, Poly1305, Curve25519, Ed25519, SHA-512): no AES',
      'aes-cbc': 'tweetnacl implements only NaCl primitives: no AES',
      'aes-ctr': 'tweetnacl implements only NaCl primitives: no AES',
      'chacha20-poly1305': 'tweetnacl has XSalsa20-Poly1305 only, not the IETF ChaCha20-Poly1305 of RFC 8439',
      'xchacha20-poly1305': 'tweetnacl has XSalsa20-Poly1305 only, no ChaCha20',
      'aes-gcm-siv': 'tweetnacl implements only NaCl primitives: no AES',
      '3des-cbc': 'tweetnacl implements only NaCl primitives: no DES',
      'openssl-enc': 'tweetnacl implements only NaCl primitives: no CBC, no EVP_BytesToKey, no PBKDF2',
      'nacl-sealedbox':
        'tweetnacl has crypto_box but no sealed box: crypto_box_seal is a libsodium addition that derives the nonce with BLAKE2b, which NaCl and so tweetnacl do not have',
      'rsa-oaep': 'tweetnacl implements only NaCl primitives: no RSA',
      'rsaes-pkcs1-v1_5': 'tweetnacl implements only NaCl primitives: no RSA',
      ecdh: 'tweetnacl implements Curve25519 only, not the NIST prime curves',
    },
  },
  ops,
  // The calls take the nonce and return tag ‖ ciphertext: the nonce travels as the caller decides.
  intents: {
    [naclSecretbox.id]: {
      secretbox: documentedCall(
        'nacl.secretbox(message, nonce, key) / nacl.secretbox.open(box, nonce, key)',
        { keyBits: 256, nonceBytes: 24, tagBytes: 16, output: BOX_OUTPUT },
        ops[naclSecretbox.id],
      ),
    },
    [naclBox.id]: {
      box: documentedCall(
        'nacl.box(message, nonce, theirPublicKey, mySecretKey) / nacl.box.open(box, nonce, theirPublicKey, mySecretKey)',
        { curve: 'X25519', nonceBytes: 24, tagBytes: 16, output: BOX_OUTPUT },
        ops[naclBox.id],
      ),
    },
    // scalarMult works on the raw 32-byte keys nacl.box.keyPair() returns; it never refuses.
    [x25519.id]: {
      'shared-secret': documentedCall(
        'nacl.scalarMult(secretKey, theirPublicKey) on raw 32-byte keys (nacl.box.keyPair())',
        { curve: 'X25519', keyFormat: 'raw' },
        ops[x25519.id],
      ),
    },
  },
});
