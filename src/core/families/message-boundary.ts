/**
 * Boundary vectors of the message families (`aead`, `cipher`, `box`, `pbe`): each key size
 * crossed with each value of every other parameter, plaintexts at the sizes where
 * implementations change path (empty, one byte, around the block size, long), counters two
 * blocks before they wrap, and forgeries made with the standard's own tamper mutations. Every
 * input comes from `rngFor(seed, label)` through the family's own generated inputs, so the
 * files are reproducible; the outputs come from the reference implementations.
 */
import type { ParamValue, Params } from '../model.js';
import { rngFor } from '../rng.js';
import type { Mutation, Standard } from '../standard.js';
import type { BoundaryDriver, Draft, KatOp, Reference } from './family.js';
import { fieldsFromOpInputs, inputsFromFields } from './kat-fields.js';
import { negativeSize } from './inputs.js';

type Fields = Record<string, Uint8Array>;

const LONG = 1000;
const VERY_LONG = 4096;
/** AAD sizes, taken in turn by the tests of an AEAD group: empty, one byte and around a block. */
const AAD_SIZES = [16, 0, 17, 1, 15, 64, 20, 0];

/** What the message families' flags mean. */
export const MESSAGE_NOTES: BoundaryDriver['notes'] = {
  EmptyPlaintext: {
    bugType: 'EDGE_CASE',
    description: 'The plaintext is empty: the ciphertext is the tag alone (AEAD, NaCl), one padding block (CBC) or empty (CTR).',
  },
  BlockBoundary: {
    bugType: 'EDGE_CASE',
    description:
      "The plaintext is one byte short of, exactly or one byte past the cipher's block size (16 bytes for AES, 64 for ChaCha20 and Salsa20), where buffering and padding code changes path.",
  },
  LongPlaintext: { bugType: 'EDGE_CASE', description: 'Many blocks: exercises bulk code paths and, in counter modes, many counter increments.' },
  CounterWrap: {
    bugType: 'EDGE_CASE',
    description:
      'The initial counter block is two blocks before its low counterBits bits wrap; from the third block on, the counter field starts again from zero and the rest of the block never changes (NIST SP 800-38A Appendix B.1). An implementation with another counter width gets every later block wrong.',
  },
};

/** Makes an invalid, decrypt-only test, checking that the reference implementation refuses it. */
export type InvalidDraft = (draft: Omit<Draft, 'result'>) => Promise<Draft>;

/** How one message family fills the generic generator in. */
export interface MessageBoundaryOptions {
  readonly katOps: (std: Standard) => readonly KatOp[];
  /** Fresh inputs for one encryption, whose rng label is `label`, with `aadSize` bytes of AAD where the family has AAD. */
  fields(std: Standard, params: Params, seed: string, label: string, size: number, aadSize: number, ref: Reference): Fields;
  /** The comment's words about the AAD of a test (`, 16-byte AAD`), where the family has AAD. */
  aadWords?(aadSize: number): string;
  /** Plaintext sizes of a group that is not the base group; default: all of them. */
  otherGroupSizes?(std: Standard, params: Params): number[];
  /** Tests added to the base group (passphrase edge cases). */
  baseExtras?(std: Standard, params: Params, seed: string, ref: Reference): Promise<Draft[]>;
  /** Invalid tests added to the forgeries (wrong padding). */
  forgeryExtras?(std: Standard, params: Params, seed: string, ref: Reference, invalid: InvalidDraft): Promise<Draft[]>;
  covers?(std: Standard): boolean;
  readonly notes?: BoundaryDriver['notes'];
}

/**
 * The parameter sets of a standard's boundary file: each key size crossed with each value of
 * every other parameter, the rest as in the standard's first matrix entry.
 */
export function boundaryParams(std: Standard): Params[] {
  const base = std.matrix[0]!;
  const keySizes: ReadonlyArray<ParamValue | undefined> = std.params.find((p) => p.name === 'keyBits')?.values ?? [undefined];
  const sets = new Map<string, Params>();
  for (const keyBits of keySizes) {
    for (const spec of std.params) {
      for (const value of spec.values) {
        const params = { ...base, ...(keyBits === undefined ? {} : { keyBits }), [spec.name]: value };
        sets.set(std.paramsId(params), params);
      }
    }
  }
  // The matrix's own sets too: a value that only makes sense with others (PBKDF2 iterations)
  // appears there. Combinations the standard rules out are dropped.
  for (const params of std.matrix) sets.set(std.paramsId(params), params);
  return [...sets.values()].filter((params) => std.excludes?.(params) === undefined);
}

/** Plaintext sizes: empty, one byte, around the block, the standard's own, long, and very long if asked. */
function plaintextSizes(std: Standard, params: Params, veryLong: boolean): number[] {
  const block = std.sizes(params).block;
  const around = block > 1 ? [block - 1, block, block + 1] : [];
  return [...new Set([0, 1, ...around, ...std.plaintextSizes, LONG, ...(veryLong ? [VERY_LONG] : [])])].sort((a, b) => a - b);
}

