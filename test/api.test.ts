/**
 * The programmatic entry point, as a vendor's own test suite calls it: the package imported by
 * its name (package.json `exports`, the built code), a run of one standard with the built-in
 * adapters plus an adapter of the caller's, and a report rendered from it.
 */
import { describe, expect, it } from 'vitest';

describe('import from "bothends"', () => {
  it('runs a plan with a caller-defined adapter, loads the vectors and renders a report', async () => {
    const api = await import('bothends');
    const aesGcm = api.STANDARD_BY_ID.get('aes-gcm')!;
    const nodeCrypto = api.BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto')!;
    // A vendor's adapter: node-crypto's operations under another id, declared through the public helpers.
    const vendor = api.defineAdapter({ ...nodeCrypto, id: 'vendor', library: 'vendor-lib', probe: api.inProcessProbe(() => '1.0.0') });
    const vectors = api.loadVectorDir(api.DEFAULT_VECTORS_DIR);
    expect(vectors.errors).toEqual([]);
    const report = await api.runSuite({
      standards: [aesGcm],
      adapters: [nodeCrypto, vendor],
      vectors: vectors.files,
      kinds: ['kat', 'matrix'],
      seed: 'api-test',
    });
    expect(report.results.some((r) => r.consumer === 'vendor' && r.kind === 'kat')).toBe(true);
    expect(report.results.filter((r) => r.kind === 'matrix').map((r) => `${r.producer}~${r.consumer}`)).toContain('vendor~node-crypto');
    expect(report.summary.unexpected).toBe(0);
    expect(api.validateReport(JSON.parse(api.renderJson(report)))).toEqual([]);
    expect(api.renderMarkdown(report)).toContain('vendor');
  });
});
