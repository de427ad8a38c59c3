import * as pgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { invoke } from '../../core/call-adapter.js';
import { UnsupportedError } from '../../core/errors.js';
import type { CaseResult } from '../../core/model.js';
import { runSuite } from '../../suite.js';
import { openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { encryptionOf, isArmored, s2kOf } from '../../standards/openpgp-packets.js';
import { ignoresMdc } from '../../../test/openpgp-fakes.js';
import { PINNED, openpgpJs } from './openpgp-js.js';

const BASE = openpgp.matrix[0]!;
const pt = Uint8Array.from({ length: 100 }, (_, i) => i);

async function results(
  adapters: Parameters<typeof runSuite>[0]['adapters'],
  cases: string[],
  kinds: Array<'matrix' | 'negative'>,
  standards = [openpgp],
): Promise<CaseResult[]> {
  const report = await runSuite({ standards, adapters, kinds, vectors: [], seed: 'openpgp-test', timeoutMs: 30_000, cases, isolation: 'none' });
  return [...report.results];
}

describe('openpgp-js', () => {
  it('pins every setting of openpgp.config', () => {
    expect(Object.keys(PINNED).sort()).toEqual(Object.keys(pgp.config).sort());
  });

  it('writes exactly the packet, cipher, armor and S2K the parameters name', async () => {
    const v2 = { ...BASE, encryption: 'seipdv2-eax', armor: 'binary', sessionCipher: 'aes128' };
    const kp = await invoke(openpgpJs, 'openpgp', 'generateKeyPair', v2, {});
    const ct = (await invoke(openpgpJs, 'openpgp', 'encrypt', v2, { publicKey: kp['publicKey']!, plaintext: pt }))['ciphertext']!;
    expect(isArmored(ct)).toBe(false);
    expect(encryptionOf(ct)).toBe('seipdv2-eax');
    const argon = openpgpPassword.matrix.find((p) => p['s2k'] === 'argon2')!;
    const pw = (await invoke(openpgpJs, 'openpgp-password', 'encrypt', argon, { passphrase: Buffer.from('pw'), salt: new Uint8Array(8), plaintext: pt }))[
      'ciphertext'
    ]!;
    expect(s2kOf(pw)).toBe('argon2');
  });

  it('refuses what it does not claim with UnsupportedError (Camellia; writing the OCB packet)', async () => {
    await expect(invoke(openpgpJs, 'openpgp', 'generateKeyPair', { ...BASE, sessionCipher: 'camellia256' }, {})).rejects.toBeInstanceOf(UnsupportedError);
    const kp = await invoke(openpgpJs, 'openpgp', 'generateKeyPair', BASE, {});
    await expect(
      invoke(openpgpJs, 'openpgp', 'encrypt', { ...BASE, encryption: 'librepgp-ocb' }, { publicKey: kp['publicKey']!, plaintext: pt }),
    ).rejects.toBeInstanceOf(UnsupportedError);
  });

  it('interoperates with itself on v4 and v6 keys and rejects every tamper', async () => {
    const rs = await results(
      [openpgpJs],
      ['openpgp/v4-cv25519-legacy-seipdv1-aes256-asc-r1/*', 'openpgp/v6-*/*', 'openpgp/*-bin-r1/negative/*'],
      ['matrix', 'negative'],
    );
    expect(rs.length).toBeGreaterThan(10);
    // No LibrePGP OCB packet written, no post-quantum keys (openpgp-pqc has them).
    for (const r of rs) expect([r.id, r.outcome, r.message]).toEqual([r.id, /librepgp|mlkem768/.test(r.id) ? 'unsupported' : 'pass', r.message]);
  });

  it('catches a consumer that ignores the MDC as a security finding', async () => {
    const rs = await results(
      [openpgpJs, ignoresMdc],
      ['openpgp/v4-cv25519-legacy-seipdv1-aes256-bin-r1/*/openpgp-js~fake-ignores-mdc*'],
      ['matrix', 'negative'],
    );
    const find = (suffix: string): CaseResult => rs.find((r) => r.id.endsWith(suffix))!;
    expect(find('/matrix/openpgp-js~fake-ignores-mdc').outcome).toBe('pass');
    for (const m of ['flip-integrity', 'flip-chunk']) {
      const r = find(`/negative/openpgp-js~fake-ignores-mdc/${m}`);
      expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    }
    expect(find('/negative/openpgp-js~fake-ignores-mdc/wrong-key').outcome).toBe('pass');
  });
});
