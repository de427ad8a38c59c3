import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, err, out } from '../../../test/capture.js';
import { RESULTS, fixture } from '../../../test/report-fixture.js';
import { renderJson } from '../../report/json.js';
import { main } from '../program.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-explain-'));
const file = join(dir, 'report.json');
writeFileSync(file, renderJson(fixture()));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

captureOutput();

describe('bothends explain', () => {
  const id = 'aes-gcm/k128-iv12-t16/negative/alpha~beta/zero-tag';

  it("prints a case's story from --report", async () => {
    expect(await main(['explain', id, '--report', file])).toBe(0);
    expect(out.startsWith(`${id}\n`)).toBe(true);
    expect(out).toContain('  outcome     ‼ fail (accepted-invalid) — unexpected\n');
    expect(out).toContain(`  replay      ${RESULTS.find((r) => r.id === id)?.replay}\n`);
  });

  it('prints the result as JSON with --json', async () => {
    expect(await main(['explain', id, '--report', file, '--json'])).toBe(0);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(RESULTS.find((r) => r.id === id))));
  });

  it('exits 2 on an unknown id, listing close matches', async () => {
    expect(await main(['explain', 'aes-gcm/k128-iv12-t16/negative/alpha~beta/zero', '--report', file])).toBe(2);
    expect(err).toContain(`no case "aes-gcm/k128-iv12-t16/negative/alpha~beta/zero" in ${file}; close matches:\n  ${id}\n`);
    expect(out).toBe('');
  });

  it('exits 2 when the report cannot be read', async () => {
    expect(await main(['explain', id, '--report', join(dir, 'missing.json')])).toBe(2);
    expect(err).toMatch(/cannot read report/);
  });
});
