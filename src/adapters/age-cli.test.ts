/**
 * age-cli (Debian's age and age-keygen): skipped with the install command when the program is
 * missing; its capability table both ways (scrypt encryption at logN 18 only); passphrases
 * typed into a pseudo-terminal; the producer × consumer matrix and the tamper cases against
 * age-js; and the whole C2SP test kit, where its two known deviations must show up as known.
 * Its post-quantum gap is asked of the programs themselves: age 1.1 refuses hybrid keys and
 * files of age-js, each with the words the gap quotes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../core/adapter.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import { invoke } from '../core/call-adapter.js';
import { loadExpectations } from '../core/expectations.js';
import type { CaseKind, CaseResult, Params } from '../core/model.js';
import { projectPath } from '../core/paths.js';
import { runSuite } from '../suite.js';
import { ageMlkem768x25519, ageX25519 } from '../standards/age.js';
import { ageCli, HYBRID_GAP, makeAgeCli } from './age-cli.js';
import { ageJs } from './age-js.js';
import { runProgram, withTempDir } from './subprocess.js';
import { ageSuite } from '../../test/age-suite.js';

const available = (await ageCli.probe()).available;
if (!available) console.warn('skipping the age-cli tests that run age: install it with apt-get install -y age');

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));

const suite = (kinds: CaseKind[], cases?: string[], adapters = [ageJs, ageCli]): Promise<CaseResult[]> => ageSuite(adapters, kinds, cases, expectations);

/** Unexpected results: failures and errors the expectations file does not list. */
const unexpected = (results: readonly CaseResult[]): string[] =>
  results.filter((r) => (r.outcome === 'fail' || r.outcome === 'error') && !r.known).map((r) => `${r.id}: ${r.message}`);

describe('age-cli when the program is missing', () => {
  it('is not available, with the Debian install command, and its cases are skipped', async () => {
    const missing = makeAgeCli({ age: '/nonexistent/age', keygen: '/nonexistent/age-keygen', python: '/usr/bin/python3' }, 'age-cli-missing');
    const probe = await missing.probe();
    expect(probe.available).toBe(false);
    if (!probe.available) expect(probe.install).toMatch(/apt-get install -y age/);
    const report = await runSuite({ standards: [ageX25519], adapters: [ageJs, missing], kinds: ['matrix'], vectors: [], seed: 'age-test', isolation: 'none' });
    const cells = report.results.filter((r) => r.producer === missing.id || r.consumer === missing.id);
    expect(cells.length).toBe(4 * 3);
    for (const r of cells) {
      expect(r.outcome).toBe('skipped');
      expect(r.message).toMatch(/apt-get install -y age/);
    }
  });
});

