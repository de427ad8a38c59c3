/**
 * pbes2 catches what goes wrong in PBES2 implementations. A library that passes the password
 * through a text string (the JCE's char[] password, a JavaScript string) changes bytes that are
 * not UTF-8: it still opens its own messages, but the matrix shows it against every real
 * library, and Wycheproof's NonUtf8 tests, and only those, fail as known answers. A consumer
 * that decrypts an empty ciphertext, which holds no padding block, is a security finding of the
 * negative grid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import type { ByteMap, CaseResult, Params } from '../src/core/model.js';
import type { OpImpl } from '../src/core/model.js';
import { projectRoot } from '../src/core/paths.js';
import { runSuite } from '../src/suite.js';
import { pbes2 } from '../src/standards/pbes2.js';
import { importWycheproofJson, WYCHEPROOF_ENV } from '../src/vectors/importers/wycheproof.js';
import { breakStandard, real } from './fakes.js';

const DIR = process.env[WYCHEPROOF_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'wycheproof');

/** The password as a UTF-8 string and back: invalid sequences become U+FFFD. */
function viaText(base: Adapter): Adapter {
  const text = (orig: OpImpl) => (p: Params, i: ByteMap) => orig(p, { ...i, password: new TextEncoder().encode(new TextDecoder().decode(i['password']!)) });
  return breakStandard(base, 'fake-password-as-text', pbes2.id, { encrypt: text, decrypt: text });
}

/** A consumer that answers an empty ciphertext with an empty plaintext, as node-forge's CBC unpad does. */
function emptyIsEmpty(base: Adapter): Adapter {
  return breakStandard(base, 'fake-empty-is-empty', pbes2.id, {
    decrypt: (orig) => (p, i) => (i['ciphertext']!.length === 0 ? { plaintext: new Uint8Array(0) } : orig(p, i)),
  });
}

async function run(adapters: Adapter[], kinds: Array<'matrix' | 'negative'>, cases: string[]): Promise<Map<string, CaseResult>> {
  const report = await runSuite({ standards: [pbes2], adapters, kinds, vectors: [], seed: 'pbes2', isolation: 'none', cases });
  return new Map(report.results.map((r) => [r.id.split('/').slice(2).join('/'), r]));
}

describe('pbes2 against broken implementations', () => {
  const set = pbes2.paramsId(pbes2.matrix[0]!);

  it('a password passed through text opens its own messages but no real library’s: the generated passwords are not UTF-8', async () => {
    const base = real('node-crypto');
    const fake = viaText(base);
    const cells = await run([base, fake], ['matrix'], [`pbes2/${set}/matrix/*`]);
    expect(cells.get(`matrix/${fake.id}~${fake.id}`)!.outcome).toBe('pass');
    for (const pair of [`${base.id}~${fake.id}`, `${fake.id}~${base.id}`]) expect(cells.get(`matrix/${pair}`)!.outcome, pair).toBe('fail');
    expect(cells.get(`matrix/${base.id}~${base.id}`)!.outcome).toBe('pass');
  }, 120_000);

  it('a consumer that decrypts an empty ciphertext (no padding block) is a security finding', async () => {
    const base = real('node-crypto');
    const fake = emptyIsEmpty(base);
    const cells = await run([base, fake], ['negative'], [`pbes2/${set}/negative/*/empty`]);
    const cell = cells.get(`negative/${base.id}~${fake.id}/empty`)!;
    expect([cell.outcome, cell.failure], cell.message).toEqual(['fail', 'accepted-invalid']);
    expect(cells.get(`negative/${base.id}~${base.id}/empty`)!.outcome).toBe('pass');
  }, 120_000);

  it.skipIf(!existsSync(DIR))(
    "Wycheproof's known answers fail a password passed through text exactly on the passwords that are not UTF-8",
    async () => {
      const name = 'pbes2_hmacsha256_aes_128_test.json';
      const imported = importWycheproofJson(JSON.parse(readFileSync(resolve(DIR, name), 'utf8')) as unknown, `wycheproof/${name}`);
      expect(imported.errors).toEqual([]);
      const fake = viaText(real('node-crypto'));
      const report = await runSuite({
        standards: [pbes2],
        adapters: [fake],
        kinds: ['import'],
        vectors: [],
        imports: imported.files,
        seed: 's',
        isolation: 'none',
      });
      const tests = imported.files.flatMap((f) => f.groups.flatMap((g) => g.tests));
      const failed = new Set(report.results.filter((r) => r.outcome !== 'pass').map((r) => Number(/\/tc(\d+)\//.exec(r.id)?.[1])));
      const notUtf8 = tests.filter((t) => t.flags.includes('NonUtf8')).map((t) => t.tcId);
      expect(notUtf8.length).toBeGreaterThan(0);
      expect([...failed].sort((a, b) => a - b)).toEqual(notUtf8.sort((a, b) => a - b));
    },
    300_000,
  );
});
