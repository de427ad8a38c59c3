import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../core/adapter.js';
import { ConfigError, RejectedError, UnsupportedError } from '../../core/errors.js';
import { invoke } from '../../core/call-adapter.js';
import type { CaseResult } from '../../core/model.js';
import { runSuite } from '../../suite.js';
import * as openpgpLib from 'openpgp';
import { openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { AdapterProcessError } from '../child-session.js';
import { openpgpJs } from '../openpgp/openpgp-js.js';
import { openpgpSpawns } from '../openpgp/openpgp-common.js';
import { JvmHostPool, jvmHostUsable } from './sop-host/jvm-host.js';
import { gosop, pgpainless, PGPAINLESS, sqop } from './sop.js';
import { configuredSopAdapters, readSopConfig } from './sop-config.js';
import { installHint, runProgram } from '../subprocess.js';

const BASE = openpgp.matrix[0]!;
const dir = mkdtempSync(join(tmpdir(), 'bothends-sop-test-'));
const config = (doc: unknown): string => {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
};

async function matrix(adapters: Adapter[], cases: string[]): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [openpgp],
    adapters,
    kinds: ['matrix', 'negative'],
    vectors: [],
    seed: 'sop-test',
    timeoutMs: 60_000,
    cases,
    isolation: 'none',
  });
  return [...report.results];
}

// The adapters' class archives (pgpainless) and any other per-run state go with the run.
afterAll(async () => {
  await Promise.all([sqop, gosop, pgpainless].map((a) => a.dispose?.()));
  rmSync(dir, { recursive: true, force: true });
});

describe.each([sqop, gosop, pgpainless].map((a) => [a.id, a] as const))('%s', (id, adapter) => {
  it('interoperates with openpgp-js both ways on the base parameter set and rejects a flipped MDC', async (ctx) => {
    const probe = await adapter.probe();
    if (!probe.available) ctx.skip(`${id} not installed: ${probe.reason} (${probe.install ?? ''})`);
    expect(probe.available && probe.version).toMatch(/backend/);
    const rs = await matrix(
      [openpgpJs, adapter],
      [`openpgp/${openpgp.paramsId(BASE)}/matrix/*`, `openpgp/v4-cv25519-legacy-seipdv1-aes256-bin-r1/negative/*~${id}/flip-integrity`],
    );
    const mine = rs.filter((r) => r.producer === id || r.consumer === id);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // gosop generates RSA keys only: as a consumer it is unsupported on the Curve25519 grid; and
    // decrypting with openpgp-js's key (the secret-key exchange) it mangles binary plaintext
    // through UTF-8 (a known deviation, vectors/expectations.json).
    const expected = (r: CaseResult): string => (id !== 'gosop' ? 'pass' : r.consumer === 'gosop' ? 'unsupported' : r.kind === 'matrix' ? 'fail' : 'pass');
    for (const r of mine) expect([r.id, r.outcome]).toEqual([r.id, expected(r)]);
    if (id === 'gosop')
      expect(mine.find((r) => r.kind === 'matrix' && r.producer === 'gosop')!.message).toMatch(/gosop's decryption with openpgp-js's secret key differs/);
  });
});

describe('SOP capabilities', () => {
  it('refuses a cipher SOP cannot choose with UnsupportedError, and still decrypts it', async () => {
    await expect(
      invoke(sqop, 'openpgp', 'encrypt', { ...BASE, sessionCipher: 'twofish' }, { publicKey: new Uint8Array(1), plaintext: new Uint8Array(1) }),
    ).rejects.toBeInstanceOf(UnsupportedError);
    expect(sqop.capabilities.claims['openpgp']!.params!['sessionCipher']!.ops).toEqual(['encrypt']);
  });

  it('counts its processes', async () => {
    const before = openpgpSpawns.count;
    await sqop.probe();
    expect(openpgpSpawns.count).toBeGreaterThan(before);
  });
});

