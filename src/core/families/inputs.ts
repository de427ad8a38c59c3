/**
 * Deterministic inputs for generated cases: each derives from (seed, standard, params, label),
 * never from run order, so a shard or a replay sees exactly the same bytes. The one source of
 * generated messages for the runner, the boundary vectors, fuzzing's regression fields,
 * `bothends bench` and the adapter tests.
 */
import type { ByteMap, Params } from '../model.js';
import { rngFor } from '../rng.js';
import type { Standard } from '../standard.js';

/** Length of the associated data in generated AEAD cases: more than one GHASH block. */
const AAD_BYTES = 20;

/** Inputs of a symmetric encryption: key, IV or nonce, AAD when `withAad`, plaintext. */
export function symmetricInputs(withAad: boolean) {
  return (seed: string, std: Standard, params: Params, size: number): ByteMap => {
    const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`);
    const sizes = std.sizes(params);
    const key = rng.bytes(sizes.key);
    const nonce = std.makeNonce ? std.makeNonce(params, rng) : rng.bytes(sizes.nonce);
    const inputs: Record<string, Uint8Array> = { key, [std.nonceInput ?? 'nonce']: nonce, plaintext: rng.bytes(size) };
    if (withAad) inputs['aad'] = rng.bytes(AAD_BYTES);
    return inputs;
  };
}

/** A box nonce and plaintext. */
export function boxInputs(seed: string, std: Standard, params: Params, size: number): { nonce: Uint8Array; plaintext: Uint8Array } {
  const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`);
  return { nonce: rng.bytes(std.sizes(params).nonce), plaintext: rng.bytes(size) };
}

/** The same inputs without the plaintext, plus a ciphertext: what decrypt takes. */
export function decryptInputs(enc: ByteMap, ciphertext: Uint8Array): ByteMap {
  const out: Record<string, Uint8Array> = {};
  for (const name in enc) if (name !== 'plaintext') out[name] = enc[name]!;
  out['ciphertext'] = ciphertext;
  return out;
}

/** A negative case's plaintext: as generated, or as printable ASCII when the standard asks for text. */
export function negativePlaintext(std: Standard, plaintext: Uint8Array): Uint8Array {
  return std.negativePlaintext === 'text' ? plaintext.map((b) => 0x20 + (b % 95)) : plaintext;
}

/** The plaintext size negative cases use: one past a block, so every part of the layout is present. */
export function negativeSize(std: Standard, params: Params): number {
  return std.sizes(params).block + 1;
}
