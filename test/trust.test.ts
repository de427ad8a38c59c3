/**
 * Results that can be trusted: the same seed gives the same report whatever the concurrency
 * or isolation; shards merged give exactly the unsharded report; a diff against a baseline
 * names new failures, fixed cells and added or removed adapters.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, out } from './capture.js';
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import { main } from '../src/cli/program.js';
import { diffReports } from '../src/core/diff.js';
import { loadExpectations } from '../src/core/expectations.js';
import { projectPath } from '../src/core/paths.js';
import type { Report } from '../src/core/report-model.js';
import type { SuiteOptions } from '../src/core/run-suite.js';
import { runSuite } from '../src/suite.js';
import { mergeReports, parseShard } from '../src/core/shard.js';
import { STANDARDS } from '../src/standards/index.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../src/vectors/load.js';

const RANDOM_KEYS = new Set(['box', 'agreement', 'pke']);

/**
 * Error causes chained by libraries may carry unrelated state: Node's WebCrypto, under
 * concurrency, reports whatever another job left in OpenSSL's error queue ("expecting an ec
 * key" for an AES-GCM tag failure). The rejection itself is deterministic; its cause text is not.
 */
const withoutCauses = (text: string | undefined): string | undefined => text?.replace(/ \(cause: [^)]*\)/g, '');

/** The report without what may differ between identical runs: timings, bytes made from freshly generated keys, library error causes. */
function stable(r: Report): unknown {
  const family = new Map(r.standards.map((s) => [s.id, s.family]));
  return {
    ...r,
    startedAt: 0,
    durationMs: 0,
    results: r.results.map((x) => ({
      ...x,
      durationMs: 0,
      message: withoutCauses(x.message),
      sides: x.sides.map(({ output, input, message, ...s }) => ({
        ...s,
        message: withoutCauses(message),
        ...(RANDOM_KEYS.has(family.get(x.standard) ?? '') ? {} : { output, input }),
      })),
    })),
  };
}

/** Asserts two reports are the same apart from what `stable` removes, naming what differs. */
function expectSame(a: Report, b: Report): void {
  const x = stable(a) as Record<string, unknown> & { results: Array<{ id: string }> };
  const y = stable(b) as Record<string, unknown> & { results: Array<{ id: string }> };
  const keys = Object.keys({ ...x, ...y }).filter((k) => k !== 'results' && JSON.stringify(x[k]) !== JSON.stringify(y[k]));
  expect(keys, 'top-level fields that differ').toEqual([]);
  expect(y.results.map((r) => r.id)).toEqual(x.results.map((r) => r.id));
  const differing = x.results.flatMap((r, i) => {
    const mine = r as unknown as Record<string, unknown>;
    const theirs = y.results[i] as unknown as Record<string, unknown>;
    const fields = Object.keys(mine).filter((k) => JSON.stringify(mine[k]) !== JSON.stringify(theirs[k]));
    return fields.map((k) => `${r.id} ${k}: ${JSON.stringify(mine[k]).slice(0, 400)} ≠ ${JSON.stringify(theirs[k]).slice(0, 400)}`);
  });
  expect(differing, 'results that differ').toEqual([]);
}

const base: SuiteOptions = {
  standards: STANDARDS.filter((s) => ['aes-gcm', 'aes-cbc', 'nacl-box', 'x25519'].includes(s.id)),
  adapters: BUILTIN_ADAPTERS.filter((a) => a.kind === 'in-process'),
  vectors: loadVectorDir(DEFAULT_VECTORS_DIR).files,
  expectations: loadExpectations(projectPath('vectors', 'expectations.json')),
  seed: 'trust',
  // Generous: a loaded machine must not turn a slow case into a different outcome.
  timeoutMs: 60_000,
  config: { purpose: 'test' },
};

