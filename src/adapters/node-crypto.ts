/**
 * node:crypto, i.e. the OpenSSL built into Node. Buffers exist only inside this file.
 *
 * Library facts this adapter relies on:
 * - AEAD tags are separate (`getAuthTag`/`setAuthTag`); the adapter produces the canonical
 *   `ciphertext ‖ tag`. Decryption passes `authTagLength`, without which Node accepts any tag
 *   of 4, 8 or 12–16 bytes, i.e. a truncated tag.
 * - OpenSSL's CTR mode increments the whole 16-byte block as one 128-bit counter.
 * - Keys, IVs, AAD and data are taken as Uint8Array views as they are: wrapping each in a
 *   Buffer first cost a sixth of a 64-byte AES-GCM round trip.
 * - The public-key standards (RSA-OAEP, RSAES-PKCS1-v1_5, ECDH, X25519) live in
 *   node-crypto-pk.ts, with their own library facts.
 */
import { type CipherGCMTypes, createCipheriv, createDecipheriv, type Decipher, pbkdf2Sync } from 'node:crypto';
import { defineAdapter, type OpImpl } from '../core/adapter.js';
import { concatBytes } from '../core/bytes.js';
import { describeError, RejectedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { aesGcm } from '../standards/aes-gcm.js';
import { chacha20Poly1305, RFC_8439 } from '../standards/chacha20-poly1305.js';
import { tripleDesCbc } from '../standards/3des-cbc.js';
import { x25519 } from '../standards/x25519.js';
import { ecdh } from '../standards/ecdh.js';
import { pbes2 } from '../standards/pbes2.js';
import { assemble, documentedCall, input, intRange, num, oneOf, splitTag } from './binding.js';
import { nodeCryptoPkBindings, nodeRsaIntents } from './node-crypto-pk.js';
import { NODE_HAS_ML_KEM, NODE_KEM_GAP, nodeCryptoKemBindings, nodeKemIntents } from './node-crypto-kem.js';
import { rejecting } from './key-import.js';

const AES_KEY_BITS = oneOf('keyBits', [128, 192, 256], 'OpenSSL has AES with 128-, 192- and 256-bit keys only');

/** A detached Uint8Array of the concatenated parts: one allocation, one copy (never a view of Node's pool). */
function bytesOf(...parts: Buffer[]): Uint8Array {
  return concatBytes(...parts);
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
      const cipher = createCipheriv(name(p), input(i, 'key'), input(i, nonce), { authTagLength: num(p, 'tagBytes') });
      cipher.setAAD(input(i, 'aad'));
      return { ciphertext: bytesOf(cipher.update(input(i, 'plaintext')), cipher.final(), cipher.getAuthTag()) };
    },
    decrypt(p, i) {
      const tagBytes = num(p, 'tagBytes');
      const [body, tag] = splitTag(input(i, 'ciphertext'), tagBytes);
      const decipher = createDecipheriv(name(p), input(i, 'key'), input(i, nonce), { authTagLength: tagBytes });
      decipher.setAuthTag(tag);
      decipher.setAAD(input(i, 'aad'));
      const head = decipher.update(body);
      return { plaintext: bytesOf(head, finalOrReject(decipher)) };
    },
  };
}

/**
 * ChaCha20-Poly1305 as the documentation calls it: createCipheriv('chacha20-poly1305', key, nonce)
 * with no options (authTagLength defaults to 16 for this cipher), the tag from getAuthTag()
 * appended, and split off again for setAuthTag() on decryption.
 */
const chachaAsCalled: Partial<Record<OpName, OpImpl>> = {
  encrypt(_p, i) {
    const cipher = createCipheriv('chacha20-poly1305' as CipherGCMTypes, input(i, 'key'), input(i, 'nonce'));
    cipher.setAAD(input(i, 'aad'));
    return { ciphertext: bytesOf(cipher.update(input(i, 'plaintext')), cipher.final(), cipher.getAuthTag()) };
  },
  // A nonce or a tag the call does not take ("Invalid initialization vector") is refused like a wrong tag.
  decrypt: (_p, i) =>
    rejecting("createDecipheriv('chacha20-poly1305')", () => {
      const [body, tag] = splitTag(input(i, 'ciphertext'), 16);
      const decipher = createDecipheriv('chacha20-poly1305' as CipherGCMTypes, input(i, 'key'), input(i, 'nonce'));
      decipher.setAuthTag(tag);
      decipher.setAAD(input(i, 'aad'));
      const head = decipher.update(body);
      return { plaintext: bytesOf(head, finalOrReject(decipher)) };
    }),
};

