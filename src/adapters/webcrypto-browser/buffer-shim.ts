/**
 * The page has no Node `Buffer`, which the shared byte helpers use for hex and base64
 * (core/bytes.ts, standards/key-encoding.ts). This gives them the few calls they make, on the
 * browsers' own `Uint8Array.fromHex`/`fromBase64` and `toHex`/`toBase64` (TC39 "Uint8Array
 * to/from base64", in Chromium 140+ and Firefox 133+). Imported first by the page; in Node it
 * does nothing.
 */
type Encoding = 'hex' | 'base64' | 'base64url';

interface NativeCodec {
  fromHex(text: string): Uint8Array;
  fromBase64(text: string, options?: { alphabet: 'base64' | 'base64url' }): Uint8Array;
}
interface NativeBytes {
  toHex(): string;
  toBase64(options?: { alphabet: 'base64' | 'base64url'; omitPadding?: boolean }): string;
}

const native = Uint8Array as unknown as NativeCodec;

/** The subset of Node's Buffer the shared modules call. */
class PageBuffer extends Uint8Array {
  static override from(value: unknown, encodingOrOffset?: unknown, length?: number): PageBuffer {
    if (typeof value === 'string') return PageBuffer.decode(value, (encodingOrOffset ?? 'utf8') as Encoding | 'utf8');
    if (value instanceof ArrayBuffer) return new PageBuffer(value, Number(encodingOrOffset ?? 0), length);
    return new PageBuffer(value as ArrayLike<number>);
  }

  private static decode(text: string, encoding: Encoding | 'utf8'): PageBuffer {
    switch (encoding) {
      case 'hex':
        return new PageBuffer(native.fromHex(text));
      case 'base64':
      case 'base64url':
        return new PageBuffer(native.fromBase64(text.replace(/=+$/, ''), { alphabet: encoding }));
      default:
        return new PageBuffer(new TextEncoder().encode(text));
    }
  }

  override toString(encoding: Encoding | 'utf8' = 'utf8'): string {
    const bytes = this as unknown as NativeBytes;
    switch (encoding) {
      case 'hex':
        return bytes.toHex();
      case 'base64':
        return bytes.toBase64();
      case 'base64url':
        return bytes.toBase64({ alphabet: 'base64url', omitPadding: true });
      default:
        return new TextDecoder().decode(this);
    }
  }
}

const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= PageBuffer;
