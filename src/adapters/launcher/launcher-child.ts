/**
 * The launcher process (see launcher.ts): starts the programs the suite's subprocess adapters
 * run, on request of the bothends process over the IPC channel, and answers with what each
 * did. It stays small (it loads nothing but node:child_process), so starting a program costs
 * it a few milliseconds; in a bothends process holding hundreds of megabytes of worker heaps,
 * the same fork copied page tables for 50 ms of blocked event loop and 20 ms of system CPU.
 */
import { execFile } from 'node:child_process';
import type { LaunchReply, LaunchRequest } from './launcher.js';

function answer(reply: LaunchReply): void {
  process.send!(reply);
}

process.on('message', (m: LaunchRequest) => {
  const o = m.options;
  try {
    const child = execFile(
      m.file,
      [...m.args],
      { encoding: 'buffer', timeout: o.timeoutMs, maxBuffer: o.maxBuffer, cwd: o.cwd, env: o.env, windowsHide: true },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        if (e && typeof e.code === 'string') return answer({ id: m.id, kind: 'start-error', message: e.message, code: e.code });
        if (e?.killed) return answer({ id: m.id, kind: 'killed' });
        // A copy of its own: a view would carry Node's whole 8 KiB buffer pool across.
        answer({ id: m.id, kind: 'exit', code: e ? Number(e.code ?? 1) : 0, stdout: Uint8Array.from(stdout), stderr: stderr.toString('utf8') });
      },
    );
    // A program that exits without reading its input closes the pipe: not an error here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(o.input ? Buffer.from(o.input.buffer, o.input.byteOffset, o.input.byteLength) : undefined);
  } catch (err) {
    answer({ id: m.id, kind: 'start-error', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code ?? 'ESPAWN' });
  }
});
// The bothends process went away: so does the launcher (its children finish on their own).
process.on('disconnect', () => process.exit(0));
