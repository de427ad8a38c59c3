/**
 * The age test kit importer: malformed kit files are errors naming the file; the whole kit
 * (read in place from the cctv-age package) is inventoried file by file, every file either
 * imported or excluded with its reason; a directory of kit files reads the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { ageTestkitImporter, AGE_TESTKIT_ENV, importAgeTestkit, parseKitFile, readKit } from './age-testkit.js';
import { chooseCorpora, corpusConfig, corpusReplayFlags, importCorpora } from './index.js';

const text = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const FILE = 'age-encryption.org/v1\n-> X25519 x\ny\n--- z\n';
const GOOD = `expect: success\npayload: ${'ab'.repeat(32)}\nidentity: AGE-SECRET-KEY-1XYZ\n\n${FILE}`;

describe('parseKitFile', () => {
  it('reads the header fields and the age file', () => {
    const k = parseKitFile('good', text(GOOD));
    expect(k).toMatchObject({ expect: 'success', identities: ['AGE-SECRET-KEY-1XYZ'], passphrases: [], armored: false, unknownKeys: [] });
    expect(Buffer.from(k.file).toString('latin1')).toBe(FILE);
  });

  it.each([
    ['no blank line', 'expect: success', /no blank line/],
    ['a line that is not key: value', `expect: success\nnonsense\n\n${FILE}`, /header line 2 is not "key: value"/],
    ['no expect', `identity: X\n\n${FILE}`, /no "expect" line/],
    ['an unknown expect', `expect: maybe\n\n${FILE}`, /unknown expect value "maybe"/],
    ['a payload that is not a SHA-256', `expect: success\npayload: 12zz\n\n${FILE}`, /payload is not a hex SHA-256/],
    ['success without a payload', `expect: success\nidentity: X\n\n${FILE}`, /expect success without a payload hash/],
    ['broken zlib', `expect: header failure\ncompressed: zlib\n\nnot zlib at all`, /zlib/],
  ])('a file with %s is a ConfigError naming the file', (_what, body, message) => {
    let caught: unknown;
    try {
      parseKitFile('broken_file', text(body));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(/age-testkit\/broken_file/);
    expect((caught as Error).message).toMatch(message);
  });
});

/** The kit's procedure for the file `name`. */
const byNameOf = (kit: Awaited<ReturnType<typeof importAgeTestkit>>, name: string) => kit.procedures.find((p) => p.file === `age-testkit/${name}`);

describe('the whole kit from the cctv-age package', () => {
  it('is inventoried file by file: each imported or excluded with a reason, with no importer error', async () => {
    const { files } = await readKit();
    const kit = await importAgeTestkit();
    expect(kit.errors).toEqual([]);
    expect(kit.inventory.length).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(140);
    for (const e of kit.inventory) {
      expect(e.imported + e.excluded.reduce((n, x) => n + x.tests, 0), e.file).toBe(1);
      for (const x of e.excluded) expect(x.reason.trim()).toBeTruthy();
    }
    expect(kit.procedures.length).toBe(kit.inventory.filter((e) => e.imported === 1).length);
    const excluded = kit.inventory.filter((e) => e.imported === 0).map((e) => e.file.replace('age-testkit/', ''));
    expect(excluded).toEqual(expect.arrayContaining(['empty', 'armor_empty']));
    expect(excluded.every((n) => /empty/.test(n))).toBe(true);
    expect(byNameOf(kit, 'hybrid')).toMatchObject({ standard: 'age-mlkem768x25519', expected: 'accept', params: { armor: 'binary' } });
    expect(byNameOf(kit, 'armor_hybrid')?.params).toMatchObject({ armor: 'armored' });
    expect(byNameOf(kit, 'hybrid_currupted_enc_mlkem')).toMatchObject({ standard: 'age-mlkem768x25519', expected: 'reject' });
    expect(kit.inventory.find((e) => e.file === 'age-testkit/hybrid')).toMatchObject({ algorithm: 'ML-KEM-768 + X25519', standards: ['age-mlkem768x25519'] });
    const byName = new Map(kit.procedures.map((p) => [p.file.replace('age-testkit/', ''), p]));
    expect(byName.get('x25519')).toMatchObject({ standard: 'age-x25519', expected: 'accept', params: { armor: 'binary' } });
    expect(byName.get('scrypt')).toMatchObject({ standard: 'age-scrypt', expected: 'accept', params: { workFactor: 10, armor: 'binary' } });
    expect(byName.get('armor_scrypt')?.params).toMatchObject({ armor: 'armored' });
    expect(byName.get('hmac_bad')).toMatchObject({ expected: 'reject', flags: ['HMAC failure'] });
    expect(byName.get('scrypt_work_factor_23')?.params).toMatchObject({ workFactor: 23 });
  });

  it('is imported only when an age standard runs with kind import', async () => {
    const choose = (standards: { id: string }[], kinds: string[]) => chooseCorpora({}, standards, kinds, {}, [ageTestkitImporter]);
    expect(choose([{ id: 'aes-gcm' }], ['kat', 'matrix', 'negative', 'import'])).toEqual([]);
    expect(choose([{ id: 'age-x25519' }], ['matrix'])).toEqual([]);
    const age = choose([{ id: 'age-x25519' }], ['import']);
    expect((await importCorpora(age)).procedures.length).toBeGreaterThan(100);
    expect(corpusConfig(age, (p) => p)['ageTestkit']).toMatch(/^npm cctv-age \d+\.\d+\.\d+$/);
    expect(corpusReplayFlags(age, (p) => p)).toBe('');
  });
});

describe('a kit directory (--age-testkit DIR)', () => {
  it('reads the files in place and names a malformed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bothends-kit-'));
    try {
      writeFileSync(join(dir, 'good'), GOOD);
      writeFileSync(join(dir, 'bad'), 'expect success\n\nxx');
      const kit = await importAgeTestkit(dir);
      expect(kit.procedures.map((p) => p.file)).toEqual(['age-testkit/good']);
      expect(kit.errors.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(`${join(dir, 'bad')}.*header line 1`))]);
      const fromEnv = chooseCorpora({ ageTestkit: true }, [{ id: 'age-x25519' }], ['import'], { [AGE_TESTKIT_ENV]: dir }, [ageTestkitImporter]);
      expect(corpusReplayFlags(fromEnv, (p) => p)).toBe(`--age-testkit ${dir}`);
      expect((await importCorpora(fromEnv)).procedures.map((p) => p.file)).toEqual(['age-testkit/good']);
      expect(() => chooseCorpora({ ageTestkit: join(dir, 'nope') }, [{ id: 'age-x25519' }], ['import'])).toThrow(/--age-testkit: no such directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
