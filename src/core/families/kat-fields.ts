/**
 * Between a vector test's fields and an operation's inputs, through a family's known-answer
 * mapping (its `katOps`). Takes the mapping, not the family, so family modules use it too.
 */
import type { ByteMap, OpName } from '../model.js';
import type { KatOp } from './family.js';

/** The inputs of `op` taken from a test's fields; `undefined` when the test lacks one (a decrypt-only test lacks the encryption inputs). */
export function inputsFromFields(ops: readonly KatOp[], op: OpName, fields: Readonly<Record<string, Uint8Array>>): ByteMap | undefined {
  const k = ops.find((o) => o.op === op);
  if (!k) return undefined;
  const inputs: Record<string, Uint8Array> = {};
  for (const [input, field] of Object.entries(k.inputs)) {
    const value = fields[field];
    if (value === undefined) return undefined;
    inputs[input] = value;
  }
  return inputs;
}

/** The reverse of {@link inputsFromFields}: the test fields that carry these operation inputs. */
export function fieldsFromOpInputs(ops: readonly KatOp[], op: OpName, inputs: ByteMap): Record<string, Uint8Array> {
  const fields: Record<string, Uint8Array> = {};
  for (const [input, field] of Object.entries(ops.find((o) => o.op === op)?.inputs ?? {})) {
    const value = inputs[input];
    if (value !== undefined) fields[field] = value;
  }
  return fields;
}
