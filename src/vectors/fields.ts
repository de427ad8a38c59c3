/**
 * The semantics of a test's hex fields, per standard family: which fields exist, when each is
 * required, how long each must be, and how they feed the operations. The loader checks these
 * rules and the generator writes them.
 */
import type { FieldSpec } from '../core/families/family.js';
import { FAMILIES, familyOf } from '../core/families/index.js';
import { fieldsFromOpInputs, inputsFromFields } from '../core/families/kat-fields.js';
import { katOps } from '../core/families/kat.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import type { Sizes, Standard } from '../core/standard.js';
import type { VectorResult } from './vector-file.js';

export type { FieldSpec };

/** When a field must be present. */
export type Need = FieldSpec['need'];

/** Placeholders in a family's fields: `$nonce` stands for the standard's `nonceInput` (`iv` or `nonce`). */
const NONCE = '$nonce';
/** `label` where the standard has a labelBytes parameter, else no field. */
const LABEL = '$label';
/** `publicKey` where the standard's decryption takes it, else no field. */
const DECRYPT_PUBLIC_KEY = '$decryptPublicKey';

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
  return familyOf(std).fields.flatMap((f) => {
    const name = resolve(std, f.name);
    return name === undefined ? [] : [{ ...f, name }];
  });
}

/** The fields each placeholder can stand for. */
const PLACEHOLDERS: Readonly<Record<string, readonly string[]>> = { [NONCE]: ['iv', 'nonce'], [LABEL]: ['label'], [DECRYPT_PUBLIC_KEY]: ['publicKey'] };

/** Every field name of every family: the schema lists exactly these. */
export const ALL_FIELD_NAMES: readonly string[] = [...new Set(FAMILIES.flatMap((family) => family.fields.flatMap((f) => PLACEHOLDERS[f.name] ?? [f.name])))];

/** Is a field with this need required in a test with this result? */
export function isRequired(need: Need, result: VectorResult): boolean {
  if (need === 'optional') return false;
  return need === 'always' || (need === 'unless-invalid' ? result !== 'invalid' : result === 'valid');
}

/**
 * The inputs of `op` taken from a test's fields, named as the adapters' operations expect them
 * (the known-answer mapping of `core/families/kat.ts`); `undefined` when the test lacks one, as a
 * decrypt-only test lacks the encryption inputs.
 */
export function opInputs(std: Standard, op: OpName, fields: Readonly<Record<string, Uint8Array>>): ByteMap | undefined {
  return inputsFromFields(katOps(std), op, fields);
}

/** The reverse of {@link opInputs}: the test fields that carry these operation inputs. */
export function fieldsFromInputs(std: Standard, op: OpName, inputs: ByteMap): Record<string, Uint8Array> {
  return fieldsFromOpInputs(katOps(std), op, inputs);
}

/** The length a field must have under a parameter set, or `undefined` when it is free. */
export function fixedLength(name: string, sizes: Sizes): number | undefined {
  switch (name) {
    case 'key':
    case 'sharedSecret':
      return sizes.key;
    case 'iv':
    case 'nonce':
      return sizes.nonce;
    case 'salt':
      return sizes.freeSalt ? undefined : sizes.nonce;
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
  const framed = familyOf(std).ciphertextLength;
  if (framed) return framed(params, sizes, length);
  if (sizes.ciphertext !== undefined) return { length: sizes.ciphertext, rule: 'fixed by the parameters (RSA: the modulus length k)' };
  if (std.authenticated) return { length: length + sizes.tag, rule: `plaintext + ${sizes.tag}-byte tag` };
  if (params['padding'] === 'pkcs7') {
    return { length: (Math.floor(length / sizes.block) + 1) * sizes.block, rule: `PKCS#7 padding to whole ${sizes.block}-byte blocks, at least one byte` };
  }
  return { length, rule: 'same length as the plaintext' };
}
