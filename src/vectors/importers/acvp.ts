/**
 * The ACVP importer: NIST ACVP vector sets (a directory per set holding `registration.json`,
 * `prompt.json` and `expectedResults.json`) read where they are. Algorithm Functional Tests
 * become known answers (`valid`, or `invalid` for decryptions expected to fail,
 * `testPassed: false`); Monte Carlo Tests become procedures run against each consumer where
 * the standard's operations can express them. Everything else is counted with its reason.
 *
 * - ACVP-AES-GCM: ct ‖ tag is the canonical layout; groups whose IV or tag length the aes-gcm
 *   standard does not declare, and internally generated IVs, are excluded with the reason.
 * - ACVP-AES-CBC: ACVP's CBC has no padding, bothends' aes-cbc is PKCS#7. A PKCS#7 encryption
 *   of whole blocks is the raw CBC ciphertext plus one block, E(K, C_last ⊕ 10…10), so that
 *   block is appended, computed with node:crypto (as the project's SP 800-38A file does); every
 *   ACVP block is still compared. The MCT-encrypt chain (ACVP AES §6.4) runs one block at a
 *   time through the consumer's encrypt; with command-line peers (a process per operation,
 *   100,000 of them) it is unsupported as not feasible. MCT-decrypt would need raw single-block
 *   decryption, which a PKCS#7 interface cannot give, and is excluded as not feasible.
 * - ML-KEM (keyGen and encapDecap, revision FIPS203): see the mapping below.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual, cappedHex, concatBytes, fromHex } from '../../core/bytes.js';
import type { CaseContext } from '../../core/case.js';
import { ConfigError } from '../../core/errors.js';
import { readRegularFile } from '../files.js';
import type { Adapter } from '../../core/adapter.js';
import type { ByteMap, Params } from '../../core/model.js';
import type { ImportProcedure } from '../../core/plan.js';
import type { Standard } from '../../core/standard.js';
import { invoke } from '../../core/call-adapter.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../../core/step.js';
import type { CorpusFileEntry } from '../../core/corpora-model.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { rawCbcEncrypt } from '../reference.js';
import { checkDraft, declaredParams, Exclusions, mergeImports, NO_IMPORT, type DraftTest, type ImportedCorpus, type ImportedNote } from './corpus.js';
import type { Importer } from './importer.js';

/** Environment variable naming the directory of ACVP vector sets. */
export const ACVP_ENV = 'BOTHENDS_ACVP_DIR';

type Json = Readonly<Record<string, unknown>>;

interface AcvpGroup {
  readonly tgId: number;
  readonly testType: string;
  readonly direction: string;
  readonly tests: readonly Json[];
  readonly [member: string]: unknown;
}

interface AcvpSet {
  readonly vsId: number;
  readonly algorithm: string;
  readonly revision: string;
  readonly testGroups: readonly AcvpGroup[];
}

/** One group, joined with its expected results. */
interface Joined {
  readonly set: AcvpSet;
  readonly group: AcvpGroup;
  /** Expected result by tcId. */
  readonly expected: ReadonlyMap<number, Json>;
}

/** What an algorithm's mapping makes of one group. */
interface GroupImport {
  readonly params?: Params;
  readonly tests: DraftTest[];
  readonly procedures: ImportProcedure[];
}

