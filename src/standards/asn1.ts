/**
 * The one ASN.1 reader of the harness: asn1js parses BER (definite and indefinite lengths, so
 * DER too), and this keeps of each element what the harness uses: its tag, where it sits in the
 * input (to read a field or splice new contents into it) and its children. Nothing here
 * validates a key or a message: that is the implementations' job.
 */
import { fromBER, type BaseBlock } from 'asn1js';

/** One TLV: where its header and contents sit in the input, and its children when constructed. */
export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number below 31). */
  readonly tag: number;
  readonly constructed: boolean;
  readonly start: number;
  /** First byte of the contents. */
  readonly body: number;
  /** One past the last byte of the contents (before an end-of-contents marker). */
  readonly end: number;
  /** One past the whole element (its end-of-contents marker included). */
  readonly next: number;
  /** The contents, a view of the input. */
  readonly value: Uint8Array;
  readonly children: readonly Tlv[];
}

/** Reads the element at `at` of `bytes` and everything inside it; throws a RangeError when it is not BER. */
export function readTlv(bytes: Uint8Array, at = 0): Tlv {
  const input = bytes.subarray(at);
  const { offset, result } = fromBER(input);
  if (offset === -1 || result.error) throw new RangeError(`BER at ${at}: ${result.error || 'unreadable'}`);
  const origin = result.valueBeforeDecodeView.byteOffset;
  const tlv = (b: BaseBlock): Tlv => {
    const { tagClass, tagNumber, isConstructed } = b.idBlock;
    if (tagNumber > 30) throw new RangeError(`BER at ${at}: high tag number ${tagNumber}`);
    const start = at + b.valueBeforeDecodeView.byteOffset - origin;
    const next = start + b.blockLength;
    const body = start + b.idBlock.blockLength + b.lenBlock.blockLength;
    const end = b.lenBlock.isIndefiniteForm ? next - 2 : next;
    const inner = isConstructed ? ((b.valueBlock as unknown as { value?: BaseBlock[] }).value ?? []) : [];
    return {
      tag: ((tagClass - 1) << 6) | (isConstructed ? 0x20 : 0) | tagNumber,
      constructed: isConstructed,
      start,
      body,
      end,
      next,
      value: bytes.subarray(body, end),
      children: inner.filter((c) => c.idBlock.tagClass !== 1 || c.idBlock.tagNumber !== 0).map(tlv),
    };
  };
  return tlv(result);
}
