/**
 * The C2SP age test kit (CCTV `age/testdata`) as imported procedures of kind `import`. The kit
 * ships as the npm package `cctv-age` (a dependency, one export per file), so it is read from
 * there by default, in place; `--age-testkit DIR` (or BOTHENDS_AGE_TESTKIT_DIR) reads a
 * checkout's `testdata` directory instead.
 *
 * Each kit file is a text header (`key: value` lines), a blank line, then an age file, zlib-
 * compressed when `compressed: zlib`. The header says what decrypting it must give: `success`
 * (the SHA-256 of the payload is `payload`), or `header failure`, `HMAC failure`, `payload
 * failure`, `no match`, `armor failure`. Files with `identity` lines become `age-x25519` tests
 * (the identity file holds them all), files with a post-quantum hybrid identity
 * (`AGE-SECRET-KEY-PQ-1…`) `age-mlkem768x25519` tests, files with a `passphrase` `age-scrypt`
 * tests; files with neither key are inventoried with the reason they are not run.
 * The four failure kinds are one expectation here, rejection: the adapters' interfaces cannot
 * tell them apart (age's errors do not say why, and with a byte-array API nothing is released
 * before the whole payload authenticated, so a `payload failure` releases nothing).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { bytesEqual, cappedHex, fromHex, toHex } from '../../core/bytes.js';
import type { CaseContext } from '../../core/case.js';
import type { CorpusFileEntry, Exclusion } from '../../core/corpora-model.js';
import { ConfigError } from '../../core/errors.js';
import type { ByteMap, Expectation, Params } from '../../core/model.js';
import type { ImportProcedure } from '../../core/plan.js';
import { step, unexpectedFailure, wrongOutput, type Verdict } from '../../core/step.js';
import { packageVersion } from '../../core/version.js';
import { shellFlag } from '../../core/shell.js';
import { textFile } from '../../adapters/age-common.js';
import { AGE_SPEC } from '../../standards/age.js';
import type { ImportedCorpus } from './corpus.js';
import type { Importer } from './importer.js';

/** Environment variable naming a test kit directory (`--age-testkit` without a value). */
export const AGE_TESTKIT_ENV = 'BOTHENDS_AGE_TESTKIT_DIR';

/** The header keys of the kit's README; a file with another key is to be ignored, as the README says. */
const KNOWN_KEYS = new Set(['expect', 'payload', 'file key', 'identity', 'passphrase', 'armored', 'compressed', 'comment']);

/** What each `expect` value requires of the consumer. */
const EXPECTS: Readonly<Record<string, { expected: Expectation; because: string }>> = {
  success: { expected: 'accept', because: 'the file must decrypt all the way to EOF to the payload whose SHA-256 the kit gives' },
  'header failure': { expected: 'reject', because: `the header must fail to parse (${AGE_SPEC} §Header)` },
  'HMAC failure': { expected: 'reject', because: `the header MAC must not verify (${AGE_SPEC} §Header MAC)` },
  'payload failure': { expected: 'reject', because: `the STREAM payload must not decrypt to EOF (${AGE_SPEC} §Payload)` },
  'no match': { expected: 'reject', because: `no stanza may unwrap under the given identities (${AGE_SPEC} §Recipient stanzas)` },
  'armor failure': { expected: 'reject', because: `the ASCII armor must fail to parse (${AGE_SPEC} §ASCII armor)` },
};

/** One kit file, parsed. */
export interface KitFile {
  readonly name: string;
  readonly expect: string;
  /** SHA-256 of the payload (success and payload failure). */
  readonly payload?: Uint8Array;
  readonly identities: readonly string[];
  readonly passphrases: readonly string[];
  readonly armored: boolean;
  readonly comment?: string;
  readonly unknownKeys: readonly string[];
  /** The age file, decompressed. */
  readonly file: Uint8Array;
}

