/**
 * The measuring machinery of `npm run bench` (bench/): the synthetic workload really does the
 * work and notices when it is wrong, the optional protocol module is imported only when present,
 * the OpenPGP section is detected from the registry, and the verdicts say PASS only when the
 * numbers meet the goals. Nothing here asserts a speed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter, OpImpl } from '../src/core/adapter.js';
import { toHex } from '../src/core/bytes.js';
import { runCases } from '../src/core/run-cases.js';
import { STANDARDS, STANDARD_BY_ID } from '../src/standards/index.js';
import { measureOverhead } from '../bench/overhead.js';
import { busyWarning, describeUnknown, renderBenchMarkdown, sectionLines, sideBySideLines, type BenchDoc } from '../bench/report.js';
import { installedSops, perProcessRun } from '../bench/sop-per-process.js';
import { projectPath } from '../src/core/paths.js';
import { lastProgress, type CliRun } from '../bench/cli-run.js';
import { openpgpSection, protocolSection } from '../bench/sections.js';
import { median } from '../bench/stats.js';
import { runnerOptions, syntheticCases, workloadFor } from '../bench/synthetic.js';
import { FAKES, real } from './fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-benchtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic workload', () => {
  const w = workloadFor(real(), STANDARDS, 64)!;

  it('picks aes-gcm with its first parameter set for node-crypto, and a claimed symmetric standard otherwise', () => {
    expect([w.standard.id, w.standard.paramsId(w.params), w.size]).toEqual(['aes-gcm', 'k128-iv12-t16', 64]);
    const tweetnacl = workloadFor(real('tweetnacl'), STANDARDS, 64);
    expect(tweetnacl?.standard.id).toBe('nacl-secretbox');
  });

  /** The workload's adapter with its encryptions recorded (as hex of the plaintexts they took). */
  const recording = (): { adapter: Adapter; plaintexts: string[] } => {
    const plaintexts: string[] = [];
    const ops = w.adapter.ops[w.standard.id]!;
    const encrypt: OpImpl = (p, i) => {
      plaintexts.push(toHex(i['plaintext']!));
      return ops.encrypt!(p, i);
    };
    return { adapter: { ...w.adapter, ops: { [w.standard.id]: { ...ops, encrypt } } }, plaintexts };
  };

  it('runs N real matrix cases, each on its own message, all passing', async () => {
    const { adapter, plaintexts } = recording();
    const results = await runCases(syntheticCases({ ...w, adapter }, 25), new Map([[adapter.id, adapter]]), runnerOptions('t'));
    expect(results.map((r) => r.outcome)).toEqual(Array(25).fill('pass'));
    expect(plaintexts).toHaveLength(25);
    expect(new Set(plaintexts).size).toBe(25);
  });

  it('shares the producer artifact within a group and only there', async () => {
    const { adapter, plaintexts } = recording();
    const results = await runCases(syntheticCases({ ...w, adapter }, 20, 10), new Map([[adapter.id, adapter]]), runnerOptions('t'));
    expect(results.map((r) => r.outcome)).toEqual(Array(20).fill('pass'));
    expect(plaintexts).toHaveLength(2);
    expect(new Set(plaintexts).size).toBe(2);
  });

  it('fails when the adapter is broken, so a benchmark never times wrong work', async () => {
    const broken = { ...w, adapter: FAKES.flipsByte };
    const results = await runCases(syntheticCases(broken, 3), new Map([[broken.adapter.id, broken.adapter]]), runnerOptions('t'));
    expect(results.every((r) => r.outcome === 'fail')).toBe(true);
    await expect(measureOverhead(broken, 1, 1)).rejects.toThrow(/unable to authenticate|round trip did not give the plaintext back/);
  });
});