/** One ACVP algorithm: its standard and how a group maps. */
interface AcvpMapping {
  readonly standard: string;
  readonly notes: Readonly<Record<string, ImportedNote>>;
  map(j: Joined, std: Standard, file: string, index: number, ex: Exclusions): GroupImport;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A hex member (ACVP writes upper case). */
function bytes(o: Json, member: string): Uint8Array | undefined {
  const v = str(o[member]);
  return v === undefined ? undefined : fromHex(v);
}

/** Throws a ConfigError naming the test when a member the format requires is missing. */
function need(o: Json, member: string, where: string): Uint8Array {
  const v = bytes(o, member);
  if (v === undefined) throw new ConfigError(`importer: tcId ${String(o['tcId'])}: missing "${member}"`, { path: where });
  return v;
}

const ref = (j: Joined, tcId: number): string => `vsId ${j.set.vsId}, tgId ${j.group.tgId}, tcId ${tcId}`;

const AFT_NOTES: Readonly<Record<string, ImportedNote>> = {
  AftEncrypt: { bugType: 'BASIC', description: 'ACVP Algorithm Functional Test, encrypt direction: the known ciphertext of the given inputs.' },
  AftDecrypt: { bugType: 'BASIC', description: 'ACVP Algorithm Functional Test, decrypt direction: the known plaintext of the given ciphertext.' },
};

const gcm: AcvpMapping = {
  standard: 'aes-gcm',
  notes: {
    ...AFT_NOTES,
    DecryptFail: {
      bugType: 'AUTH_BYPASS',
      description: 'ACVP decrypt test with testPassed false: the tag does not verify, so decryption must fail (NIST SP 800-38D §7.2).',
    },
  },
  map(j, std, file, index, ex) {
    const g = j.group;
    const none = { tests: [], procedures: [] };
    if (g.testType !== 'AFT') return ex.add('not-feasible', `ACVP-AES-GCM testType ${g.testType} has no mapping`, index, g.tests.length), none;
    if (g.ivGen !== 'external') {
      return (
        ex.add(
          'not-representable',
          `the IV is generated inside the implementation (ivGen ${String(g.ivGen)}): no known answer to compare`,
          index,
          g.tests.length,
        ),
        none
      );
    }
    const bits = ['keyLen', 'ivLen', 'tagLen', 'payloadLen', 'aadLen'].map((k) => num(g[k]));
    if (bits.some((b) => b === undefined || b % 8 !== 0))
      return ex.add('not-representable', 'a length is not a whole number of bytes', index, g.tests.length), none;
    const p = declaredParams(std, { keyBits: num(g['keyLen']), ivBytes: num(g['ivLen'])! / 8, tagBytes: num(g['tagLen'])! / 8 }, 'ACVP-AES-GCM groups');
    if ('why' in p) return ex.add('no-parameter-set', p.why, index, g.tests.length), none;
    const tests = g.tests.map((t, k): DraftTest => {
      const where = `${file} tgId ${g.tgId}.tests[${k}]`;
      const tcId = Number(t['tcId']);
      const want = j.expected.get(tcId) ?? {};
      const encrypting = g.direction === 'encrypt';
      const body = encrypting ? need(want, 'ct', where) : need(t, 'ct', where);
      const tag = encrypting ? need(want, 'tag', where) : need(t, 'tag', where);
      const common = { key: need(t, 'key', where), iv: need(t, 'iv', where), aad: need(t, 'aad', where), ciphertext: concatBytes(body, tag) };
      const failed = !encrypting && want['testPassed'] === false;
      const plaintext = encrypting ? need(t, 'pt', where) : failed ? undefined : need(want, 'pt', where);
      const flag = encrypting ? 'AftEncrypt' : failed ? 'DecryptFail' : 'AftDecrypt';
      return {
        tcId,
        comment: `${g.direction} ${failed ? '(expected to fail)' : ''}`.trim(),
        flags: [flag],
        result: failed ? 'invalid' : 'valid',
        ref: ref(j, tcId),
        fields: plaintext ? { ...common, plaintext } : common,
      };
    });
    return { params: p.params, tests, procedures: [] };
  },
};

const BLOCK = 16;
const PKCS7_FULL_BLOCK = new Uint8Array(BLOCK).fill(BLOCK);

/** The PKCS#7 ciphertext of whole blocks: the raw CBC ciphertext and E(K, C_last ⊕ 10…10). */
function withPaddingBlock(key: Uint8Array, raw: Uint8Array): Uint8Array {
  return concatBytes(raw, rawCbcEncrypt(key, raw.subarray(raw.length - BLOCK), PKCS7_FULL_BLOCK));
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ b[i]!);
}

/** Time budget of one MCT procedure, in ordinary cases' budgets (--timeout). */
const MCT_BUDGET_FACTOR = 10;

/** The key of the next MCT round (ACVP AES §6.4): the key XOR the last key-length bits of CT[998] ‖ CT[999]. */
function nextKey(key: Uint8Array, ct998: Uint8Array, ct999: Uint8Array): Uint8Array {
  const tail = concatBytes(ct998, ct999);
  return xor(key, tail.subarray(tail.length - key.length));
}

/** Lets timers (the case timeout) and other cases run between rounds of a long chain. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The first block of one encryption. The chain makes 100,000 calls, so it calls the adapter
 * without a step's report formatting, and only a failing call is run again as a step to be
 * classified (and reported).
 */
