/**
 * The keyfile corpus importer. Small synthetic corpora test every path (they always run): the
 * name grammar, what is imported and with which expectation, what is excluded and why, and the
 * errors that name a file while the others go on. The real corpus (BOTHENDS_KEYFILE_CORPUS_DIR,
 * default ../shared/vectors/keyfile-corpus) is imported whole with no error, and read by the
 * in-process readers and the openssl command line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toPem } from '../../adapters/container-common.js';
import { certtoolAdapter } from '../../adapters/certtool.js';
import { forgeContainers } from '../../adapters/node-forge/forge-containers.js';
import { javaRef } from '../../adapters/java-ref/java-ref.js';
import { nodeContainers } from '../../adapters/node-containers.js';
import { opensslCli } from '../../adapters/openssl-cli.js';
import { pk12utilAdapter } from '../../adapters/pk12util.js';
import { pythonRef } from '../../adapters/python-ref/python-ref.js';
import { defineAdapter, type Adapter } from '../../core/adapter.js';
import { RejectedError } from '../../core/errors.js';
import { CONTAINER_FIXTURES } from '../../core/families/container-fixtures.js';
import { projectRoot } from '../../core/paths.js';
import { pkcs12 } from '../../standards/pkcs12.js';
import { pkcs8Encrypted } from '../../standards/pkcs8-encrypted.js';
import { runSuite } from '../../suite.js';
import { corporaSection } from './conformance.js';
import { describeName, importKeyfileCorpus, KEYFILE_CORPUS_ENV, parseName } from './keyfile-corpus.js';

const DIR = process.env[KEYFILE_CORPUS_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'keyfile-corpus');
const HAVE = existsSync(DIR);
if (!HAVE) console.warn(`skipping the keyfile corpus tests: ${DIR} does not exist (set ${KEYFILE_CORPUS_ENV})`);

const b64 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'base64'));
const RSA = CONTAINER_FIXTURES['rsa-2048']!;
const P256 = CONTAINER_FIXTURES['p-256']!;

describe('the name grammar', () => {
  it('parses nested terms, and closes a term left open before a top-level one', () => {
    const { terms, repaired } = parseName('rsa(2048,sha256),cert&key(PBES2(PBKDF2(salt(8),iter(2048)),aes-128-cbc(IV(16)))),pass(ascii)');
    expect(repaired).toBe(false);
    expect(terms.map((t) => t.name)).toEqual(['rsa', 'cert&key', 'pass']);
    expect(terms[1]!.text).toBe('cert&key(PBES2(PBKDF2(salt(8),iter(2048)),aes-128-cbc(IV(16))))');
    const open = parseName('rsa(2048,sha256),key(x),mac(sha1,salt(8),iter(10240),pass(ascii)');
    expect(open.repaired).toBe(true);
    expect(open.terms.map((t) => t.text)).toEqual(['rsa(2048,sha256)', 'key(x)', 'mac(sha1,salt(8),iter(10240))', 'pass(ascii)']);
    expect(() => parseName('rsa(2048,sha256),key(x')).toThrow(/never closed/);
    expect(() => parseName('rsa(2048),key(x))')).toThrow(/unexpected "\)"/);
  });

  it('reads the key, what the file holds, its password, and the marks', () => {
    const n = describeName(
      'rsa(2048,sha256),key(PBES2(PBKDF2(salt(16),iter(2000)),des-ecb)),cert(none),mac(sha1,salt(16),iter(2000)),pass(ascii),ber(inf),malformed(nss-3.21)',
    );
    expect(n).toMatchObject({ key: 'rsa(2048,sha256)', keyType: 'rsa-2048', holdsKey: true, holdsCertificate: true, password: { name: 'ascii' }, ber: true });
    expect(n.malformed).toBe('nss-3.21');
    expect(describeName('dsa(1024,sha1),cert(none),key(none).p12'.replace('.p12', ''))).toMatchObject({ keyType: undefined, password: { name: 'empty' } });
    expect(describeName('rsa(2048,sha256),cert(none),key(x),mac(sha1),pass-mac(a),pass-cipher(b)').password).toMatchObject({ why: /one password for the MAC/ });
    expect(describeName('rsa(2048,sha256),cert(none),key(x),mac(sha1)').password).toMatchObject({ why: /no password/ });
  });
});

/** A corpus directory of `files` (name → bytes or text). */
function corpus(files: Readonly<Record<string, Uint8Array | string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bothends-keyfile-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

/** A real PKCS#12 file of the RSA fixture, made by openssl (AES-256, HMAC-SHA-256), or undefined without openssl. */
function opensslP12(password: string): Uint8Array | undefined {
  const dir = corpus({ 'k.pem': toPem(b64(RSA.secretKey), 'PRIVATE KEY'), 'c.pem': toPem(b64(RSA.certificate), 'CERTIFICATE') });
  try {
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-out', 'o.p12', '-passout', `pass:${password}`], {
      cwd: dir,
      stdio: 'ignore',
    });
    return Uint8Array.from(execFileSync('cat', ['o.p12'], { cwd: dir }));
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const KEY = 'rsa(2048,sha256)';
const READ_ONLY = { claims: { pkcs12: { ops: ['read' as const] } }, gaps: {} };
const GOOD = `${KEY},cert&key(PBES2(PBKDF2(salt(8),iter(2048),prf(hmacWithSHA256)),aes-256-cbc(IV(16)))),mac(sha256,salt(8),iter(2048)),pass(ascii).p12`;

describe('importKeyfileCorpus', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const known = { [`${KEY},pkcs8(none).key`]: toPem(b64(RSA.secretKey), 'PRIVATE KEY'), [`${KEY}.crt`]: toPem(b64(RSA.certificate), 'CERTIFICATE') };

  it('imports each container as one read against every reader, excludes what the family cannot express, and names every bad file', () => {
    const dir = corpus({
      ...known,
      'password-ascii.txt': 'secret',
      'README.md': 'not a container',
      [GOOD]: 'bytes of a p12',
      [`${KEY},key(x),mac(sha1),pass(ascii),malformed(nss-3.21).p12`]: 'x',
      [`${KEY},cert(none),key(none),mac(sha1),pass-mac(ascii),pass-cipher(ascii).p12`]: 'x',
      [`${KEY},cert(x),key(x),mac(sha1),pass(ascii),malformed(nss-3.21).p12`]: 'x',
      [`${KEY},cert(x),key(x),pass(ascii2).p12`]: 'x',
      [`${KEY},cert(x),key(x.p12`]: 'x',
      [`ecdsa(P-256,sha256),cert(x),key(x),pass(ascii).p12`]: 'x',
      [`${KEY},pkcs8(PBES2(scrypt(salt(8)),aes-256-cbc)),pass(ascii).key`]: 'no PEM here',
    });
    dirs.push(dir);
    const out = importKeyfileCorpus(dir);
    expect(out.procedures.map((p) => [p.file.replace(/^keyfile-corpus\//, ''), p.standard, p.params, p.expected])).toEqual([
      [GOOD, 'pkcs12', { keyType: 'rsa-2048', password: 'ascii' }, 'accept'],
      [`${KEY},cert(x),key(x),mac(sha1),pass(ascii),malformed(nss-3.21).p12`, 'pkcs12', { keyType: 'rsa-2048', password: 'ascii' }, 'reject'],
    ]);
    const excluded = out.inventory
      .filter((e) => e.imported === 0)
      .map((e) => [e.file.replace(/^keyfile-corpus\//, ''), e.excluded[0]!.kind, e.excluded[0]!.reason]);
    expect(excluded).toEqual([
      [`${KEY},cert(none),key(none),mac(sha1),pass-mac(ascii),pass-cipher(ascii).p12`, 'not-representable', expect.stringMatching(/one password for the MAC/)],
      [`${KEY},key(x),mac(sha1),pass(ascii),malformed(nss-3.21).p12`, 'not-feasible', expect.stringMatching(/holds no certificate/)],
    ]);
    const errors = out.errors.map((e) => e.message);
    expect(errors).toEqual([
      expect.stringMatching(
        /^keyfile-corpus\/ecdsa\(P-256,sha256\),cert\(x\),key\(x\),pass\(ascii\)\.p12: importer: cannot read .*ecdsa\(P-256,sha256\),pkcs8\(none\)\.key/,
      ),
      expect.stringMatching(
        /^keyfile-corpus\/rsa\(2048,sha256\),cert\(x\),key\(x\),pass\(ascii2\)\.p12: importer: the password file password-ascii2\.txt is not in the corpus/,
      ),
      expect.stringMatching(
        /^keyfile-corpus\/rsa\(2048,sha256\),cert\(x\),key\(x\.p12: importer: the file name does not parse: "\(" at character 28 is never closed/,
      ),
      expect.stringMatching(/^keyfile-corpus\/rsa\(2048,sha256\),pkcs8\(PBES2.*\.key: importer: cannot read .* 0 PEM blocks labelled ENCRYPTED PRIVATE KEY/),
    ]);
    expect(out.procedures[0]!.expectedBecause).toMatch(/well-formed \(RFC 7292/);
    expect(out.procedures[1]!.flags).toEqual(['malformed']);
  });

  it('every reader reads a file told only its password (the container states the rest)', async (ctx) => {
    const p12 = opensslP12('secret');
    if (!p12) return ctx.skip();
    const dir = corpus({ ...known, 'password-ascii.txt': 'secret', [GOOD]: p12 });
    dirs.push(dir);
    const imported = importKeyfileCorpus(dir);
    const readers = [opensslCli, nodeContainers, forgeContainers, certtoolAdapter, pk12utilAdapter, pythonRef, javaRef];
    const report = await runSuite({
      standards: [pkcs12],
      adapters: readers,
      kinds: ['import'],
      vectors: [],
      procedures: imported.procedures,
      seed: 'keyfile',
      isolation: 'none',
      timeoutMs: 60_000,
    });
    const ran = report.results.filter((r) => r.outcome !== 'skipped');
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(ran.filter((r) => r.outcome !== 'pass').map((r) => `${r.consumer}: ${r.message}`)).toEqual([]);
    expect(report.results[0]!.paramsId).toBe('rsa-2048-pw-ascii');
  }, 120_000);

  it('an unreadable directory is an error naming it', () => {
    const out = importKeyfileCorpus(join(tmpdir(), 'bothends-no-such-keyfile-corpus'));
    expect(out.errors[0]!.message).toMatch(/cannot read the keyfile corpus directory/);
  });

  it('a reader must give back the very key and certificate, and must refuse a malformed file', async (ctx) => {
    const p12 = opensslP12('secret');
    if (!p12) return ctx.skip();
    const dir = corpus({
      ...known,
      'password-ascii.txt': 'secret',
      [GOOD]: p12,
      [`${KEY},cert&key(x),mac(sha256),pass(ascii),malformed(test).p12`]: p12,
    });
    dirs.push(dir);
    const imported = importKeyfileCorpus(dir);
    expect(imported.errors).toEqual([]);
    /** Broken fakes: one returns another key, one reads anything. */
    const fake = (id: string, secretKey: string): Adapter =>
      defineAdapter({
        ...forgeContainers,
        id,
        capabilities: READ_ONLY,
        ops: {
          pkcs12: {
            read: async () => ({ secretKey: b64(secretKey), certificate: b64(RSA.certificate) }),
          },
        },
      });
    const refuses = defineAdapter({
      ...forgeContainers,
      id: 'refuses-all',
      capabilities: READ_ONLY,
      ops: {
        pkcs12: {
          read: async () => {
            throw new RejectedError('no');
          },
        },
      },
    });
    const report = await runSuite({
      standards: [pkcs12],
      adapters: [forgeContainers, fake('wrong-key', P256.secretKey), fake('same-key', RSA.secretKey), refuses],
      kinds: ['import'],
      vectors: [],
      procedures: imported.procedures,
      seed: 'keyfile',
      isolation: 'none',
      timeoutMs: 60_000,
    });
    const outcome = Object.fromEntries(
      report.results.map((r) => [`${r.consumer} ${r.vector?.file.includes('malformed') ? 'malformed' : 'good'}`, `${r.outcome} ${r.failure ?? ''}`.trim()]),
    );
    expect(outcome).toEqual({
      'forge-containers good': 'pass',
      'forge-containers malformed': 'fail accepted-invalid',
      'wrong-key good': 'fail wrong-output',
      'wrong-key malformed': 'fail accepted-invalid',
      'same-key good': 'pass',
      'same-key malformed': 'fail accepted-invalid',
      'refuses-all good': 'fail rejected-valid',
      'refuses-all malformed': 'pass',
    });
  }, 60_000);
});

describe.skipIf(!HAVE)('the keyfile corpus', () => {
  it('imports with no error; every file is imported or excluded with its reason', () => {
    const c = importKeyfileCorpus(DIR);
    expect(c.errors.map((e) => e.message)).toEqual([]);
    expect(c.inventory.length).toBeGreaterThanOrEqual(150);
    for (const e of c.inventory) expect(e.imported + e.excluded.reduce((n, x) => n + x.tests, 0), e.file).toBe(1);
    expect(c.procedures.filter((p) => p.expected === 'reject').length).toBeGreaterThanOrEqual(15);
    expect(c.procedures.some((p) => p.standard === pkcs8Encrypted.id)).toBe(true);
  });

  it("NSS proves the key of a restricted RSA-PSS file by its export when the certificate refuses pk1sign's signature", async (ctx) => {
    if (!(await pk12utilAdapter.probe()).available) return ctx.skip();
    const c = importKeyfileCorpus(DIR);
    const pss = c.procedures.filter((p) => p.file.includes('/rsa-pss(2048,sha256,restrict),cert&key'));
    expect(pss).toHaveLength(1);
    const report = await runSuite({
      standards: [pkcs12],
      adapters: [pk12utilAdapter],
      kinds: ['import'],
      vectors: [],
      procedures: pss,
      seed: 'keyfile-corpus',
      isolation: 'none',
      timeoutMs: 60_000,
    });
    expect(report.results.map((r) => `${r.outcome}: ${r.message}`)).toEqual([expect.stringMatching(/^pass: /)]);
  }, 60_000);

  // The million-iteration files cost minutes on a shared machine and test no more of the harness: left to the CLI run.
  it('is read by node-forge, Node and openssl, every file × reader with an outcome and its reason', async () => {
    const all = importKeyfileCorpus(DIR);
    const c = { ...all, procedures: all.procedures.filter((p) => !p.file.includes('iter(1000000)')) };
    const report = await runSuite({
      standards: [pkcs12, pkcs8Encrypted],
      adapters: [forgeContainers, nodeContainers, opensslCli],
      kinds: ['import'],
      vectors: [],
      procedures: c.procedures,
      seed: 'keyfile-corpus',
      isolation: 'none',
      concurrency: 4,
      timeoutMs: 120_000,
    });
    expect(report.results.filter((r) => r.outcome === 'error').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(report.results).toHaveLength(3 * c.procedures.length);
    // Every file the corpus marks malformed is refused by each of the three.
    const malformed = report.results.filter((r) => r.vector?.flags?.includes('malformed'));
    expect(malformed.length).toBe(3 * c.procedures.filter((p) => p.expected === 'reject').length);
    expect(malformed.filter((r) => r.outcome !== 'pass').map((r) => r.id)).toEqual([]);
    // OpenSSL reads the rest but for the SHA-3 PRFs, IDEA and MD2 (3.0's providers have none of them for PBES).
    const opensslRefused = report.results.filter((r) => r.consumer === 'openssl-cli' && r.outcome !== 'pass').map((r) => r.vector!.file);
    expect(
      opensslRefused.every((f) => /hmac-sha3|idea-cbc|MD2/.test(f)),
      opensslRefused.join('\n'),
    ).toBe(true);
    // forge gives an RSASSA-PSS key back as rsaEncryption: the canonical comparison catches it.
    const pss = report.results.filter((r) => r.consumer === 'forge-containers' && r.vector!.file.includes('/rsa-pss('));
    expect(pss.map((r) => r.failure)).toContain('wrong-output');
    const section = corporaSection(c.inventory, report.results);
    expect(section.conformance.map((a) => a.adapter).sort()).toEqual(['forge-containers', 'node-containers', 'openssl-cli']);
    expect(section.conformance[0]!.files.length).toBe(c.procedures.length);
  }, 600_000);
});
