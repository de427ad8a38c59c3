/**
 * The RFC 9180 vectors importer. Synthetic files test every path (they always run); the real
 * corpus (BOTHENDS_HPKE_DIR, default ../shared/vectors/hpke) is imported whole — 128 entries,
 * no error, nothing excluded — and every entry is run on both HPKE adapters: DeriveKeyPair, all
 * encryptions in sequence, all exports, both as sender and as recipient.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hpkeJs } from '../../adapters/hpke-js.js';
import { hpkeNoble } from '../../adapters/hpke-noble.js';
import { ConfigError } from '../../core/errors.js';
import { projectRoot } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { hpke } from '../../standards/hpke.js';
import { corporaSection } from './conformance.js';
import { HPKE_ENV, importHpkeDir, importHpkeJson } from './hpke.js';
import { RFC9180_A11 } from '../../../test/hpke-rfc9180-a11.js';

const DIR = process.env[HPKE_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'hpke');
const HAVE = existsSync(DIR);
if (!HAVE) console.warn(`skipping the RFC 9180 corpus tests: ${DIR} does not exist (set ${HPKE_ENV})`);

/** RFC 9180 A.1.1 (base, X25519, HKDF-SHA256, AES-128-GCM). */
const ENTRY = RFC9180_A11;

function onlyError(json: unknown): ConfigError {
  const out = importHpkeJson(json, 'hpke/bad.json');
  expect(out.errors).toHaveLength(1);
  expect(out.procedures).toEqual([]);
  expect(out.errors[0]).toBeInstanceOf(ConfigError);
  return out.errors[0]!;
}

describe('importHpkeJson', () => {
  it('imports an entry as one procedure with the suite as parameters', () => {
    const out = importHpkeJson([ENTRY], 'hpke/a.json');
    expect(out.errors).toEqual([]);
    expect(out.procedures).toHaveLength(1);
    const p = out.procedures[0]!;
    expect(p.params).toMatchObject({
      mode: 'base',
      kem: 'DHKEM(X25519, HKDF-SHA256)',
      kdf: 'HKDF-SHA256',
      aead: 'AES-128-GCM',
      api: 'context',
      infoBytes: 20,
      pskBytes: 0,
    });
    expect(p.tcId).toBe(1);
    expect(p.source).toMatch(/RFC 9180.*entry \[0\]/);
    expect(out.inventory[0]).toMatchObject({ corpus: 'hpke', file: 'hpke/a.json', tests: 1, imported: 1, excluded: [] });
  });

  it('counts an entry of an undeclared suite as excluded, with the reason', () => {
    const out = importHpkeJson([ENTRY, { ...ENTRY, kem_id: 0x30 }, { ...ENTRY, aead_id: 9 }], 'hpke/a.json');
    expect(out.procedures).toHaveLength(1);
    expect(out.inventory[0]!.imported).toBe(1);
    expect(out.inventory[0]!.excluded.map((e) => e.reason)).toEqual(['KEM 0x0030 is not declared by hpke', 'AEAD 0x0009 is not declared by hpke']);
  });

  it('a malformed file is a ConfigError naming the file and the JSON path', () => {
    expect(onlyError({ entries: [] }).message).toMatch(/^hpke\/bad\.json at \$: .*not a JSON array/);
    const badHex = onlyError([ENTRY, ENTRY, { ...ENTRY, info: 'zz' }]);
    expect([badHex.file, badHex.path]).toEqual(['hpke/bad.json', '[2].info']);
    expect(badHex.message).toMatch(/^hpke\/bad\.json at \[2\]\.info: importer: "info" is not a hex string/);
    const { ct: _ct, ...noCt } = ENTRY.encryptions[0]!;
    expect(onlyError([{ ...ENTRY, encryptions: [ENTRY.encryptions[0], noCt] }]).path).toBe('[0].encryptions[1].ct');
    expect(onlyError([{ ...ENTRY, exports: [{ ...ENTRY.exports[0], L: '32' }] }]).path).toBe('[0].exports[0].L');
    expect(onlyError([{ ...ENTRY, mode: 1 }]).path).toBe('[0].psk');
    expect(onlyError([ENTRY, 7]).path).toBe('[1]');
  });
});

describe('importHpkeDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bothends-hpke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads *.json and *.json.gz in place, one corpus path each; an unreadable file is an error naming it', () => {
    writeFileSync(join(dir, 'a.json.gz'), gzipSync(JSON.stringify([ENTRY])));
    writeFileSync(join(dir, 'b.json'), JSON.stringify([ENTRY, ENTRY]));
    writeFileSync(join(dir, 'c.json.gz'), 'not gzip');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const out = importHpkeDir(dir);
    expect(out.inventory.map((e) => [e.file, e.imported])).toEqual([
      ['hpke/a.json', 1],
      ['hpke/b.json', 2],
    ]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.message).toMatch(/^hpke\/c\.json: importer: cannot read/);
  });
});

describe.skipIf(!HAVE)('the RFC 9180 corpus', () => {
  it('imports all 128 entries, and both adapters pass every one of them as sender and recipient', async () => {
    const corpus = importHpkeDir(DIR);
    expect(corpus.errors).toEqual([]);
    expect(corpus.procedures).toHaveLength(128);
    expect(corpus.inventory.reduce((n, e) => n + e.tests, 0)).toBe(128);
    const report = await runSuite({
      standards: [hpke],
      adapters: [hpkeJs, hpkeNoble],
      kinds: ['import'],
      vectors: [],
      procedures: corpus.procedures,
      seed: 'hpke-corpus',
      isolation: 'none',
      timeoutMs: 60_000,
    });
    const failing = report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message}`);
    expect(failing).toEqual([]);
    expect(report.results).toHaveLength(256);
    const section = corporaSection(corpus.inventory, report.results);
    expect(section.conformance.map((a) => [a.adapter, a.files.map((f) => `${f.passed}/${f.ran}`)])).toEqual([
      ['hpke-js', ['128/128']],
      ['hpke-noble', ['128/128']],
    ]);
  }, 180_000);
});