async function encryptBlock(
  ctx: CaseContext,
  adapter: Adapter,
  std: Standard,
  params: Params,
  inputs: ByteMap,
): Promise<Uint8Array | Extract<Step, { ok: false }>> {
  try {
    return (await invoke(adapter, std.id, 'encrypt', params, inputs))['ciphertext']!.subarray(0, BLOCK);
  } catch {
    const s = await step(ctx.progress, adapter, std.id, 'encrypt', params, inputs);
    return s.ok ? s.out['ciphertext']!.subarray(0, BLOCK) : s;
  }
}

/**
 * The CBC Monte Carlo encrypt chain against one consumer: 100 rounds of 1000 chained
 * single-block encryptions, each round compared with ACVP's result.
 */
function cbcMctEncrypt(std: Standard, params: Params, start: Json, rounds: readonly Json[]): ImportProcedure['run'] {
  return async (ctx: CaseContext, consumer: string): Promise<Verdict> => {
    const adapter = ctx.adapter(consumer);
    if (adapter.kind === 'cli') {
      return {
        outcome: 'unsupported',
        sides: [],
        message: `the Monte Carlo test makes ${rounds.length * 1000} chained encryptions: not feasible with one ${consumer} process per operation`,
      };
    }
    ctx.progress.stage = 'encrypt';
    let key: Uint8Array = fromHex(String(start['key']));
    let iv: Uint8Array = fromHex(String(start['iv']));
    let pt: Uint8Array = fromHex(String(start['pt']));
    for (const [i, round] of rounds.entries()) {
      let ct: Uint8Array = new Uint8Array(0);
      let ct998: Uint8Array = new Uint8Array(0);
      for (let j = 0; j < 1000; j++) {
        const out = await encryptBlock(ctx, adapter, std, params, { key, iv: j === 0 ? iv : ct, plaintext: pt });
        if (!(out instanceof Uint8Array)) return unexpectedFailure(out, [out.side], `${consumer} (MCT round ${i}, step ${j})`);
        const next = j === 0 ? iv : ct;
        ct998 = ct;
        ct = out;
        pt = next;
      }
      const want = fromHex(String(round['ct']));
      if (!bytesEqual(want, ct)) {
        return wrongOutput(
          [{ adapter: consumer, op: 'encrypt', message: `round ${i}`, output: cappedHex(ct) }],
          `MCT round ${i}: ${describeMismatch('CT[999]', want, ct)}`,
        );
      }
      key = nextKey(key, ct998, ct);
      iv = ct;
      pt = ct998;
      await yieldToLoop();
    }
    return {
      outcome: 'pass',
      sides: [{ adapter: consumer, op: 'encrypt', message: `${rounds.length} rounds of 1000 chained encryptions` }],
      message: `Monte Carlo test: all ${rounds.length} rounds match`,
    };
  };
}