/** CBC (PKCS#7, OpenSSL's only padding) or CTR for OpenSSL cipher `name`: IV in, no tag. */
function blockMode(name: (p: Params) => string, padded: boolean): Partial<Record<OpName, OpImpl>> {
  return {
    encrypt(p, i) {
      const cipher = createCipheriv(name(p), input(i, 'key'), input(i, 'iv'));
      cipher.setAutoPadding(padded);
      return { ciphertext: bytesOf(cipher.update(input(i, 'plaintext')), cipher.final()) };
    },
    decrypt(p, i) {
      const decipher = createDecipheriv(name(p), input(i, 'key'), input(i, 'iv'));
      decipher.setAutoPadding(padded);
      const head = decipher.update(input(i, 'ciphertext'));
      return { plaintext: bytesOf(head, finalOrReject(decipher)) };
    },
  };
}

/** OpenSSL's digest names of the PBKDF2 PRFs (HMAC with each hash). */
const PBKDF2_DIGESTS: Readonly<Record<string, string>> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** PBES2 (RFC 8018 §6.2): crypto.pbkdf2Sync derives the AES key from the password bytes, then AES-CBC as above. */
function pbes2Ops(): Partial<Record<OpName, OpImpl>> {
  const cbc = blockMode((p) => `aes-${num(p, 'keyBits')}-cbc`, true);
  const withKey = (p: Params, i: ByteMap): ByteMap => ({
    ...i,
    key: pbkdf2Sync(input(i, 'password'), input(i, 'salt'), num(p, 'iterations'), num(p, 'keyBits') / 8, PBKDF2_DIGESTS[String(p['kdfHash'])]!),
  });
  return { encrypt: (p, i) => cbc.encrypt!(p, withKey(p, i)), decrypt: (p, i) => cbc.decrypt!(p, withKey(p, i)) };
}

/**
 * A padded block mode as called by its OpenSSL name alone (an alias such as `aes128` included),
 * whatever the parameters: a key the name refuses ("Invalid key length") is the library
 * rejecting the input it was given.
 */
function calledAs(cipherName: string): Partial<Record<OpName, OpImpl>> {
  const { encrypt, decrypt } = blockMode(() => cipherName, true);
  return {
    encrypt: (p, i) => rejecting(`createCipheriv('${cipherName}')`, () => encrypt!(p, i)),
    decrypt: (p, i) => rejecting(`createDecipheriv('${cipherName}')`, () => decrypt!(p, i)),
  };
}

/** Triple-DES as a Node user names it: des-ede3-cbc, three keys, whatever the key's length (des-ede-cbc is the two-key name). */
const TDEA_CALL = "crypto.createCipheriv('des-ede3-cbc', key, iv)";

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
    ops: blockMode((p) => `aes-${num(p, 'keyBits')}-cbc`, true),
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
    ops: blockMode((p) => `aes-${num(p, 'keyBits')}-ctr`, false),
  },
  {
    standard: tripleDesCbc,
    rules: [
      oneOf('keying', ['three-key', 'two-key-k1k2k1'], "OpenSSL's des-ede3-cbc takes K1 K2 K3 and des-ede-cbc K1 K2 (used as K1 K2 K1)"),
      oneOf('padding', ['pkcs7'], 'OpenSSL block padding is PKCS#7 or none'),
    ],
    // des-ede3-cbc refuses a 16-byte key ("Invalid key length"): two-key TDEA is des-ede-cbc.
    ops: blockMode((p) => (p['keying'] === 'three-key' ? 'des-ede3-cbc' : 'des-ede-cbc'), true),
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
    standard: pbes2,
    rules: [
      oneOf('kdfHash', Object.keys(PBKDF2_DIGESTS), 'crypto.pbkdf2Sync takes any OpenSSL digest name'),
      AES_KEY_BITS,
      intRange('iterations', 1, 2 ** 31 - 1, 'crypto.pbkdf2Sync takes an iteration count of 1 to 2^31 - 1'),
    ],
    ops: pbes2Ops(),
  },
  ...nodeCryptoPkBindings,
  ...nodeCryptoKemBindings,
]);

