/**
 * Item 8 of the hostile-input issue: an in-process adapter that spins or exits from a timer
 * after its operation returned was charged to whatever ran next on that worker (14 errors on
 * webcrypto~webcrypto). The fault is now charged to the case whose code set the timer, and the
 * healthy case in flight runs again: a healthy pair is never blamed.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/core/adapter.js';
import { projectPath } from '../../src/core/paths.js';
import { runSuite } from '../../src/suite.js';
import { BUILTIN_ADAPTERS } from '../../src/adapters/index.js';
import { STANDARD_BY_ID } from '../../src/standards/index.js';

const fixture = pathToFileURL(projectPath('test', 'hostile', 'fixtures', 'late-faults.mjs')).href;

describe('delayed faults in worker threads', () => {
  it('are charged to the adapter that left the timer, never to the healthy pair that runs next', async () => {
    const { adapters } = (await import(fixture)) as { adapters: Adapter[] };
    const healthy = BUILTIN_ADAPTERS.filter((a) => a.id === 'node-crypto' || a.id === 'webcrypto');
    const warnings: string[] = [];
    const report = await runSuite({
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      // The faulty ones first, so that healthy cases follow them on the worker.
      adapters: [...adapters, ...healthy],
      kinds: ['matrix'],
      // Two faulty cases first, then 13 parameter sets × 4 healthy pairs to keep the worker busy when the faults land.
      cases: [
        ...['late-spin~webcrypto', 'late-exit~node-crypto'].map((p) => `aes-gcm/k128-iv12-t16/matrix/${p}`),
        ...['node-crypto~node-crypto', 'node-crypto~webcrypto', 'webcrypto~node-crypto', 'webcrypto~webcrypto'].map((p) => `aes-gcm/*/matrix/${p}`),
      ],
      vectors: [],
      seed: 'delayed',
      timeoutMs: 400,
      isolation: 'worker',
      // One worker: every case shares the thread the faults land in.
      workers: 1,
      workerAdapterModules: [fixture],
      onWarning: (m) => warnings.push(m),
    });
    expect(report.results).toHaveLength(2 + 13 * 4);
    const healthyIds = new Set(healthy.map((a) => a.id));
    // A matrix case runs both sides' code (the consumer encrypts too, for the byte-for-byte comparison).
    for (const r of report.results) {
      if (healthyIds.has(r.producer) && healthyIds.has(r.consumer)) expect(r.outcome, `${r.id}: ${r.message}`).toMatch(/^(pass|unsupported)$/);
    }
    // Each fault that landed is charged to a case of the adapter that left the timer: in its
    // result, or (when that result was out already) in a warning that names the case. Whether the
    // last one lands before the worker has finished everything depends on timing; at least one does.
    const faults = warnings.filter((w) => /worker replaced/.test(w));
    expect(faults.length, JSON.stringify(warnings)).toBeGreaterThan(0);
    for (const w of faults) expect(w).toMatch(/(^|\/)late-(spin|exit)~/);
    expect(
      warnings.some((w) => /^delayed fault: .*in a timer that aes-gcm\/k128-iv12-t16\/matrix\/late-/.test(w)),
      JSON.stringify(warnings),
    ).toBe(true);
    for (const r of report.results.filter((x) => x.outcome === 'error')) expect(r.id, r.message).toMatch(/\/late-/);
  }, 60_000);
});
