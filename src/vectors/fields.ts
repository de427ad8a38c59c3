/**
 * The semantics of a test's hex fields, per standard family: which fields exist, when each is
 * required, how long each must be, and how they feed the operations. The loader checks these
 * rules and the generator writes them.
 */
import { katOps } from '../core/families/kat.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import type { Family, Sizes, Standard } from '../core/standard.js';
import type { VectorResult } from './vector-file.js';

/** When a field must be present. */
export type Need = 'always' | 'unless-invalid' | 'when-valid';

/** One hex field of a test. */
export interface FieldSpec {
  readonly name: string;
  readonly need: Need;
}

/** Field names by family; `NONCE` stands for the standard's `nonceInput` (`iv` or `nonce`). */
const NONCE = '$nonce';
/** `label` where the standard has a labelBytes parameter, else no field. */
const LABEL = '$label';
/** `publicKey` where the standard's decryption takes it, else no field. */
const DECRYPT_PUBLIC_KEY = '$decryptPublicKey';
const FAMILY_FIELDS: Readonly<Record<Family, readonly FieldSpec[]>> = {
  aead: [
    { name: 'key', need: 'always' },
    { name: NONCE, need: 'always' },
    { name: 'aad', need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  cipher: [
    { name: 'key', need: 'always' },
    { name: NONCE, need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  // Encryption needs the sender's secret and the recipient's public key; decryption the other
  // two. A test that only decrypts (a forgery, a bad public key) carries only the latter.
  box: [
    { name: 'senderSecretKey', need: 'when-valid' },
    { name: 'senderPublicKey', need: 'always' },
    { name: 'recipientSecretKey', need: 'always' },
    { name: 'recipientPublicKey', need: 'when-valid' },
    { name: 'nonce', need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  agreement: [
    { name: 'secretKey', need: 'always' },
    { name: 'publicKey', need: 'always' },
    { name: 'sharedSecret', need: 'when-valid' },
  ],
  // Known answers decrypt only (encryption is randomized). `label` is there when the standard
  // has a labelBytes parameter, the public key when its decryption takes one (sealed boxes).
  pke: [
    { name: 'secretKey', need: 'always' },
    { name: DECRYPT_PUBLIC_KEY, need: 'always' },
    { name: LABEL, need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  // Decryption reads the salt from the file; only encryption takes it.
  pbe: [
    { name: 'passphrase', need: 'always' },
    { name: 'salt', need: 'when-valid' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  // RFC 9180's known answers are sequences of messages and exports, run as imported procedures
  // (src/vectors/importers/hpke.ts), not vector-file tests.
  hpke: [],
};

/** The field a placeholder stands for in `std`, or undefined when `std` has no such field. */
function resolve(std: Standard, name: string): string | undefined {
  switch (name) {
    case NONCE:
      return std.nonceInput ?? 'nonce';
    case LABEL:
      return std.params.some((p) => p.name === 'labelBytes') ? 'label' : undefined;
    case DECRYPT_PUBLIC_KEY:
      return std.keys?.decryptWithPublicKey ? 'publicKey' : undefined;
    default:
      return name;
  }
}

/** The hex fields a test of `std` may carry, in the order files list them. */
export function fieldSpecs(std: Standard): readonly FieldSpec[] {
  return FAMILY_FIELDS[std.family].flatMap((f) => {
    const name = resolve(std, f.name);
    return name === undefined ? [] : [{ ...f, name }];
  });
}

/** The fields each placeholder can stand for. */
const PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = { [NONCE]: ['iv', 'nonce'], [LABEL]: ['label'], [DECRYPT_PUBLIC_KEY]: ['publicKey'] };

/** Every field name of every family: the schema lists exactly these. */
export const ALL_FIELD_NAMES: readonly string[] = [
  ...new Set(Object.values(FAMILY_FIELDS).flatMap((specs) => specs.flatMap((f) => PLACEHOLDERS[f.name] ?? [f.name]))),
];

/** Is a field with this need required in a test with this result? */
export function isRequired(need: Need, result: VectorResult): boolean {
  return need === 'always' || (need === 'unless-invalid' ? result !== 'invalid' : result === 'valid');
}

/**
 * The inputs of `op` taken from a test's fields, named as the adapters' operations expect them
 * (the known-answer mapping of `core/families/kat.ts`); `undefined` when the test lacks one, as a
 * decrypt-only test lacks the encryption inputs.
 */
export function opInputs(std: Standard, op: OpName, fields: Readonly<Record<string, Uint8Array>>): ByteMap | undefined {
  const k = katOps(std).find((o) => o.op === op);
  if (!k) return undefined;
  const inputs: Record<string, Uint8Array> = {};
  for (const [input, field] of Object.entries(k.inputs)) {
    const value = fields[field];
    if (value === undefined) return undefined;
    inputs[input] = value;
  }
  return inputs;
}

/** The reverse of {@link opInputs}: the test fields that carry these operation inputs. */
export function fieldsFromInputs(std: Standard, op: OpName, inputs: ByteMap): Record<string, Uint8Array> {
  const fields: Record<string, Uint8Array> = {};
  for (const [input, field] of Object.entries(katOps(std).find((o) => o.op === op)?.inputs ?? {})) {
    const value = inputs[input];
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}

/** The length a field must have under a parameter set, or `undefined` when it is free. */
export function fixedLength(name: string, sizes: Sizes): number | undefined {
  switch (name) {
    case 'key':
    case 'sharedSecret':
      return sizes.key;
    case 'iv':
    case 'nonce':
    case 'salt':
      return sizes.nonce;
    case 'secretKey':
    case 'senderSecretKey':
    case 'recipientSecretKey':
      return sizes.secretKey;
    case 'publicKey':
    case 'senderPublicKey':
    case 'recipientPublicKey':
      return sizes.publicKey;
    default:
      return undefined;
  }
}

/**
 * The ciphertext length a plaintext of `length` bytes must give in the canonical layout,
 * and the rule in words for error messages.
 */
export function ciphertextLength(std: Standard, params: Params, sizes: Sizes, length: number): { length: number; rule: string } {
  if (std.family === 'pbe') return pbeFileLength(params, sizes, length);
  if (sizes.ciphertext !== undefined) return { length: sizes.ciphertext, rule: 'fixed by the parameters (RSA: the modulus length k)' };
  if (std.authenticated) return { length: length + sizes.tag, rule: `plaintext + ${sizes.tag}-byte tag` };
  if (params['padding'] === 'pkcs7') {
    return { length: (Math.floor(length / sizes.block) + 1) * sizes.block, rule: `PKCS#7 padding to whole ${sizes.block}-byte blocks, at least one byte` };
  }
  return { length, rule: 'same length as the plaintext' };
}

/** A passphrase file: 16-byte header and PKCS#7-padded body, then base64 (64-column lines ended by LF, or one line). */
function pbeFileLength(params: Params, sizes: Sizes, length: number): { length: number; rule: string } {
  const binary = 16 + (Math.floor(length / sizes.block) + 1) * sizes.block;
  const text = 4 * Math.ceil(binary / 3);
  switch (params['encoding']) {
    case 'base64':
      return { length: text + Math.ceil(text / 64), rule: `'Salted__', salt and ${sizes.block}-byte PKCS#7 blocks, base64 in 64-column lines each ended by LF` };
    case 'base64-single-line':
      return { length: text, rule: `'Salted__', salt and ${sizes.block}-byte PKCS#7 blocks, base64 on one line` };
    default:
      return { length: binary, rule: `'Salted__', 8-byte salt and ${sizes.block}-byte PKCS#7 blocks` };
  }
}
