/**
 * The Wycheproof importer. Synthetic files test every path of the mapping (they always run);
 * the real corpus (BOTHENDS_WYCHEPROOF_DIR, default ../shared/vectors/wycheproof) is imported
 * whole — zero importer errors, every test accounted for — and a representative subset is run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake, FAKES, real } from '../../../test/fakes.js';
import { projectRoot } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { mlkemAdapter } from '../../adapters/mlkem.js';
import { noblePostQuantum } from '../../adapters/noble/noble-post-quantum.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { mlKem } from '../../standards/ml-kem.js';
import { corporaSection } from './conformance.js';
import { decideAcceptable } from './policy.js';
import { importWycheproofDir, importWycheproofJson, WYCHEPROOF_ENV } from './wycheproof.js';

const DIR = process.env[WYCHEPROOF_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'wycheproof');
const HAVE = existsSync(DIR);
if (!HAVE) console.warn(`skipping the Wycheproof corpus tests: ${DIR} does not exist (set ${WYCHEPROOF_ENV})`);

/** Wycheproof aes_gcm_test.json tcId 1, and the same with the last tag byte changed. */
const KTV = {
  key: '5b9604fe14eadba931b0ccf34843dab9',
  iv: '028318abc1824029138141a2',
  aad: '',
  msg: '001d0c231287c1182784554ca3a21908',
  ct: '26073cc1d851beff176384dc9896d5ff',
  tag: '0a3ea7a5487cb5f7d70fb6c58d038554',
};

function gcmFile(groups: unknown[]): unknown {
  return {
    algorithm: 'AES-GCM',
    schema: 'aead_test_schema_v1.json',
    numberOfTests: 3,
    notes: { Ktv: { bugType: 'BASIC', description: 'known' }, ModifiedTag: { bugType: 'AUTH_BYPASS', description: 'tag changed', cves: ['CVE-0000-0001'] } },
    testGroups: groups,
  };
}

const group = (ivSize: number, tests: unknown[]): unknown => ({
  type: 'AeadTest',
  keySize: 128,
  ivSize,
  tagSize: 128,
  source: { name: 'google-wycheproof', version: '0.9' },
  tests,
});
const valid = { tcId: 1, comment: 'ktv', flags: ['Ktv'], result: 'valid', ...KTV };
const forged = { tcId: 2, comment: 'modified tag', flags: ['ModifiedTag'], result: 'invalid', ...KTV, tag: `${KTV.tag.slice(0, 30)}55` };

describe('the acceptable-flag policy', () => {
  it.each([
    [['Twist'], 'either'],
    [['NonCanonicalPublic', 'SpecialPublicKey'], 'accept'],
    [['NonCanonicalPublic', 'LowOrderPublic', 'ZeroSharedSecret'], 'either'],
    [['EdgeCaseMultiplication'], 'either'],
    [[], 'either'],
  ] as const)('%j → %s', (flags, expected) => {
    expect(decideAcceptable(flags).expected).toBe(expected);
  });

  it('names flags it has no policy for', () => {
    expect(decideAcceptable(['SomethingNew']).unknownFlags).toEqual(['SomethingNew']);
  });
});

