/** What the family modules ask of the reference implementations. */
import type { ByteMap, Params } from '../model.js';
import type { Standard } from '../standard.js';

/**
 * The reference implementations the boundary generator and fuzzing compute expected values
 * with (src/vectors/reference.ts), handed in so that the family modules import nothing above
 * core.
 */
export interface Reference {
  encrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array>;
  decrypt(std: Standard, params: Params, inputs: ByteMap): Promise<Uint8Array>;
  derive(inputs: ByteMap): Uint8Array;
  /** The X25519 public key of a raw secret key. */
  publicKey(secretKey: Uint8Array): Uint8Array;
  /** AES-CBC without padding: for ciphertexts whose padding is wrong on purpose. */
  rawCbcEncrypt(key: Uint8Array, iv: Uint8Array, blocks: Uint8Array): Uint8Array;
}
