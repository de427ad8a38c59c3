/**
 * The BER walker the CMS mutations rely on: definite and indefinite lengths, constructed
 * segments, and a splice that re-encodes every enclosing length. Hand-made structures, no RSA.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../core/bytes.js';
import { readTlv } from './asn1.js';
import { cmsEnveloped, cmsFields, spliceContents } from './cms.js';

const tlv = (tag: number, ...body: number[][]): number[] => {
  const b = body.flat();
  return b.length < 0x80 ? [tag, b.length, ...b] : [tag, 0x81, b.length, ...b];
};
const indefinite = (tag: number, ...body: number[][]): number[] => [tag, 0x80, ...body.flat(), 0, 0];

/** ContentInfo { OID, [0] { AuthEnvelopedData { version, SET { ktri }, aeci, mac } } } with `content` as given. */
function message(content: number[], wrap: (tag: number, ...b: number[][]) => number[] = tlv): Uint8Array {
  const rid = tlv(0x80, [0xaa, 0xbb]);
  const ktri = tlv(0x30, tlv(0x02, [2]), rid, tlv(0x30, tlv(0x06, [1])), tlv(0x04, [1, 2, 3, 4]));
  const aeci = tlv(0x30, tlv(0x06, [1]), tlv(0x30, tlv(0x06, [2])), content);
  const inner = wrap(0x30, tlv(0x02, [0]), tlv(0x31, ktri), aeci, tlv(0x04, new Array<number>(16).fill(9)));
  return Uint8Array.from(wrap(0x30, tlv(0x06, [3]), wrap(0xa0, inner)));
}

describe('the CMS BER walker', () => {
  it('finds rid, encryptedKey, content segments and mac in definite and indefinite encodings', () => {
    for (const wrap of [tlv, indefinite]) {
      const der = message(tlv(0xa0, tlv(0x04, [5, 6]), tlv(0x04, [7])), wrap);
      const f = cmsFields(der);
      expect(toHex(der.subarray(f.rid.body, f.rid.end))).toBe('aabb');
      expect(toHex(der.subarray(f.encryptedKey.body, f.encryptedKey.end))).toBe('01020304');
      expect(f.content.map((s) => toHex(der.subarray(s.body, s.end)))).toEqual(['0506', '07']);
      expect(f.mac!.end - f.mac!.body).toBe(16);
    }
  });

  it('splices new contents and re-encodes every enclosing length', () => {
    const der = message(tlv(0x80, [5, 6, 7]));
    const cut = spliceContents(der, cmsFields(der).mac!, fromHex('0909'));
    expect(readTlv(cut, 0).next).toBe(cut.length);
    expect(cut.length).toBe(der.length - 14);
    const f = cmsFields(cut);
    expect(toHex(cut.subarray(f.mac!.body, f.mac!.end))).toBe('0909');
    expect(toHex(cut.subarray(f.content[0]!.body, f.content[0]!.end))).toBe('050607');
  });

  it('refuses a truncated message', () => {
    const der = message(tlv(0x80, [5]));
    expect(() => cmsFields(der.subarray(0, der.length - 1))).toThrow(RangeError);
  });

  it('keeps the GCM mutations to GCM parameter sets and the CBC one to CBC', () => {
    const only = (id: string): string[] =>
      cmsEnveloped.matrix.filter((p) => cmsEnveloped.mutations.find((m) => m.id === id)!.appliesTo?.(p) ?? true).map((p) => String(p['contentEncryption']));
    expect(new Set(only('flip-mac'))).toEqual(new Set(['AES-128-GCM', 'AES-256-GCM']));
    expect(new Set(only('flip-content-cbc'))).toEqual(new Set(['AES-128-CBC', 'AES-256-CBC']));
  });
});
