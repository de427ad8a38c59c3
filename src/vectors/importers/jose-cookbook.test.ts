/**
 * The JOSE cookbook importer and the JWE known answers. Synthetic files test the error paths
 * (they always run); the real cookbook (BOTHENDS_JOSE_COOKBOOK_DIR, default
 * ../shared/vectors/jose-cookbook) is imported whole and run on both JOSE adapters, and so is
 * Wycheproof's json_web_encryption_test.json (BOTHENDS_WYCHEPROOF_DIR), against the
 * project's expectations file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joseAdapter } from '../../adapters/jose.js';
import { nodeJoseAdapter } from '../../adapters/node-jose.js';
import { ConfigError } from '../../core/errors.js';
import { loadExpectations } from '../../core/expectations.js';
import { projectPath, projectRoot } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { jwe } from '../../standards/jwe.js';
import { importJoseCookbookDir, importJoseCookbookJson, JOSE_COOKBOOK_ENV } from './jose-cookbook.js';
import { importWycheproofJson, WYCHEPROOF_ENV } from './wycheproof.js';

const DIR = process.env[JOSE_COOKBOOK_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'jose-cookbook');
const HAVE = existsSync(DIR);
if (!HAVE) console.warn(`skipping the JOSE cookbook corpus tests: ${DIR} does not exist (set ${JOSE_COOKBOOK_ENV})`);
const WP = join(process.env[WYCHEPROOF_ENV] ?? resolve(projectRoot(), '..', 'shared', 'vectors', 'wycheproof'), 'json_web_encryption_test.json');
const HAVE_WP = existsSync(WP);

const KEY = { kty: 'oct', k: 'GZy6sIZ6wl9NJOKB-jnmVQ' };
/** RFC 7520 §5.8's compact output, decrypted with KEY. */
const COMPACT =
  'eyJhbGciOiJBMTI4S1ciLCJraWQiOiI4MWIyMDk2NS04MzMyLTQzZDktYTQ2OC04MjE2MGFkOTFhYzgiLCJlbmMiOiJBMTI4R0NNIn0.CBI6oDw8MydIx1IBntf_lQcw2MmJKIQx.Qx0pmsDa8KnJc9Jo.AwliP-KmWgsZ37BvzCefNen6VTbRK3QMA4TkvRkH0tP1bTdhtFJgJxeVmJkLD61A1hnWGetdg11c9ADsnWgL56NyxwSYjU1ZEHcGkd3EkU0vjHi9gTlb90qSYFfeF0LwkcTtjbYKCsiNJQkcIp1yeM03OmuiYSoYJVSpf7ej6zaYcMv3WwdxDFl8REwOhNImk2Xld2JXq6BR53TSFkyT7PwVLuq-1GwtGHlQeg7gDT6xW0JqHDPn_H-puQsmthc9Zg0ojmJfqqFvETUxLAF-KjcBTS5dNy6egwkYtOt8EIHK-oEsKYtZRaa8Z7MOZ7UGxGIMvEmxrGCPeJa14slv2-gaqK0kEThkaSqdYw0FkQZF.ER7MWJZ1FBI_NKvn7Zb1Lw';
const example = (input: object, output: object): object => ({ title: 'synthetic', input: { plaintext: 'x', alg: 'A128KW', enc: 'A128GCM', ...input }, output });

describe('the JOSE cookbook importer on malformed files', () => {
  it.each([
    ['a key that is not a JWK', example({ key: 5 }, { compact: COMPACT }), 'input.key'],
    ['a compact output that is not a string', example({ key: KEY }, { compact: { protected: 'x' } }), 'output.compact'],
    ['a JSON output that is not an object', example({ key: KEY }, { json: 'a.b.c' }), 'output.json'],
    ['no plaintext', { title: 't', input: { key: KEY, alg: 'A128KW' }, output: { compact: COMPACT } }, 'input.plaintext'],
    ['a list of keys without one alg each', example({ key: [KEY, KEY], alg: 'A128KW' }, { compact: COMPACT }), 'input.alg'],
    ['an unreadable JOSE header', example({ key: KEY }, { compact: 'bm90IGpzb24.a.b.c.d' }), 'output.compact'],
    ['no example at all', { title: 'nothing' }, '$'],
  ])('%s is a ConfigError naming the file and the JSON path', (_what, json, path) => {
    const out = importJoseCookbookJson(json, 'jose-cookbook/jwe/bad.json');
    expect(out.files).toEqual([]);
    expect(out.errors).toHaveLength(1);
    const e = out.errors[0]!;
    expect(e).toBeInstanceOf(ConfigError);
    expect([e.file, e.path]).toEqual(['jose-cookbook/jwe/bad.json', path]);
    expect(e.message).toContain(`jose-cookbook/jwe/bad.json at ${path}`);
  });

  it('imports a well-formed example, with parameters read from its header and a reason for every key kind it does not declare', () => {
    const ok = importJoseCookbookJson(example({ key: KEY }, { compact: COMPACT }), 'jose-cookbook/jwe/5_8.x.json');
    expect(ok.errors).toEqual([]);
    expect(ok.files[0]!.groups[0]!.params).toEqual({ alg: 'A128KW', enc: 'A128GCM', serialization: 'compact', keyKind: 'oct-128', iterations: 0, zip: 'none' });
    expect(ok.files[0]!.groups[0]!.tests[0]!.source).toContain('RFC 7520 §5.8');
    const odd = importJoseCookbookJson(example({ key: { kty: 'oct', k: 'AAAA' } }, { compact: COMPACT }), 'jose-cookbook/jwe/odd.json');
    expect(odd.inventory[0]!.imported).toBe(0);
    expect(odd.inventory[0]!.excluded[0]!.reason).toMatch(/keyKind "oct-24" is not declared/);
  });
});

