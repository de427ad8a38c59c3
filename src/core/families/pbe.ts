/**
 * The `pbe` family: passphrase-based file formats. The producer encrypts {passphrase, salt,
 * plaintext} into a whole file; the consumer decrypts {passphrase, file}, reading the salt from
 * the file. Matrix and negative cases are the message-family runners with these inputs.
 */
import type { ByteMap, Params } from '../model.js';
import { rngFor } from '../rng.js';
import type { Standard } from '../standard.js';
import type { KatOp } from './kat.js';
import { messageMatrix, messageNegative, type MessageIO } from './symmetric.js';

/** Passphrase length of generated cases. */
const PASSPHRASE_CHARS = 12;

/**
 * A printable-ASCII passphrase: what every implementation can take (`openssl -pass pass:` takes
 * no NUL, crypto-js a JavaScript string, which it encodes as UTF-8).
 */
function passphrase(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => 0x21 + (b % 94));
}

/** Deterministic encryption inputs: passphrase, salt and plaintext from (seed, standard, params, size). */
export function pbeInputs(seed: string, std: Standard, params: Params, size: number): ByteMap {
  const rng = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`);
  return { passphrase: passphrase(rng.bytes(PASSPHRASE_CHARS)), salt: rng.bytes(std.sizes(params).nonce), plaintext: rng.bytes(size) };
}

/** Decryption takes the passphrase and the file; the salt travels inside it. */
function pbeDecryptInputs(enc: ByteMap, ciphertext: Uint8Array): ByteMap {
  return { passphrase: enc['passphrase']!, ciphertext };
}

const PBE_IO: MessageIO = { encryptInputs: pbeInputs, decryptInputs: pbeDecryptInputs };

/** Known-answer operations: vector fields are named as the operations' inputs. */
export const pbeKatOps: readonly KatOp[] = [
  { op: 'encrypt', inputs: { passphrase: 'passphrase', salt: 'salt', plaintext: 'plaintext' }, output: ['ciphertext', 'ciphertext'], consuming: false },
  { op: 'decrypt', inputs: { passphrase: 'passphrase', ciphertext: 'ciphertext' }, output: ['plaintext', 'plaintext'], consuming: true },
];

/** Producer encrypts a file, consumer decrypts it, at every plaintext size. */
export const pbeMatrix = messageMatrix(PBE_IO);

/** A tampered file (or a wrong passphrase) must be rejected, or for unauthenticated formats is reported when it is not. */
export const pbeNegative = messageNegative(PBE_IO);
