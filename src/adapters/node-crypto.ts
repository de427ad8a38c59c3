/**
 * node:crypto, i.e. the OpenSSL built into Node. Buffers exist only inside this file.
 *
 * Library facts this adapter relies on:
 * - AEAD tags are separate (`getAuthTag`/`setAuthTag`); the adapter produces the canonical
 *   `ciphertext ‖ tag`. Decryption passes `authTagLength`, without which Node accepts any tag
 *   of 4, 8 or 12–16 bytes, i.e. a truncated tag.
 * - OpenSSL's CTR mode increments the whole 16-byte block as one 128-bit counter.
 * - X25519 keys are imported through RFC 8410 DER wrappers; OpenSSL refuses to return an
 *   all-zero shared secret (low-order public key), which is a rejection.
 */
import {
  type CipherGCMTypes,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  type Decipher,
  diffieHellman,
  generateKeyPairSync,
} from 'node:crypto';
import { defineAdapter, type OpImpl } from '../core/adapter.js';
import { copyBytes } from '../core/bytes.js';
import { describeError, RejectedError } from '../core/errors.js';
import type { OpName, Params } from '../core/model.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { aesGcm } from '../standards/aes-gcm.js';
import { chacha20Poly1305 } from '../standards/chacha20-poly1305.js';
import { x25519 } from '../standards/x25519.js';
import { assemble, input, intRange, num, oneOf, splitTag } from './binding.js';
import { x25519Pkcs8, x25519Spki } from './x25519-der.js';

const AES_KEY_BITS = oneOf('keyBits', [128, 192, 256], 'OpenSSL has AES with 128-, 192- and 256-bit keys only');

/** A Buffer view of the same memory (no copy). */
function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A detached Uint8Array of the concatenated parts. */
function bytesOf(...parts: Buffer[]): Uint8Array {
  return copyBytes(Buffer.concat(parts));
}

/** `final()` is where OpenSSL checks the tag or the padding: its failure is a rejection. */
function finalOrReject(decipher: Decipher): Buffer {
  try {
    return decipher.final();
  } catch (err) {
    throw new RejectedError(describeError(err), err);
  }
}

/**
 * AEAD operations for one OpenSSL cipher. `chacha20-poly1305` has the same interface as the
 * GCM ciphers; @types/node merely types it through a separate overload, hence the cast.
 */
function aead(cipherName: (p: Params) => string, nonce: 'iv' | 'nonce'): Partial<Record<OpName, OpImpl>> {
  const name = (p: Params): CipherGCMTypes => cipherName(p) as CipherGCMTypes;
  return {
    encrypt(p, i) {
      const cipher = createCipheriv(name(p), buf(input(i, 'key')), buf(input(i, nonce)), { authTagLength: num(p, 'tagBytes') });
      cipher.setAAD(buf(input(i, 'aad')));
      return { ciphertext: bytesOf(cipher.update(buf(input(i, 'plaintext'))), cipher.final(), cipher.getAuthTag()) };
    },
    decrypt(p, i) {
      const tagBytes = num(p, 'tagBytes');
      const [body, tag] = splitTag(input(i, 'ciphertext'), tagBytes);
      const decipher = createDecipheriv(name(p), buf(input(i, 'key')), buf(input(i, nonce)), { authTagLength: tagBytes });
      decipher.setAuthTag(buf(tag));
      decipher.setAAD(buf(input(i, 'aad')));
      const head = decipher.update(buf(body));
      return { plaintext: bytesOf(head, finalOrReject(decipher)) };
    },
  };
}

/** AES-CBC (PKCS#7, OpenSSL's only padding) or AES-CTR: IV in, no tag. */
function blockMode(mode: 'cbc' | 'ctr'): Partial<Record<OpName, OpImpl>> {
  const name = (p: Params): string => `aes-${num(p, 'keyBits')}-${mode}`;
  return {
    encrypt(p, i) {
      const cipher = createCipheriv(name(p), buf(input(i, 'key')), buf(input(i, 'iv')));
      cipher.setAutoPadding(mode === 'cbc');
      return { ciphertext: bytesOf(cipher.update(buf(input(i, 'plaintext'))), cipher.final()) };
    },
    decrypt(p, i) {
      const decipher = createDecipheriv(name(p), buf(input(i, 'key')), buf(input(i, 'iv')));
      decipher.setAutoPadding(mode === 'cbc');
      const head = decipher.update(buf(input(i, 'ciphertext')));
      return { plaintext: bytesOf(head, finalOrReject(decipher)) };
    },
  };
}

