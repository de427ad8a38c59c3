/**
 * What a standard module declares: its parameters, operations, byte layout and tamper
 * mutations. The case builders of each family turn this data into cases.
 */
import type { ByteMap, OpName, ParamValue, Params } from './model.js';
import type { Intent } from './intent.js';
import type { Rng } from './rng.js';

/** One parameter of a standard and the finite set of values the suite exercises. */
export interface ParamSpec {
  /** Canonical name from the registry, e.g. `tagBytes`. */
  readonly name: string;
  readonly description: string;
  readonly values: readonly ParamValue[];
}

/**
 * The name of a standard's family: the module in src/core/families that states how its
 * operations look (their inputs and outputs, which take untrusted input) and how every kind of
 * test runs them. A standard names it through that module (`family: aead.name`).
 */
export type Family = string;

/** The byte sizes implied by a parameter set. */
export interface Sizes {
  readonly key: number;
  readonly nonce: number;
  readonly tag: number;
  /** Block size for block-cipher modes (padding and boundary sizes); 1 for stream modes. */
  readonly block: number;
  /** Key encapsulation: the length of the seed a key pair is derived from (FIPS 203: 64 bytes, d ‖ z). */
  readonly seed?: number;
  /** Public and secret key sizes, when keys are raw strings of fixed length. */
  readonly publicKey?: number;
  readonly secretKey?: number;
  /** Public-key encryption: the longest plaintext one encryption takes (RSA-OAEP: k − 2·hLen − 2 bytes). */
  readonly maxPlaintext?: number;
  /** Public-key encryption: the ciphertext length when it is fixed (RSA: the modulus length k). */
  readonly ciphertext?: number;
  /**
   * The ciphertext is a self-describing message (a serialized JWE) whose length does not
   * follow from the plaintext's, so vector checks do not compare lengths.
   */
  readonly framed?: boolean;
  /**
   * A salt input beside the nonce, of the length its writer chose (PBES2, whose nonce is the
   * IV). Absent: a salt input is the nonce (the salt of a `pbe` file).
   */
  readonly freeSalt?: boolean;
}

/**
 * Input names under which public-key negative cases pass a second key pair of the recipient's
 * beside the real one, so that a wrong-key mutation has a valid key to swap in.
 */
export const OTHER_KEYS = { secretKey: 'otherSecretKey', publicKey: 'otherPublicKey' } as const;

/** What key-pair standards (public-key encryption, key agreement) declare beyond the common fields. */
export interface KeyTraits {
  /**
   * The parameters that determine a key pair (RSA: modulusBits and keyFormat). Each adapter
   * generates one pair per value of these and every parameter set agreeing on them shares it.
   */
  readonly keyParams: readonly string[];
  /**
   * Standards whose keys are the same kind share the generated pairs (`rsa`: RSA-OAEP and
   * RSAES-PKCS1-v1_5 use one RSA key pair per library and key parameters).
   */
  readonly keyType?: string;
  /**
   * Where to look when a pair fails: each axis lists parameters that are set together to
   * each other value (e.g. [['mgf1Hash'], ['oaepHash', 'mgf1Hash']]), see core/diagnosis.ts.
   */
  readonly diagnosis?: ReadonlyArray<readonly string[]>;
  /**
   * How key pairs travel when no `keyFormat` parameter names it, for the reports: e.g. "a
   * transferable secret key and its certificate" (OpenPGP). Absent: raw bytes.
   */
  readonly keyEncoding?: string;
  /** Decryption also takes the recipient's public key (sealed boxes). */
  readonly decryptWithPublicKey?: boolean;
  /**
   * The citation that lets a decryptor answer an invalid ciphertext with a
   * pseudo-random plaintext instead of an error (implicit rejection).
   */
  readonly implicitRejection?: string;
}

/**
 * A tamper mutation applied to the inputs of `decrypt` (or `derive`). Returns the tampered
 * inputs, or `undefined` when the mutation does not apply (e.g. flipping an empty AAD).
 */
export interface Mutation {
  readonly id: string;
  readonly description: string;
  /** Why every consumer must reject it, citing the standard; for `either`, why it may not notice. */
  readonly because: string;
  /**
   * `reject` (the default): every consumer must refuse the tampered input. `either`: the
   * standard has no integrity check that covers it (a flipped CBC bit, a wrong key in CTR), so
   * a rejection (a padding error) passes and a wrong plaintext without error is reported as
   * `undetected-tamper`. `accept`: the standard answers the altered input with a result, not an
   * error (FIPS 203 implicit rejection), and the family checks what that result must be.
   */
  readonly expected?: 'reject' | 'either' | 'accept';
  /**
   * The altered input keeps the form a decryptor checks before it decrypts (a ciphertext of the
   * right length, still below the RSA modulus): a consumer that declares implicit rejection
   * must answer it with pseudo-random output, and an error from it breaks the declaration.
   * A function where that depends on the draw (below another key's random modulus or not): it
   * is asked of the altered input.
   */
  readonly wellFormed?: boolean | ((altered: ByteMap, params: Params) => boolean);
  /**
   * The parameter sets the mutation belongs to, when not all (a tag exists only with an
   * authenticated content cipher, and tampering unauthenticated content is `either`).
   */
  appliesTo?(params: Params): boolean;
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
  /** The parameter sets negative runs use, when not all of `matrix` (tampering need not repeat a whole sweep). */
  readonly negativeMatrix?: readonly Params[];
  /** Key-pair standards: see {@link KeyTraits}. */
  readonly keys?: KeyTraits;
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
  /**
   * `text`: negative cases encrypt printable ASCII (no line breaks), so that a consumer whose
   * text handling mangles binary plaintexts (a deviation its matrix cells show) still passes the
   * control, and its rejection of tampered input is exercised. Absent: random bytes.
   */
  readonly negativePlaintext?: 'text';
  readonly mutations: readonly Mutation[];
  /**
   * The sentences people use for this standard in interface agreements, with the parameters
   * each leaves open (core/intent.ts); the intent matrix runs every adapter as called.
   */
  readonly intents?: readonly Intent[];
  /**
   * The parameters an output of the standard states for itself (a container's algorithms,
   * counts and salt lengths), read from its bytes; undefined when they cannot be read. A
   * resolution of a standard whose outputs differ from run to run is proven by them.
   */
  readonly stated?: (output: Uint8Array) => Params | undefined;
  /** Byte sizes implied by a parameter set. */
  sizes(params: Params): Sizes;
  /** Short slug of a parameter set for ids and grids, e.g. `k128-iv12-t16`. */
  paramsId(params: Params): string;
  /** Input name of the IV or nonce, where the family's operations take one. */
  readonly nonceInput?: 'iv' | 'nonce';
  /** A nonce for generated cases when random bytes would miss the interesting region. */
  makeNonce?(params: Params, rng: Rng): Uint8Array;
  /**
   * Why a combination of declared values is not a parameter set of this standard (e.g.
   * EVP_BytesToKey with more than one iteration, which the openssl enc format never uses), or
   * undefined when it is one. Absent: every combination is.
   */
  excludes?(params: Params): string | undefined;
}
