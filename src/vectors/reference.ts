/**
 * The reference implementations the vector generator computes with, and the tests check
 * every committed vector against. Each library is bound once, by its adapter: the operations
 * of node-crypto (OpenSSL) for AES-GCM, AES-CBC, 3DES-CBC and ChaCha20-Poly1305, webcrypto for
 * AES-CTR (the only Node API with a counter width), tweetnacl for NaCl and X25519, libsodium for
 * XChaCha20-Poly1305 and noble for AES-GCM-SIV (node:crypto's OpenSSL 3.0 has neither). What
 * no adapter does is written here: reference-pbe.ts for the openssl enc format, libsodium's
 * sealed box from tweetnacl's box and @noble/hashes' BLAKE2b (independent of libsodium, which
 * it checks), and raw AES-CBC without padding. Inputs and outputs are named as in the
 * adapters' operations.
 */
import { createCipheriv } from 'node:crypto';
import { blake2b } from '@noble/hashes/blake2.js';
import type { Adapter } from '../core/adapter.js';
import { concatBytes } from '../core/bytes.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import type { Reference } from '../core/families/family.js';
import type { Standard } from '../core/standard.js';
import { packageVersion } from '../core/version.js';
import { libsodiumAdapter } from '../adapters/libsodium.js';
import { nodeCrypto } from '../adapters/node-crypto.js';
import { noble } from '../adapters/noble/noble.js';
import { tweetnaclAdapter } from '../adapters/tweetnacl.js';
import { webcryptoAdapter } from '../adapters/webcrypto.js';
import { referencePbeDecrypt, referencePbeEncrypt } from './reference-pbe.js';

/** Which implementations and versions produced a generated vector. */
export function referenceDescription(): string {
  return `node:crypto and WebCrypto of Node ${process.versions.node} (OpenSSL ${process.versions.openssl}), tweetnacl ${packageVersion('tweetnacl')}, libsodium-wrappers ${packageVersion('libsodium-wrappers')}, @noble/ciphers ${packageVersion('@noble/ciphers')}`;
}

const get = (inputs: ByteMap, name: string): Uint8Array => {
  const value = inputs[name];
  if (value === undefined) throw new TypeError(`missing input ${name}`);
  return value;
};

/** The adapter whose operations are the reference of each standard they cover. */
const REFERENCE_ADAPTERS: Readonly<Record<string, Adapter>> = {
  'aes-gcm': nodeCrypto,
  'chacha20-poly1305': nodeCrypto,
  'aes-cbc': nodeCrypto,
  '3des-cbc': nodeCrypto,
  'aes-ctr': webcryptoAdapter,
  'xchacha20-poly1305': libsodiumAdapter,
  'aes-gcm-siv': noble,
  'nacl-secretbox': tweetnaclAdapter,
  'nacl-box': tweetnaclAdapter,
  x25519: tweetnaclAdapter,
};

/** The reference adapter's `op` of `std`; a TypeError when there is none. */
function referenceOp(std: string, op: OpName): (params: Params, inputs: ByteMap) => Promise<ByteMap> | ByteMap {
  const impl = REFERENCE_ADAPTERS[std]?.ops[std]?.[op];
  if (!impl) throw new TypeError(`no reference ${op} for ${std}`);
  return impl;
}

/** Encrypts to the standard's canonical layout. */
export async function referenceEncrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array> {
  if (std.id === 'openssl-enc') return referencePbeEncrypt(params, inputs);
  return get(await referenceOp(std.id, 'encrypt')(params, inputs), 'ciphertext');
}

/** Decrypts the canonical layout; throws `RejectedError` where the implementation refuses. */
export async function referenceDecrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array> {
  if (std.id === 'openssl-enc') return referencePbeDecrypt(params, inputs);
  if (std.id === 'nacl-sealedbox') return sealOpen(get(inputs, 'ciphertext'), get(inputs, 'publicKey'), get(inputs, 'secretKey'));
  const decrypt = referenceOp(std.id, 'decrypt');
  try {
    return get(await decrypt(params, inputs), 'plaintext');
  } catch (err) {
    // Parameters the reference cannot express are a generator bug, not a refusal.
    if (err instanceof UnsupportedError || err instanceof RejectedError) throw err;
    throw new RejectedError(`reference ${std.id} decryption refused`, err);
  }
}