/** Parses one kit file; a malformed one is a ConfigError naming it. */
export function parseKitFile(name: string, bytes: Uint8Array, where = `age-testkit/${name}`): KitFile {
  const fail = (m: string): never => {
    throw new ConfigError(`age test kit: ${m}`, { file: where });
  };
  const text = Buffer.from(bytes).toString('latin1');
  const end = text.indexOf('\n\n');
  if (end < 0) fail('no blank line between the header and the age file');
  const fields = new Map<string, string[]>();
  text
    .slice(0, end)
    .split('\n')
    .forEach((line, n) => {
      const at = line.indexOf(': ');
      if (at <= 0) fail(`header line ${n + 1} is not "key: value": ${JSON.stringify(line.slice(0, 60))}`);
      const key = line.slice(0, at);
      fields.set(key, [...(fields.get(key) ?? []), line.slice(at + 2)]);
    });
  const one = (key: string): string | undefined => {
    const v = fields.get(key);
    if (v && v.length > 1) fail(`"${key}" appears ${v.length} times`);
    return v?.[0];
  };
  const expect = one('expect') ?? fail('no "expect" line');
  if (!(expect in EXPECTS)) fail(`unknown expect value "${expect}" (known: ${Object.keys(EXPECTS).join(', ')})`);
  const payloadHex = one('payload');
  if (payloadHex !== undefined && !/^[0-9a-f]{64}$/.test(payloadHex)) fail(`payload is not a hex SHA-256: "${payloadHex.slice(0, 80)}"`);
  if (expect === 'success' && payloadHex === undefined) fail('expect success without a payload hash');
  const compressed = one('compressed');
  if (compressed !== undefined && compressed !== 'zlib') fail(`unknown compression "${compressed}"`);
  let file = bytes.subarray(end + 2);
  if (compressed === 'zlib') {
    try {
      file = Uint8Array.from(inflateSync(file));
    } catch (err) {
      fail(`zlib: ${(err as Error).message}`);
    }
  }
  const comment = one('comment');
  return {
    name,
    expect,
    ...(payloadHex ? { payload: fromHex(payloadHex) } : {}),
    identities: fields.get('identity') ?? [],
    passphrases: fields.get('passphrase') ?? [],
    armored: one('armored') === 'yes',
    ...(comment ? { comment } : {}),
    unknownKeys: [...fields.keys()].filter((k) => !KNOWN_KEYS.has(k)),
    file,
  };
}

