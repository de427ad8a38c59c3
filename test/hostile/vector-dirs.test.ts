/**
 * Item 2 of the hostile-input issue: vector directories that loop or never end. Links back to a
 * parent (one or two loops), a FIFO and a link to /dev/zero named like vector files, a file
 * larger than the cap, and two files of the same name in different folders: each is reported
 * on its own, naming its path, and the rest of the run goes on.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ADAPTERS } from '../../src/adapters/index.js';
import { projectPath } from '../../src/core/paths.js';
import { buildPlan } from '../../src/core/plan.js';
import type { Report } from '../../src/core/report-model.js';
import { STANDARD_BY_ID } from '../../src/standards/index.js';
import { loadVectorDir } from '../../src/vectors/load.js';
import { readRegularFile } from '../../src/vectors/files.js';
import { importWycheproofDir } from '../../src/vectors/importers/wycheproof.js';
import { importJoseCookbookDir } from '../../src/vectors/importers/jose-cookbook.js';
import { aesGcmRun, runCli, tempDir } from './helpers.js';

const spec = projectPath('vectors', 'aes-gcm', 'aes_gcm_spec_test.json');

/** A vectors directory with every trap of the issue in it. */
function hostileDir(root: string): string {
  const dir = join(root, 'vectors');
  mkdirSync(join(dir, 'aes-gcm', 'a'), { recursive: true });
  mkdirSync(join(dir, 'aes-gcm', 'b', 'deeper'), { recursive: true });
  copyFileSync(spec, join(dir, 'aes-gcm', 'a', 'same_test.json'));
  copyFileSync(spec, join(dir, 'aes-gcm', 'b', 'same_test.json'));
  symlinkSync('..', join(dir, 'aes-gcm', 'loop'));
  symlinkSync('../..', join(dir, 'aes-gcm', 'b', 'deeper', 'loop2'));
  execFileSync('mkfifo', [join(dir, 'aes-gcm', 'fifo_test.json')]);
  symlinkSync('/dev/zero', join(dir, 'aes-gcm', 'zero_test.json'));
  return dir;
}

describe('hostile vector directories', () => {
  const root = tempDir('vectors');
  const dir = hostileDir(root);

  it('loads every good file once and reports each trap by its path', () => {
    const { files, errors } = loadVectorDir(dir);
    expect(files.map((f) => f.file)).toEqual(['aes-gcm/a/same_test.json', 'aes-gcm/b/same_test.json']);
    const messages = errors.map((e) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aes-gcm\/loop: directory link to the top directory, already read: not followed/),
        expect.stringMatching(/^aes-gcm\/b\/deeper\/loop2: directory link to aes-gcm, already read/),
        expect.stringMatching(/^aes-gcm\/fifo_test\.json: cannot read the file: not a regular file \(a FIFO\)/),
        expect.stringMatching(/^aes-gcm\/zero_test\.json: cannot read the file: not a regular file \(a device\)/),
      ]),
    );
    expect(messages).toHaveLength(4);
  });

  it('refuses a file over the size cap, naming it', () => {
    const big = join(root, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'huge_test.json'), ' '.repeat(100_000));
    copyFileSync(spec, join(big, 'ok_test.json'));
    const { files, errors } = loadVectorDir(big, 64 * 1024);
    expect(files.map((f) => f.file)).toEqual(['ok_test.json']);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^huge_test\.json: cannot read the file: file of 100000 bytes is larger than the limit of 65536 bytes/),
    ]);
    expect(() => readRegularFile('/dev/zero')).toThrow(/not a regular file \(a device\)/);
  });

  it('corpus importers refuse a FIFO and a directory loop by name instead of hanging', () => {
    const wp = join(root, 'wycheproof');
    mkdirSync(wp);
    execFileSync('mkfifo', [join(wp, 'aes_gcm_test.json')]);
    expect(importWycheproofDir(wp).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^wycheproof\/aes_gcm_test\.json: importer: cannot read: not a regular file \(a FIFO\)/),
    ]);
    const jose = join(root, 'jose');
    mkdirSync(join(jose, 'jwe'), { recursive: true });
    symlinkSync('..', join(jose, 'jwe', 'up'));
    expect(importJoseCookbookDir(jose).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/jwe\/up: directory link to the top directory, already read/),
    ]);
  });

  it('gives two files of the same name distinct case ids', () => {
    const { files } = loadVectorDir(dir);
    const nodeCrypto = BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto')!;
    const plan = buildPlan({
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      adapters: [{ adapter: nodeCrypto, probe: { available: true, version: 'x' } }],
      vectors: files,
      kinds: ['kat'],
    });
    const producers = new Set(plan.map((c) => c.producer));
    expect([...producers].sort()).toEqual(['vector:aes-gcm:a:same_test', 'vector:aes-gcm:b:same_test']);
  });

  it('runs to the end from the command line: the traps are vector errors (exit 2), the good files run', async () => {
    const out = join(root, 'out');
    const r = await runCli(aesGcmRun(out, { kind: 'kat', adapters: ['node-crypto'], before: ['--vectors', dir] }), { timeoutMs: 40_000 });
    expect(r.signal, 'the run hung and was killed').toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/vector error: aes-gcm\/fifo_test\.json: cannot read the file: not a regular file/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const files = new Set(report.results.map((x) => x.vector?.file));
    expect(files).toEqual(new Set(['aes-gcm/a/same_test.json', 'aes-gcm/b/same_test.json']));
    expect(report.results.every((x) => x.outcome === 'pass')).toBe(true);
    expect(report.problems.filter((p) => p.kind === 'vector')).toHaveLength(4);
  }, 60_000);
});