/**
 * The reference adapter's `op` of `std`, for callers that cannot wait: the generator's X25519
 * keys and the sealed box (tweetnacl computes synchronously).
 */
function syncOp(std: string, op: OpName, params: Params, inputs: ByteMap, output: string): Uint8Array {
  const out = referenceOp(std, op)(params, inputs);
  if (out instanceof Promise) throw new TypeError(`the reference ${std} ${op} is asynchronous`);
  return get(out, output);
}

/** The parameters of the one NaCl box (crypto_box_curve25519xsalsa20poly1305). */
const NACL_BOX: Params = { curve: 'X25519', nonceBytes: 24, tagBytes: 16 };

/** libsodium's crypto_box_seal_open from tweetnacl's box: ephemeral pk ‖ box. */
function sealOpen(ct: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const epk = ct.subarray(0, 32);
  if (epk.length < 32) throw new RejectedError('reference nacl-sealedbox decryption refused', new Error('shorter than the ephemeral public key'));
  try {
    return syncOp('nacl-box', 'decrypt', NACL_BOX, { ciphertext: ct.subarray(32), nonce: sealNonce(epk, publicKey), publicKey: epk, secretKey }, 'plaintext');
  } catch (err) {
    throw new RejectedError('reference nacl-sealedbox decryption refused', err);
  }
}

/** The sealed-box nonce: BLAKE2b with a 24-byte output over ephemeral pk ‖ recipient pk (libsodium crypto_box_seal). */
function sealNonce(ephemeralPublicKey: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return blake2b(concatBytes(ephemeralPublicKey, recipientPublicKey), { dkLen: 24 });
}

/**
 * A sealed box made with a given ephemeral secret key, so that generated vectors are
 * reproducible: ephemeral pk ‖ crypto_box(plaintext, nonce, recipient pk, ephemeral sk).
 */
export function referenceSeal(recipientPublicKey: Uint8Array, plaintext: Uint8Array, ephemeralSecretKey: Uint8Array): Uint8Array {
  const epk = referencePublicKey(ephemeralSecretKey);
  const box = syncOp(
    'nacl-box',
    'encrypt',
    NACL_BOX,
    { plaintext, nonce: sealNonce(epk, recipientPublicKey), publicKey: recipientPublicKey, secretKey: ephemeralSecretKey },
    'ciphertext',
  );
  return concatBytes(epk, box);
}

/** The X25519 parameters of raw keys, under which tweetnacl derives. */
const X25519_RAW: Params = { curve: 'X25519', keyFormat: 'raw' };

/** The base point, u = 9 (RFC 7748 §4.1). */
const BASE_POINT = Uint8Array.of(9, ...new Uint8Array(31));

/** X25519 (RFC 7748 §5): the shared secret of a secret key and a peer's public key. */
export function referenceDerive(inputs: ByteMap): Uint8Array {
  return syncOp('x25519', 'derive', X25519_RAW, inputs, 'sharedSecret');
}

/** The X25519 public key of a secret key: X25519(k, 9). */
export function referencePublicKey(secretKey: Uint8Array): Uint8Array {
  return referenceDerive({ secretKey, publicKey: BASE_POINT });
}

/** Raw AES-CBC without padding, for crafting ciphertexts whose padding is wrong on purpose. */
export function rawCbcEncrypt(key: Uint8Array, iv: Uint8Array, blocks: Uint8Array): Uint8Array {
  const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
  c.setAutoPadding(false);
  return concatBytes(c.update(blocks), c.final());
}

/** The reference implementations as the family modules take them (boundary drafts, fuzzing). */
export const REFERENCE: Reference = {
  encrypt: referenceEncrypt,
  decrypt: referenceDecrypt,
  derive: referenceDerive,
  publicKey: referencePublicKey,
  rawCbcEncrypt,
};
