/**
 * What a family module declares. A family is a kind of standard with one shape of operations
 * (`aead`, `cipher`, `box`, `agreement`, `pke`, `pbe`, `hpke`…); its module, one file in this
 * folder, is the only place that knows it. Everything else asks the family of a standard
 * (`familyOf` in ./index.ts) and never branches on a family's name: the plan, the runner, the
 * adapters' input checks, the vector files, the boundary generator, fuzzing and `bothends bench`
 * all read what the module declares here.
 */
import type { CaseContext } from '../case.js';
import type { BugType, ByteMap, KatTest, OpName, Params, VectorResult } from '../model.js';
import { declareOperations, type OperationShape } from '../operations.js';
import type { Mutation, Sizes, Standard } from '../standard.js';
import type { Verdict } from '../step.js';
import type { AnyProperty } from './fuzz-property.js';
import type { ExchangesOf } from './intent-runner.js';
import type { Reference } from './reference.js';

export type { Reference } from './reference.js';

/** One byte input an operation requires, and the length the parameters imply. */
export interface InputSpec {
  readonly name: string;
  /** Exact length; absent when the library judges it (keys in an encoding, messages). */
  readonly size?: number;
  /** Least length, and why (a ciphertext holds at least its tag). */
  readonly atLeast?: { readonly bytes: number; readonly what: string };
}

/** One operation of the family's contract. */
export interface OperationSpec {
  /** The byte inputs it requires under these parameters, in the order they are checked. */
  inputs(std: Standard, params: Params, sizes: Sizes): readonly InputSpec[];
  /**
   * True when the operation receives untrusted input (decrypt, derive): a malformed input is a
   * rejection, as it must be for structurally impossible ciphertexts and keys. False: the caller
   * made the inputs, so a malformed one is a caller bug.
   */
  readonly untrusted: boolean;
  /**
   * Parameters the input states for itself, which a caller may leave out: a key container names
   * its own algorithms, iteration counts and salts, so a reader handed a file of unknown making
   * (an imported corpus) is told only what the file cannot say. Given, they are checked as usual.
   */
  readonly statedByInput?: readonly string[];
}

/** One hex field of a vector test, and when it must be present. */
export interface FieldSpec {
  readonly name: string;
  /** `optional`: a test carries it when it exercises the operation that takes it (a key-generation test has no ciphertext). */
  readonly need: 'always' | 'unless-invalid' | 'when-valid' | 'optional';
}

/** How a vector's fields feed one operation: op input name → vector field, and the expected output. */
export interface KatOp {
  readonly op: OpName;
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: readonly [name: string, field: string];
  /** True for the operation that must reject invalid input (decrypt, derive). */
  readonly consuming: boolean;
  /**
   * The inputs a test may be run without, for an adapter whose claim refuses them
   * (`refusedInputs`): those its expected verdict does not depend on (an invalid encapsulation
   * key must be refused whatever m is given). None when absent.
   */
  readonly incidental?: (test: KatTest) => readonly string[];
}

export type { KatTest } from '../model.js';

/**
 * A message family's generated messages: what encrypt takes, and what decrypt takes given the
 * ciphertext. The one source of generated inputs for the runner, the boundary vectors,
 * `bothends bench`, the benchmark and the adapter tests.
 */
export interface MessageIO {
  encryptInputs(seed: string, std: Standard, params: Params, size: number): ByteMap;
  decryptInputs(enc: ByteMap, ciphertext: Uint8Array): ByteMap;
}

/** What `bothends bench` hands a family's throughput driver. */
export interface ThroughputKit {
  readonly seed: string;
  /** The measured operation bound to these inputs, ready to be called in the timed loop. */
  call(inputs: ByteMap): () => Promise<ByteMap>;
  /** Two key pairs made by the adapter itself (its own key format), once for all sizes. */
  pairs(): Promise<readonly [ByteMap, ByteMap]>;
}

/** How `bothends bench` drives a family: one operation, its inputs made outside the timed loop. */
export interface ThroughputDriver {
  /** The operation measured. */
  op(std: Standard): OpName;
  /** Whether messages have a size (key agreement has none). */
  readonly sized: boolean;
  /** The call for a message of `size`, or why that size does not apply. */
  prepare(kit: ThroughputKit, std: Standard, params: Params, size: number): Promise<(() => Promise<ByteMap>) | { readonly none: string }>;
}

/** A boundary test before numbering. */
export interface Draft {
  readonly comment: string;
  /** The rng label its inputs come from. */
  readonly label: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  readonly fields: Record<string, Uint8Array>;
}

/** The groups of one standard's generated boundary file. */
export interface BoundaryDriver {
  /** Whether the generator writes a file for `std` (randomized encryption has no fixed answer). */
  covers(std: Standard): boolean;
  groups(std: Standard, seed: string, ref: Reference): Promise<Array<{ params: Params; drafts: Draft[] }>>;
  /** What the family's own flags mean (bug type and description), beside the mutations'. */
  readonly notes: Readonly<Record<string, { readonly bugType: BugType; readonly description: string }>>;
}

