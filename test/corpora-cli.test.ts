/**
 * `bothends run --wycheproof/--acvp` and `bothends fuzz` as a user meets them: a small corpus in
 * a temp dir, a report whose corpora section validates, replay commands that repeat the corpus
 * flag, directories from the environment, and clear errors.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, err, out } from './capture.js';
import { main } from '../src/cli/program.js';
import type { Report } from '../src/core/report-model.js';
import { validateReport } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { writeWycheproofFixture } from './wycheproof-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-corpora-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

captureOutput();
afterEach(() => vi.unstubAllEnvs());

/** `run` arguments importing a Wycheproof directory (`dir`: given, or [] for the environment's) into AES-GCM, JSON to `out`, on the main thread. */
function importRun(out: string, dir: readonly string[], adapters: readonly string[]): string[] {
  return [
    'run',
    '--wycheproof',
    ...dir,
    '--kind',
    'import',
    '--standard',
    'aes-gcm',
    '--adapter',
    ...adapters,
    '--out',
    out,
    '--format',
    'json',
    '-q',
    '--isolation',
    'none',
  ];
}

describe('bothends run with corpora', () => {
  it('runs a Wycheproof directory as kind import and writes the corpora section', async () => {
    const wp = writeWycheproofFixture(dir);
    const o = join(dir, 'out');
    const code = await main(importRun(o, [wp], ['node-crypto', 'webcrypto']));
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')) as Report;
    expect(validateReport(report)).toEqual([]);
    expect(report.results.every((r) => r.kind === 'import' && r.outcome === 'pass')).toBe(true);
    expect(report.results[0]!.replay).toMatch(
      /^npx bothends run --seed bothends --wycheproof \S+ --case 'aes-gcm\/k128-iv12-t16\/import\/vector:wycheproof:aes_gcm_test~node-crypto\/tc1\/encrypt'$/,
    );
    expect(report.corpora?.files.map((f) => [f.file, f.imported, f.tests])).toEqual([
      ['wycheproof/aes_gcm_test.json', 2, 2],
      ['wycheproof/mldsa_44_verify_test.json', 0, 1],
    ]);
    expect(report.corpora?.conformance.map((a) => [a.adapter, a.files[0]!.passed, a.files[0]!.ran])).toEqual([
      ['node-crypto', 3, 3],
      ['webcrypto', 3, 3],
    ]);
    expect(out).toMatch(/node-crypto: aes_gcm_test\.json 3\/3/);
    expect(renderMarkdown(report)).toMatch(/## Imported corpora[\s\S]*mldsa\\_44\\_verify\\_test\.json \| unknown-schema/);
  });

  it('takes the directory from the environment when --wycheproof has no value, and explains a missing one', async () => {
    vi.stubEnv('BOTHENDS_WYCHEPROOF_DIR', writeWycheproofFixture(dir));
    expect(await main(importRun(join(dir, 'env'), [], ['node-crypto']))).toBe(0);
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
    expect(await main(importRun(join(dir, 'broken-out'), [wp], ['node-crypto']))).toBe(2);
    expect(err).toMatch(/importer error: wycheproof\/x_test\.json: importer: cannot read/);
  });
});

describe('bothends fuzz', () => {
  it('fuzzes pairs, writes a report and no regression vector when everything agrees', async () => {
    const o = join(dir, 'fuzz');
    const vectors = join(dir, 'regressions');
    const code = await main([
      'fuzz',
      '--standard',
      'chacha20-poly1305',
      '--adapter',
      'node-crypto',
      'noble',
      '--runs',
      '20',
      '--seed',
      'cli',
      '--out',
      o,
      '--regressions',
      vectors,
      '--format',
      'json',
      '-q',
    ]);
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
