/**
 * The ACVP importer against the AES-GCM and AES-CBC vector sets (BOTHENDS_ACVP_DIR, default
 * ../shared/vectors/acvp): AFT cases as known answers, failing decryptions as invalid, the
 * CBC Monte Carlo encrypt chain as a procedure — and a broken CBC implementation fails it; and
 * against the ML-KEM keyGen and encapDecap sets.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fake, real } from '../../../test/fakes.js';
import type { OpImpl } from '../../core/adapter.js';
import { projectRoot } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { mlkemAdapter } from '../../adapters/mlkem.js';
import { noblePostQuantum } from '../../adapters/noble/noble-post-quantum.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { mlKem } from '../../standards/ml-kem.js';
import { ACVP_ENV, importAcvpDir } from './acvp.js';

const DIR = process.env[ACVP_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'acvp');
const HAVE = existsSync(DIR);
if (!HAVE) console.warn(`skipping the ACVP tests: ${DIR} does not exist (set ${ACVP_ENV})`);

const gcm = STANDARD_BY_ID.get('aes-gcm')!;
const cbc = STANDARD_BY_ID.get('aes-cbc')!;

/** node:crypto's AES-CBC, except that encryption ignores the IV (uses zeros). */
const zeroIv = (() => {
  const orig = real('node-crypto').ops['aes-cbc']!.encrypt!;
  const encrypt: OpImpl = (p, i) => orig(p, { ...i, iv: new Uint8Array(16) });
  return fake('fake-cbc-zero-iv', {}, {}, { 'aes-cbc': { ...real('node-crypto').ops['aes-cbc'], encrypt } });
})();

describe.skipIf(!HAVE)('ACVP vector sets', () => {
  const corpus = HAVE ? importAcvpDir(DIR) : undefined;

  it('imports AES-GCM and AES-CBC with no error and accounts for every test', () => {
    expect(corpus!.errors.map((e) => e.message)).toEqual([]);
    const byFile = new Map(corpus!.inventory.map((e) => [e.file, e]));
    const g = byFile.get('acvp/ACVP-AES-GCM-1.0')!;
    expect(g.imported).toBeGreaterThan(0);
    expect(g.excluded.every((x) => x.kind === 'no-parameter-set')).toBe(true);
    const c = byFile.get('acvp/ACVP-AES-CBC-1.0')!;
    expect(c.excluded).toEqual([{ kind: 'not-feasible', reason: expect.stringContaining('MCT decrypt'), groups: 3, tests: 3 }]);
    for (const e of corpus!.inventory) expect(e.imported + e.excluded.reduce((n, x) => n + x.tests, 0)).toBe(e.tests);
    expect(corpus!.procedures.map((p) => p.comment)).toEqual(['Monte Carlo test, encrypt', 'Monte Carlo test, encrypt', 'Monte Carlo test, encrypt']);
  });

  it('runs the AES-GCM AFT cases: known answers pass, decryptions with testPassed false are rejected', async () => {
    const report = await runSuite({
      standards: [gcm],
      adapters: [real('node-crypto'), real('webcrypto')],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      seed: 's',
      isolation: 'none',
    });
    const ran = report.results.filter((r) => r.outcome !== 'unsupported');
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(ran.some((r) => r.expected === 'reject' && r.vector?.flags?.includes('DecryptFail'))).toBe(true);
  });

  it('runs the AES-CBC AFT cases with the PKCS#7 block appended, and the Monte Carlo encrypt chain', async () => {
    // One Monte Carlo chain (100,000 encryptions) keeps the test fast; `bothends run --acvp` runs all three.
    const procedures = corpus!.procedures.filter((p) => p.params['keyBits'] === 192);
    const report = await runSuite({
      standards: [cbc],
      adapters: [real('node-crypto')],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      procedures,
      seed: 's',
      isolation: 'none',
      timeoutMs: 60_000,
    });
    expect(report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    const mct = report.results.filter((r) => r.vector?.comment === 'Monte Carlo test, encrypt');
    expect(mct.map((r) => r.message)).toEqual(['Monte Carlo test: all 100 rounds match']);
  });

  it('fails a CBC implementation that ignores the IV, in both the AFT cases and the Monte Carlo chain', async () => {
    const procedures = corpus!.procedures.filter((p) => p.params['keyBits'] === 128);
    const report = await runSuite({
      standards: [cbc],
      adapters: [zeroIv],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      procedures,
      seed: 's',
      isolation: 'none',
    });
    const mct = report.results.find((r) => r.vector?.comment === 'Monte Carlo test, encrypt')!;
    expect([mct.outcome, mct.failure]).toEqual(['fail', 'wrong-output']);
    expect(mct.message).toMatch(/^MCT round 0: CT\[999\] differs/);
    expect(report.results.some((r) => r.id.endsWith('/encrypt') && r.failure === 'wrong-output')).toBe(true);
  });

  it('imports ML-KEM keyGen and encapDecap with no error; noble-pq meets every test, mlkem accepts decapsulation keys that fail the §7.3 check', async () => {
    const byFile = new Map(corpus!.inventory.map((e) => [e.file, e]));
    expect(byFile.get('acvp/ML-KEM-keyGen-FIPS203')).toMatchObject({ tests: 75, imported: 75, excluded: [] });
    const ed = byFile.get('acvp/ML-KEM-encapDecap-FIPS203')!;
    expect(ed.imported).toBe(135);
    expect(ed.excluded.every((x) => x.kind === 'not-feasible' && /passes has no output/.test(x.reason))).toBe(true);
    const report = await runSuite({
      standards: [mlKem],
      adapters: [noblePostQuantum, mlkemAdapter],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      seed: 's',
      isolation: 'none',
    });
    const noble = report.results.filter((r) => r.consumer === 'noble-pq');
    expect(noble.length).toBe(210);
    expect(noble.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    const found = report.results.filter((r) => r.outcome !== 'pass');
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect([r.consumer, r.failure, r.vector?.flags]).toEqual(['mlkem', 'accepted-invalid', ['DecapsulationKeyCheck']]);
  });
});
