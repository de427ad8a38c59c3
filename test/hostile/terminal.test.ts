/**
 * Item 10 of the hostile-input issue: an adapter's error text holding ESC/OSC sequences was
 * printed raw by `run` (the UNEXPECTED lines) and by `diff`. Every line the command prints to a
 * terminal has its control characters shown, not sent. Run as a real subprocess of the built CLI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import type { Report } from '../../src/core/report-model.js';
import { terminalText } from '../../src/cli/terminal.js';
import { matrixRun, runCli, tempDir } from './helpers.js';

const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const dir = tempDir('terminal');
/** ESC, BEL, CSI/OSC introducers and CR: none may reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('terminal escape codes from adapters', () => {
  it('shows control characters as text and keeps newlines and tabs', () => {
    expect(terminalText('a\u001b]0;x\u0007b\r\n\tc\u009b')).toBe('a\\u001B]0;x\\u0007b\\u000D\n\tc\\u009B');
  });

  it("run and diff print an adapter's escape codes inert", async () => {
    const out = join(dir, 'out');
    const ran = await runCli(matrixRun(out, ['node-crypto', 'evil'], ['--external', `evil=${process.execPath} ${fake} escapes`]));
    expect(ran.code, ran.stderr).toBe(1);
    expect(ran.stdout).toMatch(/UNEXPECTED error .*evil.*\\u001B\]0;pwned\\u0007 \\u001B\[2J/);
    expect(ran.stdout).not.toMatch(RAW_CONTROL);
    expect(ran.stderr).not.toMatch(RAW_CONTROL);
    // The report keeps the adapter's text as it was: only the terminal is protected.
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.results.some((r) => r.message.includes('\u001b]0;pwned\u0007'))).toBe(true);
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...report, results: report.results.map((r) => ({ ...r, outcome: 'pass' })) }));
    const diff = await runCli(['diff', old, join(out, 'report.json')]);
    expect(diff.stdout).toMatch(/\\u001B\[31mred/);
    expect(diff.stdout).not.toMatch(RAW_CONTROL);
  });
});
