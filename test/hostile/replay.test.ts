/**
 * Item 1 of the hostile-input issue: replay commands are pasted into shells. Seeds, vector file
 * names and --vectors directories come from users and other people's files; every one of them
 * must reach bothends as one word, and nothing in them may run.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import type { Report } from '../../src/core/report-model.js';
import { shellQuote } from '../../src/core/shell.js';
import { aesGcmRun, CLI, run, runCli, tempDir } from './helpers.js';

const work = tempDir('replay');

/** Runs a replay command under `sh -c` with `npx bothends` swapped for `printf` of each argument: the words the shell made. */
async function wordsOf(replay: string, cwd: string): Promise<string[]> {
  expect(replay.startsWith('npx bothends ')).toBe(true);
  const r = await run('sh', ['-c', `printf '%s\\0' ${replay.slice('npx bothends '.length)}`], { cwd });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

describe('replay commands survive a shell', () => {
  it('quotes words so that a shell gives them back unchanged', async () => {
    const hostile = ['', 'plain', "it's", 's;touch X;', '$(touch Y)', '`touch Z`', 'a b\tc\nd', '~', '*', "'$(touch W)'", '\\', '"', '!x', '-'];
    const sandbox = join(work, 'words');
    mkdirSync(sandbox);
    const words = await wordsOf(`npx bothends ${hostile.map(shellQuote).join(' ')}`, sandbox);
    expect(words).toEqual(hostile);
    expect(readdirSync(sandbox)).toEqual([]);
  });

  it('runs nothing from a hostile seed, vector file name or --vectors directory, and the replay reproduces its case', async () => {
    const vectors = join(work, 'vec tors $(touch PWNED-DIR)');
    mkdirSync(join(vectors, 'aes-gcm'), { recursive: true });
    const name = "x'$(touch PWNED-FILE)'_test.json";
    copyFileSync(projectPath('vectors', 'aes-gcm', 'aes_gcm_spec_test.json'), join(vectors, 'aes-gcm', name));
    const seed = 's;touch PWNED-SEED;';
    const out = join(work, 'out');
    const first = await runCli(
      aesGcmRun(out, { kind: 'kat', adapters: ['node-crypto'], cases: '*tc1/decrypt', before: ['--seed', seed, '--vectors', vectors] }),
      { cwd: work },
    );
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const result = report.results.find((r) => r.id.includes('PWNED-FILE'));
    expect(result, JSON.stringify(report.results.map((r) => r.id))).toBeDefined();
    // The directory is shown relative to where the run was started, and replayed from there.
    const words = await wordsOf(result!.replay, work);
    expect(words).toEqual(['run', '--seed', seed, '--vectors', relative(work, vectors), '--case', result!.id]);
    const pwned = (): string[] => readdirSync(work).filter((f) => f.startsWith('PWNED'));
    expect(pwned()).toEqual([]);
    // And pasted for real (with the built command for `npx bothends`), it runs that one case again.
    const again = await run(
      'sh',
      [
        '-c',
        `${shellQuote(process.execPath)} ${shellQuote(CLI)} ${result!.replay.slice('npx bothends '.length)} --format json --out again --quiet --expectations none`,
      ],
      { cwd: work },
    );
    expect(again.code, again.stderr).toBe(0);
    const replayed = JSON.parse(readFileSync(join(work, 'again', 'report.json'), 'utf8')) as Report;
    expect(replayed.results.map((r) => [r.id, r.outcome])).toEqual([[result!.id, result!.outcome]]);
    expect(pwned()).toEqual([]);
  });
});
