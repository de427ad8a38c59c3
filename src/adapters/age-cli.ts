/**
 * `age-cli`: the age command-line tool from Debian (`age`, `age-keygen`; age 1.1), the Go
 * reference implementation, one process per operation in a private temporary directory.
 *
 * Facts about the program these bindings rely on (age 1.1.1, cmd/age):
 * - X25519: `age -e -R recipients.txt [-a] -o out in` (one `age1…` line per recipient),
 *   `age -d -i identity.txt -o out in`; `age-keygen` writes an identity file whose
 *   `# public key:` comment holds the recipient.
 * - Passphrases are read only from a terminal (stdin if it is one, else /dev/tty), never from
 *   a pipe or an argument (PITFALLS.md). Each passphrase call runs age under a pseudo-terminal
 *   made by Python's `pty` module (/usr/bin/python3, no native Node module), which answers each
 *   "Enter passphrase" / "Confirm passphrase" prompt with the passphrase it read on its stdin.
 * - Encryption with a passphrase always writes scrypt work factor logN 18 (no flag changes it);
 *   decryption accepts logN up to 22 (ScryptIdentity's default maximum).
 * - No post-quantum hybrid recipients (`age1pq1…`, age 1.3): see HYBRID_GAP.
 * - Decryption detects the armor itself. Any failure exits 1 with `age: error: …`; the output
 *   of a failed decryption is never read here.
 */
import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { defineAdapter, type Adapter, type OpImpl, type ProbeResult } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { Params } from '../core/model.js';
import { input } from './binding.js';
import { keyLines, passphraseText, textFile } from './age-common.js';
import { installHint, programProbe, runProgram, withTempDir, type ProgramResult } from './subprocess.js';

/** The programs one age-cli adapter runs. */
export interface AgePrograms {
  readonly age: string;
  readonly keygen: string;
  /** The Python that drives the pseudo-terminal for passphrases. */
  readonly python: string;
}

/** Debian's programs, found on PATH; Python by its absolute path (PITFALLS.md: `python3` on PATH may be another one). */
export const DEBIAN_AGE: AgePrograms = { age: 'age', keygen: 'age-keygen', python: '/usr/bin/python3' };

/** Time limit of one process (scrypt at logN 18 takes about a second). */
const TIMEOUT_MS = 30_000;
/** Processes of one adapter at once: the machine has two cores and others run beside it. */
const MAX_PROCESSES = 3;

/**
 * Runs argv[1:] under a new pseudo-terminal and answers every passphrase prompt with the bytes
 * read from stdin; prints what the terminal showed and exits with the child's code.
 */
const PTY_DRIVER = `
import os, pty, select, sys, time
secret = sys.stdin.buffer.read()
argv = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
shown = b''
answered = 0
deadline = time.monotonic() + ${(TIMEOUT_MS - 2000) / 1000}
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.25)
    if not ready:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        data = b''
    if not data:
        break
    shown += data
    while answered < shown.count(b'Enter passphrase') + shown.count(b'Confirm passphrase'):
        os.write(fd, secret + b'\\n')
        answered += 1
else:
    os.kill(pid, 9)
    shown += b'\\nage-cli driver: timed out'
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
`;

/** A counting semaphore: at most `n` holders at once. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** The `age: error:` lines of a run (the terminal's echo of a passphrase is left out). */
function ageError(r: ProgramResult): string {
  const text = `${r.stderr}\n${Buffer.from(r.stdout).toString('utf8')}`;
  const lines = text.split(/\r?\n/).filter((l) => /age: error:|driver:/.test(l));
  return (lines.join(' | ') || text.trim()).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').slice(0, 300);
}

/** age's post-quantum hybrid recipients, which age 1.1 predates. */
const AGE_HYBRID = 'age-mlkem768x25519';

/**
 * What age 1.1.1 answers when asked for hybrid recipients (observed; asked again by
 * age-cli.test.ts): they came with age 1.3.
 */
export const HYBRID_GAP =
  'age 1.1 predates post-quantum hybrid recipients (age 1.3): age-keygen has no -pq flag ("flag provided but not defined: -pq"), age -d refuses an AGE-SECRET-KEY-PQ-1… identity ("unknown identity type"), and age -e takes an age1pq1… recipient for one of a plugin named pq and looks for an age-plugin-pq program';

