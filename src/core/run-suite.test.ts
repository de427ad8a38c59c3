/** runSuite: a run that streams its results keeps none, and reports what a run that keeps them does. */
import { describe, expect, it } from 'vitest';
import { real } from '../../test/fakes.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import type { CaseResult } from './model.js';
import { probeAdapter, type SuiteOptions } from './run-suite.js';
import { runSuite } from '../suite.js';

describe('runSuite with retain: false', () => {
  it('returns no results, hands each one over once, and summarizes as a run that keeps them', async () => {
    const options: SuiteOptions = {
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      adapters: [real('node-crypto'), real('webcrypto')],
      vectors: [],
      seed: 'streamed',
      isolation: 'none',
      // Stale: this pair passes; and one entry that marks results known.
      expectations: [
        { match: 'aes-gcm/*/matrix/node-crypto~webcrypto', outcome: 'fail', failure: 'wrong-output', reason: 'fixed since' },
        { match: 'aes-gcm/*/matrix/*', outcome: 'unsupported', reason: 'declined' },
      ],
    };
    const kept = await runSuite(options);
    const streamed: CaseResult[] = [];
    const report = await runSuite({ ...options, retain: false, onResult: (r, _done, _total, index) => (streamed[index] = r) });
    expect(report.results).toEqual([]);
    expect(kept.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(report.summary)).toBe(JSON.stringify(kept.summary));
    expect(report.problems).toEqual(kept.problems);
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/node-crypto~webcrypto.*matched no result/)]);
    // What onResult is given is what the report lists: known deviations marked.
    expect(streamed.map(({ durationMs: _d, ...r }) => r)).toEqual(kept.results.map(({ durationMs: _d, ...r }) => r));
    expect(streamed.some((r) => r.known)).toBe(true);
  });
});

describe('probeAdapter', () => {
  const hanging = (probeTimeoutMs?: number) => ({
    ...real('node-crypto'),
    id: 'hangs',
    probe: () => new Promise<never>(() => {}),
    ...(probeTimeoutMs === undefined ? {} : { probeTimeoutMs }),
  });

  it("gives up on a hanging probe after the adapter's own probeTimeoutMs, not the default 15 s", async () => {
    const t0 = Date.now();
    expect(await probeAdapter(hanging(50))).toEqual({ available: false, reason: 'probe timed out after 50 ms' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
