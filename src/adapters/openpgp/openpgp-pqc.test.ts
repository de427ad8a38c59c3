/**
 * openpgp-pqc (@protontech/openpgp): draft-ietf-openpgp-pqc keys (an ML-DSA-65+Ed25519 v6
 * primary key with an ML-KEM-768+X25519 subkey) with itself, tampered messages refused; a
 * fake that claims PQC keys but makes X25519 ones is caught; and the other end (stock
 * openpgp.js, gpg, rnp, the SOP programs) refuses such a certificate, asked itself, with the
 * words its declared gap quotes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as stock from 'openpgp';
import { describe, expect, it } from 'vitest';
import { checkClaim, defineAdapter } from '../../core/adapter.js';
import { invoke } from '../../core/call-adapter.js';
import type { CaseResult, Params } from '../../core/model.js';
import { runSuite } from '../../suite.js';
import { openpgp } from '../../standards/openpgp.js';
import { gpgAdapter } from '../gpg.js';
import { openPgpAdapterParts } from './openpgp-common.js';
import { NO_PQC, OPENPGP_JS_LIMITS, PINNED, openpgpJs, openpgpJsDriver } from './openpgp-js.js';
import { FORK_PINNED, openpgpPqc } from './openpgp-pqc.js';
import { rnpAdapter } from '../rnp.js';
import { gosop, pgpainless, sqop } from '../sop/sop.js';
import { runProgram, withTempDir } from '../subprocess.js';

const PQC = openpgp.matrix.find((p) => p['keyAlgo'] === 'mlkem768-x25519')!;
const SET = openpgp.paramsId(PQC);

async function results(adapters: Parameters<typeof runSuite>[0]['adapters'], cases: string[]): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [openpgp],
    adapters,
    kinds: ['matrix', 'negative'],
    vectors: [],
    seed: 'openpgp-pqc',
    timeoutMs: 60_000,
    cases,
    isolation: 'none',
  });
  return [...report.results];
}

describe('openpgp-pqc', () => {
  it("pins every setting of the fork's config", async () => {
    const fork = await import('@protontech/openpgp');
    expect(Object.keys(FORK_PINNED).sort()).toEqual(Object.keys(fork.config).sort());
  });

  it('makes draft-ietf-openpgp-pqc keys, encrypts to them and decrypts, and rejects every tamper', async () => {
    const rs = await results([openpgpPqc], [`openpgp/${SET}/*`, `openpgp/${SET.replace('-asc-', '-bin-')}/negative/*`]);
    expect(rs.filter((r) => r.kind === 'matrix')).toHaveLength(1);
    expect(rs.filter((r) => r.kind === 'negative').map((r) => r.id.split('/').pop())).toEqual([
      'flip-integrity',
      'flip-chunk',
      'truncate',
      'flip-pkesk',
      'wrong-key',
    ]);
    for (const r of rs) expect([r.id, r.outcome, r.message]).toEqual([r.id, 'pass', r.message]);
  });

  it('runs the classical grids like openpgp-js, with which it interoperates both ways', async () => {
    const rs = await results([openpgpJs, openpgpPqc], ['openpgp/v4-cv25519-legacy-seipdv1-aes256-asc-r1/matrix/*', 'openpgp/v6-x25519-*/matrix/*']);
    expect(rs).toHaveLength(8);
    for (const r of rs) expect([r.id, r.outcome, r.message]).toEqual([r.id, 'pass', r.message]);
  });

  it('catches an implementation that claims PQC keys but makes X25519 ones', async () => {
    const real = openpgpJsDriver(stock, PINNED, 'fake');
    const fake = defineAdapter({
      ...openpgpPqc,
      id: 'fake-pqc-is-x25519',
      description: 'broken on purpose: makes a v6 X25519 key when asked for a post-quantum one',
      ...openPgpAdapterParts(
        'fake-pqc-is-x25519',
        { ...real, generateKey: (p: Params) => real.generateKey({ ...p, keyAlgo: 'x25519' }) },
        {
          pke: OPENPGP_JS_LIMITS,
        },
      ),
    });
    const [r] = await results([fake], [`openpgp/${SET}/matrix/*`]);
    expect([r?.outcome, r?.failure]).toEqual(['fail', 'wrong-capability']);
    expect(r?.message).toMatch(/keyAlgo=mlkem768-x25519 but its primary key is x25519/);
  });
});

describe('the other end refuses a post-quantum certificate, as each declares', () => {
  const PEERS = [gpgAdapter, rnpAdapter, sqop, gosop, pgpainless];

  it('declared: stock openpgp.js and every peer claim no keyAlgo=mlkem768-x25519, so the grid shows their reasons', async () => {
    expect(checkClaim(openpgpJs, 'openpgp', 'generateKeyPair', PQC)).toEqual({ ok: false, reason: `keyAlgo=mlkem768-x25519: ${NO_PQC}` });
    for (const a of PEERS)
      for (const op of ['encrypt', 'decrypt', 'generateKeyPair'] as const) expect(checkClaim(a, 'openpgp', op, PQC).ok, `${a.id} ${op}`).toBe(false);
    const rs = await results([openpgpJs, openpgpPqc], [`openpgp/${SET}/matrix/*`]);
    const across = rs.filter((r) => r.producer !== r.consumer);
    expect(across).toHaveLength(2);
    for (const r of across) expect([r.outcome, r.message]).toEqual(['unsupported', expect.stringContaining('No key packet found')]);
  });

  it('asked: stock openpgp.js reads no key from the certificate, and each installed peer refuses it', async () => {
    const pair = await invoke(openpgpPqc, 'openpgp', 'generateKeyPair', { ...PQC, armor: 'binary' }, {});
    await expect(stock.readKey({ binaryKey: pair['publicKey']! })).rejects.toThrow(/No key packet found/);
    const answers: Record<string, RegExp> = {
      gpg: /Invalid (packet|keyring)/,
      rnpkeys: /wrong key packet version|failed to import/,
      sqop: /Invalid data type/,
      gosop: /first packet was not a public\/private key/,
      'pgpainless-cli': /does not contain an OpenPGP certificate/,
    };
    await withTempDir(async (dir) => {
      const cert = join(dir, 'cert.pgp');
      await writeFile(cert, pair['publicKey']!);
      const argv: Record<string, string[]> = {
        gpg: ['--homedir', dir, '--batch', '--import', cert],
        rnpkeys: ['--homedir', dir, '--import', cert],
        sqop: ['encrypt', cert],
        gosop: ['encrypt', cert],
        'pgpainless-cli': ['encrypt', cert],
      };
      for (const [program, args] of Object.entries(argv)) {
        const r = await runProgram(program, args, { input: new Uint8Array([120]), timeoutMs: 60_000 }).catch(() => undefined);
        if (!r || r.code === 127) continue; // not installed: .ci/install-peers installs it
        expect(`${r.stderr}${Buffer.from(r.stdout).toString('utf8')}`, program).toMatch(answers[program]!);
        if (program !== 'rnpkeys') expect(r.code, program).not.toBe(0);
      }
    });
  });
});