const cbc: AcvpMapping = {
  standard: 'aes-cbc',
  notes: {
    ...AFT_NOTES,
    PaddingBlockAppended: {
      bugType: 'BASIC',
      description:
        'ACVP AES-CBC has no padding; the PKCS#7 block that a padded encryption of these whole blocks adds, E(K, C_last ⊕ 10…10), was appended (computed with node:crypto).',
    },
  },
  map(j, std, file, index, ex) {
    const g = j.group;
    const none = { tests: [], procedures: [] };
    const p = declaredParams(std, { keyBits: num(g['keyLen']), padding: 'pkcs7' }, 'ACVP-AES-CBC groups');
    if ('why' in p) return ex.add('no-parameter-set', p.why, index, g.tests.length), none;
    if (g.testType === 'MCT') {
      if (g.direction !== 'encrypt') {
        return (
          ex.add('not-feasible', 'MCT decrypt needs raw single-block CBC decryption, which the PKCS#7 aes-cbc interface cannot express', index, g.tests.length),
          none
        );
      }
      const procedures = g.tests.map((t): ImportProcedure => {
        const tcId = Number(t['tcId']);
        const rounds = (j.expected.get(tcId)?.['resultsArray'] ?? []) as readonly Json[];
        if (rounds.length === 0) throw new ConfigError(`importer: tcId ${tcId}: no resultsArray in the expected results`, { file, path: `tgId ${g.tgId}` });
        // 100 rounds of 1,000 chained encryptions: through WebCrypto's promises or an adapter
        // process that is tens of seconds, so the procedure gets ten cases' time budget.
        return {
          file,
          standard: std.id,
          params: p.params,
          tcId,
          comment: 'Monte Carlo test, encrypt',
          source: `${j.set.algorithm} ${j.set.revision}, ${ref(j, tcId)}`,
          ops: ['encrypt'],
          budgetFactor: MCT_BUDGET_FACTOR,
          run: cbcMctEncrypt(std, p.params, t, rounds),
        };
      });
      return { params: p.params, tests: [], procedures };
    }
    if (g.testType !== 'AFT') return ex.add('not-feasible', `ACVP-AES-CBC testType ${g.testType} has no mapping`, index, g.tests.length), none;
    const tests: DraftTest[] = [];
    g.tests.forEach((t, k) => {
      const where = `${file} tgId ${g.tgId}.tests[${k}]`;
      const tcId = Number(t['tcId']);
      const want = j.expected.get(tcId) ?? {};
      const encrypting = g.direction === 'encrypt';
      const key = need(t, 'key', where);
      const raw = encrypting ? need(want, 'ct', where) : need(t, 'ct', where);
      if (raw.length === 0 || raw.length % BLOCK !== 0) return ex.add('not-representable', 'the ciphertext is not whole blocks', index);
      const plaintext = encrypting ? need(t, 'pt', where) : need(want, 'pt', where);
      tests.push({
        tcId,
        comment: `${g.direction}, ${raw.length / BLOCK} blocks, PKCS#7 block appended`,
        flags: [encrypting ? 'AftEncrypt' : 'AftDecrypt', 'PaddingBlockAppended'],
        result: 'valid',
        ref: ref(j, tcId),
        fields: { key, iv: need(t, 'iv', where), plaintext, ciphertext: withPaddingBlock(key, raw) },
      });
    });
    return { params: p.params, tests, procedures: [] };
  },
};

/** ACVP's booleans, which some servers write as the strings "True" and "False". */
const passed = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'True' || v === 'true' ? true : v === 'False' || v === 'false' ? false : undefined;

/**
 * ML-KEM (FIPS 203), both vector sets of the revision FIPS203: keyGen (d, z → ek; the seed
 * form of the key is d ‖ z) and encapDecap, told apart by the groups' `function`. Encapsulation
 * (ek, m → c, k) and decapsulation (the expanded dk, c → k) are known answers. A key check
 * that must fail becomes an invalid test of the operation that takes the key: encapsulation to
 * the ek with m = 0³², or decapsulation with the dk of an all-zero ciphertext (FIPS 203 §7.2,
 * §7.3 check the key first). A key check that passes has no output to compare and is counted as
 * not feasible.
 */
