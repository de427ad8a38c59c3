/**
 * The "minor" list of the hostile-input issue: output directories that hang or mean the working
 * directory, shards too large to be exact, contradicting flags accepted silently, timeouts
 * without a stage, and OpenSSL's per-process prefix that kept two runs' messages apart.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { Case } from '../../src/core/case.js';
import { runCases } from '../../src/core/run-cases.js';
import { parseShard } from '../../src/core/shard.js';
import { withoutThreadIds } from '../../src/adapters/subprocess.js';
import { STANDARD_BY_ID } from '../../src/standards/index.js';
import { captureOutput, err } from '../capture.js';
import { runCli } from './helpers.js';

captureOutput();

describe('minor hostile inputs', () => {
  it('--out below /proc fails at once with the reason instead of hanging in mkdir', async () => {
    const r = await runCli(['run', '--out', '/proc/x/y', '--standard', 'x25519'], { timeoutMs: 20_000 });
    expect(r.signal, 'it hung').toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: cannot write to "\/proc\/x\/y"/);
  });

  it.each([
    [['run', '--out', ''], /--out takes a directory, not an empty string/],
    [['run', '--shard', '1/99999999999999999999'], /--shard takes i\/n/],
    [['run', '--throughput', 'bench.json', '--no-throughput'], /--throughput and --no-throughput contradict each other/],
    [['run', '--no-throughput', '--throughput', 'bench.json'], /--throughput and --no-throughput contradict each other/],
    [['run', '--isolation', 'none', '--workers', '3'], /--workers .* --isolation none does not use/],
  ])('%j is refused (exit 2)', async (argv, message) => {
    // Were it accepted, the run would plan nothing and stop there (another message), writing no report.
    expect(await main([...argv, '--standard', 'x25519', '--case', 'no/such/case'])).toBe(2);
    expect(err).toMatch(message);
  });

  it('shards are exact integers', () => {
    expect(() => parseShard(`1/${2 ** 53}`)).toThrow(/--shard takes i\/n/);
    expect(parseShard(`3/${2 ** 53 - 1}`)).toEqual({ index: 3, count: 2 ** 53 - 1 });
  });

  it('a case that times out before its first operation carries the stage it was waiting to begin', async () => {
    const waiting = (kind: Case['kind']): Case => ({
      id: kind,
      standard: STANDARD_BY_ID.get('aes-gcm')!,
      kind,
      params: {},
      paramsId: 'p',
      producer: 'a',
      consumer: 'b',
      expected: 'accept',
      expectedBecause: 'x',
      execute: () => new Promise(() => undefined),
    });
    const results = await runCases([waiting('matrix'), waiting('import')], new Map(), { seed: 's', concurrency: 2, timeoutMs: 50, replay: () => '' });
    expect(results.map((r) => [r.stage, r.message])).toEqual([
      ['encrypt', 'timed out after 50 ms waiting to begin encrypt'],
      ['decrypt', 'timed out after 50 ms waiting to begin decrypt'],
    ]);
  });

  it("OpenSSL's thread id prefix is left out of error texts, so two runs say the same", () => {
    const fail = () =>
      spawnSync('openssl', ['enc', '-d', '-aes-128-cbc', '-K', '00'.repeat(16), '-iv', '00'.repeat(16)], { input: Buffer.alloc(5) }).stderr.toString();
    const raw = fail();
    expect(raw).toMatch(/^[0-9A-F]{8,16}:error:/m);
    expect(withoutThreadIds(raw)).not.toMatch(/^[0-9A-F]{8,16}:/m);
    expect(withoutThreadIds(raw)).toMatch(/^error:/m);
    expect(withoutThreadIds(fail())).toBe(withoutThreadIds(raw));
  });
});
