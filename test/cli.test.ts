/**
 * The command line as a user meets it: exit codes, errors that name what is wrong, the four
 * report files, re-rendering without a rerun, and the built `bothends` binary end to end.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, err, out } from './capture.js';
import { main } from '../src/cli/program.js';
import { projectPath } from '../src/core/paths.js';
import type { CaseResult } from '../src/core/model.js';
import type { Report } from '../src/core/report-model.js';
import { validateReport } from '../src/report/json.js';
import { fixture } from './report-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

captureOutput();

const readReport = (d: string): Report => JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as Report;

describe('bothends CLI', () => {
  it.each([
    [['run', '--standard', 'aes-gcn'], /unknown standard "aes-gcn" for --standard; known: aes-gcm/],
    [['run', '--adapter', 'openssl9'], /unknown adapter "openssl9"/],
    [['run', '--kind', 'fuzzz'], /unknown kind "fuzzz"/],
    [['run', '--timeout', 'soon'], /--timeout takes a positive integer, not "soon"/],
    [['run', '--vectors', 'no/such/dir'], /--vectors: no such directory/],
    [['run', '--case', 'nothing/matches/*', '--standard', 'x25519', '--out', join(dir, 'none')], /no case matches --case/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err).toMatch(message);
  });

  it('exits 2 before running when --out cannot be written, leaving the last good report alone', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await main(['run', '--standard', 'x25519', '--out', join(file, 'sub'), '-q'])).toBe(2);
    expect(err).toMatch(/--out: cannot write to/);
  });

  it('exits 2 on a malformed expectations file, naming the file and path', async () => {
    const file = join(dir, 'exp.json');
    writeFileSync(file, JSON.stringify({ entries: [{ match: 'x', outcome: 'maybe', reason: 'r' }] }));
    expect(await main(['run', '--standard', 'x25519', '--expectations', file, '--out', join(dir, 'exp-out'), '-q'])).toBe(2);
    expect(err).toMatch(/exp\.json at entries\[0\]\.outcome: must be one of "pass", "fail"/);
  });

  it('adds --expectations files to the project file, and with --strict a stale entry fails the run', async () => {
    const file = join(dir, 'stale.json');
    writeFileSync(
      file,
      JSON.stringify({ entries: [{ match: 'x25519/*/matrix/node-crypto~webcrypto', outcome: 'fail', failure: 'wrong-output', reason: 'fixed since' }] }),
    );
    const argv = [
      'run',
      '--standard',
      'x25519',
      '--adapter',
      'node-crypto',
      'webcrypto',
      '--kind',
      'matrix',
      '--expectations',
      file,
      '--out',
      join(dir, 'stale-out'),
      '-q',
      '--format',
      'json',
    ];
    expect(await main(argv)).toBe(0);
    expect(out).toMatch(/problem \(expectation\): expectation "x25519\/\*\/matrix\/node-crypto~webcrypto" \(fail\) matched no result/);
    const report = JSON.parse(readFileSync(join(dir, 'stale-out', 'report.json'), 'utf8')) as Report;
    expect(report.config['expectations']).toEqual([expect.stringMatching(/vectors\/expectations\.json$/), expect.stringMatching(/stale\.json$/)]);
    expect(await main([...argv, '--strict'])).toBe(1);
    expect(out).toMatch(/--strict: 1 stale expectation entry fails the run/);
  });

  it('runs a standard, writes four valid reports, and re-renders them without a rerun', async () => {
    const o = join(dir, 'x25519');
    expect(await main(['run', '--standard', 'x25519', '--out', o, '-q'])).toBe(0);
    for (const f of ['report.json', 'report.md', 'report.html', 'junit.xml']) expect(existsSync(join(o, f)), f).toBe(true);
    const report = readReport(o);
    expect(validateReport(report)).toEqual([]);
    expect(new Set(report.results.map((r) => r.standard))).toEqual(new Set(['x25519']));
    expect(report.results.some((r) => r.kind === 'matrix' && r.outcome === 'pass')).toBe(true);
    expect(out.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
    const again = join(dir, 'rerendered');
    expect(await main(['render', join(o, 'report.json'), '--out', again])).toBe(0);
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toBe(readFileSync(join(o, 'report.md'), 'utf8'));
  });

  it('exits 1 when an outcome is unexpected, and 0 once the expectations file lists it', async () => {
    const o = join(dir, 'unexpected');
    const none = join(dir, 'no-expectations.json');
    writeFileSync(none, JSON.stringify({ entries: [] }));
    const argv = ['run', '--standard', 'aes-cbc', '--adapter', 'node-forge', 'node-crypto', '--kind', 'negative', '--out', o, '-q'];
    expect(await main([...argv, '--expectations', none, '--no-project-expectations'])).toBe(1);
    expect(out).toMatch(/UNEXPECTED fail \(accepted-invalid\) aes-cbc\/k128-pkcs7\/negative\/node-crypto~node-forge\/empty/);
    expect(await main(argv)).toBe(0);
  });

  it('lists adapters with versions, installed or not, and their gaps', async () => {
    expect(await main(['list', '--json'])).toBe(0);
    const doc = JSON.parse(out) as {
      standards: Array<{ id: string }>;
      adapters: Array<{ id: string; probe: { available: boolean; version?: string }; claims: Record<string, unknown>; gaps: Record<string, string> }>;
    };
    const forge = doc.adapters.find((a) => a.id === 'node-forge')!;
    expect(forge.probe.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(forge.gaps['nacl-box']).toMatch(/XSalsa20/);
    // Each standard's canonical parameters and values, as the protocol doc promises.
    const standards = (JSON.parse(out) as { standards: Array<{ id: string; ops: string[]; params: Array<{ name: string; values: unknown[] }> }> }).standards;
    const gcm = standards.find((s) => s.id === 'aes-gcm')!;
    expect(gcm.ops).toEqual(['encrypt', 'decrypt']);
    expect(gcm.params.find((p) => p.name === 'tagBytes')?.values).toContain(16);
    expect(standards.find((s) => s.id === 'rsa-oaep')!.params.map((p) => p.name)).toEqual(expect.arrayContaining(['oaepHash', 'mgf1Hash']));
    // A reason for every standard not claimed: the adapter's own, else the default one.
    for (const a of doc.adapters)
      expect(Object.keys(a.gaps).sort(), a.id).toEqual(
        standards
          .map((s) => s.id)
          .filter((s) => !(s in a.claims))
          .sort(),
      );
    expect(doc.adapters.find((a) => a.id === 'age-js')!.gaps['aes-gcm']).toBe(
      'age-js has no binding for aes-gcm: it implements age-x25519, age-mlkem768x25519, age-scrypt',
    );
  });
});