describe('SOP config', () => {
  it('adds an implementation from a file, without code', async (ctx) => {
    if (!(await sqop.probe()).available) ctx.skip('sqop not installed (apt-get install -y sqop)');
    const [alias] = configuredSopAdapters({ config: config({ sop: [{ name: 'sqop-alias', path: 'sqop', args: [] }] }) }, ['sqop']);
    expect(alias!.id).toBe('sqop-alias');
    const rs = await matrix([openpgpJs, alias!], [`openpgp/${openpgp.paramsId(BASE)}/matrix/*`]);
    expect(rs.filter((r) => r.id.includes('sqop-alias')).map((r) => r.outcome)).toEqual(['pass', 'pass', 'pass']);
  });

  it('names the file and the JSON path of a mistake', () => {
    const bad = config({
      sop: [
        { name: 'ok', path: 'sqop' },
        { name: 'x', path: 7 },
      ],
    });
    expect(() => readSopConfig(bad)).toThrow(ConfigError);
    expect(() => readSopConfig(bad)).toThrow(`${bad} at $.sop[1].path`);
    const unknown = config({ sop: [{ name: 'y', path: 'sqop', produces: { compression: 'bzip2' } }] });
    expect(() => readSopConfig(unknown)).toThrow('$.sop[0].produces.compression');
    const notJson = config('{ "sop": [');
    expect(() => readSopConfig(notJson)).toThrow(ConfigError);
    expect(() => configuredSopAdapters({ sop: ['sqop=sqop'] }, ['sqop'])).toThrow(/already taken/);
    expect(() => configuredSopAdapters({ sop: ['nopath'] }, [])).toThrow(/NAME=PATH/);
  });
});

