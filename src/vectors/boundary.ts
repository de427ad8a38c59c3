/**
 * Generated boundary vectors: for every standard, each key size crossed with each value of
 * every other parameter, plaintexts at the sizes where implementations change path (empty,
 * one byte, around the block size, long), counters two blocks before they wrap, forgeries
 * made with the standard's own tamper mutations, and the X25519 encodings RFC 7748 singles
 * out. Every input comes from `rngFor(seed, label)` (for messages, through the engine's own
 * `core/families/inputs.ts`), so the files are reproducible and each test's `ref` names its
 * label; the outputs come from the reference implementations (./reference.ts).
 */
import { toHex } from '../core/bytes.js';
import type { ParamValue, Params } from '../core/model.js';
import { boxInputs, negativeSize, symmetricInputs } from '../core/families/inputs.js';
import { pbeInputs } from '../core/families/pbe.js';
import { rngFor } from '../core/rng.js';
import type { Mutation, Standard } from '../core/standard.js';
import { STANDARDS } from '../standards/index.js';
import { fieldSpecs, fieldsFromInputs, opInputs } from './fields.js';
import { rawCbcEncrypt, referenceDecrypt, referenceDerive, referenceDescription, referenceEncrypt, referencePublicKey } from './reference.js';
import type { FlagNote, VectorFileJson, VectorGroupJson, VectorResult, VectorTestJson } from './vector-file.js';

/** The seed of the committed boundary files. */
export const BOUNDARY_SEED = 'bothends-vectors-v1';

/** A generated file: where it goes below the vectors root, and its content. */
export interface GeneratedFile {
  readonly path: string;
  readonly json: VectorFileJson;
}

type Fields = Record<string, Uint8Array>;

/** A test before numbering. */
interface Draft {
  readonly comment: string;
  readonly label: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  readonly fields: Fields;
}

const SOURCE = 'generated';
const LONG = 1000;
const VERY_LONG = 4096;
/** AAD sizes, taken in turn by the tests of an AEAD group: empty, one byte and around a block. */
const AAD_SIZES = [16, 0, 17, 1, 15, 64, 20, 0];

const NOTES: Readonly<Record<string, FlagNote>> = {
  EmptyPlaintext: { bugType: 'EDGE_CASE', description: 'The plaintext is empty: the ciphertext is the tag alone (AEAD, NaCl), one padding block (CBC) or empty (CTR).' },
  BlockBoundary: {
    bugType: 'EDGE_CASE',
    description: 'The plaintext is one byte short of, exactly or one byte past the cipher\'s block size (16 bytes for AES, 64 for ChaCha20 and Salsa20), where buffering and padding code changes path.',
  },
  LongPlaintext: { bugType: 'EDGE_CASE', description: 'Many blocks: exercises bulk code paths and, in counter modes, many counter increments.' },
  CounterWrap: {
    bugType: 'EDGE_CASE',
    description: 'The initial counter block is two blocks before its low counterBits bits wrap; from the third block on, the counter field starts again from zero and the rest of the block never changes (NIST SP 800-38A Appendix B.1). An implementation with another counter width gets every later block wrong.',
  },
  InvalidPadding: {
    bugType: 'MISSING_STEP',
    description: 'The last plaintext block does not end in valid PKCS#7 padding (RFC 5652 §6.3: n bytes of value n, 1 ≤ n ≤ 16). Decryption must fail; an implementation that skips the check returns garbage and can become a padding oracle.',
  },
  ClampedScalar: {
    bugType: 'EDGE_CASE',
    description: 'The secret key has bits that decodeScalar25519 changes (RFC 7748 §5: the three lowest bits and bit 255 cleared, bit 254 set); the result is that of the clamped scalar.',
  },
  PublicKeyHighBit: { bugType: 'EDGE_CASE', description: 'The most significant bit of the public key is set. RFC 7748 §5: implementations MUST mask it, so the result is that of the masked key.' },
  NonCanonicalPublicKey: {
    bugType: 'EDGE_CASE',
    description: 'The public key encodes a u-coordinate of at least p = 2^255 − 19. RFC 7748 §5: implementations MUST accept non-canonical values and process them as if reduced modulo p.',
  },
  Passphrase: {
    bugType: 'EDGE_CASE',
    description: 'The passphrase is empty, a single character, long, or UTF-8 beyond ASCII: the key derivation must take exactly its bytes.',
  },
  LowOrderPublicKey: {
    bugType: 'EDGE_CASE',
    description: 'The public key is a point of small order, so X25519 gives the all-zero value. RFC 7748 §6.1: implementations MAY check for it and abort; both the all-zero secret and a refusal are acceptable.',
  },
};