describe('the Wycheproof mapping (synthetic files)', () => {
  it('converts AEAD tests to ct ‖ tag and keeps flags, bug types and CVEs', () => {
    const out = importWycheproofJson(gcmFile([group(96, [valid, forged])]), 'wycheproof/x_test.json');
    expect(out.errors).toEqual([]);
    const [file] = out.files;
    expect(file?.standard).toBe('aes-gcm');
    const tests = file!.groups[0]!.tests;
    expect(Buffer.from(tests[0]!.fields['ciphertext']!).toString('hex')).toBe(KTV.ct + KTV.tag);
    expect(tests[1]!.result).toBe('invalid');
    expect(file!.notes?.['ModifiedTag']).toEqual({ bugType: 'AUTH_BYPASS', description: 'tag changed', cves: ['CVE-0000-0001'] });
    expect(out.inventory[0]).toMatchObject({ tests: 2, imported: 2, standards: ['aes-gcm'], excluded: [] });
  });

  it('lists, never drops: undeclared parameters, algorithms without a standard, unknown schemas', () => {
    const iv = importWycheproofJson(gcmFile([group(96, [valid]), group(120, [{ ...valid, tcId: 3 }])]), 'wycheproof/a_test.json');
    expect(iv.inventory[0]!.excluded).toEqual([
      { kind: 'no-parameter-set', reason: expect.stringMatching(/^ivBytes 15 is not declared by aes-gcm/), groups: 1, tests: 1 },
    ]);
    const ccm = importWycheproofJson({ ...(gcmFile([group(96, [valid])]) as object), algorithm: 'AES-CCM' }, 'wycheproof/b_test.json');
    expect(ccm.inventory[0]).toMatchObject({ imported: 0, excluded: [{ kind: 'no-standard', reason: 'bothends has no standard for AES-CCM', tests: 1 }] });
    const mldsa = importWycheproofJson(
      { algorithm: 'ML-DSA', schema: 'mldsa_verify_schema.json', testGroups: [{ tests: [{ tcId: 1, result: 'valid' }] }] },
      'wycheproof/c_test.json',
    );
    expect(mldsa.errors).toEqual([]);
    expect(mldsa.inventory[0]).toMatchObject({ imported: 0, excluded: [{ kind: 'unknown-schema', tests: 1 }] });
    const pbes1 = importWycheproofJson(
      { algorithm: 'PbeWithMd5AndDes', schema: 'pbe_test_schema.json', testGroups: [{ type: 'PbeTest', tests: [{ tcId: 1, result: 'valid' }] }] },
      'wycheproof/pbes1_md5_des_test.json',
    );
    expect(pbes1.inventory[0]).toMatchObject({
      imported: 0,
      excluded: [{ kind: 'no-standard', reason: expect.stringMatching(/^bothends has no standard for PbeWithMd5AndDes: pbes2 is PBES2/), tests: 1 }],
    });
    const mlkem = importWycheproofJson(
      { algorithm: 'ML-KEM', schema: 'mlkem_test_schema.json', testGroups: [{ tests: [{ tcId: 1, result: 'valid' }] }] },
      'wycheproof/d_test.json',
    );
    expect(mlkem.inventory[0]).toMatchObject({ imported: 0, excluded: [{ kind: 'no-parameter-set', tests: 1 }] });
  });

  it('maps PBES2 of a bare message onto pbes2: PRF and key size from the algorithm, iterations per test, the password as bytes', () => {
    const test = (tcId: number, iterationCount: number) => ({
      tcId,
      comment: 'password is a random byte string',
      flags: ['NonUtf8'],
      password: '00ff7538a2fc',
      salt: '657a212f745924eb657a212f745924eb',
      iterationCount,
      iv: '6529f3dc9f0197e2f5c6e889b1b6097f',
      msg: '2317',
      ct: '9b51fef34b831b25bbbd984779ba741f',
      result: 'valid',
    });
    const out = importWycheproofJson(
      {
        algorithm: 'PbeWithHmacSha384AndAes_192',
        schema: 'pbe_test_schema.json',
        notes: { NonUtf8: { bugType: 'FUNCTIONALITY', description: 'not UTF-8' } },
        testGroups: [{ type: 'PbeTest', tests: [test(1, 4096), test(2, 7)] }],
      },
      'wycheproof/pbes2_hmacsha384_aes_192_test.json',
    );
    expect(out.errors).toEqual([]);
    const [file] = out.files;
    expect(file?.standard).toBe('pbes2');
    expect(file!.groups.map((g) => g.params)).toEqual([{ kdfHash: 'SHA-384', keyBits: 192, iterations: 4096 }]);
    const fields = file!.groups[0]!.tests[0]!.fields;
    expect(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v).toString('hex')]))).toEqual({
      password: '00ff7538a2fc',
      salt: '657a212f745924eb657a212f745924eb',
      iv: '6529f3dc9f0197e2f5c6e889b1b6097f',
      plaintext: '2317',
      ciphertext: '9b51fef34b831b25bbbd984779ba741f',
    });
    // An iteration count pbes2 does not declare is listed, not dropped.
    expect(out.inventory[0]).toMatchObject({
      imported: 1,
      standards: ['pbes2'],
      excluded: [{ kind: 'no-parameter-set', reason: expect.stringMatching(/^iterations 7 is not declared by pbes2/), tests: 1 }],
    });
  });

  it('applies the policy to acceptable tests and says so in the citation', () => {
    const xdh = (flags: string[]): unknown => ({
      algorithm: 'XDH',
      schema: 'xdh_comp_schema_v1.json',
      notes: {},
      testGroups: [
        {
          curve: 'curve25519',
          tests: [
            { tcId: 1, comment: 'c', flags, result: 'acceptable', public: 'ed'.padEnd(62, 'f') + '7f', private: '11'.repeat(32), shared: '22'.repeat(32) },
          ],
        },
      ],
    });
    const must = importWycheproofJson(xdh(['NonCanonicalPublic']), 'wycheproof/x25519_test.json').files[0]!.groups[0]!;
    expect(must.params).toEqual({ curve: 'X25519', keyFormat: 'raw' });
    expect(must.tests[0]!.result).toBe('valid');
    expect(must.tests[0]!.source).toMatch(/Wycheproof "acceptable", bothends expects accept \(NonCanonicalPublic: RFC 7748 §5/);
    expect(importWycheproofJson(xdh(['Twist']), 'wycheproof/x25519_test.json').files[0]!.groups[0]!.tests[0]!.result).toBe('acceptable');
  });

  it('reports a malformed file with its path and JSON path', () => {
    const bad = importWycheproofJson(
      { schema: 'aead_test_schema_v1.json', testGroups: [{ tests: [{ tcId: 1, result: 'maybe', flags: [] }] }] },
      'wycheproof/bad_test.json',
    );
    expect(bad.errors.map((e) => e.message)).toEqual([
      'wycheproof/bad_test.json at testGroups[0].tests[0].result: importer: tcId 1: result "maybe" is not valid, invalid or acceptable',
    ]);
  });

  it('runs imported tests as kind import: a forgery accepted is a security finding with its flags, bug type and CVE', async () => {
    const imported = importWycheproofJson(gcmFile([group(96, [valid, forged])]), 'wycheproof/x_test.json');
    const adapters = [real('node-crypto'), FAKES.acceptsAnyTag];
    const report = await runSuite({
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      adapters,
      kinds: ['import'],
      vectors: [],
      imports: imported.files,
      seed: 's',
      isolation: 'none',
    });
    const section = corporaSection(imported.inventory, report.results);
    const row = (id: string) => section.conformance.find((a) => a.adapter === id)!.files[0]!;
    expect(row('node-crypto')).toMatchObject({ cases: 3, ran: 3, passed: 3, acceptedInvalid: [] });
    expect(row(FAKES.acceptsAnyTag.id).acceptedInvalid).toEqual([
      expect.objectContaining({ tcId: 2, flags: ['ModifiedTag'], bugTypes: ['AUTH_BYPASS'], cves: ['CVE-0000-0001'], known: false }),
    ]);
    const r = report.results.find((x) => x.id.includes('~node-crypto/tc2/decrypt'))!;
    expect(r.id).toBe('aes-gcm/k128-iv12-t16/import/vector:wycheproof:x_test~node-crypto/tc2/decrypt');
    expect(r.vector).toMatchObject({ file: 'wycheproof/x_test.json', tcId: 2, flags: ['ModifiedTag'], bugTypes: ['AUTH_BYPASS'], cves: ['CVE-0000-0001'] });
  });

  it('lists imported tests no adapter can run', async () => {
    const imported = importWycheproofJson(gcmFile([group(96, [valid])]), 'wycheproof/x_test.json');
    const noGcm = fake('fake-no-gcm-256', {}, { 'aes-gcm': { ops: ['encrypt', 'decrypt'], params: { keyBits: { values: [256], reason: 'only 256' } } } });
    const report = await runSuite({
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      adapters: [noGcm],
      kinds: ['import'],
      vectors: [],
      imports: imported.files,
      seed: 's',
      isolation: 'none',
    });
    expect(corporaSection(imported.inventory, report.results).uncovered).toEqual([
      { file: 'wycheproof/x_test.json', standard: 'aes-gcm', paramsId: 'k128-iv12-t16', cases: 2, reason: expect.stringContaining('keyBits=128: only 256') },
    ]);
  });
});

