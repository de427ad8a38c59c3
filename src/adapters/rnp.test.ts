import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/model.js';
import { runSuite } from '../suite.js';
import { openpgp, openpgpPassword } from '../standards/openpgp.js';
import { rnpAdapter } from './rnp.js';
import { openpgpJs } from './openpgp/openpgp-js.js';

const BASE = openpgp.paramsId(openpgp.matrix[0]!);

describe('rnp', () => {
  it('interoperates with openpgp-js both ways, and writes and reads the LibrePGP OCB packet', async (ctx) => {
    const probe = await rnpAdapter.probe();
    if (!probe.available) ctx.skip(`rnp not installed: ${probe.reason} (${probe.install ?? ''})`);
    const report = await runSuite({
      standards: [openpgp, openpgpPassword],
      adapters: [openpgpJs, rnpAdapter],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'rnp-test',
      timeoutMs: 60_000,
      isolation: 'none',
      cases: [
        `openpgp/${BASE}/matrix/*`,
        'openpgp/v4-cv25519-legacy-seipdv1-camellia256-asc-r1/matrix/rnp~rnp',
        'openpgp/*-aes256-bin-r1/negative/*~rnp/*',
        'openpgp/v4-cv25519-legacy-librepgp-ocb-aes256-asc-r1/matrix/rnp~*',
        'openpgp-password/iterated-salted-seipdv1-aes256-asc/matrix/*',
      ],
    });
    const rs: CaseResult[] = report.results.filter((r) => r.producer === 'rnp' || r.consumer === 'rnp');
    expect(rs.length).toBeGreaterThan(10);
    // Unsupported only where a side declares it: SEIPDv2 (rnp 0.16), writing the OCB packet (openpgp.js).
    const declared = (r: CaseResult): boolean => r.id.includes('seipdv2') || (r.id.includes('librepgp') && r.producer === 'openpgp-js');
    for (const r of rs) expect([r.id, r.outcome, r.message]).toEqual([r.id, declared(r) ? 'unsupported' : 'pass', r.message]);
    const ocb = rs.filter((r) => r.id.includes('librepgp-ocb') && r.kind === 'matrix' && r.producer === 'rnp');
    expect(ocb.map((r) => [r.consumer, r.outcome]).sort()).toEqual([
      ['openpgp-js', 'pass'],
      ['rnp', 'pass'],
    ]);
  });
});
