/**
 * The reference implementation of the `openssl enc` file format, built from node:crypto
 * primitives as OpenSSL's apps/enc.c and EVP_BytesToKey(3) describe them, independently of both
 * implementations under test (the openssl command and crypto-js).
 */
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { bytesEqual, concatBytes } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { decodeFile, encodeFile, SALT_BYTES, SALTED_MAGIC, saltedFile, type Encoding } from '../standards/openssl-enc.js';

/** node:crypto digest names of the canonical hash names. */
const DIGESTS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256' };

/** Key and IV lengths of node:crypto's cipher under `params`. */
function lengths(cipher: string): { key: number; iv: number } {
  const info = { 'aes-128-cbc': [16, 16], 'aes-256-cbc': [32, 16], 'des-ede3-cbc': [24, 8] }[cipher];
  if (!info) throw new TypeError(`no reference for cipher ${cipher}`);
  return { key: info[0]!, iv: info[1]! };
}

/** EVP_BytesToKey with count 1: D_i = H(D_{i-1} ‖ passphrase ‖ salt), concatenated until long enough. */
export function evpBytesToKey(digest: string, passphrase: Uint8Array, salt: Uint8Array, length: number): Uint8Array {
  let out: Uint8Array = new Uint8Array(0);
  let block: Uint8Array = new Uint8Array(0);
  while (out.length < length) {
    block = Uint8Array.from(createHash(digest).update(block).update(passphrase).update(salt).digest());
    out = concatBytes(out, block);
  }
  return out.subarray(0, length);
}

/** Key ‖ IV derived as `params` say. */
function keyAndIv(params: Params, passphrase: Uint8Array, salt: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const { key, iv } = lengths(String(params['cipher']));
  const digest = DIGESTS[String(params['kdfHash'])];
  if (!digest) throw new TypeError(`no reference for kdfHash ${String(params['kdfHash'])}`);
  const material =
    params['kdf'] === 'pbkdf2'
      ? Uint8Array.from(pbkdf2Sync(passphrase, salt, Number(params['iterations']), key + iv, digest))
      : evpBytesToKey(digest, passphrase, salt, key + iv);
  return { key: material.subarray(0, key), iv: material.subarray(key) };
}

/** Encrypts {passphrase, salt, plaintext} into the encoded file. */
export function referencePbeEncrypt(params: Params, inputs: ByteMap): Uint8Array {
  const salt = inputs['salt']!;
  const { key, iv } = keyAndIv(params, inputs['passphrase']!, salt);
  const c = createCipheriv(String(params['cipher']), key, iv);
  return encodeFile(saltedFile(salt, concatBytes(c.update(inputs['plaintext']!), c.final())), params['encoding'] as Encoding);
}

/** Decrypts an encoded file; `RejectedError` for a bad magic, length or padding. */
export function referencePbeDecrypt(params: Params, inputs: ByteMap): Uint8Array {
  const file = decodeFile(inputs['ciphertext']!, params['encoding'] as Encoding);
  const header = SALTED_MAGIC.length + SALT_BYTES;
  if (file.length < header || !bytesEqual(file.subarray(0, SALTED_MAGIC.length), SALTED_MAGIC)) throw new RejectedError('reference: bad magic number');
  const { key, iv } = keyAndIv(params, inputs['passphrase']!, file.subarray(SALTED_MAGIC.length, header));
  try {
    const d = createDecipheriv(String(params['cipher']), key, iv);
    return concatBytes(d.update(file.subarray(header)), d.final());
  } catch (err) {
    throw new RejectedError('reference: bad decrypt', err);
  }
}
