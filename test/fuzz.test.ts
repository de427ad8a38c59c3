/**
 * The fuzzer must find, shrink and save a minimal case for a deliberately broken adapter, and
 * must not find anything between correct ones. The regression vectors go to a temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter, OpImpl } from '../src/core/adapter.js';
import type { CaseResult, Params } from '../src/core/model.js';
import { runSuite } from '../src/suite.js';
import { fastCheckSeed, runFuzz } from '../src/fuzz/fuzz.js';
import { STANDARD_BY_ID } from '../src/standards/index.js';
import { loadVectorDir } from '../src/vectors/load.js';
import { FAKES, fake, real } from './fakes.js';

const gcm = STANDARD_BY_ID.get('aes-gcm')!;
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'bothends-fuzz-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Correct for short messages; from the second block on, one ciphertext byte is wrong. */
const wrongPastBlock = fake('fake-wrong-past-block', {
  encrypt: (orig) => async (p, i) => {
    const ct = Uint8Array.from((await orig(p, i))['ciphertext']!);
    if (i['plaintext']!.length > 16) ct[16] = ct[16]! ^ 0x01;
    return { ciphertext: ct };
  },
});

const voters = (broken: Adapter): Adapter[] => [real('node-crypto'), real('webcrypto'), real('node-forge'), broken];

async function fuzzOne(broken: Adapter, caseId: string, regressionDir: string, seed = 'fuzz-test'): Promise<CaseResult> {
  const report = await runFuzz({ standards: [gcm], adapters: voters(broken), runs: 100, seed, regressionDir, cases: [caseId] });
  expect(report.results).toHaveLength(1);
  return report.results[0]!;
}