/** The runner of one matrix cell. */
export type MatrixRunner = (ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string) => Promise<Verdict>;

/** One negative case as its runner receives it: the pair, the parameters and the mutation to apply. */
export interface NegativeCase {
  readonly ctx: CaseContext;
  readonly std: Standard;
  readonly params: Params;
  readonly producer: string;
  readonly consumer: string;
  readonly mutation: Mutation;
  readonly caseId: string;
}

/** The runner of one negative case. */
export type NegativeRunner = (n: NegativeCase) => Promise<Verdict>;

/** A parameter only one family's standards use: its meaning, and its JSON type in vector files. */
export interface FamilyParam {
  readonly type: 'string' | 'integer' | 'boolean';
  readonly description: string;
}

/** One family: everything that depends on the shape of its operations. */
export interface FamilyModule {
  /** The family's name, as standards and reports spell it. */
  readonly name: string;
  /** The operations' contract in words, for docs and `bothends list`. */
  readonly contract: string;
  /** Canonical parameter names only this family's standards use; the shared ones are `PARAMS` of core/registry.ts. */
  readonly params?: Readonly<Record<string, FamilyParam>>;
  /** Every operation of the family: what it returns and its stage (declared with `declareOperations`). */
  readonly shapes: Readonly<Partial<Record<OpName, OperationShape>>>;
  /** The operations whose inputs are checked: their inputs and which receive untrusted input. */
  readonly operations: Readonly<Partial<Record<OpName, OperationSpec>>>;
  /** Operations the producer and the consumer of a matrix cell must both claim. */
  readonly roles: { readonly producer: readonly OpName[]; readonly consumer: readonly OpName[] };
  /** The hex fields a vector test may carry; `$nonce`, `$label` and `$decryptPublicKey` stand for the standard's own (see ./fields.ts). */
  readonly fields: readonly FieldSpec[];
  /** How a vector test's fields feed the operations. */
  katOps(std: Standard): readonly KatOp[];
  /** The ciphertext length of a plaintext of `length` bytes, when the family frames it its own way (a whole file). */
  ciphertextLength?(params: Params, sizes: Sizes, length: number): { length: number; rule: string };
  readonly matrix: MatrixRunner;
  /** Absent when the family has no tamper mutations. */
  readonly negative?: NegativeRunner;
  /** The exchanges of an intent case (./intent-runner.ts); absent: the family has no intent grids yet. */
  readonly intent?: ExchangesOf;
  /**
   * True when a grid's key pairs are slow to make and shared by the consumer's cases: the
   * pool then sends a consumer library's matrix and negative cases to one worker.
   */
  readonly keyAffinity: boolean;
  readonly throughput: ThroughputDriver;
  /** Families whose messages need no key pair (symmetric, passphrase): their generated inputs. */
  readonly messages?: MessageIO;
  /** The differential property of kind `fuzz`; absent: the family is reported as not fuzzed. */
  readonly fuzz?: AnyProperty;
  /** The boundary-vector generator; absent: the family relies on published known answers. */
  readonly boundary?: BoundaryDriver;
}

/** Encryption and decryption, the operations of every family that encrypts messages. */
export const ENCRYPTION = declareOperations({
  encrypt: { outputs: ['ciphertext'], stage: 'encrypt' },
  decrypt: { outputs: ['plaintext'], stage: 'decrypt' },
});

/** Key-pair generation, for the families whose standards make key pairs. */
export const KEY_PAIR = declareOperations({ generateKeyPair: { outputs: ['publicKey', 'secretKey'], stage: 'generate-key' } });

type SharedOperations = typeof ENCRYPTION & typeof KEY_PAIR;
declare module '../operations.js' {
  interface Operations extends SharedOperations {}
}

/** The nonce or IV input of a standard that has one, at its size. */
export function nonceSpec(std: Standard, sizes: Sizes): InputSpec[] {
  return std.nonceInput === undefined ? [] : [{ name: std.nonceInput, size: sizes.nonce }];
}

/** A raw key input at the size the parameters imply, or of a free length (an encoded key) when they imply none. */
export function keySpec(name: 'secretKey' | 'publicKey', sizes: Sizes): InputSpec {
  const size = sizes[name];
  return size === undefined ? { name } : { name, size };
}

/** Both keys of a key pair, secret key first. */
export function keyPairSpec(sizes: Sizes): InputSpec[] {
  return [keySpec('secretKey', sizes), keySpec('publicKey', sizes)];
}

/** The ciphertext input of a decryption: at least as long as the tag. */
export function ciphertextSpec(sizes: Sizes): InputSpec {
  return { name: 'ciphertext', atLeast: { bytes: sizes.tag, what: `the ${sizes.tag}-byte tag` } };
}
