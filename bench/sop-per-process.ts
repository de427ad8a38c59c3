/**
 * The baseline of section (d): OpenPGP cases driven as the Sequoia OpenPGP interoperability
 * suite drives its implementations, one SOP process per operation, one operation after another.
 * Each consumer makes a key (`generate-key`, `extract-cert`); then in each cell the producer
 * encrypts a 100-byte message to the consumer's certificate (`encrypt --no-armor CERT`) and the
 * consumer decrypts it (`decrypt KEY`). The cells are those bothends' matrix runs for one
 * OpenPGP parameter set (the pairs the adapters claim), which section (d) also times through
 * bothends' scheduler in the same run. Implementations not installed are left out and named.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOSOP, PGPAINLESS, SQOP } from '../src/adapters/sop/sop.js';

/** The SOP implementations of the comparison: bothends adapter id → the program Debian installs. */
export const SOP_PROGRAMS: Readonly<Record<string, string>> = Object.fromEntries([SQOP, GOSOP, PGPAINLESS].map((s) => [s.id, s.program]));

/** What the baseline did. */
export interface PerProcessRun {
  readonly implementations: readonly string[];
  /** Implementations left out: not installed. */
  readonly missing: readonly string[];
  /** Producer × consumer cells driven. */
  readonly pairs: number;
  /** Processes started: one per operation. */
  readonly processes: number;
  readonly wallMs: number;
  /** Cells whose decryption did not give the message back, with why. */
  readonly failed: readonly string[];
  /** Set when the baseline was stopped at its limit: the cells done by then. */
  readonly stopped?: { readonly limitMs: number; readonly done: number };
}

interface Exit {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** One SOP process: `program args`, `stdin` in, stdout out. */
function sop(program: string, args: readonly string[], stdin?: Uint8Array): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(program, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-500)));
    child.on('error', (e) => resolve({ code: -1, stdout: Buffer.alloc(0), stderr: e.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** Is `program` on PATH and does it answer `version`? */
async function installed(program: string): Promise<boolean> {
  return (await sop(program, ['version'])).code === 0;
}

/** The installed implementations among `ids` (keys of SOP_PROGRAMS), and the others. */
export async function installedSops(ids: readonly string[]): Promise<{ readonly found: string[]; readonly missing: string[] }> {
  const found = await Promise.all(ids.map(async (id) => [id, await installed(SOP_PROGRAMS[id] ?? id)] as const));
  return { found: found.filter(([, ok]) => ok).map(([id]) => id), missing: found.filter(([, ok]) => !ok).map(([id]) => id) };
}

/**
 * Runs the baseline over `cells` (producer, consumer) of installed implementations, `missing`
 * named for the record; stops after `limitMs`.
 */
export async function perProcessRun(cells: ReadonlyArray<readonly [string, string]>, missing: readonly string[], limitMs: number): Promise<PerProcessRun> {
  const impls = [...new Set(cells.map(([, consumer]) => consumer))];
  const dir = mkdtempSync(join(tmpdir(), 'bothends-sop-baseline-'));
  const message = Uint8Array.from({ length: 100 }, (_, i) => 0x41 + (i % 26));
  const failed: string[] = [];
  let processes = 0;
  let done = 0;
  const t0 = performance.now();
  const file = (id: string, what: 'key' | 'cert'): string => join(dir, `${impls.indexOf(id)}.${what}`);
  const run = async (id: string, args: readonly string[], stdin?: Uint8Array): Promise<Exit> => {
    processes++;
    return sop(SOP_PROGRAMS[id] ?? id, args, stdin);
  };
  try {
    for (const [n, id] of impls.entries()) {
      const key = await run(id, ['generate-key', '--no-armor', `bench ${n} <bench${n}@bothends.invalid>`]);
      const cert = await run(id, ['extract-cert', '--no-armor'], key.stdout);
      writeFileSync(file(id, 'key'), key.stdout);
      writeFileSync(file(id, 'cert'), cert.stdout);
    }
    for (const [producer, consumer] of cells) {
      if (performance.now() - t0 > limitMs) return result({ limitMs, done });
      const ct = await run(producer, ['encrypt', '--no-armor', file(consumer, 'cert')], message);
      const pt = ct.code === 0 ? await run(consumer, ['decrypt', file(consumer, 'key')], ct.stdout) : ct;
      if (ct.code !== 0 || pt.code !== 0 || !pt.stdout.equals(Buffer.from(message)))
        failed.push(
          `${producer}~${consumer}: ${ct.code !== 0 ? 'encrypt' : 'decrypt'} exit ${pt.code}: ${pt.stderr.trim().split('\n').at(-1) ?? ''}`.slice(0, 200),
        );
      done++;
    }
    return result();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  function result(stopped?: { limitMs: number; done: number }): PerProcessRun {
    return {
      implementations: [...new Set(cells.flat())],
      missing,
      pairs: done,
      processes,
      wallMs: Math.round(performance.now() - t0),
      failed,
      ...(stopped ? { stopped } : {}),
    };
  }
}