function sizeFlags(std: Standard, params: Params, size: number): string[] {
  const { block } = std.sizes(params);
  const flags: string[] = [];
  if (size === 0) flags.push('EmptyPlaintext');
  if (block > 1 && Math.abs(size - block) <= 1) flags.push('BlockBoundary');
  if (size >= LONG) flags.push('LongPlaintext');
  if (std.makeNonce && params['counterBits'] !== undefined && size > 32) flags.push('CounterWrap');
  return flags;
}

/** The mutations every consumer must reject: only those make invalid tests (`either` ones may decrypt). */
function rejectedMutations(std: Standard): Mutation[] {
  return std.mutations.filter((m) => (m.expected ?? 'reject') === 'reject');
}

/** `flip-tag` → `FlipTag`: a mutation id as a flag name. */
export const flagOf = (mutationId: string): string => mutationId.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** The boundary generator of a message family. */
export function messageBoundary(o: MessageBoundaryOptions): BoundaryDriver {
  const opInputs = (std: Standard, op: 'encrypt' | 'decrypt', fields: Fields) => inputsFromFields(o.katOps(std), op, fields)!;

  /** A valid test: fresh inputs, ciphertext from the reference implementation. */
  async function validDraft(std: Standard, params: Params, seed: string, size: number, aadSize: number, flags: string[], ref: Reference): Promise<Draft> {
    const label = `${std.id}/${std.paramsId(params)}/pt${size}`;
    const fields = o.fields(std, params, seed, label, size, aadSize, ref);
    fields['ciphertext'] = await ref.encrypt(std, params, opInputs(std, 'encrypt', fields));
    const counter = std.makeNonce ? ', counter two blocks before it wraps' : '';
    return { comment: `${size}-byte plaintext${o.aadWords?.(aadSize) ?? ''}${counter}`, label, flags, result: 'valid', fields };
  }

  /** An invalid, decrypt-only test; the reference implementation must refuse it. */
  const invalidDraft =
    (std: Standard, params: Params, ref: Reference): InvalidDraft =>
    async (draft) => {
      const accepted = await ref.decrypt(std, params, opInputs(std, 'decrypt', draft.fields)).then(
        () => true,
        () => false,
      );
      if (accepted) throw new Error(`generator bug: the reference accepts ${draft.label}`);
      return { ...draft, result: 'invalid' };
    };

  /** Each of the standard's must-reject tamper mutations applied to one valid test. */
  async function mutationDrafts(std: Standard, params: Params, seed: string, base: Draft, ref: Reference): Promise<Draft[]> {
    const drafts: Draft[] = [];
    const decryptInputs = opInputs(std, 'decrypt', base.fields);
    const of = `the ${base.fields['plaintext']!.length}-byte test of ${std.paramsId(params)}`;
    for (const m of rejectedMutations(std)) {
      const label = `${base.label}/${m.id}`;
      const tampered = m.apply(decryptInputs, std.sizes(params), rngFor(seed, label));
      if (!tampered) continue;
      const fields = fieldsFromOpInputs(o.katOps(std), 'decrypt', tampered);
      drafts.push(await invalidDraft(std, params, ref)({ comment: `${of}, ${m.description}`, label, flags: [flagOf(m.id)], fields }));
    }
    return drafts;
  }

  async function groups(std: Standard, seed: string, ref: Reference): Promise<Array<{ params: Params; drafts: Draft[] }>> {
    const base = std.matrix[0]!;
    const out: Array<{ params: Params; drafts: Draft[] }> = [];
    for (const params of boundaryParams(std)) {
      // Only one parameter set per key size gets the very long plaintext, to keep files small.
      const veryLong = std.params.every((p) => p.name === 'keyBits' || params[p.name] === base[p.name]);
      const sizes = !veryLong && o.otherGroupSizes ? o.otherGroupSizes(std, params) : plaintextSizes(std, params, veryLong);
      const drafts: Draft[] = [];
      for (const [i, size] of sizes.entries()) {
        drafts.push(await validDraft(std, params, seed, size, AAD_SIZES[i % AAD_SIZES.length]!, sizeFlags(std, params, size), ref));
      }
      if (o.baseExtras && std.paramsId(params) === std.paramsId(base)) drafts.push(...(await o.baseExtras(std, params, seed, ref)));
      out.push({ params, drafts });
    }
    // Forgeries start from the base group's test one byte past a block, where every part of the
    // layout is present (the engine's negative cases use the same size).
    if (rejectedMutations(std).length === 0) return out;
    const baseGroup = out.find((g) => std.paramsId(g.params) === std.paramsId(base))!;
    const start = baseGroup.drafts.find((d) => d.fields['plaintext']!.length === negativeSize(std, base));
    if (!start || start.fields['aad']?.length === 0) throw new Error(`generator bug: no ${std.id} test to forge from`);
    const extras = o.forgeryExtras ? await o.forgeryExtras(std, base, seed, ref, invalidDraft(std, base, ref)) : [];
    const forged = [...(await mutationDrafts(std, base, seed, start, ref)), ...extras];
    if (forged.length > 0) out.push({ params: base, drafts: forged });
    return out;
  }

  return { covers: o.covers ?? (() => true), groups, notes: { ...MESSAGE_NOTES, ...o.notes } };
}