const x25519Ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair() {
    const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
    if (jwk.d === undefined || jwk.x === undefined) throw new Error('node:crypto exported an X25519 JWK without d or x');
    return { secretKey: bytesOf(Buffer.from(jwk.d, 'base64url')), publicKey: bytesOf(Buffer.from(jwk.x, 'base64url')) };
  },
  derive(_p, i) {
    const privateKey = createPrivateKey({ key: buf(x25519Pkcs8(input(i, 'secretKey'))), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: buf(x25519Spki(input(i, 'publicKey'))), format: 'der', type: 'spki' });
    try {
      return { sharedSecret: bytesOf(diffieHellman({ privateKey, publicKey })) };
    } catch (err) {
      // OpenSSL fails the derivation when the result is all zeros (RFC 7748 §6.1 allows the check).
      throw new RejectedError(describeError(err), err);
    }
  },
};

const { claims, ops } = assemble('node-crypto', [
  {
    standard: aesGcm,
    rules: [
      AES_KEY_BITS,
      intRange('ivBytes', 1, 2 ** 31 - 1, 'Node refuses an empty GCM IV; OpenSSL takes any other length'),
      oneOf('tagBytes', [4, 8, 12, 13, 14, 15, 16], "Node's authTagLength for GCM is 4, 8 or 12–16 bytes"),
    ],
    ops: aead((p) => `aes-${num(p, 'keyBits')}-gcm`, 'iv'),
  },
  {
    standard: aesCbc,
    rules: [AES_KEY_BITS, oneOf('padding', ['pkcs7'], 'OpenSSL block padding is PKCS#7 or none')],
    ops: blockMode('cbc'),
  },
  {
    standard: aesCtr,
    rules: [
      AES_KEY_BITS,
      oneOf(
        'counterBits',
        [128],
        'OpenSSL CTR (CRYPTO_ctr128_encrypt) increments the whole 16-byte block as one 128-bit big-endian counter; a narrower counter cannot be expressed',
      ),
    ],
    ops: blockMode('ctr'),
  },
  {
    standard: chacha20Poly1305,
    rules: [
      oneOf('keyBits', [256], 'ChaCha20 keys are 256 bits'),
      oneOf('nonceBytes', [12], 'OpenSSL chacha20-poly1305 takes the 96-bit RFC 8439 nonce'),
      oneOf('tagBytes', [16], 'RFC 8439 §2.8 defines the 16-byte tag only'),
    ],
    ops: aead(() => 'chacha20-poly1305', 'nonce'),
  },
  {
    standard: x25519,
    rules: [oneOf('curve', ['X25519'], 'this binding is X25519 only')],
    ops: x25519Ops,
  },
]);

/** node:crypto (OpenSSL built into Node): AES-GCM, AES-CBC, AES-CTR, ChaCha20-Poly1305, X25519. */
export const nodeCrypto = defineAdapter({
  id: 'node-crypto',
  library: 'node:crypto',
  kind: 'in-process',
  variant: 'explicit',
  description: "Node's built-in crypto module (OpenSSL): createCipheriv/createDecipheriv with explicit authTagLength, diffieHellman over DER-wrapped X25519 keys",
  probe: async () => ({ available: true, version: process.versions.node, detail: `openssl ${process.versions.openssl}` }),
  capabilities: {
    claims,
    gaps: {
      'nacl-secretbox': 'OpenSSL, and so node:crypto, has no XSalsa20 (getCiphers() lists chacha20 and chacha20-poly1305 only)',
      'nacl-box': 'OpenSSL, and so node:crypto, has no XSalsa20 or HSalsa20, which crypto_box needs after the X25519 agreement',
    },
  },
  ops,
});