describe('optional sections', () => {
  it('says the protocol bench is not available when bench/protocol.js does not exist', async () => {
    expect(await protocolSection(pathToFileURL(join(dir, 'protocol.js')))).toEqual({
      status: 'not available yet',
      reason: 'bench/protocol.ts does not exist yet',
    });
  });

  it('runs measureProtocol when the module exists, and says so when it exports nothing to run', async () => {
    const good = join(dir, 'good.mjs');
    writeFileSync(good, 'export async function measureProtocol() { return { msPerOp: 0.05, versus: { inProcess: 1.5 } }; }\n');
    expect(await protocolSection(pathToFileURL(good))).toEqual({ status: 'measured', result: { msPerOp: 0.05, versus: { inProcess: 1.5 } } });
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export const x = 1;\n');
    expect(await protocolSection(pathToFileURL(empty))).toMatchObject({ status: 'error', reason: expect.stringMatching(/no measuring function/) });
  });

  it('detects the OpenPGP section from the registry, not from a constant', async () => {
    expect(STANDARD_BY_ID.has('openpgp') ? 'registered' : await openpgpSection(STANDARD_BY_ID)).toEqual(
      STANDARD_BY_ID.has('openpgp') ? 'registered' : { status: 'not measured', reason: 'no openpgp standard registered' },
    );
    expect(await openpgpSection(new Map())).toEqual({ status: 'not measured', reason: 'no openpgp standard registered' });
  });
});

