import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/model.js';
import { runSuite } from '../suite.js';
import { openpgp, openpgpPassword } from '../standards/openpgp.js';
import { gnupgHomes, gpgAdapter } from './gpg.js';
import { openpgpJs } from './openpgp/openpgp-js.js';

const BASE = openpgp.paramsId(openpgp.matrix[0]!);

describe('gpg', () => {
  it('interoperates with openpgp-js both ways, decrypts only with the key it is given, and leaves no home behind', async (ctx) => {
    const probe = await gpgAdapter.probe();
    if (!probe.available) ctx.skip(`gpg not installed: ${probe.reason} (${probe.install ?? ''})`);
    const report = await runSuite({
      standards: [openpgp, openpgpPassword],
      adapters: [openpgpJs, gpgAdapter],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'gpg-test',
      timeoutMs: 60_000,
      isolation: 'none',
      cases: [
        `openpgp/${BASE}/matrix/*`,
        'openpgp/v4-cv25519-legacy-seipdv1-camellia256-asc-r1/matrix/gpg~gpg',
        'openpgp/*-seipdv1-aes256-bin-r1/negative/*~gpg/*',
        'openpgp-password/iterated-salted-seipdv1-aes256-asc/matrix/*',
      ],
    });
    const rs: CaseResult[] = report.results.filter((r) => r.producer === 'gpg' || r.consumer === 'gpg');
    expect(rs.length).toBeGreaterThan(10);
    // wrong-key: with one keyring per key, another key of the recipient's cannot decrypt (it did with a shared keyring).
    for (const r of rs) expect([r.id, r.outcome, r.message]).toEqual([r.id, 'pass', r.message]);
    const homes = gnupgHomes();
    expect(homes.length).toBeGreaterThan(2);
    await gpgAdapter.dispose!();
    for (const h of homes) expect(existsSync(h)).toBe(false);
  });
});
