/**
 * The reference implementations the vector generator computes with, and the tests check
 * every committed vector against: node:crypto (OpenSSL) for AES-GCM, AES-CBC, 3DES-CBC and
 * ChaCha20-Poly1305, WebCrypto for AES-CTR (the only Node API with a counter width), and
 * tweetnacl for NaCl and X25519; libsodium for XChaCha20-Poly1305, @noble/ciphers for
 * AES-GCM-SIV (node:crypto's OpenSSL 3.0 has neither), reference-pbe.ts for the openssl enc
 * format, and tweetnacl with @noble/hashes' BLAKE2b for libsodium's sealed box. Inputs and outputs are named as in the adapters' operations.
 */
import { createCipheriv, createDecipheriv, webcrypto, type CipherGCMTypes } from 'node:crypto';
import { gcmsiv } from '@noble/ciphers/aes.js';
import { blake2b } from '@noble/hashes/blake2.js';
import sodium from 'libsodium-wrappers';
import nacl from 'tweetnacl';
import { concatBytes } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Reference } from '../core/families/family.js';
import type { Standard } from '../core/standard.js';
import { packageVersion } from '../core/version.js';
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

/** node:crypto's name of an AES mode, 3DES-CBC or ChaCha20-Poly1305 under `params`. */
function cipherName(std: Standard, params: Params): string {
  if (std.id === '3des-cbc') return params['keying'] === 'three-key' ? 'des-ede3-cbc' : 'des-ede-cbc';
  return std.id === 'chacha20-poly1305' ? 'chacha20-poly1305' : `aes-${String(params['keyBits'])}-${std.id.slice(4)}`;
}

/** libsodium, once loaded. */
async function sodiumReady(): Promise<typeof sodium> {
  await sodium.ready;
  return sodium;
}

/** The AEAD cipher name, typed as GCM: node:crypto gives ChaCha20-Poly1305 the same interface. */
const aeadName = (std: Standard, params: Params): CipherGCMTypes => cipherName(std, params) as CipherGCMTypes;

async function aesCtr(params: Params, inputs: ByteMap, data: Uint8Array): Promise<Uint8Array> {
  const key = await webcrypto.subtle.importKey('raw', get(inputs, 'key'), 'AES-CTR', false, ['encrypt']);
  const counter = get(inputs, 'iv');
  return new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-CTR', counter, length: Number(params['counterBits']) }, key, data));
}

/** Encrypts to the standard's canonical layout. */
export async function referenceEncrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array> {
  const pt = get(inputs, 'plaintext');
  switch (std.id) {
    case 'aes-gcm':
    case 'chacha20-poly1305': {
      const tagBytes = std.sizes(params).tag;
      const c = createCipheriv(aeadName(std, params), get(inputs, 'key'), get(inputs, std.nonceInput!), { authTagLength: tagBytes });
      c.setAAD(get(inputs, 'aad'), { plaintextLength: pt.length });
      const body = concatBytes(c.update(pt), c.final());
      return concatBytes(body, c.getAuthTag().subarray(0, tagBytes));
    }
    case 'aes-cbc':
    case '3des-cbc': {
      const c = createCipheriv(cipherName(std, params), get(inputs, 'key'), get(inputs, 'iv'));
      return concatBytes(c.update(pt), c.final());
    }
    case 'aes-ctr':
      return aesCtr(params, inputs, pt);
    case 'xchacha20-poly1305':
      return (await sodiumReady()).crypto_aead_xchacha20poly1305_ietf_encrypt(pt, get(inputs, 'aad'), null, get(inputs, 'nonce'), get(inputs, 'key'));
    case 'aes-gcm-siv':
      return gcmsiv(get(inputs, 'key'), get(inputs, 'nonce'), get(inputs, 'aad')).encrypt(pt);
    case 'openssl-enc':
      return referencePbeEncrypt(params, inputs);
    case 'nacl-secretbox':
      return nacl.secretbox(pt, get(inputs, 'nonce'), get(inputs, 'key'));
    case 'nacl-box':
      return nacl.box(pt, get(inputs, 'nonce'), get(inputs, 'publicKey'), get(inputs, 'secretKey'));
    default:
      throw new TypeError(`no reference encryption for ${std.id}`);
  }
}

/** Decrypts the canonical layout; throws `RejectedError` where the implementation refuses. */
export async function referenceDecrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array> {
  const ct = get(inputs, 'ciphertext');
  const refuse = (cause: unknown): never => {
    throw new RejectedError(`reference ${std.id} decryption refused`, cause);
  };
  switch (std.id) {
    case 'aes-gcm':
    case 'chacha20-poly1305': {
      const tagBytes = std.sizes(params).tag;
      if (ct.length < tagBytes) return refuse(new Error('shorter than the tag'));
      const body = ct.subarray(0, ct.length - tagBytes);
      try {
        const d = createDecipheriv(aeadName(std, params), get(inputs, 'key'), get(inputs, std.nonceInput!), { authTagLength: tagBytes });
        d.setAuthTag(ct.subarray(ct.length - tagBytes));
        d.setAAD(get(inputs, 'aad'), { plaintextLength: body.length });
        return concatBytes(d.update(body), d.final());
      } catch (err) {
        return refuse(err);
      }
    }
    case 'aes-cbc':
    case '3des-cbc':
      try {
        const d = createDecipheriv(cipherName(std, params), get(inputs, 'key'), get(inputs, 'iv'));
        return concatBytes(d.update(ct), d.final());
      } catch (err) {
        return refuse(err);
      }
    case 'aes-ctr':
      return aesCtr(params, inputs, ct);
    case 'xchacha20-poly1305': {
      const s = await sodiumReady();
      try {
        return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct, get(inputs, 'aad'), get(inputs, 'nonce'), get(inputs, 'key'));
      } catch (err) {
        return refuse(err);
      }
    }
    case 'aes-gcm-siv':
      try {
        return gcmsiv(get(inputs, 'key'), get(inputs, 'nonce'), get(inputs, 'aad')).decrypt(ct);
      } catch (err) {
        return refuse(err);
      }
    case 'openssl-enc':
      return referencePbeDecrypt(params, inputs);
    case 'nacl-secretbox':
      return nacl.secretbox.open(ct, get(inputs, 'nonce'), get(inputs, 'key')) ?? refuse(null);
    case 'nacl-box':
      return nacl.box.open(ct, get(inputs, 'nonce'), get(inputs, 'publicKey'), get(inputs, 'secretKey')) ?? refuse(null);
    case 'nacl-sealedbox': {
      const epk = ct.subarray(0, 32);
      if (epk.length < 32) return refuse(new Error('shorter than the ephemeral public key'));
      return nacl.box.open(ct.subarray(32), sealNonce(epk, get(inputs, 'publicKey')), epk, get(inputs, 'secretKey')) ?? refuse(null);
    }
    default:
      throw new TypeError(`no reference decryption for ${std.id}`);
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
  return concatBytes(epk, nacl.box(plaintext, sealNonce(epk, recipientPublicKey), recipientPublicKey, ephemeralSecretKey));
}

/** X25519 (RFC 7748 §5): the shared secret of a secret key and a peer's public key. */
export function referenceDerive(inputs: ByteMap): Uint8Array {
  return nacl.scalarMult(get(inputs, 'secretKey'), get(inputs, 'publicKey'));
}

/** The X25519 public key of a secret key: X25519(k, 9). */
export function referencePublicKey(secretKey: Uint8Array): Uint8Array {
  return nacl.scalarMult.base(secretKey);
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