/** `flip-tag` → `FlipTag`: a mutation id as a flag name. */
const flagOf = (mutationId: string): string => mutationId.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

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

/**
 * The sizes of one group: all of {@link plaintextSizes} for the base group (`veryLong`) and for
 * the other groups of message standards; for passphrase formats, whose other groups differ in
 * KDF and encoding rather than padding, only empty and one past a block (a command-line peer
 * pays a process for each test).
 */
function sizesOf(std: Standard, params: Params, veryLong: boolean): number[] {
  return std.family === 'pbe' && !veryLong ? [0, std.sizes(params).block + 1] : plaintextSizes(std, params, veryLong);
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

/**
 * Fresh inputs for one encryption: the engine's own generated inputs (`core/families/inputs.ts`,
 * whose label is `label`), with AAD of `aadSize` bytes from `<label>/aad` and box key pairs
 * from `<label>/keys`.
 */
function encryptionFields(std: Standard, params: Params, seed: string, label: string, size: number, aadSize: number): Fields {
  if (std.family === 'box') {
    const keys = rngFor(seed, `${label}/keys`);
    const senderSecretKey = keys.bytes(std.sizes(params).secretKey!);
    const recipientSecretKey = keys.bytes(std.sizes(params).secretKey!);
    return {
      senderSecretKey,
      senderPublicKey: referencePublicKey(senderSecretKey),
      recipientSecretKey,
      recipientPublicKey: referencePublicKey(recipientSecretKey),
      ...boxInputs(seed, std, params, size),
    };
  }
  if (std.family === 'pbe') return { ...pbeInputs(seed, std, params, size) };
  const fields: Fields = { ...symmetricInputs(seed, std, params, size) };
  if (std.family === 'aead') fields['aad'] = rngFor(seed, `${label}/aad`).bytes(aadSize);
  return fields;
}

/** Passphrases implementations take differently: empty, one character, long, and UTF-8 beyond ASCII. */
const PASSPHRASES: ReadonlyArray<readonly [string, string]> = [
  ['empty passphrase', ''],
  ['one-character passphrase', 'x'],
  ['100-character passphrase', 'correct horse battery staple '.repeat(4).slice(0, 100)],
  ['UTF-8 passphrase beyond ASCII (openssl takes the bytes, crypto-js encodes its string as UTF-8)', 'pässwörd €'],
];

/** Passphrase edge cases of a `pbe` standard, on a short message of the base parameters. */
async function passphraseDrafts(std: Standard, params: Params, seed: string): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const [what, passphrase] of PASSPHRASES) {
    const label = `${std.id}/${std.paramsId(params)}/passphrase/${what}`;
    const fields: Fields = { ...pbeInputs(seed, std, params, 17), passphrase: Uint8Array.from(Buffer.from(passphrase, 'utf8')) };
    fields['ciphertext'] = await referenceEncrypt(std, params, opInputs(std, 'encrypt', fields)!);
    drafts.push({ comment: `17-byte plaintext, ${what}`, label, flags: ['Passphrase'], result: 'valid', fields });
  }
  return drafts;
}

/** A valid test: fresh inputs, ciphertext from the reference implementation. */
async function validDraft(std: Standard, params: Params, seed: string, size: number, aadSize: number, flags: string[]): Promise<Draft> {
  const label = `${std.id}/${std.paramsId(params)}/pt${size}`;
  const fields = encryptionFields(std, params, seed, label, size, aadSize);
  fields['ciphertext'] = await referenceEncrypt(std, params, opInputs(std, 'encrypt', fields)!);
  const aad = std.family === 'aead' ? `, ${aadSize}-byte AAD` : '';
  const counter = std.makeNonce ? ', counter two blocks before it wraps' : '';
  return { comment: `${size}-byte plaintext${aad}${counter}`, label, flags, result: 'valid', fields };
}

