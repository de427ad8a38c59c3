/**
 * Item 6 of the hostile-input issue: an external adapter's own children survived it. Only the
 * direct child was killed, so an adapter that starts helpers left them running after `run` and
 * after `adapter check`. Each adapter now runs in its own process group, killed as a whole.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChildSession, type FailureCode } from '../../src/adapters/child-session.js';
import { Connection } from '../../src/adapters/external/connection.js';
import { projectPath } from '../../src/core/paths.js';
import { matrixRun, runCli, tempDir } from './helpers.js';

const fake = projectPath('test', 'hostile', 'fixtures', 'hostile-adapter.mjs');
const request = { op: 'decrypt', standard: 'aes-gcm', params: { keyBits: 128, ivBytes: 12, tagBytes: 16 }, inputs: {} } as const;
const dir = tempDir('groups');

/** Alive and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The helper pids the fixture wrote to `file`. */
const pidsIn = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);

/** Waits up to 5 s for every pid to be gone; returns those still alive (and kills them, so a failure leaves nothing behind). */
async function survivors(pids: readonly number[]): Promise<number[]> {
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const left = pids.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return left;
}

/**
 * The lifetime the SOP hosts share with the external adapters (src/adapters/child-session.ts),
 * under another protocol: bytes, the first chunk taken as the hello. Before it was shared the
 * hosts ran in bothends's own group and only the JVM was killed.
 */
class BytesChild extends ChildSession<void> {
  readonly failures: FailureCode[] = [];
  protected onStdout(): void {
    if (!this.greeted) this.greet();
  }
  protected failPending(code: FailureCode): void {
    this.failures.push(code);
  }
  /** Fails it as a protocol would on garbage. */
  garbage(): void {
    this.fail('ADAPTER_GARBAGE', 'wrote garbage');
  }
}

describe('a long-lived child of any protocol that starts helpers', () => {
  it.each(['closed', 'failed'])('leaves none of them running once it is %s', async (how) => {
    const pidsFile = join(dir, `bytes-${how}.pids`);
    const child = new BytesChild({
      command: { file: process.execPath, args: [fake, 'helpers', '3', 'answers'], env: { HOSTILE_PIDS_FILE: pidsFile } },
      helloTimeoutMs: 10_000,
      label: 'bytes child',
      stdout: 'bytes',
    });
    await child.ready;
    const pids = pidsIn(pidsFile);
    expect(pids).toHaveLength(3);
    if (how === 'closed') await child.close();
    else child.garbage();
    expect(await survivors(pids)).toEqual([]);
    expect(child.dead).toBe(true);
    expect(child.failures).toEqual([how === 'closed' ? 'ADAPTER_CLOSED' : 'ADAPTER_GARBAGE']);
    await child.close();
  });
});

describe('an external adapter that starts helpers', () => {
  it.each([
    ['shut down', 'answers'],
    ['killed for not answering', 'silent'],
  ])('leaves none of them running once it is %s', async (_, mode) => {
    const pidsFile = join(dir, `${mode}.pids`);
    const c = new Connection({
      name: 'helpers',
      command: { file: process.execPath, args: [fake, 'helpers', '4', mode], env: { HOSTILE_PIDS_FILE: pidsFile } },
      requestTimeoutMs: 500,
      helloTimeoutMs: 10_000,
      maxStarts: 1,
    });
    await c.hello();
    const pids = pidsIn(pidsFile);
    expect(pids).toHaveLength(4);
    expect(pids.every(alive)).toBe(true);
    if (mode === 'silent') await expect(c.request(request, 'decrypt')).rejects.toMatchObject({ code: 'ADAPTER_TIMEOUT' });
    else await c.close();
    expect(await survivors(pids)).toEqual([]);
    await c.close();
  });

  it.each([
    ['run', (cmd: string) => matrixRun(join(dir, 'out'), ['helpers'], ['--external', `helpers=${cmd}`])],
    ['adapter check', (cmd: string) => ['adapter', 'check', '--standard', 'aes-gcm', '--timeout', '2000', '--', ...cmd.split(' ')]],
  ])('%s leaves no helper behind', async (name, argv) => {
    const pidsFile = join(dir, `${name.replace(' ', '-')}.pids`);
    const r = await runCli(argv(`${process.execPath} ${fake} helpers 3`), { env: { ...process.env, HOSTILE_PIDS_FILE: pidsFile } });
    expect(r.signal).toBeNull();
    const pids = pidsIn(pidsFile);
    expect(pids.length, r.stdout + r.stderr).toBeGreaterThanOrEqual(3);
    expect(await survivors(pids)).toEqual([]);
  });
});
