/**
 * Reference computations for the public-key vectors: RSA
 * decryption as raw RSA (node:crypto with RSA_NO_PADDING) followed by the encoding checks of
 * RFC 8017 written out here (OAEP with its own MGF1 hash, PKCS#1 v1.5: no adapter can take
 * an MGF1 hash apart from the OAEP hash through node:crypto), and ECDH or X25519 through the
 * node-crypto adapter's derive, from the vector's key encoding.
 */
import { constants, createHash, createPrivateKey, createPublicKey, privateDecrypt, type KeyObject } from 'node:crypto';
import { bytesEqual, concatBytes } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { parseJwk } from '../standards/key-encoding.js';
import { nodeCrypto } from '../adapters/node-crypto.js';

const get = (inputs: ByteMap, name: string): Uint8Array => {
  const value = inputs[name];
  if (value === undefined) throw new TypeError(`missing input ${name}`);
  return value;
};

const NODE_HASH: Readonly<Record<string, string>> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const hash = (name: unknown, data: Uint8Array): Uint8Array => Uint8Array.from(createHash(NODE_HASH[String(name)]!).update(data).digest());

/** MGF1 (RFC 8017 Appendix B.2.1). */
export function mgf1(hashName: unknown, seed: Uint8Array, length: number): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (let counter = 0, have = 0; have < length; counter++) {
    const block = hash(hashName, concatBytes(seed, Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff)));
    blocks.push(block);
    have += block.length;
  }
  return concatBytes(...blocks).subarray(0, length);
}

/** A key object from the vector's encoding. */
function keyObject(bytes: Uint8Array, format: string, kind: 'public' | 'secret'): KeyObject {
  const make = kind === 'public' ? createPublicKey : createPrivateKey;
  if (format === 'jwk') return make({ key: parseJwk(bytes) as never, format: 'jwk' });
  if (format.endsWith('pem')) return make({ key: Buffer.from(bytes).toString('utf8'), format: 'pem' });
  const type = format.startsWith('pkcs1') ? 'pkcs1' : kind === 'public' ? 'spki' : 'pkcs8';
  return make({ key: Buffer.from(bytes), format: 'der', type } as never);
}

/** Raw RSA decryption: the encoded message EM of k bytes, or a rejection for a malformed ciphertext. */
function rawRsa(params: Params, inputs: ByteMap): Uint8Array {
  const key = keyObject(get(inputs, 'secretKey'), String(params['keyFormat']), 'secret');
  const k = Number(params['modulusBits']) / 8;
  const c = get(inputs, 'ciphertext');
  if (c.length !== k) throw new RejectedError(`ciphertext is ${c.length} bytes, not k = ${k} (RFC 8017 §7.1.2 step 1b)`);
  try {
    return Uint8Array.from(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, c));
  } catch (err) {
    throw new RejectedError('ciphertext representative out of range (RFC 8017 §5.1.2)', err);
  }
}

/** RSAES-OAEP-DECRYPT step 3 (RFC 8017 §7.1.2), not constant-time: a reference, not a library. */
function oaepDecode(params: Params, em: Uint8Array, label: Uint8Array): Uint8Array {
  const lHash = hash(params['oaepHash'], label);
  const hLen = lHash.length;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = mgf1(params['mgf1Hash'], maskedDb, hLen);
  const seed = maskedSeed.map((b, i) => b ^ seedMask[i]!);
  const dbMask = mgf1(params['mgf1Hash'], seed, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ dbMask[i]!);
  const one = db.indexOf(1, hLen);
  const padding = db.subarray(hLen, one < 0 ? db.length : one);
  if (em[0] !== 0 || !bytesEqual(db.subarray(0, hLen), lHash) || one < 0 || padding.some((b) => b !== 0)) throw new RejectedError('OAEP decoding error');
  return db.subarray(one + 1);
}

/** RSAES-PKCS1-V1_5-DECRYPT step 3 (RFC 8017 §7.2.2). */
function pkcs1Decode(em: Uint8Array): Uint8Array {
  const zero = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || zero < 10) throw new RejectedError('PKCS#1 v1.5 decoding error');
  return em.subarray(zero + 1);
}

/** The reference decryption of a pke vector; throws `RejectedError` where RFC 8017 says "decryption error". */
export function referencePkeDecrypt(std: Standard, params: Params, inputs: ByteMap): Uint8Array {
  const em = rawRsa(params, inputs);
  return std.id === 'rsa-oaep' ? oaepDecode(params, em, get(inputs, 'label')) : pkcs1Decode(em);
}

/**
 * The reference ECDH or X25519 of a vector, from its key encoding: the node-crypto adapter's
 * derive (node:crypto KeyObjects, createECDH for SEC 1); throws `RejectedError` on a refused key.
 */
export async function referenceAgreement(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array> {
  const derive = nodeCrypto.ops[std.id]?.derive;
  if (!derive) throw new TypeError(`no reference agreement for ${std.id}`);
  try {
    return get(await derive(params, inputs), 'sharedSecret');
  } catch (err) {
    throw new RejectedError('the reference refused the key or the derivation', err);
  }
}
