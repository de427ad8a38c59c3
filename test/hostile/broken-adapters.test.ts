/**
 * Item 7 of the hostile-input issue: an external adapter that sends no hello, or a garbage one,
 * produced no cells at all and the run said "649 passed, 0 failed, 0 skipped", exit 0. Its
 * cells are now `skipped` with the reason (as docs/adapter-protocol.md promises), the report's
 * problems say that an adapter asked for never ran, and the exit code is 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import type { Report } from '../../src/core/report-model.js';
import { matrixRun, runCli, tempDir } from './helpers.js';

const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const dir = tempDir('broken');

describe('external adapters that never say a valid hello', () => {
  it('get skipped cells with the reason, a problem line and exit code 2', async () => {
    const config = join(dir, 'adapters.json');
    writeFileSync(
      config,
      JSON.stringify({
        adapters: [
          { id: 'silent', command: [process.execPath, fake, 'no-hello'], helloTimeoutMs: 1500 },
          { id: 'chatty', command: [process.execPath, fake, 'garbage-hello'] },
        ],
      }),
    );
    const out = join(dir, 'out');
    const r = await runCli(matrixRun(out, ['node-crypto', 'silent', 'chatty'], ['--adapters-config', config]));
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/problem \(adapter\): adapter silent was asked for but never ran: adapter silent: no hello within 1500 ms of starting/);
    expect(r.stdout).toMatch(
      /problem \(adapter\): adapter chatty was asked for but never ran: adapter chatty: wrote a line that is not JSON: "Welcome to ACME crypto!"/,
    );
    expect(r.stdout).toMatch(/^1 passed, 0 failed, 8 skipped$/m);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const cell = (p: string, c: string) => report.results.find((x) => x.id === `aes-gcm/k128-iv12-t16/matrix/${p}~${c}`);
    expect(cell('node-crypto', 'node-crypto')?.outcome).toBe('pass');
    expect(cell('node-crypto', 'silent')).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/^consumer silent not available: adapter silent: no hello within 1500 ms/),
    });
    expect(cell('chatty', 'node-crypto')).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/^producer chatty not available: .*not JSON/) });
    expect(report.summary.byAdapter['silent']?.skipped).toBe(5);
    expect(report.problems.filter((p) => p.kind === 'adapter')).toHaveLength(2);
  });
});