/** Failures that are the harness's fault (a bad argument, a missing file), not a verdict on the input. */
const HARNESS_FAULT = /flag provided but not defined|unknown flag|usage:|failed to open|permission denied|driver: timed out|executable file not found/i;

/** The age-cli adapter over `programs` (tests make one over a program that does not exist). */
export function makeAgeCli(programs: AgePrograms = DEBIAN_AGE, id = 'age-cli'): Adapter {
  const slot = limiter(MAX_PROCESSES);

  /** Runs a program; `reading` marks decryption, whose failure is a rejection. */
  async function age(file: string, args: readonly string[], reading: boolean, stdin?: Uint8Array): Promise<void> {
    const r = await slot(() => runProgram(file, args, { timeoutMs: TIMEOUT_MS, ...(stdin ? { input: stdin } : {}) }));
    if (r.code === 0) return;
    // The command as run, less the driver and the private directory (random: messages stay stable across runs).
    const command = [programs.age, ...args.slice(args.indexOf(programs.age) + 1)].map((a) => basename(a)).join(' ');
    const message = `${command} exited with ${r.code}: ${ageError(r)}`;
    if (reading && !HARNESS_FAULT.test(message)) throw new RejectedError(message);
    throw new Error(message);
  }

  /** age under the pseudo-terminal, typing `passphrase` at each prompt. */
  const withPassphrase = (args: readonly string[], passphrase: Uint8Array, reading: boolean): Promise<void> =>
    age(programs.python, ['-I', '-c', PTY_DRIVER, programs.age, ...args], reading, new TextEncoder().encode(passphraseText(passphrase)));

  const armorFlag = (p: Params): string[] => (p['armor'] === 'armored' ? ['-a'] : []);

  /**
   * Writes `files` into a private directory, runs `go`, reads `out`. age opens its output file
   * at the first byte it writes, so a successful decryption of an empty payload leaves none.
   */
  const inTemp = (files: Record<string, Uint8Array>, go: (dir: string) => Promise<void>, decrypting = false): Promise<Uint8Array> =>
    withTempDir(async (dir) => {
      for (const [name, bytes] of Object.entries(files)) {
        await writeFile(join(dir, name), bytes, { mode: 0o600 });
        await chmod(join(dir, name), 0o600);
      }
      await go(dir);
      const out = join(dir, 'out');
      return decrypting && !existsSync(out) ? new Uint8Array(0) : Uint8Array.from(await readFile(out));
    });

  const keygen = async (): Promise<{ identity: string; recipient: string }> => {
    const r = await slot(() => runProgram(programs.keygen, [], { timeoutMs: TIMEOUT_MS }));
    const text = Buffer.from(r.stdout).toString('utf8');
    const identity = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(text)?.[0];
    const recipient = /^# public key: (age1[0-9a-z]+)$/m.exec(text)?.[1];
    if (r.code !== 0 || !identity || !recipient) throw new Error(`${programs.keygen} exited with ${r.code}: ${r.stderr.trim().slice(0, 200)}`);
    return { identity, recipient };
  };

  const x25519: Record<'generateKeyPair' | 'encrypt' | 'decrypt', OpImpl> = {
    async generateKeyPair(p) {
      const pairs = [];
      for (let n = 0; n < Number(p['recipients']); n++) pairs.push(await keygen());
      return { publicKey: textFile(pairs.map((k) => k.recipient)), secretKey: textFile([pairs[Number(p['identityIndex'])]!.identity]) };
    },
    encrypt: async (p, i) => ({
      ciphertext: await inTemp({ recipients: textFile(keyLines(input(i, 'publicKey'))), in: input(i, 'plaintext') }, (d) =>
        age(programs.age, ['-e', '-R', join(d, 'recipients'), ...armorFlag(p), '-o', join(d, 'out'), join(d, 'in')], false),
      ),
    }),
    decrypt: async (_p, i) => ({
      plaintext: await inTemp(
        { identity: input(i, 'secretKey'), in: input(i, 'ciphertext') },
        (d) => age(programs.age, ['-d', '-i', join(d, 'identity'), '-o', join(d, 'out'), join(d, 'in')], true),
        true,
      ),
    }),
  };

  const scrypt: Record<'encrypt' | 'decrypt', OpImpl> = {
    encrypt: async (p, i) => ({
      ciphertext: await inTemp({ in: input(i, 'plaintext') }, (d) =>
        withPassphrase(['-e', '-p', ...armorFlag(p), '-o', join(d, 'out'), join(d, 'in')], input(i, 'passphrase'), false),
      ),
    }),
    decrypt: async (_p, i) => ({
      plaintext: await inTemp(
        { in: input(i, 'ciphertext') },
        (d) => withPassphrase(['-d', '-o', join(d, 'out'), join(d, 'in')], input(i, 'passphrase'), true),
        true,
      ),
    }),
  };

  // As the age README calls it: `age-keygen -o key.txt`, `age -r age1… -o out in`, `age -d -i key.txt`,
  // `age -p -o out in` (binary: no -a; -p has no work factor flag, it writes 18).
  const toRecipient = {
    call: 'age-keygen -o key.txt / age -r age1… -o file.age file / age -d -i key.txt -o file file.age',
    params: { recipients: 1, identityIndex: 0, armor: 'binary' },
    ops: {
      async generateKeyPair() {
        const k = await keygen();
        return { publicKey: textFile([k.recipient]), secretKey: textFile([k.identity]) };
      },
      encrypt: async (_p, i) => ({
        ciphertext: await inTemp({ in: input(i, 'plaintext') }, (d) =>
          age(programs.age, ['-r', keyLines(input(i, 'publicKey'))[0]!, '-o', join(d, 'out'), join(d, 'in')], false),
        ),
      }),
      decrypt: x25519.decrypt,
    } satisfies Record<string, OpImpl>,
  };
  const passphrase = {
    call: 'age -p -o file.age file / age -d -o file file.age (the passphrase typed at the prompt)',
    params: { workFactor: 18, armor: 'binary' },
    ops: {
      encrypt: async (_p: Params, i: Record<string, Uint8Array>) => ({
        ciphertext: await inTemp({ in: input(i, 'plaintext') }, (d) =>
          withPassphrase(['-p', '-o', join(d, 'out'), join(d, 'in')], input(i, 'passphrase'), false),
        ),
      }),
      decrypt: scrypt.decrypt,
    } satisfies Record<string, OpImpl>,
  };

  const probeAge = programProbe(programs.age, ['--version'], (out) => out.trim().split(/\s+/)[0] ?? out, 'age');
  const probeKeygen = programProbe(programs.keygen, ['--version'], (out) => out.trim(), 'age');
  const probe = async (): Promise<ProbeResult> => {
    const [a, k] = [await probeAge(), await probeKeygen()];
    if (!a.available) return a;
    if (!k.available) return { available: false, reason: `age-keygen: ${k.reason}`, install: installHint('age') };
    return a;
  };

  return defineAdapter({
    id,
    library: 'age (command line)',
    kind: 'cli',
    variant: 'explicit',
    description:
      'the age and age-keygen programs from Debian (Go reference implementation), one process per operation; passphrases typed into a pseudo-terminal',
    probe,
    capabilities: {
      claims: {
        'age-x25519': { ops: ['generateKeyPair', 'encrypt', 'decrypt'] },
        'age-scrypt': {
          ops: ['encrypt', 'decrypt'],
          params: {
            workFactor: {
              values: [18],
              ops: ['encrypt'],
              reason:
                'encryption only: age -p always writes scrypt work factor 18 and has no flag to change it (cmd/age uses age.NewScryptRecipient\'s default); decryption takes any work factor up to 22 ("scrypt work factor too large: 23")',
            },
          },
        },
      },
      gaps: {
        [AGE_HYBRID]: HYBRID_GAP,
      },
    },
    ops: { 'age-x25519': x25519, 'age-scrypt': scrypt },
    intents: { 'age-x25519': { 'to-recipient': toRecipient }, 'age-scrypt': { passphrase } },
  });
}

/** Debian's age. */
export const ageCli = makeAgeCli();