const mlKem: AcvpMapping = {
  standard: 'ml-kem',
  notes: {
    AcvpKeyGen: { bugType: 'BASIC', description: 'ACVP ML-KEM keyGen AFT: the encapsulation key of the seed d ‖ z (FIPS 203 Algorithm 16).' },
    AcvpEncapsulation: {
      bugType: 'BASIC',
      description: 'ACVP ML-KEM encapsulation AFT: the shared secret of the given ek and randomness m (FIPS 203 Algorithm 17).',
    },
    AcvpDecapsulation: {
      bugType: 'BASIC',
      description:
        'ACVP ML-KEM decapsulation VAL: the shared secret of the given expanded dk and ciphertext, implicit rejection included (FIPS 203 Algorithm 18).',
    },
    EncapsulationKeyCheck: {
      bugType: 'MODIFIED_PARAMETER',
      description: 'ACVP ML-KEM encapsulationKeyCheck that fails: encapsulation must refuse the key (FIPS 203 §7.2 type and modulus checks).',
    },
    DecapsulationKeyCheck: {
      bugType: 'MODIFIED_PARAMETER',
      description: 'ACVP ML-KEM decapsulationKeyCheck that fails: decapsulation must refuse the key (FIPS 203 §7.3 type and hash checks).',
    },
  },
  map(j, std, file, index, ex) {
    const g = j.group;
    const none = { tests: [], procedures: [] };
    const fn = str(g['function']) ?? 'keyGen';
    const expanded = fn === 'decapsulation' || fn === 'decapsulationKeyCheck';
    const p = declaredParams(
      std,
      { parameterSet: str(g['parameterSet']), secretKeyFormat: expanded ? 'expanded' : 'seed', publicKeyFormat: 'raw' },
      'ACVP ML-KEM groups',
    );
    if ('why' in p) return ex.add('no-parameter-set', p.why, index, g.tests.length), none;
    const ciphertextBytes = std.sizes(p.params).ciphertext ?? 0;
    const tests: DraftTest[] = [];
    g.tests.forEach((t, k) => {
      const where = `${file} tgId ${g.tgId}.tests[${k}]`;
      const tcId = Number(t['tcId']);
      const want = j.expected.get(tcId) ?? {};
      const add = (flag: string, comment: string, result: 'valid' | 'invalid', fields: Record<string, Uint8Array>): void => {
        tests.push({ tcId, comment, flags: [flag], result, ref: ref(j, tcId), fields });
      };
      switch (fn) {
        case 'keyGen':
          return add('AcvpKeyGen', 'keyGen from d ‖ z', 'valid', {
            seed: concatBytes(need(t, 'd', where), need(t, 'z', where)),
            publicKey: need(want, 'ek', where),
          });
        case 'encapsulation':
          return add('AcvpEncapsulation', 'encapsulation with given m', 'valid', {
            publicKey: need(t, 'ek', where),
            m: need(t, 'm', where),
            ciphertext: need(want, 'c', where),
            sharedSecret: need(want, 'k', where),
          });
        case 'decapsulation':
          return add('AcvpDecapsulation', `decapsulation${str(t['reason']) ? `: ${str(t['reason'])}` : ''}`, 'valid', {
            secretKey: need(t, 'dk', where),
            ciphertext: need(t, 'c', where),
            sharedSecret: need(want, 'k', where),
          });
        case 'encapsulationKeyCheck':
        case 'decapsulationKeyCheck': {
          const ok = passed(want['testPassed']);
          if (ok === undefined) throw new ConfigError(`importer: tcId ${tcId}: testPassed is neither true nor false`, { path: where });
          if (ok)
            return ex.add(
              'not-feasible',
              `an ML-KEM ${fn} that passes has no output to compare (the matrix and the other known answers use valid keys)`,
              index,
            );
          const reason = str(t['reason']) ?? 'modified key';
          if (fn === 'encapsulationKeyCheck')
            return add('EncapsulationKeyCheck', `encapsulation key check fails: ${reason}`, 'invalid', {
              publicKey: need(t, 'ek', where),
              m: new Uint8Array(32),
            });
          return add('DecapsulationKeyCheck', `decapsulation key check fails: ${reason}`, 'invalid', {
            secretKey: need(t, 'dk', where),
            ciphertext: new Uint8Array(ciphertextBytes),
          });
        }
        default:
          return ex.add('not-feasible', `ACVP ML-KEM function ${fn} has no mapping`, index);
      }
    });
    return { params: p.params, tests, procedures: [] };
  },
};

/** Every ACVP algorithm bothends maps, by ACVP algorithm name. */
export const ACVP_ALGORITHMS: Readonly<Record<string, AcvpMapping>> = { 'ACVP-AES-GCM': gcm, 'ACVP-AES-CBC': cbc, 'ML-KEM': mlKem };

/** An ACVP file's document: the object itself, or the one after the `acvVersion` header in an array. */
function documentOf(json: unknown): Json {
  const doc = Array.isArray(json) ? (json.find((x: unknown) => typeof x === 'object' && x !== null && !('acvVersion' in x)) as unknown) : json;
  if (typeof doc !== 'object' || doc === null) throw new Error('not an ACVP document');
  return doc as Json;
}

function readDoc(dir: string, name: string): Json {
  return documentOf(JSON.parse(readRegularFile(join(dir, name)).toString('utf8')));
}

function asSet(doc: Json, what: string): AcvpSet {
  const groups = doc['testGroups'];
  if (typeof doc['algorithm'] !== 'string' || !Array.isArray(groups)) throw new Error(`${what} has no algorithm or testGroups`);
  for (const g of groups as Json[]) {
    if (typeof g['tgId'] !== 'number' || !Array.isArray(g['tests'])) throw new Error(`${what}: a test group has no tgId or tests`);
  }
  return { vsId: Number(doc['vsId']), algorithm: String(doc['algorithm']), revision: String(doc['revision'] ?? ''), testGroups: groups as AcvpGroup[] };
}

