/**
 * Subprocess peers: argument arrays only (never a shell), a time limit, output caps, and
 * private temporary directories (0700) removed afterwards.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { onInterrupt, refuseIfInterrupted } from '../core/interrupt.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeResult } from '../core/adapter.js';
import { execProgram } from './launcher/exec.js';
import { launch } from './launcher/launcher.js';

/** What a finished program did. */
export interface ProgramResult {
  readonly code: number;
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

/** Options of one program run. */
export interface ProgramOptions {
  readonly input?: Uint8Array;
  readonly timeoutMs?: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Cap on captured output, in bytes. */
  readonly maxBuffer?: number;
}

/**
 * Runs `file` with `args` (no shell) and resolves with its exit code and output; never rejects
 * on a non-zero exit. Started by the launcher process (launcher/launcher.ts) when it runs, else
 * from this process; the same either way.
 */
export async function runProgram(file: string, args: readonly string[], o: ProgramOptions = {}): Promise<ProgramResult> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const options = {
    timeoutMs,
    maxBuffer: o.maxBuffer ?? 64 * 1024 * 1024,
    ...(o.input ? { input: o.input } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    env: o.env ?? process.env,
  };
  const r = await (launch(file, args, options) ?? execProgram(file, args, options));
  switch (r.kind) {
    case 'exit':
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    case 'killed':
      throw new Error(`${file} killed after ${timeoutMs} ms`);
    case 'start-error':
      throw Object.assign(new Error(r.message), { code: r.code });
  }
}

/** Runs `fn` with a fresh private (0700) temporary directory, always removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  refuseIfInterrupted('making a temporary directory');
  const dir = await mkdtemp(join(tmpdir(), 'bothends-'));
  // Removed on an interruption too: these hold keys and passwords.
  const forget = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    forget();
  }
}

/**
 * OpenSSL's error lines begin with the id of the thread that failed (`40870962207F0000:error:…`),
 * different in every process: left out, so that two runs give the same messages.
 */
export function withoutThreadIds(stderr: string): string {
  return stderr.replace(/^[0-9A-F]{8,16}:error:/gm, 'error:');
}

/** The install command bothends prints for missing Debian peers. */
export function installHint(debianPackage: string): string {
  return `sudo apt-get install -y ${debianPackage}   (or: bash .ci/install-peers)`;
}

/** A probe that runs `file args` and reads the version from its output. */
export function programProbe(file: string, args: readonly string[], parse: (out: string) => string, debianPackage: string): () => Promise<ProbeResult> {
  return async () => {
    try {
      const r = await runProgram(file, args, { timeoutMs: 10_000 });
      const text = `${Buffer.from(r.stdout).toString('utf8')}${r.stderr}`;
      if (r.code !== 0)
        return {
          available: false,
          reason: `${file} ${args.join(' ')} exited with ${r.code}: ${text.trim().slice(0, 200)}`,
          install: installHint(debianPackage),
        };
      return { available: true, version: parse(text).trim() };
    } catch (err) {
      return { available: false, reason: `${file} not found (${(err as Error).message})`, install: installHint(debianPackage) };
    }
  };
}