describe.skipIf(!HAVE)('the RFC 7520 cookbook, read in place', () => {
  const corpus = HAVE ? importJoseCookbookDir(DIR) : undefined;

  it('imports every JWE example without error and accounts for every test', () => {
    expect(corpus!.errors.map((e) => e.message)).toEqual([]);
    const jweFiles = corpus!.inventory.filter((f) => f.file.startsWith('jose-cookbook/jwe/'));
    expect(jweFiles).toHaveLength(13);
    for (const f of corpus!.inventory) expect(f.imported + f.excluded.reduce((n, e) => n + e.tests, 0), f.file).toBe(f.tests);
    // §5.13: three recipients, each decrypted with its own key.
    expect(corpus!.inventory.find((f) => f.file.includes('5_13'))!.imported).toBe(3);
    expect(corpus!.inventory.every((f) => !f.file.includes('/jwk/'))).toBe(true);
  });

  it('both adapters decrypt every example they claim to the given plaintext; the rest is declared unsupported', async () => {
    const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));
    const report = await runSuite({
      standards: [jwe],
      adapters: [joseAdapter, nodeJoseAdapter],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      expectations,
      seed: 'cookbook-test',
      timeoutMs: 20_000,
    });
    const results = report.results;
    expect(results.length).toBeGreaterThan(60);
    const unsupported = results.filter((r) => r.outcome === 'unsupported');
    for (const r of unsupported) expect(r.message).toMatch(/jose 6 removed RSA1_5|node-jose 2.2 has no OKP keys|Node 20 refuses RSAES-PKCS1-v1_5/);
    // jose has no RSA1_5 (§5.1, one recipient of §5.13); node-jose none on Node 20, and no X25519 (curve25519/ecdh-es.json).
    expect(new Set(unsupported.map((r) => r.consumer))).toEqual(new Set(['jose', 'node-jose']));
    const bad = results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'unsupported' && !r.known);
    expect(bad.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    // The one known deviation: node-jose refuses §5.13's multi-recipient JWE whole (see vectors/expectations.json).
    expect(results.filter((r) => r.known).every((r) => r.consumer === 'node-jose' && r.id.includes('5_13'))).toBe(true);
  }, 60_000);
});

describe.skipIf(!HAVE_WP)("Wycheproof's json_web_encryption_test.json, through the Wycheproof importer", () => {
  const corpus = HAVE_WP ? importWycheproofJson(JSON.parse(readFileSync(WP, 'utf8')), 'wycheproof/json_web_encryption_test.json') : undefined;

  it('imports the tests whose parameters jwe declares, and says why not for the rest', () => {
    expect(corpus!.errors.map((e) => e.message)).toEqual([]);
    const entry = corpus!.inventory[0]!;
    expect(entry.standards).toEqual(['jwe']);
    expect(entry.imported).toBeGreaterThan(130);
    expect(entry.imported + entry.excluded.reduce((n, e) => n + e.tests, 0)).toBe(entry.tests);
  });

  it('valid tests decrypt and invalid ones are rejected, except the known deviations of vectors/expectations.json', async () => {
    const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));
    const report = await runSuite({
      standards: [jwe],
      adapters: [joseAdapter, nodeJoseAdapter],
      kinds: ['import'],
      vectors: [],
      imports: corpus!.files,
      expectations,
      seed: 'wycheproof-jwe-test',
      timeoutMs: 20_000,
    });
    const unexpected = report.results.filter((r) => (r.outcome === 'fail' || r.outcome === 'error') && !r.known);
    expect(unexpected.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    // The invalid tests really ran: jose rejects every one (it implements no RSA1_5 at all).
    const joseInvalid = report.results.filter((r) => r.consumer === 'jose' && r.expected === 'reject' && r.outcome !== 'unsupported');
    expect(joseInvalid.length).toBeGreaterThan(40);
    for (const r of joseInvalid) expect(r.outcome, r.id).toBe('pass');
  }, 60_000);
});
