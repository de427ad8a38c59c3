/**
 * Key import on the receiving side. A library that refuses a key it was handed (a malformed
 * encoding, an off-curve point, a structure it does not read) is rejecting input, as a
 * decryptor rejects a forged ciphertext: `KeyRejectedError` is a `RejectedError` whose stage
 * is `import-key`, so reports say where it happened.
 */
import { describeError, RejectedError, UnsupportedError, type Stage } from '../core/errors.js';

/** The library refused a key at import. */
export class KeyRejectedError extends RejectedError {
  override readonly stage: Stage = 'import-key';
}

/** Runs `load` (a key import) and turns any exception into a `KeyRejectedError` naming `what`. */
export async function importing<T>(what: string, load: () => T | Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw new KeyRejectedError(`${what} refused: ${describeError(err)}`, err);
  }
}

/** Runs `op` (a decryption or derivation) and turns any exception into a `RejectedError`. */
export async function rejecting<T>(what: string, op: () => T | Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof RejectedError || err instanceof UnsupportedError) throw err;
    throw new RejectedError(`${what}: ${describeError(err)}`, err);
  }
}
