/** Shared pieces of the hostile-input suite: the built CLI as a real subprocess, and temp dirs. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { projectPath } from '../../src/core/paths.js';

/** The built command (npm test builds first). */
export const CLI = projectPath('dist', 'src', 'cli', 'main.js');

/** A private temp dir removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bothends-hostile-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What a finished subprocess left. */
export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file args` (no shell) in `cwd` and collects its output. */
export function run(file: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The built CLI with `args`. */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Ran> {
  return run(process.execPath, [CLI, ...args], opts);
}

/** What a narrow AES-GCM run of the hostile tests runs: its kind, adapters and case pattern, and arguments to put first. */
export interface AesGcmRun {
  readonly kind: 'matrix' | 'kat';
  readonly adapters: readonly string[];
  readonly cases?: string;
  readonly before?: readonly string[];
}

/** `run` arguments for a narrow AES-GCM run of the hostile tests: JSON to `out`, quiet, no expectations file. */
export function aesGcmRun(out: string, o: AesGcmRun): string[] {
  return [
    'run',
    ...(o.before ?? []),
    '--standard',
    'aes-gcm',
    '--adapter',
    ...o.adapters,
    '--kind',
    o.kind,
    ...(o.cases === undefined ? [] : ['--case', o.cases]),
    '--format',
    'json',
    '--out',
    out,
    '--quiet',
    '--expectations',
    'none',
  ];
}

/** The one AES-GCM matrix the hostile tests drive their adapters through. */
export function matrixRun(out: string, adapters: readonly string[], before: readonly string[] = []): string[] {
  return aesGcmRun(out, { kind: 'matrix', adapters, cases: 'aes-gcm/k128-iv12-t16/matrix/*', before });
}