/** node:crypto (OpenSSL built into Node): AES-GCM, AES-CBC, AES-CTR, ChaCha20-Poly1305, RSA, ECDH, X25519. */
export const nodeCrypto = defineAdapter({
  id: 'node-crypto',
  library: 'node:crypto',
  kind: 'in-process',
  variant: 'explicit',
  description:
    "Node's built-in crypto module (OpenSSL): createCipheriv/createDecipheriv with explicit authTagLength, publicEncrypt/privateDecrypt with explicit padding and oaepHash, ECDH and X25519 over KeyObjects and createECDH",
  probe: async () => ({ available: true, version: process.versions.node, detail: `openssl ${process.versions.openssl}` }),
  capabilities: {
    claims,
    gaps: {
      ...(NODE_HAS_ML_KEM ? {} : { 'ml-kem': NODE_KEM_GAP }),
      'nacl-secretbox': 'OpenSSL, and so node:crypto, has no XSalsa20 (getCiphers() lists chacha20 and chacha20-poly1305 only)',
      'nacl-box': 'OpenSSL, and so node:crypto, has no XSalsa20 or HSalsa20, which crypto_box needs after the X25519 agreement',
      'nacl-sealedbox': 'OpenSSL, and so node:crypto, has no XSalsa20 or HSalsa20, which the sealed box (crypto_box underneath) needs',
      'xchacha20-poly1305': 'OpenSSL, and so node:crypto, has no XChaCha20 (no HChaCha20 subkey derivation)',
      'aes-gcm-siv': `node:crypto here is OpenSSL ${process.versions.openssl}; OpenSSL has AES-GCM-SIV only from 3.2, and getCiphers() lists no aes-*-gcm-siv`,
      'openssl-enc':
        'node:crypto has no Salted__ file format; its only passphrase API, the deprecated crypto.createCipher, derives with EVP_BytesToKey-MD5 without a salt and writes no header',
    },
  },
  ops,
  intents: {
    ...nodeRsaIntents,
    // ML-KEM where this runtime has it (Node 24: the node24 adapter's host sends these in its hello).
    ...(NODE_HAS_ML_KEM ? { 'ml-kem': nodeKemIntents(ops['ml-kem']) } : {}),
    // OpenSSL's CTR has one counter: the whole 16-byte block.
    // The IV is the caller's (the documentation's example makes 12 bytes); getAuthTag() returns 16 unless authTagLength says otherwise.
    [aesGcm.id]: {
      'aes256-gcm': documentedCall(
        "crypto.createCipheriv('aes-256-gcm', key, iv) with a 12-byte iv; cipher.getAuthTag()",
        { keyBits: 256, ivBytes: 12, tagBytes: 16 },
        ops[aesGcm.id],
      ),
    },
    [chacha20Poly1305.id]: {
      'chacha20-poly1305': documentedCall(
        "crypto.createCipheriv('chacha20-poly1305', key, nonce) with a 12-byte nonce; cipher.getAuthTag() (16 bytes unless authTagLength says otherwise) sent after the ciphertext",
        { keyBits: 256, nonceBytes: 12, tagBytes: 16, construction: RFC_8439 },
        chachaAsCalled,
      ),
    },
    [aesCtr.id]: { ctr: documentedCall("crypto.createCipheriv('aes-128-ctr', key, iv)", { keyBits: 128, counterBits: 128 }, ops[aesCtr.id]) },
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': documentedCall("crypto.createCipheriv('aes-256-cbc', key, iv)", { keyBits: 256, padding: 'pkcs7' }, ops[aesCbc.id]),
      // The documentation's example cipher names are OpenSSL's aliases ('aes192'): aes128 is aes-128-cbc, padded.
      aes128: { call: "crypto.createCipheriv('aes128', key, iv)", params: { keyBits: 128, padding: 'pkcs7', mode: 'CBC' }, ops: calledAs('aes128') },
    },
    [tripleDesCbc.id]: {
      '3des-16': { call: TDEA_CALL, params: { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' }, ops: calledAs('des-ede3-cbc') },
      '3des-24': { call: TDEA_CALL, params: { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' }, ops: calledAs('des-ede3-cbc') },
    },
    // KeyObjects are sent as the documentation's export writes them: SPKI in PEM (keyObject.export's
    // example); Node 20 has no raw X25519 import or export.
    // The ECDH class of the documentation's example: SEC 1 points in and out, the x-coordinate as the secret.
    [ecdh.id]: {
      'shared-secret': documentedCall(
        "const e = crypto.createECDH('prime256v1'); e.generateKeys(); e.getPublicKey(); e.computeSecret(theirPublicKey)",
        { curve: 'P-256', keyFormat: 'sec1', secretForm: 'x' },
        ops[ecdh.id],
      ),
    },
    [x25519.id]: {
      'shared-secret': documentedCall(
        "crypto.generateKeyPairSync('x25519'); publicKey.export({ type: 'spki', format: 'pem' }); crypto.diffieHellman({ privateKey, publicKey: crypto.createPublicKey(theirPem) })",
        { curve: 'X25519', keyFormat: 'pem' },
        ops[x25519.id],
      ),
    },
  },
});