/** An invalid, decrypt-only test; the reference implementation must refuse it. */
async function invalidDraft(std: Standard, params: Params, draft: Omit<Draft, 'result'>): Promise<Draft> {
  const inputs = opInputs(std, 'decrypt', draft.fields)!;
  const accepted = await referenceDecrypt(std, params, inputs).then(
    () => true,
    () => false,
  );
  if (accepted) throw new Error(`generator bug: the reference accepts ${draft.label}`);
  return { ...draft, result: 'invalid' };
}

/** The mutations every consumer must reject: only those make invalid tests (`either` ones may decrypt). */
function rejectedMutations(std: Standard): Mutation[] {
  return std.mutations.filter((m) => (m.expected ?? 'reject') === 'reject');
}

/** Each of the standard's must-reject tamper mutations applied to one valid test. */
async function mutationDrafts(std: Standard, params: Params, seed: string, base: Draft): Promise<Draft[]> {
  const drafts: Draft[] = [];
  const decryptInputs = opInputs(std, 'decrypt', base.fields)!;
  const of = `the ${base.fields['plaintext']!.length}-byte test of ${std.paramsId(params)}`;
  for (const m of rejectedMutations(std)) {
    const label = `${base.label}/${m.id}`;
    const tampered = m.apply(decryptInputs, std.sizes(params), rngFor(seed, label));
    if (!tampered) continue;
    drafts.push(await invalidDraft(std, params, { comment: `${of}, ${m.description}`, label, flags: [flagOf(m.id)], fields: fieldsFromInputs(std, 'decrypt', tampered) }));
  }
  return drafts;
}

/** Ciphertexts whose PKCS#7 padding is wrong in the ways implementations forget to check. */
async function paddingDrafts(std: Standard, params: Params, seed: string): Promise<Draft[]> {
  const lastBlocks: Array<[string, (block: Uint8Array) => void]> = [
    ['the padding length byte is 0x00', (b) => (b[15] = 0x00)],
    ['the padding length byte is 0x11, more than a block', (b) => (b[15] = 0x11)],
    ['the last byte says 3 padding bytes, but the third-last is 0x04', (b) => b.set([0x04, 0x03, 0x03], 13)],
    ['the last byte says 16 padding bytes, but the first is 0x0f', (b) => b.set([0x0f, ...new Array<number>(15).fill(0x10)])],
  ];
  const drafts: Draft[] = [];
  for (const [what, corrupt] of lastBlocks) {
    const label = `${std.id}/${std.paramsId(params)}/padding/${what}`;
    const rng = rngFor(seed, label);
    const key = rng.bytes(std.sizes(params).key);
    const iv = rng.bytes(16);
    const blocks = rng.bytes(32);
    corrupt(blocks.subarray(16));
    const ciphertext = rawCbcEncrypt(key, iv, blocks);
    drafts.push(await invalidDraft(std, params, { comment: `two blocks encrypted without padding; ${what}`, label, flags: ['InvalidPadding'], fields: { key, iv, ciphertext } }));
  }
  return drafts;
}

