/**
 * `bothends run --wycheproof/--acvp` and `bothends fuzz` as a user meets them: a small corpus in
 * a temp dir, a report whose corpora section validates, replay commands that repeat the corpus
 * flag, directories from the environment, and clear errors.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/program.js';
import type { Report } from '../src/core/report-model.js';
import { validateReport } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-corpora-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** Wycheproof aes_gcm_test.json tcId 1 and a copy with its tag changed; an ML-KEM file nobody maps. */
function writeCorpus(): string {
  const wp = join(dir, 'wycheproof');
  mkdirSync(wp, { recursive: true });
  const ktv = { key: '5b9604fe14eadba931b0ccf34843dab9', iv: '028318abc1824029138141a2', aad: '', msg: '001d0c231287c1182784554ca3a21908', ct: '26073cc1d851beff176384dc9896d5ff', tag: '0a3ea7a5487cb5f7d70fb6c58d038554' };
  const gcm = {
    algorithm: 'AES-GCM',
    schema: 'aead_test_schema_v1.json',
    notes: { Ktv: { bugType: 'BASIC', description: 'k' }, ModifiedTag: { bugType: 'AUTH_BYPASS', description: 'm' } },
    testGroups: [
      {
        type: 'AeadTest',
        keySize: 128,
        ivSize: 96,
        tagSize: 128,
        tests: [
          { tcId: 1, comment: '', flags: ['Ktv'], result: 'valid', ...ktv },
          { tcId: 2, comment: '', flags: ['ModifiedTag'], result: 'invalid', ...ktv, tag: `${ktv.tag.slice(0, 30)}55` },
        ],
      },
    ],
  };
  writeFileSync(join(wp, 'aes_gcm_test.json'), JSON.stringify(gcm));
  writeFileSync(join(wp, 'mlkem_512_test.json'), JSON.stringify({ algorithm: 'ML-KEM', schema: 'mlkem_test_schema.json', testGroups: [{ tests: [{ tcId: 1, flags: [], result: 'valid' }] }] }));
  return wp;
}

describe('bothends run with corpora', () => {
  it('runs a Wycheproof directory as kind import and writes the corpora section', async () => {
    const wp = writeCorpus();
    const o = join(dir, 'out');
    const code = await main(['run', '--wycheproof', wp, '--kind', 'import', '--standard', 'aes-gcm', '--adapter', 'node-crypto', 'webcrypto', '--out', o, '--format', 'json', '-q', '--isolation', 'none']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.results.every((r) => r.kind === 'import' && r.outcome === 'pass')).toBe(true);
    expect(report.results[0]!.replay).toMatch(/^npx bothends run --seed bothends --wycheproof \S+ --case 'aes-gcm\/k128-iv12-t16\/import\/vector:wycheproof:aes_gcm_test~node-crypto\/tc1\/encrypt'$/);
    expect(report.corpora?.files.map((f) => [f.file, f.imported, f.tests])).toEqual([
      ['wycheproof/aes_gcm_test.json', 2, 2],
      ['wycheproof/mlkem_512_test.json', 0, 1],
    ]);
    expect(report.corpora?.conformance.map((a) => [a.adapter, a.files[0]!.passed, a.files[0]!.ran])).toEqual([
      ['node-crypto', 3, 3],
      ['webcrypto', 3, 3],
    ]);
    expect(out).toMatch(/node-crypto: aes_gcm_test\.json 3\/3/);
    expect(renderMarkdown(report)).toMatch(/## Imported corpora[\s\S]*mlkem\\_512\\_test\.json \| unknown-schema/);
  });

  it('takes the directory from the environment when --wycheproof has no value, and explains a missing one', async () => {
    vi.stubEnv('BOTHENDS_WYCHEPROOF_DIR', writeCorpus());
    expect(await main(['run', '--wycheproof', '--kind', 'import', '--standard', 'aes-gcm', '--adapter', 'node-crypto', '--out', join(dir, 'env'), '--format', 'json', '-q', '--isolation', 'none'])).toBe(0);
    vi.stubEnv('BOTHENDS_WYCHEPROOF_DIR', '');
    expect(await main(['run', '--wycheproof', '--kind', 'import', '--out', join(dir, 'none')])).toBe(2);
    expect(err).toMatch(/--wycheproof needs a directory: give --wycheproof DIR or set BOTHENDS_WYCHEPROOF_DIR/);
    expect(await main(['run', '--acvp', join(dir, 'no-such-dir')])).toBe(2);
    expect(err).toMatch(/--acvp: no such directory/);
  });

  it('exits 2 on an importer error, naming the file', async () => {
    const wp = join(dir, 'broken');
    mkdirSync(wp, { recursive: true });
    writeFileSync(join(wp, 'x_test.json'), '{"schema": "aead_test_schema_v1.json"');
    expect(await main(['run', '--wycheproof', wp, '--kind', 'import', '--standard', 'aes-gcm', '--adapter', 'node-crypto', '--out', join(dir, 'broken-out'), '--format', 'json', '-q'])).toBe(2);
    expect(err).toMatch(/importer error: wycheproof\/x_test\.json: importer: cannot read/);
  });
});

describe('bothends fuzz', () => {
  it('fuzzes pairs, writes a report and no regression vector when everything agrees', async () => {
    const o = join(dir, 'fuzz');
    const vectors = join(dir, 'regressions');
    const code = await main(['fuzz', '--standard', 'chacha20-poly1305', '--adapter', 'node-crypto', 'noble', '--runs', '20', '--seed', 'cli', '--out', o, '--regressions', vectors, '--format', 'json', '-q']);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.results.length).toBe(4);
    expect(report.results.every((r) => r.kind === 'fuzz' && r.outcome === 'pass')).toBe(true);
    expect(report.results[0]!.replay).toMatch(/^npx bothends fuzz --seed cli --runs 20 --case '/);
    expect(readdirSync(vectors)).toEqual([]);
    expect(out).toMatch(/seed cli, 20 runs per case/);
  });
});