describe('--format ndjson', () => {
  const argv = (o: string, ...formats: string[]): string[] => [
    'run',
    '-s',
    'aes-gcm',
    '-a',
    'node-crypto',
    'webcrypto',
    '--out',
    o,
    '-q',
    '--format',
    ...formats,
  ];
  const readLines = (file: string): CaseResult[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CaseResult);

  it('writes one line per result, each equal to the report.json entry with its id, and no .partial file', async () => {
    const o = join(dir, 'ndjson-json');
    expect(await main(argv(o, 'json', 'ndjson'))).toBe(0);
    const report = readReport(o);
    const lines = readLines(join(o, 'results.ndjson'));
    expect(lines.length).toBe(report.results.length);
    const byId = new Map(lines.map((r) => [r.id, r]));
    for (const r of report.results) expect(byId.get(r.id), r.id).toEqual(r);
    expect(existsSync(join(o, 'results.ndjson.partial'))).toBe(false);
    expect(existsSync(join(o, 'summary.json'))).toBe(false);
  });

  it('alone, keeps no results and closes with summary.json: the summary, closing line and exit code of a json run', async () => {
    // A listed deviation that matches nothing in this selection's outcomes: stale, counted without the results.
    const exp = join(dir, 'ndjson-exp.json');
    writeFileSync(
      exp,
      JSON.stringify({ entries: [{ match: 'aes-gcm/*/matrix/node-crypto~webcrypto', outcome: 'fail', failure: 'wrong-output', reason: 'fixed since' }] }),
    );
    const json = join(dir, 'ndjson-ref');
    const code = await main([...argv(json, 'json'), '--expectations', exp]);
    const closing = out.trim().split('\n').at(-1);
    const o = join(dir, 'ndjson-only');
    expect(await main([...argv(o, 'ndjson'), '--expectations', exp])).toBe(code);
    expect(out.trim().split('\n').at(-1)).toBe(closing);
    expect(existsSync(join(o, 'report.json'))).toBe(false);
    const summary = JSON.parse(readFileSync(join(o, 'summary.json'), 'utf8')) as Omit<Report, 'results'>;
    const reference = readReport(json);
    expect('results' in summary).toBe(false);
    expect(validateReport({ ...summary, results: [] })).toEqual([]);
    expect(JSON.stringify(summary.summary)).toBe(JSON.stringify(reference.summary)); // key order too
    expect(summary.problems).toEqual(reference.problems);
    expect(summary.problems.some((p) => p.kind === 'expectation')).toBe(true);
    expect(
      readLines(join(o, 'results.ndjson'))
        .map((r) => r.id)
        .sort(),
    ).toEqual(reference.results.map((r) => r.id).sort());
  });

  it('leaves every finished result of a killed run on disk, one whole line each, in results.ndjson.partial', async () => {
    const o = join(dir, 'ndjson-killed');
    const partial = join(o, 'results.ndjson.partial');
    const child = spawn(process.execPath, [projectPath('dist', 'src', 'cli', 'main.js'), 'run', '--out', o, '-q', '--format', 'ndjson'], {
      cwd: projectPath(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const deadline = Date.now() + 120_000;
    while (!(existsSync(partial) && statSync(partial).size > 0)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line in ${partial} while the run was going`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const text = readFileSync(partial, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = readLines(partial);
    expect(lines.length).toBeGreaterThan(0);
    for (const r of lines) expect(validateReport({ ...fixture(), results: [r] }), r.id).toEqual([]);
    expect(existsSync(join(o, 'results.ndjson'))).toBe(false);
  }, 180_000);
});

describe('the built bothends binary, as `npm start` runs it', () => {
  it('runs the default matrix over every standard and adapter and explains every non-passing cell', async () => {
    const o = join(dir, 'default');
    const bin = projectPath('dist', 'src', 'cli', 'main.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'run', '--out', o, '-q'], { cwd: projectPath() });
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
    const report = readReport(o);
    expect(validateReport(report)).toEqual([]);
    for (const std of ['aes-gcm', 'aes-cbc', 'aes-ctr', 'chacha20-poly1305', 'nacl-secretbox', 'nacl-box', 'x25519']) {
      expect(
        report.results.some((r) => r.standard === std && r.outcome === 'pass'),
        std,
      ).toBe(true);
    }
    for (const a of ['node-crypto', 'webcrypto', 'node-forge', 'tweetnacl']) expect(report.summary.byAdapter[a]?.pass ?? 0, a).toBeGreaterThan(0);
    for (const kind of ['kat', 'matrix', 'negative']) expect(report.results.some((r) => r.kind === kind)).toBe(true);
    for (const r of report.results.filter((x) => x.outcome !== 'pass')) {
      expect(r.message.length, r.id).toBeGreaterThan(10);
      expect(r.replay).toContain(r.id);
    }
    expect(report.summary.unexpected).toBe(0);
  }, 900_000);
});
