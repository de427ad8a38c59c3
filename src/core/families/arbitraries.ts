/**
 * What the fuzzer draws, and how a draw becomes concrete inputs under one parameter set.
 * Draws are independent of the parameters (bytes of a maximal length, sizes as "k blocks ± 1"
 * or any length), so fast-check shrinks each part on its own: lengths toward zero, bytes toward
 * zero, nonce shapes toward plain random. Sizes are biased to block boundaries, nonces to the
 * points where a counter wraps.
 */
import fc from 'fast-check';
import type { Params } from '../model.js';
import type { Sizes } from '../standard.js';

/**
 * A length: the `index`-th block boundary (0, 1, unit − 1, unit, unit + 1, 2·unit − 1, …: lengths
 * grow with the index, so shrinking the index finds the shortest failing boundary), or any
 * length up to 1024.
 */
export type SizeDraw = { readonly kind: 'boundary'; readonly index: number } | { readonly kind: 'any'; readonly n: number };

/** Bytes of a drawn length: the drawn bytes, zero-filled past their end. */
export interface BytesDraw {
  readonly size: SizeDraw;
  readonly bytes: Uint8Array;
}

/** How a nonce is shaped: random, all zeros, all ones, or its counter field `distance` blocks before wrapping. */
export type NonceShape = 'random' | 'near-wrap' | 'zeros' | 'ones';

/** A nonce or IV draw. */
export interface NonceDraw {
  readonly shape: NonceShape;
  readonly distance: number;
  readonly bytes: Uint8Array;
}

/** Everything one symmetric or box case draws. */
export interface MessageDraw {
  readonly key: Uint8Array;
  /** A second key: the box recipient's secret key. */
  readonly key2: Uint8Array;
  readonly nonce: NonceDraw;
  readonly aad: BytesDraw;
  readonly plaintext: BytesDraw;
  /** Which bit of the ciphertext the tamper check flips (modulo its length). */
  readonly flip: number;
}

const MAX_BYTES = 1100;
const MAX_KEY = 64;

const sizeArb: fc.Arbitrary<SizeDraw> = fc.oneof(
  fc.record({ kind: fc.constant('boundary' as const), index: fc.integer({ min: 0, max: 14 }) }),
  fc.record({ kind: fc.constant('any' as const), n: fc.integer({ min: 0, max: 1024 }) }),
);

/** Block count and offset (−1, 0, +1) of a boundary index: 0 → (0, 0), 1 → (0, +1), 2 → (1, −1), 3 → (1, 0), … */
function boundary(index: number): { blocks: number; offset: number } {
  const k = index + 1;
  return { blocks: Math.floor(k / 3), offset: (k % 3) - 1 };
}

/** Bytes whose length is biased to block boundaries. */
export const bytesArb: fc.Arbitrary<BytesDraw> = fc.record({ size: sizeArb, bytes: fc.uint8Array({ maxLength: MAX_BYTES }) });

const nonceArb: fc.Arbitrary<NonceDraw> = fc.record({
  shape: fc.constantFrom<NonceShape>('random', 'near-wrap', 'zeros', 'ones'),
  distance: fc.integer({ min: 1, max: 4 }),
  bytes: fc.uint8Array({ maxLength: MAX_KEY }),
});

/** The draw of one symmetric or box message. */
export const messageArb: fc.Arbitrary<MessageDraw> = fc.record({
  key: fc.uint8Array({ maxLength: MAX_KEY }),
  key2: fc.uint8Array({ maxLength: MAX_KEY }),
  nonce: nonceArb,
  aad: fc.record({ size: sizeArb, bytes: fc.uint8Array({ maxLength: 80 }) }),
  plaintext: bytesArb,
  flip: fc.nat(),
});

/** `bytes` cut or zero-extended to `n`. */
export function fit(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  out.set(bytes.subarray(0, n));
  return out;
}

/** The length a size draw stands for, with `unit` the block size (16 for stream modes, so counters move). */
export function sizeOf(d: SizeDraw, unit: number): number {
  if (d.kind === 'any') return d.n;
  const { blocks, offset } = boundary(d.index);
  return Math.max(0, blocks * unit + offset);
}

/** Block unit for boundary sizes: the cipher's block, or 16 (an AES block, a counter step) for stream modes. */
export function unitOf(sizes: Sizes): number {
  return sizes.block > 1 ? sizes.block : 16;
}

/**
 * The nonce of `n` bytes a draw stands for. `near-wrap` sets the low counter field (the
 * standard's `counterBits`, else the 32 bits GCM and most CTR constructions increment; whole
 * bytes) to 2^bits − distance, so the counter wraps within the first blocks of the message.
 */
export function nonceOf(d: NonceDraw, n: number, params: Params): Uint8Array {
  const out = fit(d.bytes, n);
  if (d.shape === 'zeros') out.fill(0);
  if (d.shape === 'ones') out.fill(0xff);
  if (d.shape === 'near-wrap') {
    const width = Math.min(Math.floor(Number(params['counterBits'] ?? 32) / 8), n);
    let value = (1n << BigInt(width * 8)) - BigInt(d.distance);
    for (let k = 0; k < width; k++) {
      out[n - 1 - k] = Number(value & 0xffn);
      value >>= 8n;
    }
  }
  return out;
}

/** A short description of a size draw for messages: `17 bytes (1 block + 1)`. */
export function describeSize(d: SizeDraw, unit: number): string {
  const n = sizeOf(d, unit);
  if (d.kind === 'any') return `${n} bytes`;
  const { blocks, offset } = boundary(d.index);
  return `${n} bytes (${blocks} × ${unit}${offset === 0 ? '' : offset > 0 ? ' + 1' : ' − 1'})`;
}
