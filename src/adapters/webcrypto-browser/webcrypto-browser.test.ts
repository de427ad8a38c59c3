/**
 * The browser adapters on Debian's real chromium and firefox-esr (never a downloaded browser):
 * they interoperate with Node's WebCrypto and node:crypto, their capability tables are what the
 * browsers did when tried, nothing leaves the machine, and a browser that hangs, crashes or
 * does not start costs only its own cases and leaves no process or profile behind. Intents are
 * made as called in the page. Chromium's WICG modern algorithms (ChaCha20-Poly1305, ML-KEM) run
 * against @noble/ciphers, node:crypto, @noble/post-quantum and mlkem, on the known answers and the
 * ML-KEM corpora (ACVP keyGen, Wycheproof mlkem_768_test; BOTHENDS_ACVP_DIR and
 * BOTHENDS_WYCHEPROOF_DIR, default ../shared/vectors), and a page whose tag or shared secret is
 * broken is caught. Each browser's section is skipped when it is not installed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../core/errors.js';
import type { CaseResult } from '../../core/model.js';
import type { KatFile } from '../../core/plan.js';
import { projectRoot } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { ACVP_ENV, importAcvpSet } from '../../vectors/importers/acvp.js';
import { importWycheproofJson, WYCHEPROOF_ENV } from '../../vectors/importers/wycheproof.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../../vectors/load.js';
import { BUILTIN_ADAPTERS, DEFAULT_ADAPTERS } from '../index.js';
import { webcryptoBrowser, type BrowserAdapter } from './adapter.js';
import { CHROMIUM, FIREFOX, type Engine } from './engines.js';
import { groupMembers } from './session.js';

const real = (id: string) => BUILTIN_ADAPTERS.find((a) => a.id === id) ?? DEFAULT_ADAPTERS.find((a) => a.id === id)!;
const standards = (...ids: string[]) => ids.map((id) => STANDARD_BY_ID.get(id)!);

/** No process of the adapter's browsers runs and no profile directory of theirs is left. */
function expectNothingLeft(a: BrowserAdapter): void {
  expect(a.session.pids.length).toBeGreaterThan(0);
  for (const pid of a.session.pids) expect(groupMembers(pid), `processes of browser ${pid}`).toEqual([]);
  for (const dir of a.session.profiles) expect(existsSync(dir), dir).toBe(false);
}

function run(adapters: Parameters<typeof runSuite>[0]['adapters'], cases: string[], onResult?: (r: CaseResult, done: number) => void) {
  return runSuite({
    standards: standards('aes-gcm', 'aes-cbc', 'aes-ctr', 'rsa-oaep', 'ecdh', 'x25519'),
    adapters,
    kinds: ['matrix', 'negative'],
    cases,
    vectors: [],
    seed: 'webcrypto-browser-test',
    isolation: 'none',
    ...(onResult ? { onResult } : {}),
  });
}

const involves = (r: CaseResult, id: string): boolean => r.producer === id || r.consumer === id;
/** What a sound implementation may get besides a pass: a declared gap, or tampering CBC and CTR cannot notice (reported, not passed). */
const sound = (r: CaseResult): boolean => r.outcome === 'pass' || r.outcome === 'unsupported' || r.failure === 'undetected-tamper';

