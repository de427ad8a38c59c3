/**
 * What crosses the driver between the harness and the page: a batch of operations, bytes as
 * base64 (both drivers serialize strings alike; typed arrays they do not), and one reply per
 * operation in the same order.
 */
import type { Stage } from '../../core/errors.js';
import type { OpName, Params } from '../../core/model.js';

/** One operation for the page's bindings. */
export interface WireRequest {
  readonly standard: string;
  readonly op: OpName;
  readonly params: Params;
  /** Input bytes, base64. */
  readonly inputs: Readonly<Record<string, string>>;
  /** An intent's id: the operation is made as that intent's documented call makes it, not explicitly. */
  readonly intent?: string;
}

/** How the page classified a failure: the binding's own error types, or anything else. */
export type WireErrorKind = 'rejected' | 'unsupported' | 'timeout' | 'error';

/** One operation's answer. */
export type WireReply =
  | { readonly ok: Readonly<Record<string, string>> }
  | { readonly error: { readonly kind: WireErrorKind; readonly message: string; readonly stage?: Stage; readonly policy?: string } };

/** What the page exposes as `globalThis[PAGE_GLOBAL]` once its bindings have loaded. */
export interface PageApi {
  run(batch: readonly WireRequest[], timeoutMs: number): Promise<WireReply[]>;
}

/** The page's global. */
export const PAGE_GLOBAL = 'bothendsWebcrypto';
