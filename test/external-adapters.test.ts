/**
 * External adapters end to end: deliberately broken protocol adapters (test/fixtures/
 * node-adapter.mjs --fault=…) must each be caught, classified as `error` with the stage, the
 * process restarted and the run continued; a correct one, and the reference adapters, must
 * pass `adapter check`, and the check must fail every broken one.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { externalAdapter, type ExternalAdapter } from '../src/adapters/external.js';
import { checkAdapter, type CheckReport } from '../src/adapters/external/conformance.js';
import { javaRef } from '../src/adapters/java-ref/java-ref.js';
import { pythonRef } from '../src/adapters/python-ref/python-ref.js';
import { main } from '../src/cli/program.js';
import { loadExpectations } from '../src/core/expectations.js';
import type { CaseResult, Params } from '../src/core/model.js';
import { projectPath } from '../src/core/paths.js';
import { runSuite } from '../src/suite.js';
import { STANDARD_BY_ID, STANDARDS } from '../src/standards/index.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../src/vectors/load.js';

const FIXTURE = projectPath('test', 'fixtures', 'node-adapter.mjs');
const gcm = STANDARD_BY_ID.get('aes-gcm')!;
const vectors = loadVectorDir(DEFAULT_VECTORS_DIR).files;
const started: ExternalAdapter[] = [];

afterAll(async () => {
  await Promise.all(started.map((a) => a.dispose?.()));
});

/** The fixture adapter with a fault from request `after` of each process on. */
function fixture(fault: string, after = 1, requestTimeoutMs = 2_000): ExternalAdapter {
  const a = externalAdapter({
    id: `fx-${fault}`,
    command: { file: process.execPath, args: [FIXTURE, `--fault=${fault}`, `--after=${after}`] },
    requestTimeoutMs,
    helloTimeoutMs: 5_000,
    maxStarts: 100,
  });
  started.push(a);
  return a;
}

/** Known answers and the self matrix of one AES-GCM parameter set, the adapter against itself. */
async function runOn(adapter: ExternalAdapter, timeoutMs = 5_000): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [gcm],
    adapters: [adapter],
    kinds: ['kat', 'matrix'],
    vectors: vectors.filter((v) => v.standard === 'aes-gcm'),
    seed: 'external-test',
    cases: ['aes-gcm/k128-iv12-t16/*', 'aes-gcm/k256-iv12-t16/*'],
    isolation: 'none',
    concurrency: 4,
    timeoutMs,
  });
  return [...report.results];
}