describe('bothends fuzz', () => {
  it('finds a producer that breaks past the first block, shrinks it to 17 bytes and saves a loadable regression vector', async () => {
    const dir = tempDir();
    const r = await fuzzOne(wrongPastBlock, 'aes-gcm/k128-iv12-t16/fuzz/fake-wrong-past-block~node-crypto', dir);
    expect([r.outcome, r.failure]).toEqual(['fail', 'rejected-valid']);
    expect(r.message).toMatch(/plaintext 17 bytes/);
    expect(r.message).toMatch(/fast-check seed -?\d+, path \S+/);
    expect(r.replay).toBe("npx bothends fuzz --seed fuzz-test --runs 100 --case 'aes-gcm/k128-iv12-t16/fuzz/fake-wrong-past-block~node-crypto'");

    const loaded = loadVectorDir(dir);
    expect(loaded.errors.map((e) => e.message)).toEqual([]);
    expect(loaded.files).toHaveLength(1);
    const file = loaded.files[0]!;
    expect(file.file).toMatch(/^aes-gcm\/fuzz_regression_k128_iv12_t16_[0-9a-f]{10}_test\.json$/);
    const test = file.groups[0]!.tests[0]!;
    expect(test.result).toBe('valid');
    expect([...test.fields['plaintext']!]).toEqual(new Array(17).fill(0));
    expect(test.fields['aad']).toHaveLength(0);
    expect(test.source).toContain('bothends fuzz, seed "fuzz-test"');
    expect(test.source).toContain('replay: npx bothends fuzz');

    // As a known answer, the vector passes every correct adapter and fails the broken one.
    const kat = await runSuite({ standards: [gcm], adapters: voters(wrongPastBlock), kinds: ['kat'], vectors: loaded.files, seed: 'x', isolation: 'none' });
    for (const k of kat.results) {
      if (k.consumer === wrongPastBlock.id && k.id.endsWith('/encrypt')) expect([k.outcome, k.failure]).toEqual(['fail', 'wrong-output']);
      else expect(k.outcome, k.id).toBe('pass');
    }
  });

  it('finds a consumer that accepts any tag, as a security finding, and saves the forgery as an invalid vector', async () => {
    const dir = tempDir();
    const id = FAKES.acceptsAnyTag.id;
    const r = await fuzzOne(FAKES.acceptsAnyTag, `aes-gcm/k128-iv12-t16/fuzz/node-crypto~${id}`, dir);
    expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    expect(r.message).toMatch(/^SECURITY/);
    expect(r.message).toMatch(/plaintext 0 bytes/);
    const loaded = loadVectorDir(dir);
    expect(loaded.errors).toEqual([]);
    const test = loaded.files[0]!.groups[0]!.tests[0]!;
    expect(test.result).toBe('invalid');
    expect(test.flags).toEqual(['FuzzTamper']);
    expect(test.fields['ciphertext']).toHaveLength(16);
  });

  it('finds nothing between correct implementations, and the same seed gives the same search', async () => {
    const run = (): Promise<CaseResult[]> =>
      runFuzz({ standards: [gcm], adapters: [real('node-crypto'), real('webcrypto')], runs: 30, seed: 'same', cases: ['aes-gcm/k128-iv12-t*/fuzz/*'] }).then(
        (rep) => [...rep.results],
      );
    const [a, b] = [await run(), await run()];
    expect(a.length).toBeGreaterThan(4);
    for (const r of a) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    expect(a.map((r) => r.message)).toEqual(b.map((r) => r.message));
    expect(a[0]!.message).toContain(`fast-check seed ${fastCheckSeed('same', a[0]!.id)}`);
  });

  it('covers public-key encryption: a producer that mangles the longest plaintext is found; a consumer bug is saved with its key', async () => {
    const rsa = STANDARD_BY_ID.get('rsa-oaep')!;
    const ops = real('node-crypto').ops['rsa-oaep']!;
    const atMax = (p: Params, pt: Uint8Array): boolean => pt.length === rsa.sizes(p).maxPlaintext;
    const encrypt: OpImpl = (p, i) => ops.encrypt!(p, { ...i, plaintext: atMax(p, i['plaintext']!) ? i['plaintext']!.subarray(1) : i['plaintext']! });
    const decrypt: OpImpl = async (p, i) => {
      const pt = (await ops.decrypt!(p, i))['plaintext']!;
      return { plaintext: atMax(p, pt) ? pt.subarray(1) : pt };
    };
    const producerBug = fake('fake-rsa-encrypts-less', {}, {}, { 'rsa-oaep': { ...ops, encrypt } });
    const consumerBug = fake('fake-rsa-decrypts-less', {}, {}, { 'rsa-oaep': { ...ops, decrypt } });
    const dir = tempDir();
    const set = 'rsa-oaep/2048-sha256-mgf1sha256-l0-der/fuzz';
    const report = await runFuzz({
      standards: [rsa],
      adapters: [real('node-crypto'), real('node-forge'), producerBug, consumerBug],
      runs: 30,
      seed: 'pke',
      regressionDir: dir,
      cases: [`${set}/fake-rsa-encrypts-less~node-crypto`, `${set}/node-crypto~fake-rsa-decrypts-less`],
    });
    const p = report.results.find((r) => r.producer === producerBug.id);
    const c = report.results.find((r) => r.consumer === consumerBug.id);
    for (const r of [p!, c!]) {
      expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-output']);
      expect(r.message).toMatch(/plaintext 190 bytes \(the longest allowed\)/);
    }
    expect(p!.message).toMatch(/the producer is at fault/);
    const loaded = loadVectorDir(dir);
    expect(loaded.errors).toEqual([]);
    expect(loaded.files).toHaveLength(1);
    const test = loaded.files[0]!.groups[0]!.tests[0]!;
    expect(Object.keys(test.fields).sort()).toEqual(['ciphertext', 'label', 'plaintext', 'secretKey']);
    expect(test.fields['plaintext']).toHaveLength(190);
  });

  it('covers the agreement family and says why encoded-key parameter sets are not fuzzed', async () => {
    const x = STANDARD_BY_ID.get('x25519')!;
    const report = await runFuzz({ standards: [x], adapters: [real('node-crypto'), real('tweetnacl')], runs: 20, seed: 'xdh' });
    const raw = report.results.filter((r) => r.paramsId.includes('raw') || r.paramsId === 'X25519');
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    for (const r of report.results.filter((q) => !raw.includes(q))) expect(r.outcome).not.toBe('fail');
  });
});
