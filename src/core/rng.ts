/**
 * Deterministic bytes from a seed and a label. Each case derives its inputs from (seed, case
 * label), so results do not depend on order, concurrency or sharding.
 *
 * The bytes are test inputs, not secrets: what matters is that they are a function of (seed,
 * label) alone, differ between labels and cost next to nothing, because every generated case
 * derives its key, nonce, AAD and message here (a 64-byte AES-GCM round trip in node:crypto
 * takes about 13 µs; SHA-256 in counter mode spent a third of that on inputs). The state is
 * seeded by a 128-bit string hash of seed and label (cyrb128, with the label's length mixed
 * in so that `("ab", "c")` and `("a", "bc")` differ) and expanded with sfc32, both specified
 * by 32-bit integer arithmetic and so the same on every platform.
 */

/** A deterministic byte source. */
export interface Rng {
  bytes(n: number): Uint8Array;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** cyrb128 of `s`: four 32-bit words. */
function cyrb128(s: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A deterministic generator for `label` under `seed`. */
export function rngFor(seed: string, label: string): Rng {
  let [a, b, c, d] = cyrb128(`${seed.length}:${seed}\0${label}`);
  /** sfc32: the next 32-bit word. */
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs, as sfc32's author advises, so that similar seeds diverge.
  for (let i = 0; i < 12; i++) next();
  return {
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        const w = next();
        out[i] = w;
        out[i + 1] = w >>> 8;
        out[i + 2] = w >>> 16;
        out[i + 3] = w >>> 24;
      }
      if (i < n) {
        let w = next();
        for (; i < n; i++, w >>>= 8) out[i] = w;
      }
      return out;
    },
    int(n: number): number {
      return next() % n;
    },
  };
}