describe('a protocol adapter that misbehaves is caught, classified, restarted, and the run goes on', () => {
  const cases: ReadonlyArray<readonly [fault: string, message: RegExp]> = [
    ['crash', /exited with code 3 .*stderr: node-adapter: simulated crash/],
    ['garbage', /wrote a line that is not JSON: "Segmentation fault/],
    ['out-of-order', /answered id \d+, which is not pending/],
    ['unknown-id', /answered id "nobody-asked", which is not pending/],
    ['duplicate', /which is not pending \(never sent, or already answered\)/],
  ];

  // Each case has its own processes: they run side by side.
  it.concurrent.each(cases)('%s', async (fault, message) => {
    const adapter = fixture(fault, 4);
    const results = await runOn(adapter);
    const errors = results.filter((r) => r.outcome === 'error');
    expect(errors.length, 'some cases must be errors').toBeGreaterThan(0);
    for (const r of errors) {
      expect(r.stage, r.id).toMatch(/^(encrypt|decrypt)$/);
      expect(r.message).toMatch(/adapter fx-/);
    }
    expect(
      errors.some((r) => message.test(r.message)),
      errors.map((r) => r.message).join('\n'),
    ).toBe(true);
    expect(
      results.filter((r) => r.outcome === 'fail'),
      'a broken process is an error, never a wrong answer',
    ).toEqual([]);
    expect(results.filter((r) => r.outcome === 'pass').length, 'the run goes on after a restart').toBeGreaterThan(0);
    expect(adapter.connection.started).toBeGreaterThan(1);
  });

  it('hang: the request times out with its stage, the process is killed and restarted', async () => {
    const adapter = fixture('hang', 6, 300);
    const results = await runOn(adapter);
    const errors = results.filter((r) => r.outcome === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => /encrypt|decrypt/.test(r.stage ?? ''))).toBe(true);
    expect(errors.some((r) => /got no answer within 300 ms; the process was killed/.test(r.message))).toBe(true);
    expect(results.some((r) => r.outcome === 'pass')).toBe(true);
    expect(adapter.connection.started).toBeGreaterThan(1);
  });

  it('a process that keeps crashing is given up on: later requests fail at once', async () => {
    const a = externalAdapter({ id: 'fx-crash-always', command: { file: process.execPath, args: [FIXTURE, '--fault=crash'] }, maxStarts: 3 });
    started.push(a);
    const results = await runOn(a);
    expect(results.every((r) => r.outcome === 'error' || r.outcome === 'unsupported')).toBe(true);
    expect(results.some((r) => /started 3 times, not restarting again; last failure: exited with code 3/.test(r.message))).toBe(true);
    expect(a.connection.started).toBe(3);
  });

  it.each([
    ['bad-hello', /speaks protocol version 2/],
    ['no-hello', /wrote a line that is not JSON: "Welcome to the ACME crypto shell"/],
    ['silent', /no hello within 3000 ms/],
  ])('%s: the probe says why', async (fault, reason) => {
    const a = externalAdapter({ id: `fx-${fault}`, command: { file: process.execPath, args: [FIXTURE, `--fault=${fault}`] }, helloTimeoutMs: 3_000 });
    started.push(a);
    const probe = await a.probe();
    expect(probe).toMatchObject({ available: false, reason: expect.stringMatching(reason) });
  });

  it('python-ref without its Python packages is not available, with the install hint', async () => {
    // -S keeps site-packages (where Debian installs python3-cryptography) off the path.
    const spec = (pythonRef as ExternalAdapter).spec;
    const a = externalAdapter({ ...spec, id: 'python-ref-bare', command: { ...spec.command, args: ['-S', ...spec.command.args] } });
    expect(await a.probe()).toMatchObject({
      available: false,
      reason: expect.stringMatching(/exited with code 3 before its hello .*needs Debian's python3-cryptography and python3-nacl/),
      install: expect.stringMatching(/apt-get install -y python3-cryptography python3-nacl/),
    });
  });

  it('a program that does not exist is not available, with the reason', async () => {
    const a = externalAdapter({ id: 'fx-missing', command: { file: '/nonexistent/adapter', args: [] }, install: 'ask the vendor' });
    expect(await a.probe()).toMatchObject({
      available: false,
      reason: expect.stringMatching(/cannot start \/nonexistent\/adapter: .*ENOENT/),
      install: 'ask the vendor',
    });
  });

  it('answers in any order are matched by id (reorder is allowed)', async () => {
    const adapter = fixture('reorder');
    const results = await runOn(adapter);
    expect(results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'unsupported').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(adapter.connection.started).toBe(1);
  });

  it('a claim the adapter then refuses is a wrong-capability failure', async () => {
    const results = await runOn(fixture('lies'));
    const runs = results.filter((r) => r.outcome !== 'unsupported');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.outcome === 'fail' && r.failure === 'wrong-capability')).toBe(true);
  });
});

