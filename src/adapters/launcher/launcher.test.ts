import { describe, expect, it } from 'vitest';
import { runProgram } from '../subprocess.js';

const ppidOf = async (): Promise<number> =>
  Number(
    Buffer.from((await runProgram('/bin/sh', ['-c', 'echo $PPID'])).stdout)
      .toString()
      .trim(),
  );

describe('program launcher', () => {
  it('starts programs from the launcher process, not from bothends, with the same answers', async () => {
    const launcher = await ppidOf();
    expect(launcher).not.toBe(process.pid);
    expect(launcher).toBeGreaterThan(1);

    const input = Uint8Array.from({ length: 70_000 }, (_, i) => i & 0xff); // more than a pipe buffer
    const cat = await runProgram('/bin/cat', [], { input });
    expect(cat.code).toBe(0);
    expect(cat.stdout).toEqual(input);

    const failed = await runProgram('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(failed).toEqual({ code: 3, stdout: new TextEncoder().encode('out\n'), stderr: 'err\n' });

    const env = await runProgram('/bin/sh', ['-c', 'echo "$BOTHENDS_LAUNCHER_TEST"; pwd'], { env: { BOTHENDS_LAUNCHER_TEST: 'seen' }, cwd: '/' });
    expect(Buffer.from(env.stdout).toString()).toBe('seen\n/\n');

    await expect(runProgram('/nonexistent/bothends-no-such-program', [])).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(runProgram('/bin/sleep', ['5'], { timeoutMs: 200 })).rejects.toThrow(/killed after 200 ms/);
  });

  it('goes on without the launcher when it dies: programs then start from bothends itself', async () => {
    const launcher = await ppidOf();
    expect(launcher).not.toBe(process.pid);
    const pending = runProgram('/bin/sleep', ['2']);
    process.kill(launcher, 'SIGKILL');
    await expect(pending).rejects.toThrow(/program launcher exited/);
    expect(await ppidOf()).toBe(process.pid);
  });
});
