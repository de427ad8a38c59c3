/**
 * Every command in the README works as written, in a fresh clone: `git clone` of this
 * repository, `npm ci` (offline, from the npm cache), then each shell block's commands, narrowed
 * to one standard and adapter where they would run the whole matrix, with the README's
 * placeholder adapter (`/opt/acme/bin/bothends-adapter --fips`) replaced by the Python
 * reference adapter. The synopsis block (`[--flag …]`) is checked against each command's own
 * `--help`: every flag it shows must exist. `npm test` (this suite) and `npm run bench` (four
 * minutes, see bench/) are not run.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/core/paths.js';

const run = promisify(execFile);
const README = readFileSync(join(projectRoot(), 'README.md'), 'utf8');
const SHARED = resolve(projectRoot(), '..', 'shared', 'vectors');
const ACME = '/opt/acme/bin/bothends-adapter --fips';
const PYTHON_REF = '/usr/bin/python3 -I -B src/adapters/python-ref/bothends_ref.py';

/** The commands of the README's sh and yaml blocks: continuation lines joined, comments dropped. */
function readmeBlocks(): string[][] {
  const blocks: string[][] = [];
  for (const m of README.matchAll(/^```(sh|yaml)\n([\s\S]*?)^```$/gm)) {
    const text = m[2]!.replace(/\\\n\s*/g, '');
    const lines = m[1] === 'yaml' ? [...text.matchAll(/^\s*- run: (.*)$/gm)].map((r) => r[1]!) : text.split('\n');
    blocks.push(lines.map((l) => l.replace(/\s+#\s.*$/, '').trim()).filter(Boolean));
  }
  return blocks;
}

/** A synopsis line shows optional parts in brackets or placeholders in capitals. */
const isSynopsis = (block: readonly string[]): boolean => block.some((l) => /\[--/.test(l));

/** The standard and adapter a run is narrowed to, by the corpora it reads. */
function narrow(cmd: string): string {
  if (/--(standard|case|shard)\b|\s-s\s/.test(cmd) && !/--shard/.test(cmd)) return cmd;
  const picks: Array<[RegExp, string, string]> = [
    [/--(wycheproof|acvp)\b/, 'aes-gcm', 'node-crypto'],
    [/--hpke\b/, 'hpke', 'hpke-js'],
    [/--jose-cookbook\b/, 'jwe', 'jose'],
    [/--external\b/, 'aes-gcm', 'node-crypto acme'],
  ];
  const hit = picks.filter(([re]) => re.test(cmd));
  const standards = hit.length ? [...new Set(hit.map((h) => h[1]))] : ['x25519'];
  const adapters = hit.length ? [...new Set(hit.flatMap((h) => h[2].split(' ')))] : ['node-crypto'];
  const extra = ` --standard ${standards.join(' ')} --adapter ${adapters.join(' ')}${/--kind|--wycheproof|--hpke|--jose/.test(cmd) ? '' : ' --kind kat'}`;
  return cmd.startsWith('npm start') ? `${cmd.includes(' -- ') ? cmd : `${cmd} --`}${extra}` : `${cmd}${extra}`;
}

/** A README command as run here: placeholders filled in, long runs narrowed; undefined: not run. */
function runnable(cmd: string): string | undefined {
  if (/^npm (install|ci|test|run bench)\b/.test(cmd) || cmd.startsWith('- uses') || /install-peers/.test(cmd)) return undefined;
  let c = cmd.replaceAll(`"${ACME}"`, `"${PYTHON_REF}"`).replaceAll(ACME, PYTHON_REF);
  if (/^npx bothends adapter check/.test(c)) c = c.replace(' -- ', ' --standard aes-gcm -- ');
  if (/^(npm start|npx bothends run)/.test(c)) c = narrow(c);
  return c;
}

/** The child environment: no npm lifecycle variables of the npm that started vitest. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$)/i.test(k)));
}

describe('README commands in a fresh clone', () => {
  const root = mkdtempSync(join(tmpdir(), 'bothends-readme-'));
  const clone = join(root, 'bothends');
  const sh = (cmd: string) =>
    run('sh', ['-c', cmd], { cwd: clone, env: cleanEnv(), maxBuffer: 64 << 20, timeout: 300_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );

  beforeAll(() => {
    execFileSync('git', ['clone', '--quiet', projectRoot(), clone]);
    // ../shared/vectors, as the README writes it, seen from the clone.
    if (existsSync(SHARED)) symlinkSync(resolve(SHARED, '..'), join(root, 'shared'));
    execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: clone, env: cleanEnv(), stdio: 'ignore' });
    // A user who tries the command before building: without the link npm install makes, npx
    // caches the project without its bin, and every later `npx bothends` says "not found".
    spawnSync('npx', ['--offline', 'bothends', '--version'], { cwd: clone, env: cleanEnv(), stdio: 'ignore' });
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: clone, env: cleanEnv(), stdio: 'ignore' });
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('npm install links the bothends command, so npx finds it', async () => {
    const r = await sh('npx bothends --version');
    expect(r.stderr).not.toMatch(/not found/);
    expect(r.code).toBe(0);
  }, 60_000);

  const blocks = readmeBlocks();
  const commands = blocks.filter((b) => !isSynopsis(b)).flat();
  const shards = commands.filter((c) => c.includes('${{ matrix.shard }}'));
  const plain = commands.filter((c) => !shards.includes(c)).filter((c) => runnable(c) !== undefined);

  it('finds the README blocks', () => {
    expect(plain.length).toBeGreaterThan(5);
    expect(shards.length).toBe(1);
  });

  // The yaml's shards run before its merge; every other command in README order.
  it.each(plain.filter((c) => !c.includes('merge')))('%s', async (cmd) => {
    if (/\.\.\/shared\//.test(cmd) && !existsSync(SHARED)) return;
    const r = await sh(runnable(cmd)!);
    expect(r.stderr, runnable(cmd)).not.toMatch(/not found|unknown option|error: /);
    const isRun = /^(npm start|npx bothends run)/.test(cmd);
    expect(isRun ? [0, 1] : [0], `${runnable(cmd)}\n${r.stderr}`).toContain(r.code);
    if (isRun) expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
  }, 300_000);

  it('the CI example: four shards, then merge', async () => {
    for (const i of [1, 2, 3, 4]) {
      const r = await sh(narrow(shards[0]!.replaceAll('${{ matrix.shard }}', String(i))));
      expect([0, 1], r.stderr).toContain(r.code);
    }
    const merge = plain.find((c) => c.includes('merge'))!;
    const r = await sh(merge);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
  }, 300_000);

  it('every flag of the synopsis exists in the command it is shown with', async () => {
    const lines = blocks.filter(isSynopsis).flat();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const words = line.replace(/^npx bothends /, '').split(/\s+/);
      const sub = words[0] === 'adapter' ? ['adapter', words[1]!] : [words[0]!];
      const help = (await sh(`node dist/src/cli/main.js ${sub.join(' ')} --help`)).stdout;
      for (const flag of line.match(/(?<=[\s[])--?[a-z][\w-]*/g) ?? []) {
        if (flag === '--') continue;
        expect(help, `${line}: ${flag}`).toMatch(new RegExp(`(^|[\\s,])${flag}\\b`, 'm'));
      }
    }
  }, 120_000);
});

describe('README excerpts', () => {
  it('are lines of the committed report they quote, in its order', () => {
    const quoted = [...README.matchAll(/<!-- excerpt: (\S+) -->\n```text\n([\s\S]*?)^```$/gm)];
    expect(quoted.length).toBeGreaterThan(0);
    for (const [, file, text] of quoted) {
      const source = readFileSync(join(projectRoot(), file!), 'utf8').split('\n');
      let at = 0;
      for (const line of text!.split('\n').filter(Boolean)) {
        const found = source.indexOf(line, at);
        expect(found, `${file}: ${line}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    }
  });
});