describe('adapter check', () => {
  const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));
  const check = (id: string, args: string[], standards = [gcm]): Promise<CheckReport> =>
    checkAdapter({ id, command: { file: process.execPath, args: [FIXTURE, ...args] }, requestTimeoutMs: 1_000 }, { standards, vectors, expectations });
  const failed = (r: CheckReport): string[] => r.items.filter((i) => !i.ok).map((i) => i.name);

  it('fails when a claimed standard is dropped (a misspelled parameter), naming it', async () => {
    const r = await check('fx-misspelled', ['--fault=misspelled-claim'], [gcm, STANDARD_BY_ID.get('aes-cbc')!]);
    expect(r.conforms).toBe(false);
    expect(failed(r)).toEqual(['claims']);
    expect(r.items.find((i) => i.name === 'claims')!.problems!.join('\n')).toMatch(/aes-cbc treated as a gap: .*keyBits/);
  });

  it('passes a correct adapter on every item', async () => {
    const r = await check('fx-good', []);
    expect(r.items.filter((i) => !i.ok)).toEqual([]);
    expect(r.conforms).toBe(true);
    expect(r.items.map((i) => i.name)).toEqual([
      'handshake',
      'claims',
      'known answers',
      'round trips',
      'tampered input rejected',
      'EC secret scalar with a leading zero byte',
      'both shapes of each EC key encoding',
      'undeclared combinations refused as unsupported',
      'intent resolutions',
      'malformed requests answered bad-request',
      'concurrent requests matched by id',
      'process stayed up',
      'exits when stdin closes',
    ]);
  });

  it.each([
    ['wrong-answer', ['known answers']],
    ['lax', ['malformed requests answered bad-request']],
    ['no-exit', ['exits when stdin closes']],
    ['lies', ['known answers', 'round trips']],
  ])('fails %s on %j', async (fault, items) => {
    const r = await check(`fx-${fault}`, [`--fault=${fault}`]);
    expect(r.conforms).toBe(false);
    for (const name of items) expect(failed(r)).toContain(name);
  });

  it('fails an adapter that crashes now and then, and says it restarted', async () => {
    const r = await check('fx-crash', ['--fault=crash', '--after=40']);
    expect(r.conforms).toBe(false);
    expect(failed(r)).toContain('process stayed up');
    expect(r.stderr).toMatch(/simulated crash/);
  });

  it('fails a bad handshake at once', async () => {
    const r = await check('fx-bad-hello', ['--fault=bad-hello']);
    expect(r).toMatchObject({ conforms: false, items: [{ name: 'handshake', ok: false, detail: expect.stringMatching(/protocol version 2/) }] });
  });

  // RSA key generation dominates: the tests keep to one 2048-bit DER key pair per role (`bothends adapter check` does them all).
  const oneKey = (p: Params): boolean => p['modulusBits'] === undefined || (p['modulusBits'] === 2048 && p['keyFormat'] === 'der');
  const quick = STANDARDS.map((s) => ({ ...s, matrix: s.matrix.filter(oneKey), negativeMatrix: (s.negativeMatrix ?? s.matrix).filter(oneKey) }));

  it.each([
    ['python-ref', pythonRef as ExternalAdapter],
    ['java-ref', javaRef as ExternalAdapter],
  ])('passes the reference adapter %s', async (id, ref) => {
    const r = await checkAdapter(ref.spec, { standards: quick, vectors, expectations });
    expect(r.items.filter((i) => !i.ok)).toEqual([]);
    expect(r.conforms, id).toBe(true);
  });
});

describe('adapter check: implicit rejection as declared, and the EC encoding pitfalls', () => {
  const PK_FIXTURE = projectPath('test', 'fixtures', 'pk-adapter.mjs');
  const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));
  const standards = ['ecdh', 'rsaes-pkcs1-v1_5'].map((id) => STANDARD_BY_ID.get(id)!);
  const check = (id: string, args: string[]): Promise<CheckReport> =>
    checkAdapter(
      { id, command: { file: process.execPath, args: [PK_FIXTURE, ...args] }, requestTimeoutMs: 5_000 },
      { standards, vectors: vectors.filter((v) => standards.some((s) => s.id === v.standard)), expectations },
    );
  const failed = (r: CheckReport): string[] => r.items.filter((i) => !i.ok).map((i) => i.name);
  const problems = (r: CheckReport, name: string): string => (r.items.find((i) => i.name === name)?.problems ?? []).join('\n');

  it('passes an adapter that rejects with an error, and one that declares the implicit rejection it does', async () => {
    const plain = await check('pk-error', []);
    expect(plain.items.filter((i) => !i.ok)).toEqual([]);
    const declared = await check('pk-implicit', ['--rejection=implicit', '--declare=implicit']);
    expect(declared.items.filter((i) => !i.ok)).toEqual([]);
    expect(declared.items.find((i) => i.name === 'claims')!.detail).toMatch(/implicit rejection declared for rsaes-pkcs1-v1_5/);
    expect(declared.items.find((i) => i.name === 'tampered input rejected')!.detail).toMatch(/pass \(\d+ by implicit rejection\)/);
  });

  it('fails implicit rejection that is not declared, and a declaration the adapter does not keep', async () => {
    const undeclared = await check('pk-undeclared', ['--rejection=implicit']);
    expect(failed(undeclared)).toContain('tampered input rejected');
    expect(problems(undeclared, 'tampered input rejected')).toMatch(/fail \(wrong-capability\) .*implicit rejection, not declared: pk-undeclared answered/);
    const broken = await check('pk-declares', ['--declare=implicit']);
    expect(failed(broken)).toEqual(['tampered input rejected']);
    expect(problems(broken, 'tampered input rejected')).toMatch(/pk-declares declares implicit rejection .* but refused the tampered input/);
  });

  it.each([
    ['strips-zero', 'EC secret scalar with a leading zero byte', /ecdh P-256 (sec1|der|jwk): secret scalar 00.*private key must be 32 bytes/],
    ['pkcs8-tail', 'both shapes of each EC key encoding', /ecdh P-256 der: PKCS#8 secret key carrying its public key/],
  ])('fails --fault=%s on "%s" alone', async (fault, name, problem) => {
    const r = await check(`pk-${fault}`, [`--fault=${fault}`]);
    expect(failed(r)).toEqual([name]);
    expect(problems(r, name)).toMatch(problem);
  });
});

