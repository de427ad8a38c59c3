/**
 * Fault isolation: in-process adapters that throw, hang, spin forever, exhaust memory, kill
 * their thread or return garbage each cost exactly their own cases; every case still gets a
 * result and the healthy pairs still pass.
 */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import { projectPath } from '../src/core/paths.js';
import { runSuite } from '../src/suite.js';
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import { STANDARD_BY_ID } from '../src/standards/index.js';

const fixture = pathToFileURL(projectPath('test', 'fixtures', 'faulty-adapters.mjs')).href;

describe('worker-thread isolation', () => {
  it('classifies every fault as an error of its own cases and goes on', async () => {
    const { adapters } = (await import(fixture)) as { adapters: Adapter[] };
    const nodeCrypto = BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto')!;
    const warnings: string[] = [];
    const report = await runSuite({
      standards: [STANDARD_BY_ID.get('aes-gcm')!],
      adapters: [nodeCrypto, ...adapters],
      kinds: ['matrix'],
      cases: ['aes-gcm/k128-iv12-t16/matrix/*'],
      vectors: [],
      seed: 'isolation',
      timeoutMs: 1000,
      isolation: 'worker',
      workers: 2,
      workerAdapterModules: [fixture],
      workerMemoryMb: 48,
      onWarning: (m) => warnings.push(m),
    });
    const byId = new Map(report.results.map((r) => [r.id, r]));
    const cell = (p: string, c: string) => byId.get(`aes-gcm/k128-iv12-t16/matrix/${p}~${c}`)!;
    expect(report.results).toHaveLength(49);
    expect(cell('node-crypto', 'node-crypto').outcome).toBe('pass');
    expect(cell('faulty-throws', 'node-crypto')).toMatchObject({ outcome: 'error', stage: 'encrypt' });
    expect(cell('faulty-throws', 'node-crypto').message).toMatch(/boom/);
    expect(cell('faulty-async-hang', 'node-crypto').message).toMatch(/timed out after 1000 ms during encrypt/);
    expect(cell('faulty-spin', 'node-crypto').message).toMatch(/thread blocked/);
    expect(cell('faulty-huge', 'node-crypto').message).toMatch(/crashed its worker thread|ended its worker thread/);
    expect(cell('faulty-exit', 'node-crypto').message).toMatch(/ended its worker thread \(exit code 3\)/);
    expect(cell('faulty-garbage', 'node-crypto').message).toMatch(/not an object of byte arrays/);
    // Every faulty producer's cases are errors, whichever consumer; the healthy pair is untouched.
    for (const a of adapters) for (const c of ['node-crypto', ...adapters.map((x) => x.id)]) expect(cell(a.id, c).outcome, `${a.id}~${c}`).toBe('error');
    // Decryption is sound in all of them: a consumer that does not need its broken encrypt passes.
    for (const id of ['faulty-throws', 'faulty-garbage']) expect(cell('node-crypto', id).outcome, id).toBe('pass');
    expect(warnings.some((w) => /worker replaced/.test(w))).toBe(true);
  }, 60_000);
});
