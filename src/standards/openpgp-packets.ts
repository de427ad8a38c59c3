/**
 * Just enough of the OpenPGP wire format (RFC 9580 §4.2, §6) to tamper with a message and to
 * name a key: ASCII armor in and out, packet framing (new and legacy headers, partial body
 * lengths), and the v4/v6 fingerprint of a certificate's primary key (RFC 9580 §5.5.4).
 * Adapters and mutations share it; no library is involved, so a mutation means the same bytes
 * whoever produced the message.
 */
import { createHash } from 'node:crypto';

/** Packet tags used here (RFC 9580 §5). */
export const TAG = { pkesk: 1, skesk: 3, publicKey: 6, literal: 11, seipd: 18, aeadLibrePgp: 20 } as const;

/** One packet: its tag and where its body lies in the message (several ranges with partial lengths). */
export interface Packet {
  readonly tag: number;
  /** Offset of the packet's first header byte. */
  readonly start: number;
  /** Offset just past the packet. */
  readonly end: number;
  /** Body ranges [from, to) in message offsets, in order. */
  readonly body: ReadonlyArray<readonly [number, number]>;
}

const ARMOR_BEGIN = '-----BEGIN PGP ';

/** True when `bytes` is ASCII-armored (RFC 9580 §6.2). */
export function isArmored(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().startsWith(ARMOR_BEGIN);
}

/** The binary packets behind an armored text (the CRC line, if any, is skipped), or `bytes` as they are. */
export function dearmor(bytes: Uint8Array): Uint8Array {
  if (!isArmored(bytes)) return bytes;
  const lines = Buffer.from(bytes).toString('latin1').split(/\r?\n/);
  const begin = lines.findIndex((l) => l.startsWith(ARMOR_BEGIN));
  let i = begin + 1;
  while (i < lines.length && lines[i]!.trim() !== '') i++; // armor headers end at an empty line
  const body: string[] = [];
  for (i++; i < lines.length && !lines[i]!.startsWith('-----END') && !lines[i]!.startsWith('='); i++) body.push(lines[i]!.trim());
  return Uint8Array.from(Buffer.from(body.join(''), 'base64'));
}

/** Reads the packets of a binary message; stops at the first header it cannot read (a truncated tail). */
export function packets(msg: Uint8Array): Packet[] {
  const out: Packet[] = [];
  let at = 0;
  while (at < msg.length) {
    const start = at;
    const h = msg[at++]!;
    if ((h & 0x80) === 0) break;
    const body: Array<[number, number]> = [];
    let tag: number;
    if (h & 0x40) {
      tag = h & 0x3f;
      for (;;) {
        const o = msg[at++];
        if (o === undefined) return out;
        let len: number;
        let partial = false;
        if (o < 192) len = o;
        else if (o < 224) len = ((o - 192) << 8) + (msg[at++] ?? 0) + 192;
        else if (o === 255) {
          len = ((msg[at]! << 24) >>> 0) + (msg[at + 1]! << 16) + (msg[at + 2]! << 8) + msg[at + 3]!;
          at += 4;
        } else {
          len = 1 << (o & 0x1f);
          partial = true;
        }
        body.push([at, Math.min(at + len, msg.length)]);
        at += len;
        if (!partial) break;
      }
    } else {
      tag = (h >> 2) & 0x0f;
      const lt = h & 0x03;
      const n = lt === 3 ? msg.length - at : 1 << lt;
      let len = n;
      if (lt !== 3) {
        len = 0;
        for (let k = 0; k < n; k++) len = len * 256 + (msg[at++] ?? 0);
      }
      body.push([at, Math.min(at + len, msg.length)]);
      at += len;
    }
    out.push({ tag, start, end: Math.min(at, msg.length), body });
  }
  return out;
}

/** The total body length of a packet. */
export function bodyLength(p: Packet): number {
  return p.body.reduce((n, [a, b]) => n + b - a, 0);
}

