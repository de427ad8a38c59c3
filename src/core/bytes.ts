/**
 * Byte helpers. `Uint8Array` is the only byte type that crosses a module boundary;
 * hex lives in vector files and reports, base64 in the adapter protocol.
 */

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Decodes lower- or upper-case hex; throws on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) {
    throw new TypeError(hex.length % 2 === 1 ? `odd-length hex string (${hex.length} digits)` : 'not a hex string');
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Encodes bytes as lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Constant-shape equality (not constant time: this is a test harness, not a verifier). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (let i = 0; i < parts.length; i++) n += parts[i]!.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.length === 0) continue;
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A plain copy, detached from any Buffer pool, so adapters cannot alias each other's bytes. */
export function copyBytes(b: Uint8Array): Uint8Array {
  return Uint8Array.from(b);
}

/** Hex of at most `max` bytes, with the total length when cut; for messages and reports. */
export function cappedHex(bytes: Uint8Array, max = 64): string {
  if (bytes.length <= max) return toHex(bytes);
  return `${toHex(bytes.subarray(0, max))}… (${bytes.length} bytes)`;
}
