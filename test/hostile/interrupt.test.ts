/**
 * Item 5 of the hostile-input issue: SIGINT and SIGTERM skipped every cleanup. gpg-agent
 * daemons and `bothends-*` temp directories (GnuPG homes with secret keys) stayed behind. Now
 * the run stops its adapters' processes and daemons, removes its private directories, keeps
 * the finished results in results.ndjson.partial and exits 130 or 143. A run killed while
 * writing its reports leaves a `.tmp`, which the next run removes. Real subprocesses of the
 * built CLI, with a private TMPDIR so that what is left behind can be counted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { aesGcmRun, CLI, runCli, tempDir } from './helpers.js';

const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const root = tempDir('interrupt');
const hasGpg = spawnSync('gpg', ['--version']).status === 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lines of a file, or none. */
const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** Processes whose command line mentions `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(text) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Starts the built CLI with `args` in a private TMPDIR, waits until `ready()` holds (results are
 * coming in), sends `signal`, and resolves with the exit code and stderr.
 */
async function interrupt(
  name: string,
  args: readonly string[],
  signal: NodeJS.Signals,
  ready: (tmp: string, out: string) => boolean,
  env: NodeJS.ProcessEnv = {},
) {
  const tmp = join(root, `${name}-tmp`);
  const out = join(root, `${name}-out`);
  mkdirSync(tmp);
  const child = spawn(process.execPath, [CLI, ...args, '--out', out, '--format', 'json', 'ndjson', '--quiet', '--expectations', 'none'], {
    env: { ...process.env, ...env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (let i = 0; i < 400 && child.exitCode === null && !ready(tmp, out); i++) await sleep(100);
  expect(child.exitCode, `the run ended before it could be interrupted: ${stderr}`).toBeNull();
  child.kill(signal);
  const code = await exited;
  return { code, stderr, tmp, out };
}

describe('interrupting a run', () => {
  it.skipIf(!hasGpg)(
    'SIGINT: gpg-agents stopped, GnuPG homes removed, finished results kept, exit 130',
    async () => {
      const partial = (out: string) => join(out, 'results.ndjson.partial');
      const r = await interrupt(
        'sigint',
        ['run', '--standard', 'openpgp', '--adapter', 'gpg', 'openpgp-js', '--kind', 'matrix'],
        'SIGINT',
        (tmp, out) =>
          lines(partial(out)).length > 0 &&
          readdirSync(tmp).some((n) => n.startsWith('bothends-gnupg-')) &&
          processesMentioning(tmp).some((p) => /gpg-agent/.test(p)),
      );
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toMatch(/SIGINT: stopping/);
      expect(readdirSync(r.tmp).filter((n) => n.startsWith('bothends-'))).toEqual([]);
      expect(processesMentioning(r.tmp)).toEqual([]);
      const kept = lines(join(r.out, 'results.ndjson.partial'));
      expect(kept.length).toBeGreaterThan(0);
      for (const line of kept) expect((JSON.parse(line) as { id: string }).id).toMatch(/^openpgp\//);
      expect(existsSync(join(r.out, 'report.json'))).toBe(false);
    },
    60_000,
  );

  it('SIGTERM: external adapter processes stopped, exit 143', async () => {
    const self = join(root, 'slow.pids');
    const r = await interrupt(
      'sigterm',
      [
        'run',
        '--external',
        `slow=${process.execPath} ${fake} slow`,
        '--adapter',
        'node-crypto',
        'slow',
        '--standard',
        'aes-gcm',
        '--kind',
        'matrix',
        'negative',
      ],
      'SIGTERM',
      (_, out) => lines(join(out, 'results.ndjson.partial')).length > 2,
      { HOSTILE_SELF_FILE: self },
    );
    expect(r.code, r.stderr).toBe(143);
    const pids = lines(self).map(Number);
    expect(pids.length).toBeGreaterThan(0);
    for (let i = 0; i < 30 && processesMentioning(`${fake} slow`).length; i++) await sleep(100);
    expect(processesMentioning(`${fake} slow`)).toEqual([]);
    expect(lines(join(r.out, 'results.ndjson.partial')).length).toBeGreaterThan(2);
  }, 60_000);

  it('the next run removes the .tmp report files a killed run left, and only those', async () => {
    const out = join(root, 'stale');
    mkdirSync(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = `report.json.${dead}.0123456789ab.tmp`;
    const live = `report.md.${process.pid}.0123456789ab.tmp`; // a run that is still writing
    writeFileSync(join(out, stale), '');
    writeFileSync(join(out, live), '');
    const r = await runCli(aesGcmRun(out, { kind: 'kat', adapters: ['node-crypto'], cases: '*/tc1/decrypt' }));
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([live, 'report.json'].sort());
  });
});
