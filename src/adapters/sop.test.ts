import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../core/adapter.js';
import { ConfigError, UnsupportedError } from '../core/errors.js';
import { invoke } from '../core/invoke.js';
import type { CaseResult } from '../core/model.js';
import { runSuite } from '../core/run.js';
import { openpgp } from '../standards/openpgp.js';
import { openpgpJs } from './openpgp-js.js';
import { openpgpSpawns } from './openpgp-common.js';
import { gosop, pgpainless, sqop } from './sop.js';
import { configuredSopAdapters, readSopConfig } from './sop-config.js';

const BASE = openpgp.matrix[0]!;
const dir = mkdtempSync(join(tmpdir(), 'bothends-sop-test-'));
const config = (doc: unknown): string => {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
};

async function matrix(adapters: Adapter[], cases: string[]): Promise<CaseResult[]> {
  const report = await runSuite({ standards: [openpgp], adapters, kinds: ['matrix', 'negative'], vectors: [], seed: 'sop-test', timeoutMs: 60_000, cases, isolation: 'none' });
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
    const rs = await matrix([openpgpJs, adapter], [`openpgp/${openpgp.paramsId(BASE)}/matrix/*`, `openpgp/v4-cv25519-legacy-seipdv1-aes256-bin-r1/negative/*~${id}/flip-integrity`]);
    const mine = rs.filter((r) => r.producer === id || r.consumer === id);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // gosop generates RSA keys only: as a consumer it is unsupported on the Curve25519 grid; and
    // decrypting with openpgp-js's key (the secret-key exchange) it mangles binary plaintext
    // through UTF-8 (a known deviation, vectors/expectations.json).
    const expected = (r: CaseResult): string => (id !== 'gosop' ? 'pass' : r.consumer === 'gosop' ? 'unsupported' : r.kind === 'matrix' ? 'fail' : 'pass');
    for (const r of mine) expect([r.id, r.outcome]).toEqual([r.id, expected(r)]);
    if (id === 'gosop') expect(mine.find((r) => r.kind === 'matrix' && r.producer === 'gosop')!.message).toMatch(/gosop's decryption with openpgp-js's secret key differs/);
  });
});

describe('SOP capabilities', () => {
  it('refuses a cipher SOP cannot choose with UnsupportedError, and still decrypts it', async () => {
    await expect(invoke(sqop, 'openpgp', 'encrypt', { ...BASE, sessionCipher: 'twofish' }, { publicKey: new Uint8Array(1), plaintext: new Uint8Array(1) })).rejects.toBeInstanceOf(UnsupportedError);
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
    const bad = config({ sop: [{ name: 'ok', path: 'sqop' }, { name: 'x', path: 7 }] });
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