describe.skipIf(!HAVE)('the Wycheproof corpus', () => {
  it('imports the whole folder with no importer error and accounts for every test', () => {
    const all = importWycheproofDir(DIR);
    expect(all.errors.map((e) => e.message)).toEqual([]);
    const names = readdirSync(DIR).filter((n) => n.endsWith('_test.json'));
    expect(all.inventory.map((e) => e.file).sort()).toEqual(names.map((n) => `wycheproof/${n}`).sort());
    for (const e of all.inventory) expect(e.imported + e.excluded.reduce((n, x) => n + x.tests, 0), e.file).toBe(e.tests);
    const imported = new Set(all.inventory.filter((e) => e.imported > 0).map((e) => e.file));
    for (const f of ['aes_gcm_test.json', 'aes_cbc_pkcs5_test.json', 'x25519_asn_test.json', 'x25519_jwk_test.json', 'x25519_pem_test.json'])
      expect(imported).toContain(`wycheproof/${f}`);
    // The PBES2 files (every PRF with every AES key size) run whole as pbes2.
    const pbes2 = all.inventory.filter((e) => e.file.startsWith('wycheproof/pbes2_'));
    expect(pbes2).toHaveLength(15);
    for (const e of pbes2) expect([e.file, e.imported, e.excluded, e.standards]).toEqual([e.file, e.tests, [], ['pbes2']]);
  });

  it('runs a representative subset: every valid test passes and every invalid one is rejected by node:crypto', async () => {
    const subset = ['aes_gcm_test.json', 'aes_cbc_pkcs5_test.json', 'x25519_jwk_test.json'].map((n) =>
      importWycheproofJson(JSON.parse(readFileSync(join(DIR, n), 'utf8')) as unknown, `wycheproof/${n}`),
    );
    const files = subset.flatMap((s) => s.files);
    const standards = ['aes-gcm', 'aes-cbc', 'x25519'].map((id) => STANDARD_BY_ID.get(id)!);
    const report = await runSuite({ standards, adapters: [real('node-crypto')], kinds: ['import'], vectors: [], imports: files, seed: 's', isolation: 'none' });
    const section = corporaSection(
      subset.flatMap((s) => s.inventory),
      report.results,
    );
    const rows = section.conformance[0]!.files;
    expect(rows.map((r) => r.file).sort()).toEqual(['wycheproof/aes_cbc_pkcs5_test.json', 'wycheproof/aes_gcm_test.json', 'wycheproof/x25519_jwk_test.json']);
    for (const r of rows) {
      const failures = report.results.filter((x) => x.vector?.file === r.file && x.outcome !== 'pass' && x.outcome !== 'unsupported');
      expect(
        failures.map((f) => `${f.id}: ${f.message}`),
        r.file,
      ).toEqual([]);
      expect(r.acceptedInvalid).toEqual([]);
    }
  });

  it("imports every ML-KEM file whole; noble-pq meets every test, and mlkem's missing FIPS 203 §7.3 hash check is a security finding", async () => {
    const names = readdirSync(DIR).filter((n) => /^mlkem_768_(\w+_)?test\.json$/.test(n));
    expect(names.length).toBe(4);
    const subset = names.map((n) => importWycheproofJson(JSON.parse(readFileSync(join(DIR, n), 'utf8')) as unknown, `wycheproof/${n}`));
    for (const e of subset.flatMap((s) => s.inventory)) expect([e.file, e.imported, e.excluded]).toEqual([e.file, e.tests, []]);
    const report = await runSuite({
      standards: [mlKem],
      adapters: [noblePostQuantum, mlkemAdapter],
      kinds: ['import'],
      vectors: [],
      imports: subset.flatMap((s) => s.files),
      seed: 's',
      isolation: 'none',
    });
    const bad = report.results.filter((r) => r.outcome !== 'pass');
    expect(report.results.filter((r) => r.consumer === 'noble-pq').length).toBeGreaterThan(500);
    expect(bad.map((r) => `${r.id} ${r.failure ?? ''}`).sort()).toEqual([
      'ml-kem/ML-KEM-768-sk-expanded-pk-raw/import/vector:wycheproof:mlkem_768_semi_expanded_decaps_test~mlkem/tc6/decapsulate accepted-invalid',
      'ml-kem/ML-KEM-768-sk-expanded-pk-raw/import/vector:wycheproof:mlkem_768_semi_expanded_decaps_test~mlkem/tc7/decapsulate accepted-invalid',
    ]);
  });
});