for (const engine of [CHROMIUM, FIREFOX]) {
  const installed = existsSync(engine.executable);
  const title = installed ? `webcrypto-${engine.name}` : `webcrypto-${engine.name} (skipped: ${engine.executable} not found; ${engine.install})`;

  describe.skipIf(!installed)(title, () => {
    const adapter = webcryptoBrowser(engine);

    afterAll(async () => {
      await adapter.dispose?.();
      expectNothingLeft(adapter);
    });

    it('interoperates with Node: every case with the browser passes, capabilities tried in the browser', async () => {
      const report = await run(
        [real('webcrypto'), real('node-crypto'), adapter],
        ['aes-gcm/k256-iv12-t16/*', 'aes-gcm/k128-iv8-t16/*', 'aes-cbc/*', 'aes-ctr/*', 'rsa-oaep/2048-sha256*', 'ecdh/*', 'x25519/*'],
      );
      const mine = report.results.filter((r) => involves(r, adapter.id));
      expect(mine.length).toBeGreaterThan(100);
      const bad = mine.filter((r) => !sound(r));
      expect(bad.map((r) => `${r.id}: ${r.outcome} ${r.message}`)).toEqual([]);
      const entry = report.adapters.find((a) => a.id === adapter.id)!;
      expect(entry.available).toBe(true);
      expect(entry.detail).toMatch(/\d+ parameter values tried in the browser/);
      // Node refuses AES-GCM IVs under 12 bytes; the browser was asked, not assumed to.
      const short = mine.filter((r) => r.params['ivBytes'] === 8 && r.producer === adapter.id && r.consumer === adapter.id);
      expect(short.length).toBeGreaterThan(0);
      expect(short.every((r) => r.outcome === 'pass')).toBe(true);
      expect(adapter.session.blocked.filter((b) => b.includes('127.0.0.1'))).toEqual([]);
    });

    it('claims what the browser did when tried, and a gap carries its own error and is really refused', async () => {
      const aes = adapter.capabilities.claims['aes-gcm']!;
      const keyBits = aes.params?.['keyBits'];
      if (engine === CHROMIUM) {
        // BoringSSL has no AES-192: the browser said so when tried, and the claim says it in its words.
        expect(keyBits?.values).toEqual([128, 256]);
        expect(keyBits?.reason).toMatch(/192 → .*OperationError/);
        const encrypt = adapter.ops['aes-gcm']!.encrypt!;
        const inputs = { key: new Uint8Array(24), iv: new Uint8Array(12), aad: new Uint8Array(0), plaintext: new Uint8Array(3) };
        await expect(Promise.resolve().then(() => encrypt({ keyBits: 192, ivBytes: 12, tagBytes: 16 }, inputs))).rejects.toBeInstanceOf(UnsupportedError);
      } else {
        expect(keyBits).toBeUndefined();
      }
      if (engine === CHROMIUM) {
        // The WICG modern algorithms, tried: ChaCha20-Poly1305 whole, ML-KEM without 512 (refused in Chromium's words).
        expect(adapter.capabilities.claims['chacha20-poly1305']?.ops).toEqual(['encrypt', 'decrypt']);
        expect(adapter.capabilities.claims['ml-kem']?.params?.['parameterSet']?.values).toEqual(['ML-KEM-768', 'ML-KEM-1024']);
        expect(adapter.capabilities.claims['ml-kem']?.params?.['parameterSet']?.reason).toMatch(/ML-KEM-512 → .*NotSupportedError/);
      } else {
        // Firefox has neither: each gap is its own error for the call that failed.
        expect(adapter.capabilities.gaps['chacha20-poly1305']).toMatch(/^Firefox [\d.]+ refused it when tried .*SyntaxError: subtle\.importKey\('raw-secret'/);
        expect(adapter.capabilities.gaps['ml-kem']).toMatch(
          /^Firefox [\d.]+ refused it when tried .*SyntaxError: subtle\.generateKey\(\{ name: 'ML-KEM-768' \}/,
        );
        const generate = adapter.ops['ml-kem']!.generateKeyPair!;
        await expect(
          Promise.resolve().then(() => generate({ parameterSet: 'ML-KEM-768', secretKeyFormat: 'seed', publicKeyFormat: 'raw' }, {})),
        ).rejects.toBeInstanceOf(UnsupportedError);
      }
    });

    it("makes an intent's documented call in the page: RSA-OAEP as called passes no label, the explicit operation an empty one", async () => {
      await adapter.probe();
      // From now on the page records the keys of every algorithm dictionary RSA-OAEP encryption is given.
      await adapter.session.driver!.evaluate(() => {
        const subtle = globalThis.crypto.subtle;
        const encrypt = subtle.encrypt.bind(subtle);
        const seen: string[] = [];
        (globalThis as unknown as { bothendsSeen: string[] }).bothendsSeen = seen;
        subtle.encrypt = ((alg: { name: string }, key: CryptoKey, data: Uint8Array) => {
          if (alg.name === 'RSA-OAEP') seen.push(Object.keys(alg).sort().join(','));
          return encrypt(alg, key, data as Uint8Array<ArrayBuffer>);
        }) as typeof subtle.encrypt;
      }, null);
      const r = adapter.intents!['rsa-oaep']!['sha256']!;
      expect(r.call).toBe(real('webcrypto').intents!['rsa-oaep']!['sha256']!.call);
      const pair = await adapter.ops['rsa-oaep']!.generateKeyPair!(r.params, {});
      const plaintext = new TextEncoder().encode('as called');
      const asCalled = await r.ops.encrypt!(r.params, { publicKey: pair['publicKey']!, plaintext, label: new Uint8Array(0) });
      const explicit = await adapter.ops['rsa-oaep']!.encrypt!(r.params, { publicKey: pair['publicKey']!, plaintext, label: new Uint8Array(0) });
      expect(await adapter.session.driver!.evaluate(() => (globalThis as unknown as { bothendsSeen: string[] }).bothendsSeen, null)).toEqual([
        'name',
        'label,name',
      ]);
      // Both read back in Node's WebCrypto, as called.
      const node = real('webcrypto').intents!['rsa-oaep']!['sha256']!;
      for (const made of [asCalled, explicit])
        expect((await node.ops.decrypt!(node.params, { secretKey: pair['secretKey']!, ciphertext: made['ciphertext']! }))['plaintext']).toEqual(plaintext);
    });

    it('lets nothing leave the machine: the page cannot fetch, and a navigation elsewhere reaches only the refusing proxy', async () => {
      await adapter.probe();
      const driver = adapter.session.driver!;
      const fetched = await driver.evaluate(
        () =>
          fetch('http://bothends-fetch.example/').then(
            (r) => `answered ${r.status}`,
            (e: Error) => `refused: ${e.name}`,
          ),
        null,
      );
      expect(fetched).toMatch(/^refused/);
      await driver.goto('http://bothends-navigate.example/').catch(() => undefined);
      expect(adapter.session.blocked).toContain('GET http://bothends-navigate.example/');
      // Everything else it asked for was the browser calling home: refused the same way.
      for (const b of adapter.session.blocked) expect(b).not.toMatch(/bothends-fetch/);
      // The page is gone with that navigation: the next operation restarts the browser and works.
      const started = adapter.session.startCount;
      const out = await adapter.ops['x25519']!.generateKeyPair!({ curve: 'X25519', keyFormat: 'raw' }, {});
      expect(out['publicKey']).toHaveLength(32);
      expect(adapter.session.startCount).toBe(started + 1);
    });
  });

  describe.skipIf(!installed)(`webcrypto-${engine.name} faults`, () => {
    it('an operation that never settles costs its own cases, with the stage; the rest pass on the same browser', async () => {
      const adapter = webcryptoBrowser(engine);
      try {
        await adapter.probe();
        // From now on AES-GCM encryption of exactly 17 bytes never answers in this page.
        await adapter.session.driver!.evaluate(() => {
          const subtle = globalThis.crypto.subtle;
          const encrypt = subtle.encrypt.bind(subtle);
          subtle.encrypt = ((alg: { name: string }, key: CryptoKey, data: Uint8Array) =>
            alg.name === 'AES-GCM' && data.byteLength === 17
              ? new Promise(() => {})
              : encrypt(alg, key, data as Uint8Array<ArrayBuffer>)) as typeof subtle.encrypt;
        }, null);
        const report = await run([real('webcrypto'), adapter], ['aes-gcm/k128-iv12-t16/*', 'x25519/*']);
        const errors = report.results.filter((r) => r.outcome === 'error');
        expect(errors.length).toBeGreaterThan(0);
        for (const r of errors) {
          expect(r.producer).toBe(adapter.id);
          expect(r.stage).toBe('encrypt');
          expect(r.message).toMatch(/no answer from the browser/);
        }
        const others = report.results.filter((r) => r.producer !== adapter.id || r.standard !== 'aes-gcm');
        expect(others.length).toBeGreaterThan(0);
        expect(others.filter((r) => !sound(r)).map((r) => r.id)).toEqual([]);
        expect(adapter.session.startCount).toBe(1);
      } finally {
        await adapter.dispose?.();
      }
      expectNothingLeft(adapter);
    });

    it('a browser killed mid-run is restarted; the run goes on and loses at most the cases in flight', async () => {
      const adapter = webcryptoBrowser(engine);
      let killed = false;
      try {
        const report = await run([real('webcrypto'), adapter], ['aes-gcm/k128-iv12-t16/*', 'aes-cbc/*', 'x25519/*'], (_r, done) => {
          if (done === 10 && !killed) {
            killed = true;
            process.kill(adapter.session.pids[0]!, 'SIGKILL');
          }
        });
        expect(killed).toBe(true);
        expect(adapter.session.startCount).toBeGreaterThanOrEqual(2);
        const errors = report.results.filter((r) => r.outcome === 'error');
        expect(errors.length).toBeLessThanOrEqual(8);
        for (const r of errors) expect(r.stage).toMatch(/encrypt|decrypt|generate-key|derive/);
        expect(report.results.filter((r) => r.outcome !== 'error' && !sound(r)).map((r) => r.id)).toEqual([]);
      } finally {
        await adapter.dispose?.();
      }
      expectNothingLeft(adapter);
    });

    it('a browser that cannot be started again costs the operations after it, as errors with the stage', async () => {
      const adapter = webcryptoBrowser(engine, { maxStarts: 1 });
      try {
        expect((await adapter.probe()).available).toBe(true);
        process.kill(adapter.session.pids[0]!, 'SIGKILL');
        const inputs = { key: new Uint8Array(16), iv: new Uint8Array(12), aad: new Uint8Array(0), plaintext: new Uint8Array(3) };
        const error = await Promise.resolve()
          .then(() => adapter.ops['aes-gcm']!.encrypt!({ keyBits: 128, ivBytes: 12, tagBytes: 16 }, inputs))
          .catch((e: unknown) => e as { stage?: string; message: string });
        expect(error).toMatchObject({ stage: 'encrypt' });
        expect((error as Error).message).toMatch(/started 1 times; giving up/);
      } finally {
        await adapter.dispose?.();
      }
      expectNothingLeft(adapter);
    });
  });
}

/** The modern-algorithms grids of a Chromium adapter beside @noble/ciphers, node:crypto, @noble/post-quantum and mlkem. */
function runModern(chromium: BrowserAdapter, kinds: Array<'kat' | 'matrix' | 'negative' | 'import'>, imports: readonly KatFile[] = []) {
  return runSuite({
    standards: standards('chacha20-poly1305', 'ml-kem'),
    adapters: [real('noble'), real('node-crypto'), real('noble-pq'), real('mlkem'), chromium],
    kinds,
    cases: ['chacha20-poly1305/*', 'ml-kem/ML-KEM-768-sk-seed-pk-raw/*', 'ml-kem/ML-KEM-1024-sk-seed-pk-raw/*', 'ml-kem/ML-KEM-768-sk-pkcs8-seed-pk-spki/*'],
    vectors: loadVectorDir(DEFAULT_VECTORS_DIR).files,
    imports,
    seed: 'webcrypto-browser-modern',
    isolation: 'none',
  });
}

const SHARED = resolve(projectRoot(), '..', 'shared', 'vectors');
const ACVP_DIR = process.env[ACVP_ENV] ?? join(SHARED, 'acvp');
const WYCHEPROOF_DIR = process.env[WYCHEPROOF_ENV] ?? join(SHARED, 'wycheproof');

/** The ML-KEM corpora a browser can take (no encapsulation with a given m): ACVP keyGen, Wycheproof's ML-KEM-768 seed and decapsulation tests. */
function mlKemCorpora(): KatFile[] {
  const files: KatFile[] = [];
  const keyGen = join(ACVP_DIR, 'ML-KEM-keyGen-FIPS203');
  if (existsSync(keyGen)) files.push(...importAcvpSet(keyGen, 'acvp/ML-KEM-keyGen-FIPS203').files);
  const wp = join(WYCHEPROOF_DIR, 'mlkem_768_test.json');
  if (existsSync(wp)) files.push(...importWycheproofJson(JSON.parse(readFileSync(wp, 'utf8')), 'wycheproof/mlkem_768_test.json').files);
  return files;
}

const chromiumThere = existsSync(CHROMIUM.executable);
const skippedBecause = chromiumThere ? '' : ` (skipped: ${CHROMIUM.executable} not found; ${CHROMIUM.install})`;

describe.skipIf(!chromiumThere)(`webcrypto-chromium: the WICG modern algorithms${skippedBecause}`, () => {
  const adapter = webcryptoBrowser(CHROMIUM);
  afterAll(async () => {
    await adapter.dispose?.();
    expectNothingLeft(adapter);
  });

  it('runs ChaCha20-Poly1305 and ML-KEM with the other implementations, on the known answers and the imported corpora', async () => {
    const corpora = mlKemCorpora();
    const report = await runModern(adapter, ['kat', 'matrix', 'negative', ...(corpora.length > 0 ? (['import'] as const) : [])], corpora);
    const mine = report.results.filter((r) => involves(r, adapter.id));
    expect(mine.filter((r) => !sound(r)).map((r) => `${r.id}: ${r.outcome} ${r.failure ?? ''} ${r.message}`)).toEqual([]);
    const passed = (pattern: RegExp): CaseResult[] => mine.filter((r) => r.outcome === 'pass' && pattern.test(r.id));
    // RFC 8439 §2.8.2 and the boundary vectors, both ways, and every other end of the grid.
    expect(passed(/^chacha20-poly1305\/.*\/kat\/.*encrypt/).length).toBeGreaterThanOrEqual(8);
    for (const other of ['noble', 'node-crypto'])
      for (const pair of [`${other}~${adapter.id}`, `${adapter.id}~${other}`])
        expect(passed(new RegExp(`^chacha20-poly1305/.*/matrix/${pair}$`))).toHaveLength(1);
    expect(passed(/^chacha20-poly1305\/.*\/negative\/noble~webcrypto-chromium\/flip-tag$/)).toHaveLength(1);
    // ML-KEM both ways with noble-pq: the same seed gives the same key pair, each decapsulates the other's ciphertext and loads its key.
    const withNoble = passed(/^ml-kem\/ML-KEM-768-sk-seed-pk-raw\/matrix\/noble-pq~webcrypto-chromium$/);
    expect(withNoble).toHaveLength(1);
    expect(withNoble[0]!.message).toMatch(/also decapsulates with webcrypto-chromium's secret key; the same seed gives both the same key pair/);
    expect(passed(/^ml-kem\/.*\/matrix\/(webcrypto-chromium~mlkem|mlkem~webcrypto-chromium)$/).length).toBeGreaterThanOrEqual(4);
    // Implicit rejection: Chromium's pseudo-random secret for a flipped ciphertext bit is noble-pq's.
    expect(passed(/^ml-kem\/ML-KEM-768-sk-seed-pk-raw\/negative\/webcrypto-chromium~noble-pq\/ciphertext-bit$/)).toHaveLength(1);
    expect(passed(/^ml-kem\/ML-KEM-768-sk-seed-pk-raw\/negative\/noble-pq~webcrypto-chromium\/public-key-modulus$/)).toHaveLength(1);
    if (corpora.length > 0) {
      expect(passed(/^ml-kem\/ML-KEM-768-.*\/import\/vector:acvp:ML-KEM-keyGen-FIPS203~webcrypto-chromium\//).length).toBe(25);
      const wycheproof = mine.filter((r) => r.vector?.file === 'wycheproof/mlkem_768_test.json');
      expect(wycheproof.filter((r) => r.outcome === 'pass' && r.expected === 'reject').length).toBeGreaterThan(10);
      expect(wycheproof.filter((r) => r.outcome === 'pass' && r.expected === 'accept').length).toBeGreaterThan(10);
    }
  });

  it('catches a binding that breaks: a wrong ChaCha20-Poly1305 tag, a wrong ML-KEM shared secret', async () => {
    const broken = webcryptoBrowser(CHROMIUM);
    try {
      await broken.probe();
      // From now on the page's ChaCha20-Poly1305 encryption flips the last tag bit and its decapsulation the first secret bit.
      await broken.session.driver!.evaluate(() => {
        const subtle = globalThis.crypto.subtle as SubtleCrypto & { decapsulateBits(a: unknown, k: CryptoKey, c: Uint8Array): Promise<ArrayBuffer> };
        const encrypt = subtle.encrypt.bind(subtle);
        const decapsulate = subtle.decapsulateBits.bind(subtle);
        const flip = (out: ArrayBuffer, at: number): ArrayBuffer => {
          const bytes = new Uint8Array(out.slice(0));
          bytes[(at + bytes.length) % bytes.length]! ^= 1;
          return bytes.buffer;
        };
        subtle.encrypt = (async (alg: { name: string }, key: CryptoKey, data: Uint8Array) => {
          const out = await encrypt(alg, key, data as Uint8Array<ArrayBuffer>);
          return alg.name === 'ChaCha20-Poly1305' ? flip(out, -1) : out;
        }) as typeof subtle.encrypt;
        subtle.decapsulateBits = async (alg, key, ciphertext) => flip(await decapsulate(alg, key, ciphertext), 0);
      }, null);
      const report = await runModern(broken, ['kat', 'matrix']);
      const failed = (pattern: RegExp, failure: string): CaseResult[] =>
        report.results.filter((r) => r.outcome === 'fail' && r.failure === failure && pattern.test(r.id));
      // The known answers see the wrong tag, and so does every other implementation reading it.
      expect(failed(/^chacha20-poly1305\/.*\/kat\/.*webcrypto-chromium.*encrypt/, 'wrong-output').length).toBeGreaterThanOrEqual(8);
      expect(failed(/^chacha20-poly1305\/.*\/matrix\/webcrypto-chromium~(noble|node-crypto)$/, 'rejected-valid')).toHaveLength(2);
      // Every grid cell Chromium decapsulates in holds another secret than the producer's.
      for (const producer of ['noble-pq', 'mlkem'])
        expect(failed(new RegExp(`^ml-kem/ML-KEM-768-sk-seed-pk-raw/matrix/${producer}~webcrypto-chromium$`), 'wrong-output')).toHaveLength(1);
    } finally {
      await broken.dispose?.();
    }
    expectNothingLeft(broken);
  });
});

describe.skipIf(!existsSync(CHROMIUM.executable))('a bothends killed outright (SIGKILL)', () => {
  it('leaves no browser and no profile: the watchdog removes them', async () => {
    // A separate Node process starts chromium through the adapter, says what it started, and is killed.
    const script = `const { webcryptoChromium: a } = await import(${JSON.stringify(new URL('../../../dist/src/adapters/webcrypto-browser/adapter.js', import.meta.url).href)});
await a.session.start(); console.log(JSON.stringify({ pid: a.session.pids[0], profile: a.session.profiles[0] })); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString()));
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const { pid, profile } = JSON.parse(line) as { pid: number; profile: string };
    expect(groupMembers(pid).length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && (groupMembers(pid).length > 0 || existsSync(profile)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(groupMembers(pid)).toEqual([]);
    expect(existsSync(profile)).toBe(false);
  });
});

describe('browser adapters that cannot run', () => {
  const broken = (over: Partial<Engine>): BrowserAdapter => webcryptoBrowser({ ...CHROMIUM, ...over });
  let notInstalled: BrowserAdapter;
  let failing: BrowserAdapter;
  beforeAll(() => {
    notInstalled = broken({ name: 'absent', executable: '/nonexistent/chromium', install: 'sudo apt-get install -y chromium' });
    failing = broken({ name: 'failing', executable: '/bin/false' });
  });

  it('is skipped with the install command when the browser is absent', async () => {
    expect(await notInstalled.probe()).toEqual({ available: false, reason: '/nonexistent/chromium not found', install: 'sudo apt-get install -y chromium' });
    const report = await run([real('webcrypto'), notInstalled], ['x25519/*']);
    const mine = report.results.filter((r) => involves(r, notInstalled.id) && r.outcome !== 'unsupported');
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.filter((r) => r.outcome !== 'skipped' || !/apt-get install -y chromium/.test(r.message)).map((r) => `${r.id}: ${r.outcome} ${r.message}`),
    ).toEqual([]);
  });

  it("is unavailable with the browser's exit when it fails to start, and leaves no profile", async () => {
    const probe = await failing.probe();
    expect(probe.available).toBe(false);
    expect(!probe.available && probe.reason).toMatch(/did not start: .*exited \(code 1\)/);
    expect(failing.session.profiles.length).toBe(1);
    expect(existsSync(failing.session.profiles[0]!)).toBe(false);
    await failing.dispose?.();
  });
});
