/**
 * What a standard module declares: its parameters, operations, byte layout and tamper
 * mutations. The case builders of each family turn this data into cases.
 */
import type { ByteMap, OpName, ParamValue, Params } from './model.js';
import type { Rng } from './rng.js';

/** One parameter of a standard and the finite set of values the suite exercises. */
export interface ParamSpec {
  /** Canonical name from the registry, e.g. `tagBytes`. */
  readonly name: string;
  readonly description: string;
  readonly values: readonly ParamValue[];
}

/**
 * How a standard's operations look, by family:
 * - `aead`: encrypt {key, <nonceInput>, aad, plaintext} → {ciphertext}; decrypt the reverse
 *   (`nonceInput` is `iv` for the AES modes, `nonce` otherwise).
 * - `cipher`: like `aead` without `aad`; integrity only where `authenticated` says so.
 * - `box`: generateKeyPair → {publicKey, secretKey}; encrypt {secretKey, publicKey, nonce, plaintext};
 *   decrypt {secretKey, publicKey, nonce, ciphertext}.
 * - `agreement`: generateKeyPair; derive {secretKey, publicKey} → {sharedSecret}.
 */
export type Family = 'aead' | 'cipher' | 'box' | 'agreement';

/** The byte sizes implied by a parameter set. */
export interface Sizes {
  readonly key: number;
  readonly nonce: number;
  readonly tag: number;
  /** Block size for block-cipher modes (padding and boundary sizes); 1 for stream modes. */
  readonly block: number;
  /** Public and secret key sizes for `box` and `agreement`. */
  readonly publicKey?: number;
  readonly secretKey?: number;
}

/**
 * A tamper mutation applied to the inputs of `decrypt` (or `derive`). Returns the tampered
 * inputs, or `undefined` when the mutation does not apply (e.g. flipping an empty AAD).
 */
export interface Mutation {
  readonly id: string;
  readonly description: string;
  /** Why every consumer must reject it, citing the standard. */
  readonly because: string;
  apply(inputs: ByteMap, sizes: Sizes, rng: Rng): ByteMap | undefined;
}

/** A standard: one module under src/standards declares one. */
export interface Standard {
  /** Canonical id, part of the public interface: `aes-gcm`, `x25519`, … */
  readonly id: string;
  readonly title: string;
  readonly family: Family;
  /** Normative references, e.g. "NIST SP 800-38D". */
  readonly references: readonly string[];
  readonly params: readonly ParamSpec[];
  /** The parameter sets that matrix and negative runs sweep. */
  readonly matrix: readonly Params[];
  /** The canonical byte layout every adapter must produce and accept. */
  readonly layout: string;
  /** The operations an implementation of this standard offers. */
  readonly ops: readonly OpName[];
  /** True when encryption is a function of its inputs, so outputs must match byte for byte. */
  readonly deterministic: boolean;
  /** True when decryption must detect any modification (AEAD, NaCl). */
  readonly authenticated: boolean;
  /** Plaintext sizes the matrix uses: boundaries around the block and counter sizes. */
  readonly plaintextSizes: readonly number[];
  readonly mutations: readonly Mutation[];
  /** Byte sizes implied by a parameter set. */
  sizes(params: Params): Sizes;
  /** Short slug of a parameter set for ids and grids, e.g. `k128-iv12-t16`. */
  paramsId(params: Params): string;
  /** Input name of the IV or nonce (`aead`, `cipher`, `box`). */
  readonly nonceInput?: 'iv' | 'nonce';
  /** A nonce for generated cases when random bytes would miss the interesting region. */
  makeNonce?(params: Params, rng: Rng): Uint8Array;
}