/** The groups of a symmetric or box standard. */
async function messageGroups(std: Standard, seed: string): Promise<Array<{ params: Params; drafts: Draft[] }>> {
  const base = std.matrix[0]!;
  const groups: Array<{ params: Params; drafts: Draft[] }> = [];
  for (const params of boundaryParams(std)) {
    // Only one parameter set per key size gets the very long plaintext, to keep files small.
    const veryLong = std.params.every((p) => p.name === 'keyBits' || params[p.name] === base[p.name]);
    const drafts: Draft[] = [];
    for (const [i, size] of sizesOf(std, params, veryLong).entries()) {
      drafts.push(await validDraft(std, params, seed, size, AAD_SIZES[i % AAD_SIZES.length]!, sizeFlags(std, params, size)));
    }
    if (std.family === 'pbe' && std.paramsId(params) === std.paramsId(base)) drafts.push(...(await passphraseDrafts(std, params, seed)));
    groups.push({ params, drafts });
  }
  // Forgeries start from the base group's test one byte past a block, where every part of the
  // layout is present (the engine's negative cases use the same size).
  if (rejectedMutations(std).length === 0) return groups;
  const baseGroup = groups.find((g) => std.paramsId(g.params) === std.paramsId(base))!;
  const start = baseGroup.drafts.find((d) => d.fields['plaintext']!.length === negativeSize(std, base));
  if (!start || (std.family === 'aead' && start.fields['aad']!.length === 0)) throw new Error(`generator bug: no ${std.id} test to forge from`);
  const forged = [...(await mutationDrafts(std, base, seed, start)), ...(std.id === 'aes-cbc' ? await paddingDrafts(std, base, seed) : [])];
  if (forged.length > 0) groups.push({ params: base, drafts: forged });
  return groups;
}

const P = 2n ** 255n - 19n;

