/**
 * pyca-pq against the in-process ML-KEM libraries: the same seed gives the same keys, each
 * decapsulates the others' ciphertexts and loads their seed-form keys, and implicit rejection
 * gives the same secret; under an interpreter whose pyca has no ML-KEM (Debian's) the adapter
 * is skipped with a reason that says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../core/paths.js';
import { runSuite } from '../../suite.js';
import { mlKem } from '../../standards/ml-kem.js';
import { xWing } from '../../standards/x-wing.js';
import { externalAdapter } from '../external.js';
import { noblePostQuantum } from '../noble/noble-post-quantum.js';
import { pycaPq } from './pyca-pq.js';

const probe = await pycaPq.probe();

afterAll(async () => {
  await pycaPq.dispose?.();
});

describe.runIf(probe.available)('pyca-pq', () => {
  it('interoperates with noble-pq at ML-KEM-768 and 1024 both ways, and answers tampered ciphertexts with the same implicit-rejection secret', async () => {
    const report = await runSuite({
      standards: [mlKem],
      adapters: [noblePostQuantum, pycaPq],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'pyca-pq',
      isolation: 'none',
    });
    const mixed = report.results.filter((r) => r.producer !== r.consumer && r.outcome !== 'unsupported');
    expect(
      mixed
        .filter((r) => r.kind === 'matrix')
        .map((r) => r.paramsId)
        .sort(),
    ).toEqual(['ML-KEM-1024-sk-seed-pk-raw', 'ML-KEM-1024-sk-seed-pk-raw', 'ML-KEM-768-sk-seed-pk-raw', 'ML-KEM-768-sk-seed-pk-raw']);
    for (const r of mixed) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    const flipped = report.results.find((r) => r.id === 'ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~pyca-pq/ciphertext-bit');
    expect(flipped?.message).toMatch(/noble-pq computes the same/);
    // Only pyca writes PKCS#8 and SPKI here: its own round trip passes, the others decline.
    const der = report.results.filter((r) => r.kind === 'matrix' && r.paramsId === 'ML-KEM-768-sk-pkcs8-seed-pk-spki');
    expect(der.filter((r) => r.outcome === 'pass').map((r) => r.id)).toEqual(['ml-kem/ML-KEM-768-sk-pkcs8-seed-pk-spki/matrix/pyca-pq~pyca-pq']);
  });

  it('composes X-Wing that agrees with noble-pq: same key pair from one seed, secrets both ways, the same implicit-rejection secret, refusals of bad lengths', async () => {
    const report = await runSuite({
      standards: [xWing],
      adapters: [noblePostQuantum, pycaPq],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'pyca-pq-xwing',
      isolation: 'none',
    });
    const mixed = report.results.filter((r) => r.producer !== r.consumer);
    expect(mixed.filter((r) => r.kind === 'matrix')).toHaveLength(2);
    for (const r of report.results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    expect(report.results.find((r) => r.id === 'x-wing/X-Wing-sk-seed-pk-raw/matrix/noble-pq~pyca-pq')?.message).toMatch(
      /the same seed gives both the same key pair/,
    );
    expect(report.results.find((r) => r.id === 'x-wing/X-Wing-sk-seed-pk-raw/negative/noble-pq~pyca-pq/ciphertext-bit')?.message).toMatch(
      /noble-pq computes the same/,
    );
  });
});

describe('pyca-pq where pyca has no ML-KEM', () => {
  it('is skipped with the reason, not an error (Debian python3 with pyca 38)', async () => {
    const debian = externalAdapter({
      id: 'pyca-pq-debian',
      command: { file: '/usr/bin/python3', args: ['-I', '-B', projectPath('src', 'adapters', 'python-ref', 'bothends_pq.py')] },
      install: 'pip',
    });
    const p = await debian.probe();
    await debian.dispose?.();
    expect(p.available).toBe(false);
    if (!p.available) expect(p.reason).toMatch(/pyca\/cryptography 48 or later/);
  });
});