describe('pgpainless in persistent JVMs (src/adapters/sop/sop-host)', () => {
  const host = PGPAINLESS.jvmHost!;
  const hostOnly = (ctx: { skip: (note: string) => void }): void => {
    if (!jvmHostUsable(host)) ctx.skip(`pgpainless jars or java not installed (${installHint('pgpainless-cli')})`);
  };
  const pools: JvmHostPool[] = [];
  const pool = (mainClass = host.mainClass, timeoutMs = 60_000): JvmHostPool => {
    const p = new JvmHostPool('pgpainless-test', { ...host, mainClass }, 1, timeoutMs);
    pools.push(p);
    return p;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));
  const bytes = (t: string): Uint8Array => new TextEncoder().encode(t);

  it('says in its probe that operations run in a host, and round-trips keys and passwords through it', async (ctx) => {
    hostOnly(ctx);
    const probe = await pgpainless.probe();
    expect(probe.available && probe.detail).toMatch(/PGPainlessCLI\.execute in a persistent JVM \(2 hosts/);
    const { publicKey, secretKey } = await invoke(pgpainless, 'openpgp', 'generateKeyPair', BASE, {});
    const plaintext = bytes('through the host');
    const { ciphertext } = await invoke(pgpainless, 'openpgp', 'encrypt', BASE, { publicKey: publicKey!, plaintext });
    expect((await invoke(pgpainless, 'openpgp', 'decrypt', BASE, { secretKey: secretKey!, ciphertext: ciphertext! })).plaintext).toEqual(plaintext);
    const pw = openpgpPassword.matrix[0]!;
    const sealed = await invoke(pgpainless, 'openpgp-password', 'encrypt', pw, { passphrase: bytes('hunter2'), plaintext });
    expect((await invoke(pgpainless, 'openpgp-password', 'decrypt', pw, { passphrase: bytes('hunter2'), ciphertext: sealed.ciphertext! })).plaintext).toEqual(
      plaintext,
    );
    // A corrupted ciphertext (its MDC's last byte flipped) is a rejection, as a non-zero exit of the CLI's decrypt is.
    const binary = { ...BASE, armor: 'binary' };
    const flipped = Uint8Array.from((await invoke(pgpainless, 'openpgp', 'encrypt', binary, { publicKey: publicKey!, plaintext })).ciphertext!);
    flipped[flipped.length - 1] = flipped.at(-1)! ^ 1;
    await expect(invoke(pgpainless, 'openpgp', 'decrypt', binary, { secretKey: secretKey!, ciphertext: flipped })).rejects.toBeInstanceOf(RejectedError);
  });

  it('interoperates with sqop both ways', async (ctx) => {
    hostOnly(ctx);
    if (!(await sqop.probe()).available) ctx.skip(`sqop not installed (${installHint('sqop')})`);
    const rs = await matrix([sqop, pgpainless], [`openpgp/${openpgp.paramsId(BASE)}/matrix/*`]);
    const across = rs.filter((r) => r.producer !== r.consumer);
    expect(across.map((r) => `${r.producer}>${r.consumer}`).sort()).toEqual(['pgpainless>sqop', 'sqop>pgpainless']);
    for (const r of across) expect([r.id, r.outcome]).toEqual([r.id, 'pass']);
  });

  it('gives every request its own stdin, stdout and stderr, as the CLI would', async (ctx) => {
    hostOnly(ctx);
    const p = pool();
    const cli = (args: string[], input?: Uint8Array) => runProgram('pgpainless-cli', args, { ...(input ? { input } : {}), timeoutMs: 60_000 });
    const keys = [
      await p.run(['generate-key', 'one <one@bothends.invalid>'], undefined),
      await p.run(['generate-key', 'two <two@bothends.invalid>'], undefined),
    ];
    for (const k of keys) expect(k.code).toBe(0);
    // One host, requests in a row: a stdin or stdout kept from an earlier request would give the
    // first key's certificate twice, or an empty one; the CLI's output is the reference.
    for (const k of keys) {
      const [viaHost, viaCli] = [await p.run(['extract-cert'], k.stdout), await cli(['extract-cert'], k.stdout)];
      expect([viaHost.code, Buffer.from(viaHost.stdout).toString()]).toEqual([0, Buffer.from(viaCli.stdout).toString()]);
    }
    expect(Buffer.from((await p.run(['extract-cert'], keys[0]!.stdout)).stdout)).not.toEqual(
      Buffer.from((await p.run(['extract-cert'], keys[1]!.stdout)).stdout),
    );
    // A failure: the same exit code and message on stderr, then the host goes on.
    const [badHost, badCli] = [
      await p.run(['decrypt', '--with-password', '/nonexistent'], bytes('not a message')),
      await cli(['decrypt', '--with-password', '/nonexistent'], bytes('not a message')),
    ];
    expect(badHost.code).toBe(badCli.code);
    expect(badHost.code).not.toBe(0);
    expect(badHost.stderr.trim().split('\n')[0]).toBe(badCli.stderr.split('\n').find((l) => !l.startsWith('NOTE: Picked up')));
    expect(Buffer.from((await p.run(['version'], undefined)).stdout).toString()).toBe(Buffer.from((await cli(['version'])).stdout).toString());
  });

  it('replaces a host killed between two requests', async (ctx) => {
    hostOnly(ctx);
    const p = pool();
    expect((await p.run(['version'], undefined)).code).toBe(0);
    const [first] = p.pids;
    process.kill(first!, 'SIGKILL');
    await expect.poll(() => p.pids).toEqual([]);
    expect((await p.run(['version'], undefined)).code).toBe(0);
    expect(p.pids).toHaveLength(1);
    expect(p.pids[0]).not.toBe(first);
  });

  it('kills a host that overruns its time limit, and the next request gets a new one', async (ctx) => {
    hostOnly(ctx);
    const p = pool(host.mainClass, 2_500);
    expect((await p.run(['version'], undefined)).code).toBe(0);
    const [first] = p.pids;
    // Four SKESKs with the largest iterated+salted S2K count (65 MB hashed each, about a second in
    // Java), the right password last: well over the 2.5 s a cold host needs for `version`.
    const passwords = ['wrong1', 'wrong2', 'wrong3', 'hunter2'];
    const slow = await openpgpLib.encrypt({
      message: await openpgpLib.createMessage({ binary: bytes('slow') }),
      passwords,
      format: 'binary',
      config: { s2kIterationCountByte: 255 },
    });
    const pwFile = join(dir, 'password');
    writeFileSync(pwFile, 'hunter2');
    const err = await p.run(['decrypt', '--with-password', pwFile], slow).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AdapterProcessError);
    expect((err as AdapterProcessError).code).toBe('ADAPTER_TIMEOUT');
    expect((await p.run(['version'], undefined)).code).toBe(0);
    expect(p.pids[0]).not.toBe(first);
  });

  it('fails a request with the host’s own words when the main class is not there', async (ctx) => {
    hostOnly(ctx);
    const err = await pool('org.example.NoSuchSop')
      .run(['version'], undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AdapterProcessError);
    expect((err as AdapterProcessError).code).toBe('ADAPTER_START');
    expect((err as Error).message).toMatch(/ClassNotFoundException: org\.example\.NoSuchSop/);
  });

  it('keeps pgpainless-cli reachable as a generic SOP, a process per operation', async (ctx) => {
    hostOnly(ctx);
    const [cli] = configuredSopAdapters({ sop: ['pgpainless-cli=/usr/bin/pgpainless-cli'] }, []);
    const probe = await cli!.probe();
    expect(probe.available && probe.detail).not.toMatch(/persistent/);
    const { publicKey, secretKey } = await invoke(pgpainless, 'openpgp', 'generateKeyPair', BASE, {});
    const plaintext = bytes('host to CLI');
    const before = openpgpSpawns.count;
    const { ciphertext } = await invoke(pgpainless, 'openpgp', 'encrypt', BASE, { publicKey: publicKey!, plaintext });
    expect(openpgpSpawns.count).toBe(before);
    expect((await invoke(cli!, 'openpgp', 'decrypt', BASE, { secretKey: secretKey!, ciphertext: ciphertext! })).plaintext).toEqual(plaintext);
    expect(openpgpSpawns.count).toBe(before + 1);
    await cli!.dispose?.();
  });
});