/** A little-endian 32-byte encoding of `u` (which may be ≥ p: RFC 7748 encodings are not reduced). */
function encodeU(u: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0, n = u; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** libsodium's order-8 point, and the other one (the u-coordinates of P and P + (0, 0) are inverses). */
const ORDER_8 = 0x00b8495f16056286fdb1329ceb8d09da6ac49ff1fae35616aeb8413b7c7aebe0n;
const ORDER_8_OTHER = (() => {
  let r = 1n;
  for (let b = ORDER_8, e = P - 2n; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
})();

/** X25519 encodings RFC 7748 singles out, each against a fresh secret key. */
function agreementDrafts(std: Standard, seed: string): Draft[] {
  const drafts: Draft[] = [];
  const add = (name: string, comment: string, flags: string[], result: VectorResult, secretKey: Uint8Array, publicKey: Uint8Array, sharedSecret: Uint8Array): void => {
    drafts.push({ comment, label: `${std.id}/${name}`, flags, result, fields: { secretKey, publicKey, sharedSecret } });
  };
  /** A fresh secret key and peer public key for the case `name`. */
  const inputsFor = (name: string): { secretKey: Uint8Array; publicKey: Uint8Array } => {
    const rng = rngFor(seed, `${std.id}/${name}`);
    return { secretKey: rng.bytes(32), publicKey: referencePublicKey(rng.bytes(32)) };
  };
  const derive = (secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array => referenceDerive({ secretKey, publicKey });

  for (const n of [1, 2, 3, 4]) {
    const { secretKey, publicKey } = inputsFor(`pair${n}`);
    add(`pair${n}`, 'pseudorandom secret key and peer public key', [], 'valid', secretKey, publicKey, derive(secretKey, publicKey));
  }
  for (const [name, fill] of [['zero-scalar', 0x00], ['ones-scalar', 0xff]] as const) {
    const { publicKey } = inputsFor(name);
    const secretKey = new Uint8Array(32).fill(fill);
    add(name, `secret key of 32 bytes 0x${fill.toString(16).padStart(2, '0')}; clamping decides the scalar`, ['ClampedScalar'], 'valid', secretKey, publicKey, derive(secretKey, publicKey));
  }
  {
    const { secretKey, publicKey } = inputsFor('high-bit');
    const high = Uint8Array.from(publicKey);
    high[31]! |= 0x80;
    add('high-bit', 'peer public key with bit 255 set', ['PublicKeyHighBit'], 'valid', secretKey, high, derive(secretKey, publicKey));
  }
  for (const k of [9n, 18n]) {
    const { secretKey } = inputsFor(`p+${k}`);
    const shared = derive(secretKey, encodeU(k));
    if (toHex(derive(secretKey, encodeU(P + k))) !== toHex(shared)) throw new Error(`generator check: X25519 does not reduce p + ${k}`);
    add(`p+${k}`, `peer public key u = p + ${k}, which reduces to ${k}`, ['NonCanonicalPublicKey'], 'valid', secretKey, encodeU(P + k), shared);
  }
  const lowOrder: Array<[string, bigint]> = [
    ['a point of order 8 (libsodium\'s blocklist)', ORDER_8],
    ['the other point of order 8', ORDER_8_OTHER],
    ['u = p − 1, a point of order 4', P - 1n],
    ['u = p, a non-canonical 0', P],
    ['u = p + 1, a non-canonical 1', P + 1n],
  ];
  for (const [what, u] of lowOrder) {
    const name = `low-order/${u.toString(16)}`;
    const { secretKey } = inputsFor(name);
    const shared = derive(secretKey, encodeU(u));
    if (shared.some((b) => b !== 0)) throw new Error(`generator check: ${what} is not of low order`);
    add(name, `peer public key: ${what}`, ['LowOrderPublicKey'], 'acceptable', secretKey, encodeU(u), shared);
  }
  return drafts;
}

/** A draft as a JSON test: fields in the family's order, as hex. */
function toTestJson(std: Standard, tcId: number, d: Draft): VectorTestJson {
  const hex: Record<string, string> = {};
  for (const { name } of fieldSpecs(std)) {
    const value = d.fields[name];
    if (value !== undefined) hex[name] = toHex(value);
  }
  return { tcId, comment: d.comment, source: SOURCE, ref: `rng label ${d.label}`, flags: d.flags, result: d.result, ...hex };
}

/** The boundary file of one standard. */
export async function boundaryFile(std: Standard, seed: string = BOUNDARY_SEED): Promise<GeneratedFile> {
  const groups = std.family === 'agreement' ? [{ params: std.matrix[0]!, drafts: agreementDrafts(std, seed) }] : await messageGroups(std, seed);
  let tcId = 0;
  const jsonGroups: VectorGroupJson[] = groups.map((g) => ({ params: g.params, tests: g.drafts.map((d) => toTestJson(std, ++tcId, d)) }));
  const used = new Set(jsonGroups.flatMap((g) => g.tests.flatMap((t) => t.flags)));
  const notes = Object.fromEntries(
    [...used].sort().map((flag) => {
      const mutation = std.mutations.find((m) => flagOf(m.id) === flag);
      const note: FlagNote = mutation
        ? { bugType: std.authenticated ? 'AUTH_BYPASS' : 'MISSING_STEP', description: `${mutation.description[0]!.toUpperCase()}${mutation.description.slice(1)}. ${mutation.because}.` }
        : NOTES[flag]!;
      return [flag, note];
    }),
  );
  const stem = std.id.replace(/-/g, '_');
  return {
    path: `${std.id}/${stem}_boundary_test.json`,
    json: {
      $schema: '../schema/vector-file.schema.json',
      standard: std.id,
      description: `${std.title}: generated boundary cases. Every key size crossed with every value of the other parameters; plaintexts empty, one byte, around the block size and long; then forgeries every implementation must reject.`,
      numberOfTests: tcId,
      sources: { [SOURCE]: { title: `generated by bothends (src/vectors/generate.ts) with ${referenceDescription()}; seed ${seed}` } },
      notes,
      groups: jsonGroups,
    },
  };
}

/**
 * Whether the generator covers a standard (exported for the loader's tests): the symmetric, box and passphrase standards and
 * X25519 (raw keys). RSA and ECDH rely on published known answers and the matrix, since their
 * random keys and randomized encryption give no reproducible boundary file.
 */
export function generated(std: Standard): boolean {
  // Randomized encryption (RSA, HPKE, age, OpenPGP, CMS, JWE) has no fixed answer to generate.
  if (std.family === 'pke' || std.family === 'hpke') return false;
  if (std.family === 'pbe') return std.deterministic;
  return std.family !== 'agreement' || std.id === 'x25519';
}

/** The boundary files of every standard the generator covers. */
export async function boundaryFiles(seed: string = BOUNDARY_SEED): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const std of STANDARDS.filter(generated)) files.push(await boundaryFile(std, seed));
  return files;
}
