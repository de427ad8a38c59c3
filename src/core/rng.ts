/**
 * Deterministic bytes from a seed and a label: SHA-256 in counter mode. Each case derives
 * its inputs from (seed, case label), so results do not depend on order, concurrency or sharding.
 */
import { createHash } from 'node:crypto';

/** A deterministic byte source. */
export interface Rng {
  bytes(n: number): Uint8Array;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** A deterministic generator for `label` under `seed`. */
export function rngFor(seed: string, label: string): Rng {
  let counter = 0;
  let pool = new Uint8Array(0);
  const refill = (): void => {
    const h = createHash('sha256').update(seed).update('\0').update(label).update('\0').update(String(counter++));
    pool = Uint8Array.from(h.digest());
  };
  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      if (pool.length === 0) refill();
      const take = Math.min(n - at, pool.length);
      out.set(pool.subarray(0, take), at);
      pool = pool.subarray(take);
      at += take;
    }
    return out;
  };
  return {
    bytes,
    int(n: number): number {
      const b = bytes(4);
      return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % n;
    },
  };
}