describe('section (d) side by side: one process per operation against the scheduler', () => {
  const fake = projectPath('test', 'fixtures', 'fake-sop.mjs');

  it('drives each cell with a process per operation and notices a wrong plaintext', async () => {
    const good = await perProcessRun([[fake, fake]], [], 30_000);
    expect(good).toMatchObject({ pairs: 1, processes: 4, failed: [] });
    process.env['FAKE_SOP'] = 'garbles';
    try {
      const bad = await perProcessRun([[fake, fake]], ['absent-sop'], 30_000);
      expect(bad.failed).toEqual([expect.stringMatching(/decrypt exit 0/)]);
      expect(bad.missing).toEqual(['absent-sop']);
    } finally {
      delete process.env['FAKE_SOP'];
    }
    expect(await installedSops([fake, join(dir, 'no-such-sop')])).toEqual({ found: [fake], missing: [join(dir, 'no-such-sop')] });
  });

  it('reports both sides measured in the run and their ratio per cell, with no constant from a note', () => {
    const perProcess = { implementations: ['sqop', 'gosop'], missing: ['pgpainless'], pairs: 4, processes: 12, wallMs: 8_000, failed: [] };
    const scheduler: CliRun = {
      args: [],
      wallMs: 2_000,
      exitCode: 1,
      processes: 9,
      peakRssMiB: 100,
      cases: 6,
      engineMs: 1_500,
      outcomes: { pass: 3, fail: 1, error: 0, unsupported: 2, skipped: 0 },
    };
    const lines = sideBySideLines({ status: 'measured', paramsId: 'v4-x', perProcess, scheduler });
    expect(lines.join('\n')).toMatch(/4 cells in 8\.00 s, 12 processes/);
    expect(lines.join('\n')).toMatch(/4 cells ran in 2\.00 s/);
    expect(lines.at(-1)).toMatch(/2\.00 s one process per operation, 0\.50 s through the scheduler .*: 4\.0× faster/);
    expect(lines.join('\n')).not.toMatch(/9–11|Sequoia suite's/);
    // Stopped on either side: no ratio.
    expect(
      sideBySideLines({ status: 'measured', paramsId: 'v4-x', perProcess: { ...perProcess, stopped: { limitMs: 1, done: 1 } }, scheduler }).join('\n'),
    ).not.toMatch(/faster|slower/);
  });
});

describe('bench verdicts', () => {
  const layer = (name: string, opsPerSec: number) => ({ name, opsPerSec, batch: 1, samples: [opsPerSec] });
  const overhead = (ratio: number) => ({
    adapter: 'node-crypto',
    standard: 'aes-gcm',
    paramsId: 'k128-iv12-t16',
    messageBytes: 64,
    layers: [layer('library', 100 * ratio), layer('runner', 100)],
    bare: 'library',
    ratio,
  });
  const doc = (over: Partial<BenchDoc>): BenchDoc => ({
    schemaVersion: 1,
    startedAt: 't',
    durationMs: 1,
    environment: {},
    goals: { overheadRatio: 1.25, memoryFlatFactor: 1.25, protocolMsPerOp: 0.2 },
    ...over,
  });
  const sample = (cases: number, runHeap: number, mode: 'stream' | 'retain' = 'stream') => ({
    cases,
    mode,
    planHeapMiB: 1,
    peakHeapMiB: runHeap + 1,
    runHeapMiB: runHeap,
    retainedHeapMiB: cases / 1000,
    resultsKept: 0,
    peakRssMiB: runHeap + 50,
    streamedMiB: 1,
    runMs: 1,
  });

  it('says PASS only within the overhead goal, and FAIL with the share otherwise', () => {
    expect(sectionLines(doc({ overhead: { results: [overhead(1.2)], errors: [] } }), 'overhead')[1]).toMatch(/= 1\.20 \(goal ≤ 1\.25\): PASS/);
    const failing = sectionLines(doc({ overhead: { results: [overhead(4)], errors: ['fake: kaput'] } }), 'overhead');
    expect(failing[1]).toMatch(/= 4\.00 \(goal ≤ 1\.25\): FAIL — the harness runs 25% /);
    expect(failing.at(-1)).toBe('not measured: fake: kaput');
    // Faster than the bare loop it wraps: the measurement is wrong, not the harness fast.
    expect(sectionLines(doc({ overhead: { results: [overhead(0.6)], errors: [] } }), 'overhead')[1]).toMatch(/= 0\.60 \(goal ≤ 1\.25\): MEASURING ERROR/);
  });

  it("calls memory flat only when the streaming runner's working heap stays within the factor", () => {
    const memory = (a: number, b: number) => ({
      samples: [sample(10_000, a), sample(100_000, b), sample(100_000, b, 'retain')],
      beyondPlanRatio: b / a,
      runHeapRatio: 1,
      rssRatio: 1.5,
      planBytesPerCase: 512,
      retainedBytesPerCase: 2048,
    });
    const flat = sectionLines(doc({ memory: memory(10, 11) }), 'memory');
    expect(flat.at(-2)).toMatch(/less the plan, 100000 ÷ 10000 cases = 1\.10 for 10× the cases .*: PASS; .*with the plan 1\.50× .*0\.50 KiB each/);
    expect(flat.at(-1)).toMatch(/results take 2\.00 KiB of heap per case/);
    const growing = sectionLines(doc({ memory: memory(10, 70) }), 'memory');
    expect(growing.at(-2)).toMatch(/= 7\.00 .*: FAIL, not flat/);
  });

  it('renders absent sections as nothing and unknown measurements as key: value lines', () => {
    const md = renderBenchMarkdown(doc({ protocol: { status: 'not available yet', reason: 'later' } }));
    expect(md).toContain('## (b) external protocol overhead\n\n- not available yet: later');
    expect(md).not.toContain('(a) harness overhead');
    expect(describeUnknown({ a: 1, b: { c: 'x' }, d: ['l1', 'l2'] })).toEqual(['a: 1', 'b.c: x', 'd: l1', 'd: l2']);
  });

  it('reports a run stopped at its limit with its progress and the projected wall time', () => {
    expect(lastProgress('bothends: 10/40 cases (25%), 0 failed or errored\nnoise\nbothends: 20/40 cases (50%), 1 failed or errored\n')).toEqual({
      done: 20,
      total: 40,
    });
    expect(lastProgress('nothing')).toBeUndefined();
    const stopped: CliRun = {
      args: [],
      wallMs: 10_000,
      exitCode: -1,
      processes: 7,
      peakRssMiB: null,
      cases: 0,
      engineMs: 0,
      outcomes: {},
      stopped: { limitMs: 10_000, done: 200, total: 1000 },
    };
    const lines = sectionLines(doc({ fullRun: { median: stopped, runs: [stopped], casesPerSec: 20 } }), 'fullRun');
    expect(lines[0]).toMatch(/stopped at the 10\.00 s limit .*20\.0 cases per second; at that rate the whole run would take at least 50\.00 s \(a lower bound/);
    expect(lines[1]).toBe('200 of 1000 cases done, 7 processes started, exit code none (stopped)');
  });

  it('warns when the machine had more work than cores', () => {
    expect(busyWarning({ environment: { cpus: 2, loadAtStart: 1.5 } })).toBeUndefined();
    expect(busyWarning({ environment: { cpus: 2, loadAtStart: 26 } })).toMatch(/busy \(load average 26\.0 on 2 cores\)/);
    expect(renderBenchMarkdown(doc({ environment: { cpus: 2, loadAtStart: 26 } }))).toContain('**warning: the machine was busy');
  });

  it('takes medians', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
  });
});