describe('docs/adapter-protocol.md is enough to write an adapter', () => {
  const doc = readFileSync(projectPath('docs', 'adapter-protocol.md'), 'utf8');

  it('names every standard, with every parameter and value, in its table', () => {
    const table = doc.slice(doc.indexOf('| standard | family |'), doc.indexOf('Put your product'));
    for (const std of STANDARDS) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${std.id}\` |`));
      expect(row, `row of ${std.id}`).toBeDefined();
      for (const p of std.params) {
        expect(row, `${std.id} ${p.name}`).toContain(`\`${p.name}\``);
        for (const v of p.values) expect(row, `${std.id} ${p.name} ${String(v)}`).toContain(String(v));
      }
    }
  });

  it('has a minimal adapter that passes the check', async () => {
    const code = /## 11\. A minimal adapter[\s\S]*?```python\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(code).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'bothends-minimal-')), 'minimal.py');
    writeFileSync(file, code!);
    const r = await checkAdapter({ id: 'minimal', command: { file: '/usr/bin/python3', args: [file] } }, { standards: [gcm], vectors });
    expect(r.items.filter((i) => !i.ok)).toEqual([]);
  });
});

describe('command line', () => {
  const quietly = async (argv: string[]): Promise<number> => {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      return await main(argv);
    } finally {
      process.stdout.write = write;
    }
  };

  it('adapter check: 0 for a conforming adapter, 1 for a broken one, 2 without a command', async () => {
    expect(await quietly(['adapter', 'check', '--id', 'fx', '--standard', 'aes-gcm', '--', process.execPath, FIXTURE])).toBe(0);
    expect(await quietly(['adapter', 'check', '--id', 'fx', '--standard', 'aes-gcm', '--', process.execPath, FIXTURE, '--fault=wrong-answer'])).toBe(1);
    expect(await quietly(['adapter', 'check', '--id', 'Not An Id', '--', process.execPath, FIXTURE])).toBe(2);
  });

  it('run --external adds a column: its outcomes are in the report with kind external', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bothends-external-'));
    const vectorsDir = join(out, 'vectors');
    cpSync(join(DEFAULT_VECTORS_DIR, 'aes-gcm'), join(vectorsDir, 'aes-gcm'), { recursive: true });
    const code = await quietly([
      'run',
      '--standard',
      'aes-gcm',
      '--adapter',
      'node-crypto',
      'fx',
      '--kind',
      'kat',
      'matrix',
      '--case',
      'aes-gcm/k128-iv12-t16/*',
      '--external',
      `fx=${process.execPath} ${FIXTURE}`,
      '--vectors',
      vectorsDir,
      '--out',
      out,
      '--format',
      'json',
      '--quiet',
      '--isolation',
      'none',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      adapters: Array<{ id: string; kind: string; available: boolean }>;
      results: CaseResult[];
    };
    expect(report.adapters.find((a) => a.id === 'fx')).toMatchObject({ kind: 'external', available: true });
    const cells = report.results.filter((r) => r.id.includes('/matrix/') && r.id.includes('fx'));
    expect(cells.map((r) => r.id).sort()).toEqual([
      'aes-gcm/k128-iv12-t16/matrix/fx~fx',
      'aes-gcm/k128-iv12-t16/matrix/fx~node-crypto',
      'aes-gcm/k128-iv12-t16/matrix/node-crypto~fx',
    ]);
    expect(cells.every((r) => r.outcome === 'pass')).toBe(true);
    // A replay adds the external adapter its case needs, and only to cases it takes part in.
    const fx = `--external 'fx=${process.execPath} ${FIXTURE}'`;
    expect(cells.every((r) => r.replay.includes(fx))).toBe(true);
    expect(report.results.find((r) => r.id === 'aes-gcm/k128-iv12-t16/matrix/node-crypto~node-crypto')!.replay).not.toContain('--external');
    expect(await quietly(['run', '--external', 'node-crypto=/bin/true', '--out', out])).toBe(2);
  });
});
