/**
 * DER wrappers for raw X25519 keys (RFC 8410), for libraries that import keys only as SPKI or
 * PKCS#8 (node:crypto, WebCrypto private keys). The prefixes are fixed: the key is the last
 * 32 bytes.
 */
import { concatBytes, fromHex } from '../core/bytes.js';

/** RFC 8410 §4: SubjectPublicKeyInfo { id-X25519 (1.3.101.110) }, BIT STRING of 32 bytes. */
const SPKI_PREFIX = fromHex('302a300506032b656e032100');

/** RFC 8410 §7: OneAsymmetricKey v0 { id-X25519 }, OCTET STRING { OCTET STRING of 32 bytes }. */
const PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420');

/** SPKI DER of a raw 32-byte X25519 public key. */
export function x25519Spki(publicKey: Uint8Array): Uint8Array {
  return concatBytes(SPKI_PREFIX, publicKey);
}

/** PKCS#8 DER of a raw 32-byte X25519 secret key. */
export function x25519Pkcs8(secretKey: Uint8Array): Uint8Array {
  return concatBytes(PKCS8_PREFIX, secretKey);
}