/** Imports one vector set directory; `file` is its corpus path (`acvp/<name>`). */
export function importAcvpSet(dir: string, file: string): ImportedCorpus {
  let prompt: AcvpSet;
  let expected: AcvpSet;
  let registration: Json;
  try {
    registration = readDoc(dir, 'registration.json');
    prompt = asSet(readDoc(dir, 'prompt.json'), 'prompt.json');
    expected = asSet(readDoc(dir, 'expectedResults.json'), 'expectedResults.json');
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`importer: cannot read the vector set: ${(err as Error).message}`, { file })] };
  }
  if (registration['algorithm'] !== prompt.algorithm) {
    return {
      ...NO_IMPORT,
      errors: [new ConfigError(`importer: registration is for ${String(registration['algorithm'])}, the prompt for ${prompt.algorithm}`, { file })],
    };
  }
  try {
    return mapSet(prompt, expected, registration, file);
  } catch (err) {
    if (err instanceof ConfigError) return { ...NO_IMPORT, errors: [new ConfigError(err.message, { file })] };
    throw err;
  }
}

function mapSet(prompt: AcvpSet, expected: AcvpSet, registration: Json, file: string): ImportedCorpus {
  const ex = new Exclusions();
  const mapping = ACVP_ALGORITHMS[prompt.algorithm];
  const std = mapping ? STANDARD_BY_ID.get(mapping.standard) : undefined;
  const tests = prompt.testGroups.reduce((n, g) => n + g.tests.length, 0);
  const expectedByGroup = new Map(expected.testGroups.map((g) => [g.tgId, new Map(g.tests.map((t) => [Number(t['tcId']), t]))]));
  const groups: Array<{ params: Params; tests: DraftTest[] }> = [];
  const procedures: ImportProcedure[] = [];
  prompt.testGroups.forEach((group, index) => {
    if (!mapping) return ex.add('unknown-schema', `bothends has no mapping for ${prompt.algorithm}`, index, group.tests.length);
    if (!std) return ex.add('no-standard', `bothends has no standard "${mapping.standard}" (yet)`, index, group.tests.length);
    const want = expectedByGroup.get(group.tgId);
    if (!want) throw new ConfigError(`importer: tgId ${group.tgId} has no expected results`);
    const out = mapping.map({ set: prompt, group, expected: want }, std, file, index, ex);
    if (out.params && out.tests.length) groups.push({ params: out.params, tests: out.tests });
    procedures.push(...out.procedures);
  });
  const title = `NIST ACVP ${prompt.algorithm} ${prompt.revision} vector set (registration: ${describeRegistration(registration)})`;
  const checked =
    mapping && std
      ? checkDraft({ file, standard: std.id, description: `ACVP ${prompt.algorithm}, imported`, title, notes: mapping.notes, groups })
      : { errors: [] };
  const entry: CorpusFileEntry = {
    corpus: 'acvp',
    file,
    format: `${prompt.algorithm} ${prompt.revision}`,
    algorithm: prompt.algorithm,
    tests,
    imported: tests - ex.total,
    standards: std && (groups.length || procedures.length) ? [std.id] : [],
    excluded: ex.list(),
    unknownFlags: [],
  };
  return { files: 'file' in checked && checked.file ? [checked.file] : [], procedures, inventory: [entry], errors: checked.errors };
}

/** `direction encrypt, decrypt; keyLen 128; …`: the capabilities the set was generated for. */
function describeRegistration(r: Json): string {
  return Object.entries(r)
    .filter(([k, v]) => !['vsId', 'algorithm', 'revision', 'isSample', 'conformances'].includes(k) && (Array.isArray(v) || typeof v !== 'object'))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

/** Imports every vector set below `dir` (each a directory with a prompt.json), in name order. */
export function importAcvpDir(dir: string): ImportedCorpus {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (err) {
    return { ...NO_IMPORT, errors: [new ConfigError(`cannot read the ACVP directory: ${(err as Error).message}`, { file: dir })] };
  }
  return mergeImports(names.map((name) => importAcvpSet(join(dir, name), `acvp/${name}`)));
}

/** `--acvp [dir]`: the importer's descriptor (see importer.ts). */
export const acvpImporter: Importer = {
  name: 'acvp',
  env: ACVP_ENV,
  help: `also run the ACVP vector sets below DIR (default: $${ACVP_ENV}) as kind import`,
  title: 'NIST ACVP AES-GCM and AES-CBC vector sets',
  load: importAcvpDir,
};
