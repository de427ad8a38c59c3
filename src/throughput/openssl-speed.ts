/**
 * `openssl speed`, the reference ceiling of `bothends bench`: OpenSSL's own encryption loop on
 * one preset key, with no harness, no allocation per call and no JavaScript in between. Only
 * parameter sets that `openssl speed -evp` runs exactly get a reference (it fixes a 12-byte IV
 * and a 16-byte tag); for every other set the reason is given instead.
 */
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { runProgram } from '../adapters/subprocess.js';

/** The EVP cipher `openssl speed` runs for a parameter set, or why there is none. */
export type SpeedCipher = { readonly cipher: string } | { readonly none: string };

/** Per standard: the EVP name for a parameter set. The canonical names are translated only here. */
const EVP_NAMES: Readonly<Record<string, (p: Params) => SpeedCipher>> = {
  'aes-gcm': (p) =>
    p['ivBytes'] === 12 && p['tagBytes'] === 16
      ? { cipher: `aes-${String(p['keyBits'])}-gcm` }
      : { none: 'openssl speed runs AES-GCM with a 12-byte IV and a 16-byte tag only' },
  'aes-cbc': (p) =>
    p['padding'] === 'pkcs7' ? { cipher: `aes-${String(p['keyBits'])}-cbc` } : { none: 'openssl speed runs AES-CBC with PKCS#7 padding only' },
  'aes-ctr': (p) => (p['counterBits'] === 128 ? { cipher: `aes-${String(p['keyBits'])}-ctr` } : { none: 'OpenSSL increments the whole 128-bit counter block' }),
  'chacha20-poly1305': (p) =>
    p['nonceBytes'] === 12 && p['tagBytes'] === 16
      ? { cipher: 'chacha20-poly1305' }
      : { none: 'openssl speed runs ChaCha20-Poly1305 with a 12-byte nonce and a 16-byte tag only' },
};

/** Which `openssl speed -evp` cipher measures `std` with `params`. */
export function speedCipher(std: Standard, params: Params): SpeedCipher {
  const name = EVP_NAMES[std.id];
  return name ? name(params) : { none: `OpenSSL has no ${std.title} in openssl speed` };
}

/** One measurement parsed from `openssl speed` output. */
export interface SpeedSample {
  /** OpenSSL's display name, e.g. `AES-128-GCM`. */
  readonly name: string;
  readonly blockBytes: number;
  readonly bytesPerSecond: number;
  /** Operations counted and the seconds they took, when the output says. */
  readonly ops?: number;
  readonly seconds?: number;
}

/**
 * Parses `openssl speed` output, machine-readable (`-mr`: `+H:` sizes, `+F:` bytes per second,
 * `+R:` count and seconds) or human-readable (`Doing … for 1s on 64 size blocks: N …'s in 0.99s`).
 * Returns one sample per (cipher, block size); lines it does not know are ignored.
 */
export function parseSpeedOutput(output: string): SpeedSample[] {
  const machine = parseMachineReadable(output);
  return machine.length > 0 ? machine : parseHumanReadable(output);
}

function parseMachineReadable(output: string): SpeedSample[] {
  let sizes: number[] = [];
  const counts: Array<{ name: string; ops: number; seconds: number }> = [];
  const samples: SpeedSample[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.trim().split(':');
    if (fields[0] === '+H') sizes = fields.slice(1).map(Number);
    if (fields[0] === '+R' && fields.length >= 4) counts.push({ ops: Number(fields[1]), name: fields[2]!, seconds: Number(fields[3]) });
    if (fields[0] === '+F' && fields.length >= 4) {
      const name = fields[2]!;
      fields.slice(3).forEach((value, i) => {
        const blockBytes = sizes[i];
        const bytesPerSecond = Number(value);
        if (blockBytes === undefined || !Number.isFinite(bytesPerSecond)) return;
        // `+R` lines come in size order, one per size, before the `+F` summary.
        const count = counts.filter((c) => c.name === name)[i];
        samples.push(
          count && Number.isFinite(count.ops)
            ? { name, blockBytes, bytesPerSecond, ops: count.ops, seconds: count.seconds }
            : { name, blockBytes, bytesPerSecond },
        );
      });
    }
  }
  return samples;
}

const DOING = /^Doing (.+?) for [\d.]+s on (\d+) size blocks: (\d+) .+?'s in ([\d.]+)s/;

function parseHumanReadable(output: string): SpeedSample[] {
  const samples: SpeedSample[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = DOING.exec(line.trim());
    if (!m) continue;
    const blockBytes = Number(m[2]);
    const ops = Number(m[3]);
    const seconds = Number(m[4]);
    if (seconds > 0) samples.push({ name: m[1]!, blockBytes, bytesPerSecond: (ops * blockBytes) / seconds, ops, seconds });
  }
  return samples;
}

/** The installed `openssl` version, or why there is none. */
export async function opensslVersion(): Promise<{ readonly version: string } | { readonly missing: string }> {
  try {
    const r = await runProgram('openssl', ['version'], { timeoutMs: 10_000 });
    const text = Buffer.from(r.stdout).toString('utf8').trim();
    return r.code === 0 ? { version: text } : { missing: `openssl version exited with ${r.code}` };
  } catch (err) {
    return { missing: `openssl not found (${(err as Error).message})` };
  }
}

/**
 * Runs `openssl speed -mr -evp CIPHER -seconds S -bytes N` (argument array, no shell) and returns
 * its sample for that block size. Throws with OpenSSL's own text when it fails or says nothing usable.
 */
export async function runSpeed(cipher: string, blockBytes: number, seconds: number): Promise<SpeedSample> {
  const args = ['speed', '-mr', '-evp', cipher, '-seconds', String(seconds), '-bytes', String(blockBytes)];
  const r = await runProgram('openssl', args, { timeoutMs: seconds * 1000 + 30_000 });
  const text = `${Buffer.from(r.stdout).toString('utf8')}\n${r.stderr}`;
  const sample = parseSpeedOutput(text).find((s) => s.blockBytes === blockBytes);
  if (r.code !== 0 || !sample) throw new Error(`openssl ${args.join(' ')} exited with ${r.code}: ${text.trim().slice(0, 300)}`);
  return sample;
}