describe.runIf(available)('age-cli', () => {
  it('reads its version at run time', async () => {
    const probe = await ageCli.probe();
    expect(probe.available && probe.version).toMatch(/^v?1\.\d+\.\d+/);
  });

  it('encrypts with a passphrase only at logN 18, refusing anything else with UnsupportedError, but decrypts any', async () => {
    const at = (workFactor: number): Params => ({ workFactor, armor: 'binary' });
    expect(checkClaim(ageCli, 'age-scrypt', 'encrypt', at(18)).ok).toBe(true);
    expect(checkClaim(ageCli, 'age-scrypt', 'decrypt', at(10)).ok).toBe(true);
    const refused = invoke(ageCli, 'age-scrypt', 'encrypt', at(10), { passphrase: utf8('pw'), salt: new Uint8Array(16), plaintext: utf8('x') });
    await expect(refused).rejects.toBeInstanceOf(UnsupportedError);
  });

  it('types the passphrase into a pseudo-terminal: a file of age-js opens with the right one only', async () => {
    const p: Params = { workFactor: 10, armor: 'armored' };
    const { ciphertext } = await invoke(ageJs, 'age-scrypt', 'encrypt', p, {
      passphrase: utf8('tr0ub4dor&3'),
      salt: new Uint8Array(16),
      plaintext: utf8('over the pty'),
    });
    const opened = await invoke(ageCli, 'age-scrypt', 'decrypt', p, { passphrase: utf8('tr0ub4dor&3'), ciphertext: ciphertext! });
    expect(latin1(opened['plaintext']!)).toBe('over the pty');
    const wrong = invoke(ageCli, 'age-scrypt', 'decrypt', p, { passphrase: utf8('tr0ub4dor&4'), ciphertext: ciphertext! });
    await expect(wrong).rejects.toBeInstanceOf(RejectedError);
    await expect(wrong).rejects.toThrow(/incorrect passphrase/);
  });

  it('interoperates with age-js both ways (X25519, 1 and 2 recipients, armored; scrypt at logN 10) and rejects every tamper mutation', async () => {
    const results = await suite(['matrix', 'negative'], ['age-x25519/*', 'age-scrypt/wf10-*']);
    expect(unexpected(results)).toEqual([]);
    const x = results.filter((r) => r.standard === 'age-x25519');
    expect(x.filter((r) => r.kind === 'matrix' && r.outcome === 'pass').length).toBe(4 * 4);
    expect(x.filter((r) => r.kind === 'negative' && r.outcome === 'pass').length).toBe(4 * 9);
    // age -p writes logN 18 only: at logN 10 age-cli consumes, never produces.
    const s = results.filter((r) => r.standard === 'age-scrypt');
    for (const r of s.filter((r) => r.producer === 'age-cli')) expect(r.outcome).toBe('unsupported');
    expect(s.filter((r) => r.producer === 'age-js' && r.consumer === 'age-cli' && r.outcome === 'pass').length).toBe(2 + 9);
  });

  it('writes scrypt files (logN 18) that age-js reads', async () => {
    const [r] = await suite(['matrix'], ['age-scrypt/wf18-binary/matrix/age-cli~age-js']);
    expect(r?.outcome, r?.message).toBe('pass');
  });

  it('has no post-quantum hybrid recipients: asked itself, each program refuses with the words of the declared gap', async () => {
    const p: Params = { recipients: 1, identityIndex: 0, armor: 'binary' };
    const keys = await invoke(ageJs, ageMlkem768x25519.id, 'generateKeyPair', p, {});
    const { ciphertext } = await invoke(ageJs, ageMlkem768x25519.id, 'encrypt', p, { publicKey: keys['publicKey']!, plaintext: utf8('pq') });
    const said = await withTempDir(async (dir) => {
      await writeFile(join(dir, 'identity'), keys['secretKey']!);
      await writeFile(join(dir, 'in'), ciphertext!);
      const run = async (file: string, args: string[]): Promise<string> => {
        const r = await runProgram(file, args, { cwd: dir, input: utf8('x') });
        expect(r.code, `${file} ${args.join(' ')}`).not.toBe(0);
        return `${r.stderr}`;
      };
      return {
        keygen: await run('age-keygen', ['-pq']),
        decrypt: await run('age', ['-d', '-i', join(dir, 'identity'), join(dir, 'in')]),
        encrypt: await run('age', ['-e', '-r', latin1(keys['publicKey']!).trim(), '-o', join(dir, 'out')]),
      };
    });
    expect(said.keygen).toMatch(/flag provided but not defined: -pq/);
    expect(said.decrypt).toMatch(/unknown identity type/);
    expect(said.encrypt).toMatch(/age-plugin-pq/);
    for (const quoted of ['flag provided but not defined: -pq', 'unknown identity type', 'age-plugin-pq']) expect(HYBRID_GAP).toContain(quoted);
    // Declared, so the report lists it among age-cli's gaps and plans no hybrid cell with it.
    expect(checkClaim(ageCli, ageMlkem768x25519.id, 'decrypt', p)).toEqual({ ok: false, reason: HYBRID_GAP });
  });

  it('meets the C2SP test kit except for its two known deviations', async () => {
    const results = await suite(['import'], undefined, [ageCli]);
    expect(results.length).toBe(122);
    expect(unexpected(results)).toEqual([]);
    expect(
      results
        .filter((r) => r.known)
        .map((r) => r.vector?.file)
        .sort(),
    ).toEqual(['age-testkit/armor_empty_last_line', 'age-testkit/armor_whitespace_outside']);
  });
});
