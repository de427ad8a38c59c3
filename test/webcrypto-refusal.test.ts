/**
 * A WebCrypto refusal is described in WebCrypto's own words: the exception's name and message.
 * Node's WebCrypto chains OpenSSL's error queue as the cause, and that queue can hold what an
 * earlier job on the same thread left, so a description quoting it would differ with the
 * schedule (an intent's divergence shows the refusing side's description as it is).
 */
import { describe, expect, it } from 'vitest';
import { describeError, RejectedError } from '../src/core/errors.js';
import { rejectingWeb, webcryptoRefusal } from '../src/adapters/webcrypto-pk.js';
import { rejectingOperationError } from '../src/adapters/webcrypto.js';

/** An OperationError as Node's WebCrypto throws it, with a stale entry of OpenSSL's error queue as its cause. */
const withStaleCause = (): Error =>
  Object.assign(new Error('The operation failed for an operation-specific reason', { cause: new Error('error:1E08010C:DECODER routines::unsupported') }), {
    name: 'OperationError',
  });

describe('a WebCrypto refusal', () => {
  it('is described without the cause Node chains to it, on a real low-order X25519 derivation', async () => {
    const subtle = globalThis.crypto.subtle;
    const pair = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
    const zero = await subtle.importKey('raw', new Uint8Array(32), { name: 'X25519' }, true, []);
    const refused = await rejectingWeb('WebCrypto deriveBits', () => subtle.deriveBits({ name: 'X25519', public: zero }, pair.privateKey, 256)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(RejectedError);
    // Node chains OpenSSL's text ("error:…") as the cause; the description says WebCrypto's words alone.
    expect(((refused as Error).cause as Error).cause).toBeInstanceOf(Error);
    expect(describeError(refused)).toBe('RejectedError: WebCrypto deriveBits: OperationError: The operation failed for an operation-specific reason');
  });

  it('does not quote a stale cause, whichever wrapper made it a rejection', async () => {
    const derive = await rejectingWeb('WebCrypto deriveBits', () => Promise.reject(withStaleCause())).catch((err: unknown) => describeError(err));
    const decrypt = await rejectingOperationError(Promise.reject(withStaleCause())).catch((err: unknown) => describeError(err));
    for (const text of [derive, decrypt]) expect(text).not.toMatch(/DECODER|error:/);
    expect(decrypt).toBe('RejectedError: OperationError: The operation failed for an operation-specific reason');
    expect(webcryptoRefusal(Object.assign(new Error(''), { name: 'OperationError' }))).toBe('OperationError: (empty message)');
  });
});

describe('describeError', () => {
  it('gives the cause where the message does not already quote it, and only then', () => {
    expect(describeError(new RejectedError('rejected', new Error('bad tag')))).toBe('RejectedError: rejected (cause: bad tag)');
    expect(describeError(new RejectedError('noble decrypt: bad tag', new Error('bad tag')))).toBe('RejectedError: noble decrypt: bad tag');
  });
});