describe('determinism, sharding and merging', () => {
  it('gives the same report for the same seed, whatever the isolation and concurrency', async () => {
    const a = await runSuite({ ...base, isolation: 'none', concurrency: 1 });
    const b = await runSuite({ ...base, isolation: 'worker', workers: 2, concurrency: 8 });
    expect(a.results.length).toBeGreaterThan(1000);
    expectSame(a, b);
    const c = await runSuite({ ...base, isolation: 'none', seed: 'another seed' });
    expect(stable(c)).not.toEqual(stable(a));
  }, 120_000);

  it('merges shards into exactly the report of the unsharded run', async () => {
    const whole = await runSuite({ ...base, isolation: 'none' });
    const shards = [];
    for (const index of [3, 1, 2]) shards.push(await runSuite({ ...base, isolation: 'none', shard: { index, count: 3 } }));
    expect(shards.map((s) => s.results.length).reduce((x, y) => x + y)).toBe(whole.results.length);
    const merged = mergeReports(shards, base.expectations!);
    expectSame(whole, merged);
  }, 120_000);

  it('refuses a bad shard set with a clear error', async () => {
    const one = await runSuite({ ...base, standards: base.standards.slice(0, 1), isolation: 'none', shard: { index: 1, count: 2 } });
    expect(() => mergeReports([one], [])).toThrow(/shard 2\/2 is missing/);
    expect(() => mergeReports([one, one], [])).toThrow(/the same shard is given twice/);
    const other = await runSuite({ ...base, standards: base.standards.slice(0, 1), isolation: 'none', seed: 'x', shard: { index: 2, count: 2 } });
    expect(() => mergeReports([one, other], [])).toThrow(/seed/);
    expect(() => parseShard('3/2')).toThrow(/1 ≤ i ≤ n/);
  }, 60_000);
});

describe('diff against a baseline', () => {
  it('names new failures, fixed cells and changed adapters', async () => {
    const before = await runSuite({ ...base, standards: base.standards.slice(0, 1), isolation: 'none' });
    const passing = before.results.find((r) => r.outcome === 'pass')!;
    const failing = before.results.find((r) => r.outcome === 'fail')!;
    const after: Report = {
      ...before,
      adapters: [...before.adapters.filter((a) => a.id !== 'tweetnacl'), { ...before.adapters[0]!, id: 'newcomer' }],
      results: before.results.map((r) =>
        r.id === passing.id
          ? { ...r, outcome: 'fail', failure: 'wrong-output', message: 'broke' }
          : r.id === failing.id
            ? { ...r, outcome: 'pass', message: 'fixed' }
            : r,
      ),
    };
    const d = diffReports(before, after);
    expect(d.newFailures.map((c) => c.id)).toEqual([passing.id]);
    expect(d.fixed.map((c) => c.id)).toEqual([failing.id]);
    expect(d.addedAdapters).toEqual(['newcomer']);
    expect(d.removedAdapters).toEqual(['tweetnacl']);
  }, 60_000);
});

describe('sharding, merging and diffing from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bothends-trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  captureOutput();

  it('runs two shards, merges them, and diffs the merge against the whole run', async () => {
    const args = ['run', '--standard', 'aes-cbc', 'x25519', '--adapter', 'node-crypto', 'webcrypto', 'node-forge', 'tweetnacl', '-q', '--isolation', 'none'];
    expect(await main([...args, '--out', join(dir, 'whole')])).toBe(0);
    expect(await main([...args, '--shard', '1/2', '--out', join(dir, 's1')])).toBe(0);
    expect(await main([...args, '--shard', '2/2', '--out', join(dir, 's2')])).toBe(0);
    expect(await main(['merge', join(dir, 's2', 'report.json'), join(dir, 's1', 'report.json'), '--out', join(dir, 'merged')])).toBe(0);
    expect(await main(['diff', join(dir, 'whole', 'report.json'), join(dir, 'merged', 'report.json')])).toBe(0);
    expect(out).toMatch(/new failures: 0\nfixed: 0\nother changes: 0/);
    const merged = JSON.parse(readFileSync(join(dir, 'merged', 'report.json'), 'utf8')) as Report;
    expect(merged.config['shard']).toBeUndefined();
    expect(await main([...args, '--shard', '0/2', '--out', join(dir, 'bad')])).toBe(2);
    expect(await main([...args, '--baseline', join(dir, 'whole', 'report.json'), '--out', join(dir, 'again')])).toBe(0);
    expect(out).toMatch(/against baseline/);
  }, 60_000);
});