/** The kit's files by name: from `dir`, else from the cctv-age package. */
export async function readKit(dir?: string): Promise<{ files: Array<[string, Uint8Array]>; origin: string }> {
  if (dir) {
    const names = readdirSync(dir)
      .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isFile())
      .sort();
    return { files: names.map((n) => [n, Uint8Array.from(readFileSync(join(dir, n)))]), origin: `C2SP CCTV age test kit (${dir})` };
  }
  const kit = (await import('cctv-age')) as unknown as Record<string, unknown>;
  const files = Object.entries(kit)
    .filter((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return { files, origin: `C2SP CCTV age test kit (npm cctv-age ${packageVersion('cctv-age')})` };
}

/** The work factor written in the file's scrypt stanza, when it is a plain decimal. */
function scryptWorkFactor(file: Uint8Array): number | undefined {
  const m = /^-> scrypt \S+ ([1-9][0-9]?)$/m.exec(Buffer.from(file.subarray(0, 4096)).toString('latin1'));
  return m ? Number(m[1]) : undefined;
}

/** The test that decrypts `k` with `consumer` and holds it to the kit's expectation. */
function run(k: KitFile, standard: string, params: Params, expected: Expectation) {
  return async (ctx: CaseContext, consumer: string): Promise<Verdict> => {
    const inputs: ByteMap =
      standard === 'age-scrypt'
        ? { passphrase: new TextEncoder().encode(k.passphrases[0]!), ciphertext: k.file }
        : { secretKey: textFile(k.identities), ciphertext: k.file };
    const s = await step(ctx.progress, ctx.adapter(consumer), standard, 'decrypt', params, inputs);
    const sides = [{ adapter: `age-testkit ${k.name}`, message: `expect: ${k.expect}${k.comment ? ` (${k.comment})` : ''}` }, s.side];
    if (s.ok && expected === 'reject') {
      return {
        outcome: 'fail',
        failure: 'accepted-invalid',
        stage: 'decrypt',
        sides,
        message: `SECURITY: ${consumer} decrypted a file the kit expects to fail with "${k.expect}" and returned ${cappedHex(s.out['plaintext']!, 24)}`,
      };
    }
    if (s.ok) {
      ctx.progress.stage = 'compare';
      const got = createHash('sha256').update(s.out['plaintext']!).digest();
      if (!bytesEqual(Uint8Array.from(got), k.payload!)) {
        return wrongOutput(sides, `payload SHA-256 ${toHex(got)} (${s.out['plaintext']!.length} bytes), the kit expects ${toHex(k.payload!)}`);
      }
      return { outcome: 'pass', sides, message: `decrypted to the expected payload (${s.out['plaintext']!.length} bytes, SHA-256 matches)` };
    }
    if (s.why === 'rejected' && expected === 'reject') return { outcome: 'pass', sides, message: `rejected (the kit expects ${k.expect}): ${s.side.message}` };
    return unexpectedFailure(s, sides, consumer);
  };
}

/** The inventory's algorithm of each standard the kit's files go to. */
const ALGORITHM: Readonly<Record<string, string>> = { 'age-x25519': 'X25519', 'age-mlkem768x25519': 'ML-KEM-768 + X25519', 'age-scrypt': 'scrypt' };

/** Where a file goes: a standard and parameter set, or why it is not imported. */
function route(k: KitFile): { standard: string; params: Params } | { exclusion: Exclusion } {
  const ex = (kind: Exclusion['kind'], reason: string): { exclusion: Exclusion } => ({ exclusion: { kind, reason, groups: 1, tests: 1 } });
  const armor = k.armored ? 'armored' : 'binary';
  if (k.unknownKeys.length) return ex('unknown-schema', `unknown header keys ${k.unknownKeys.join(', ')}: the kit's README says such files are to be ignored`);
  if (k.identities.some((i) => i.startsWith('AGE-SECRET-KEY-PQ-1'))) return { standard: 'age-mlkem768x25519', params: { armor } };
  if (k.passphrases.length) {
    const wf = scryptWorkFactor(k.file);
    return { standard: 'age-scrypt', params: wf === undefined ? { armor } : { workFactor: wf, armor } };
  }
  if (k.identities.length) return { standard: 'age-x25519', params: { armor } };
  return ex('not-feasible', 'neither an identity nor a passphrase: nothing to decrypt with, and the age CLI refuses to start without one');
}

/** Imports the kit: one procedure per runnable file, an inventory entry for every file. */
export async function importAgeTestkit(dir?: string): Promise<ImportedCorpus> {
  const { files, origin } = await readKit(dir);
  const procedures: ImportProcedure[] = [];
  const inventory: CorpusFileEntry[] = [];
  const errors: ConfigError[] = [];
  for (const [name, bytes] of files) {
    const file = `age-testkit/${name}`;
    let k: KitFile;
    try {
      k = parseKitFile(name, bytes, dir ? join(dir, name) : file);
    } catch (err) {
      errors.push(err instanceof ConfigError ? err : new ConfigError(String(err), { file }));
      continue;
    }
    const r = route(k);
    const entry = { corpus: 'age-testkit' as const, file, format: 'C2SP age test kit', tests: 1, unknownFlags: [] };
    if ('exclusion' in r) {
      inventory.push({ ...entry, algorithm: k.passphrases.length ? 'scrypt' : 'X25519', imported: 0, standards: [], excluded: [r.exclusion] });
      continue;
    }
    const { expected, because } = EXPECTS[k.expect]!;
    inventory.push({ ...entry, algorithm: ALGORITHM[r.standard]!, imported: 1, standards: [r.standard], excluded: [] });
    procedures.push({
      file,
      standard: r.standard,
      params: r.params,
      tcId: 1,
      comment: k.comment ?? `expect: ${k.expect}`,
      source: `${origin}: ${name}`,
      ops: ['decrypt'],
      expected,
      expectedBecause: `${origin}: ${name}: ${because}`,
      flags: [k.expect],
      run: run(k, r.standard, r.params, expected),
    });
  }
  return { files: [], procedures, inventory, errors };
}

/**
 * `--age-testkit [dir]`: the kit is imported whenever an age standard runs with kind `import`
 * (it is a pinned dependency, so always there, and the whole kit takes seconds).
 * `--age-testkit DIR` (or the option alone with BOTHENDS_AGE_TESTKIT_DIR set) reads a
 * checkout's testdata directory instead.
 */
export const ageTestkitImporter: Importer = {
  name: 'age-testkit',
  env: AGE_TESTKIT_ENV,
  help: `read the C2SP age test kit from DIR (default: $${AGE_TESTKIT_ENV}, else the cctv-age package, which age standards import by default)`,
  title: 'C2SP CCTV age test kit (default: the npm package cctv-age)',
  load: (dir) => importAgeTestkit(dir),
  wanted: (standards, kinds) => kinds.includes('import') && standards.some((s) => s.id.startsWith('age-')),
  builtIn: { origin: () => `npm cctv-age ${packageVersion('cctv-age')}`, load: () => importAgeTestkit() },
};