/** The message offset of body byte `index` of `p`. */
export function bodyOffset(p: Packet, index: number): number {
  let rest = index;
  for (const [a, b] of p.body) {
    if (rest < b - a) return a + rest;
    rest -= b - a;
  }
  throw new RangeError(`body index ${index} past the end of a tag ${p.tag} packet`);
}

/** The body bytes of `p`, joined. */
export function bodyOf(msg: Uint8Array, p: Packet): Uint8Array {
  return Uint8Array.from(Buffer.concat(p.body.map(([a, b]) => msg.subarray(a, b))));
}

/** The encrypted data packet of a message: SEIPD (v1 or v2) or LibrePGP's OCB packet. */
export function dataPacket(msg: Uint8Array): Packet | undefined {
  return packets(msg).find((p) => p.tag === TAG.seipd || p.tag === TAG.aeadLibrePgp);
}

/**
 * What kind of encrypted data packet a message has, in the standard's parameter names:
 * `seipdv1`, `seipdv2-ocb|eax|gcm` or `librepgp-ocb|eax`; undefined when there is none.
 */
export function encryptionOf(bytes: Uint8Array): string | undefined {
  const msg = dearmor(bytes);
  const p = dataPacket(msg);
  if (!p) return undefined;
  const b = bodyOf(msg, p);
  const aead = (id: number | undefined): string => ({ 1: 'eax', 2: 'ocb', 3: 'gcm' })[id ?? 0] ?? `aead${String(id)}`;
  if (p.tag === TAG.aeadLibrePgp) return `librepgp-${aead(b[2])}`;
  return b[0] === 1 ? 'seipdv1' : b[0] === 2 ? `seipdv2-${aead(b[2])}` : `seipd-v${String(b[0])}`;
}

/** The S2K specifier type of the first SKESK (RFC 9580 §3.7.1): `iterated-salted` (3), `argon2` (4)… */
export function s2kOf(bytes: Uint8Array): string | undefined {
  const msg = dearmor(bytes);
  const p = packets(msg).find((q) => q.tag === TAG.skesk);
  if (!p) return undefined;
  const b = bodyOf(msg, p);
  // v4: version, cipher, S2K…; LibrePGP v5: version, cipher, AEAD, S2K…; v6: version, count, cipher, AEAD, S2K length, S2K…
  const type = b[0] === 4 ? b[2] : b[0] === 5 ? b[3] : b[5];
  return ({ 0: 'simple', 1: 'salted', 3: 'iterated-salted', 4: 'argon2' } as Record<number, string>)[type ?? -1] ?? `s2k${String(type)}`;
}

/** The fingerprint of a certificate's (or TSK's) primary key, upper-case hex (RFC 9580 §5.5.4). */
export function fingerprint(cert: Uint8Array): string {
  const msg = dearmor(cert);
  const p = packets(msg).find((q) => q.tag === TAG.publicKey || q.tag === 5);
  if (!p) throw new Error('no primary key packet');
  const b = bodyOf(msg, p);
  if (b[0] === 6) {
    // A v6 secret key packet: the public part is version, time, algo, 4-byte length, key material.
    const keyLen = (b[6]! << 24) + (b[7]! << 16) + (b[8]! << 8) + b[9]!;
    const pub = p.tag === 5 ? b.subarray(0, 10 + keyLen) : b;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(pub.length);
    return createHash('sha256').update(Uint8Array.of(0x9b)).update(len).update(pub).digest('hex').toUpperCase();
  }
  if (p.tag === 5) throw new Error('v4 fingerprints are read from certificates here, not secret keys');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return createHash('sha1').update(Uint8Array.of(0x99)).update(len).update(b).digest('hex').toUpperCase();
}

/** ASCII armor of a binary message (RFC 9580 §6.2; no CRC, as RFC 9580 recommends). */
export function armor(binary: Uint8Array, kind = 'MESSAGE'): Uint8Array {
  const lines =
    Buffer.from(binary)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return Uint8Array.from(Buffer.from(`-----BEGIN PGP ${kind}-----\n\n${lines.join('\n')}\n-----END PGP ${kind}-----\n`, 'latin1'));
}
