/**
 * Running one program and saying what it did: the one place that calls execFile, used by the
 * launcher process and by bothends itself when there is no launcher. It loads nothing but
 * node:child_process, so the launcher stays small.
 */
import { execFile } from 'node:child_process';

/** How to run one program. */
export interface ExecOptions {
  readonly input?: Uint8Array;
  readonly timeoutMs: number;
  readonly maxBuffer: number;
  readonly cwd?: string;
  readonly env: NodeJS.ProcessEnv;
}

/** What happened: it ran and exited, could not start, or overran its time and was killed. */
export type ExecOutcome =
  | { readonly kind: 'exit'; readonly code: number; readonly stdout: Uint8Array; readonly stderr: string }
  | { readonly kind: 'start-error'; readonly message: string; readonly code: string }
  | { readonly kind: 'killed' };

/** Runs `file` with `args` (an argument array, never a shell); never rejects. */
export function execProgram(file: string, args: readonly string[], o: ExecOptions): Promise<ExecOutcome> {
  return new Promise((resolve) => {
    try {
      const child = execFile(
        file,
        [...args],
        { encoding: 'buffer', timeout: o.timeoutMs, maxBuffer: o.maxBuffer, cwd: o.cwd, env: o.env, windowsHide: true },
        (err, stdout, stderr) => {
          const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
          if (e && typeof e.code === 'string') return resolve({ kind: 'start-error', message: e.message, code: e.code }); // ENOENT…
          if (e?.killed) return resolve({ kind: 'killed' });
          // A copy of its own: a view would keep (or, across threads and processes, carry) Node's whole buffer pool.
          resolve({ kind: 'exit', code: e ? Number(e.code ?? 1) : 0, stdout: Uint8Array.from(stdout), stderr: stderr.toString('utf8') });
        },
      );
      // A program that exits without reading its input closes the pipe: the exit code tells what
      // happened, so the EPIPE on our side of the pipe must not become an uncaught error.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(o.input ? Buffer.from(o.input.buffer, o.input.byteOffset, o.input.byteLength) : undefined);
    } catch (err) {
      resolve({ kind: 'start-error', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code ?? 'ESPAWN' });
    }
  });
}
