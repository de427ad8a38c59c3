/** The one ASN.1 reader: positions, tags and children of definite and indefinite BER, and clear refusals. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../core/bytes.js';
import { readTlv } from './asn1.js';

describe('readTlv', () => {
  it('reads indefinite lengths, a segmented OCTET STRING and a context tag, with positions in the input', () => {
    // ff | SEQUENCE(indef) { INTEGER 5, OCTET STRING(indef) { aabb, cc }, [0] { INTEGER 1 } }
    const bytes = fromHex('ff' + '3080' + '020105' + '2480' + '0402aabb' + '0401cc' + '0000' + 'a003020101' + '0000');
    const seq = readTlv(bytes, 1);
    expect(seq).toMatchObject({ tag: 0x30, constructed: true, start: 1, body: 3, end: 22, next: 24 });
    const [int, octets, ctx] = seq.children;
    expect(int).toMatchObject({ tag: 0x02, start: 3, body: 5, end: 6, next: 6 });
    expect(toHex(int!.value)).toBe('05');
    expect(octets).toMatchObject({ tag: 0x24, constructed: true, start: 6, body: 8, end: 15, next: 17 });
    expect(octets!.children.map((c) => toHex(c.value))).toEqual(['aabb', 'cc']);
    expect(ctx).toMatchObject({ tag: 0xa0, constructed: true, start: 17, next: 22 });
    expect(ctx!.children.map((c) => c.tag)).toEqual([0x02]);
  });

  it('reads long-form definite lengths', () => {
    const body = new Uint8Array(300).fill(7);
    const t = readTlv(Uint8Array.of(0x04, 0x82, 0x01, 0x2c, ...body));
    expect(t).toMatchObject({ tag: 0x04, constructed: false, body: 4, end: 304, next: 304, children: [] });
  });

  it('refuses truncated input with a RangeError', () => {
    expect(() => readTlv(fromHex('3005020101'))).toThrow(RangeError);
    expect(() => readTlv(fromHex('30'))).toThrow(RangeError);
    expect(() => readTlv(new Uint8Array(0))).toThrow(RangeError);
  });
});
