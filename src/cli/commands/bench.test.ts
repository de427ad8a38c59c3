/**
 * `bothends bench` end to end on a tiny selection, and the measuring core on broken adapters:
 * a failing operation, a missing implementation and an undeclared gap are reported, not timed.
 * No assertion is about speed: only that each cell was measured or explained.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, out } from '../../../test/capture.js';
import { defineAdapter } from '../../core/adapter.js';
import type { ThroughputData } from '../../core/throughput-model.js';
import { measureThroughput } from '../../throughput/throughput.js';
import { STANDARD_BY_ID } from '../../standards/index.js';
import { FAKES, real } from '../../../test/fakes.js';
import { main } from '../program.js';
import { pickSizes } from './bench.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

captureOutput();

const gcm = STANDARD_BY_ID.get('aes-gcm')!;

describe('bothends bench', () => {
  it('measures one adapter and the openssl reference, prints a table and writes json, md and html', async () => {
    const to = join(dir, 'one');
    const code = await main(['bench', '--adapter', 'node-crypto', '--standard', 'aes-gcm', '--sizes', '64', '--time', '5', '--out', to, '-q']);
    expect(code).toBe(0);
    const data = JSON.parse(readFileSync(join(to, 'bench.json'), 'utf8')) as ThroughputData;
    const mine = data.cells.filter((c) => c.subject === 'node-crypto');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ standard: 'aes-gcm', paramsId: 'k128-iv12-t16', size: 64, status: 'measured' });
    expect(mine[0]!.ops).toBeGreaterThan(0);
    const reference = data.cells.filter((c) => c.reference);
    if (existsSync('/usr/bin/openssl'))
      expect(reference).toMatchObject([{ subject: 'openssl speed', status: 'measured', message: 'openssl speed -evp aes-128-gcm' }]);
    expect(out).toMatch(/aes-gcm · k128-iv12-t16 — encrypt\nimplementation +64 B\n/);
    expect(out).toMatch(/node-crypto +[\d.]+ [kMG]?B\/s \([\d.]+ (k |M )?ops\/s\)/);
    expect(readFileSync(join(to, 'bench.md'), 'utf8')).toMatch(/\| node-crypto \| [\d.]+ [kMG]?B\/s/);
    expect(readFileSync(join(to, 'bench.html'), 'utf8')).toMatch(/<svg [^>]*role="img"[\s\S]*<\/svg>/);
  });

  it('rejects a size it cannot read with exit code 2', async () => {
    expect(await main(['bench', '--sizes', 'lots', '--out', join(dir, 'bad')])).toBe(2);
    expect(() => pickSizes(['0'])).toThrow(/--sizes takes byte counts/);
    expect(pickSizes([])).toEqual([64, 1024, 1 << 20]);
  });
});

describe('measureThroughput', () => {
  const base = { standards: [gcm], sizes: [16], timeBoxMs: 2, seed: 's', referenceSeconds: 0 };

  it('reports a failing operation as an error cell with its message', async () => {
    const data = await measureThroughput({ ...base, adapters: [FAKES.throws, FAKES.returnsGarbage] });
    expect(data.cells).toMatchObject([
      { subject: 'fake-throws', status: 'error', message: expect.stringMatching(/boom: the library crashed/) },
      { subject: 'fake-returns-garbage', status: 'error', message: expect.stringMatching(/not a Uint8Array|not an object/) },
    ]);
  });

  it('reports an uninstalled adapter as skipped, measures a narrow one at a parameter set it supports, and one that supports none as unsupported', async () => {
    const missing = defineAdapter({
      ...real(),
      id: 'fake-missing',
      probe: async () => ({ available: false, reason: 'not here', install: 'apt-get install it' }),
    });
    const narrow = defineAdapter({
      ...real(),
      id: 'fake-narrow',
      capabilities: {
        claims: { ...real().capabilities.claims, 'aes-gcm': { ops: ['encrypt', 'decrypt'], params: { keyBits: { values: [256], reason: 'only 256' } } } },
        gaps: real().capabilities.gaps,
      },
    });
    const decryptOnly = defineAdapter({
      ...real(),
      id: 'fake-decrypt-only',
      capabilities: {
        claims: { ...real().capabilities.claims, 'aes-gcm': { ops: ['decrypt'], opsReason: 'a decryptor only' } },
        gaps: real().capabilities.gaps,
      },
    });
    const data = await measureThroughput({ ...base, adapters: [missing, narrow, decryptOnly] });
    const first = gcm.paramsId(gcm.matrix[0]!);
    const k256 = gcm.paramsId(gcm.matrix.find((p) => p['keyBits'] === 256)!);
    expect(data.cells).toMatchObject([
      { subject: 'fake-missing', status: 'skipped', message: 'not available: not here (install: apt-get install it)' },
      { subject: 'fake-narrow', status: 'measured', paramsId: k256, message: `measured at ${k256}, not ${first}: keyBits=128: only 256` },
      { subject: 'fake-decrypt-only', status: 'unsupported', paramsId: first, message: 'a decryptor only' },
    ]);
  });

  it('measures a message-less operation per operation, without MB/s', async () => {
    const x = STANDARD_BY_ID.get('x25519')!;
    const data = await measureThroughput({ ...base, standards: [x], adapters: [real()] });
    expect(data.cells).toHaveLength(1);
    expect(data.cells[0]).toMatchObject({ op: 'derive', size: null, status: 'measured' });
    expect(data.cells[0]).not.toHaveProperty('mbPerSec');
  });
});
