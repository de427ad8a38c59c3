/**
 * What the key-container adapters (`pkcs12`, `pkcs8-encrypted`) share: the password as the text
 * a command line or API takes, PEM in and out, files in a private directory, and the refusal
 * of a reader told as a rejection.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { IntentResolution } from '../core/intent.js';
import type { ByteMap, Params } from '../core/model.js';
import { input } from './binding.js';
import { runProgram, withTempDir } from './subprocess.js';

/** The password input as text: the containers' passwords are UTF-8, and a C string holds no NUL. */
export function passwordText(i: ByteMap, who: string): string {
  const bytes = input(i, 'password');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new UnsupportedError(`${who} takes the password as text; these bytes are not UTF-8`, { cause: err });
  }
  if (text.includes('\0')) throw new UnsupportedError(`${who} takes the password as a C string: a NUL byte cannot be passed`);
  return text;
}

/** DER as a PEM block with `label`. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** The DER of every PEM block labelled `label` in `text`, in order. */
export function fromPem(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

/** The one secret key and certificate a reader printed as PEM; anything else means it did not read the file. */
export function keyAndCertificate(text: string, who: string, withCertificate: boolean): ByteMap {
  const keys = fromPem(text, 'PRIVATE KEY');
  if (keys.length !== 1) throw new RejectedError(`${who} printed ${keys.length} PKCS#8 private keys, not one`);
  if (!withCertificate) return { secretKey: keys[0]! };
  const certs = fromPem(text, 'CERTIFICATE');
  if (certs.length !== 1) throw new RejectedError(`${who} printed ${certs.length} certificates, not one`);
  return { secretKey: keys[0]!, certificate: certs[0]! };
}

/** Writes `files` into a private directory and runs `fn` there. */
export function inDir<T>(
  files: Readonly<Record<string, Uint8Array | string>>,
  fn: (dir: string, read: (name: string) => Promise<Uint8Array>) => Promise<T>,
): Promise<T> {
  return withTempDir(async (dir) => {
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes, { mode: 0o600 });
    return fn(dir, async (name) => Uint8Array.from(await readFile(join(dir, name))));
  });
}

/**
 * Runs `program args` in `dir`. A non-zero exit throws: a rejection when reading (the file or
 * password was refused), an error when writing (our own inputs were valid). The password never
 * appears in the message.
 */
export async function runIn(program: string, args: readonly string[], dir: string, reading: boolean, secrets: readonly string[] = []): Promise<string> {
  const r = await runProgram(program, args, { cwd: dir, timeoutMs: 60_000 });
  const out = Buffer.from(r.stdout).toString('utf8');
  if (r.code === 0) return out;
  let shown = `${program} ${args.slice(0, 2).join(' ')} exited with ${r.code}: ${`${r.stderr}\n${out}`.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}`;
  for (const s of secrets) if (s.length > 0) shown = shown.split(s).join('<password>');
  throw reading ? new RejectedError(shown) : new Error(shown);
}

/**
 * The intents of one documented call: `base` (an RSA key, ASCII passwords), and the same call with
 * each variant's change (an empty password, another key type). `resolution.params` are what the
 * call writes for an RSA key and an ASCII password; `refused` names the variants the library
 * cannot make, with why.
 */
function callIntents<V extends string>(
  base: string,
  variants: Readonly<Record<V, Params>>,
  resolution: IntentResolution,
  refused: Partial<Record<V, string>>,
): Record<string, IntentResolution> {
  const out: Record<string, IntentResolution> = { [base]: resolution };
  for (const [id, change] of Object.entries(variants) as Array<[V, Params]>) {
    const params = { ...resolution.params, ...change };
    const why = refused[id];
    out[id] = why === undefined ? { ...resolution, params } : { call: `none: ${why}`, params, ops: {}, refused: why };
  }
  return out;
}

/**
 * What OpenSSL 3.0's `openssl pkcs12 -export` writes by default (PBES2 AES-256-CBC with
 * hmacWithSHA256, HMAC-SHA-256 MAC, 2048 iterations, 8-byte salts): its own resolution, Node's
 * (the same OpenSSL inside), and what a reader-only end declares, so that a mismatch names where
 * a maker departs from it.
 */
export const OPENSSL_P12_DEFAULTS = {
  keyType: 'rsa-2048',
  keyEncryption: 'pbes2-hmac-sha256-aes-256-cbc',
  certEncryption: 'pbes2-hmac-sha256-aes-256-cbc',
  iterations: 2048,
  saltBytes: 8,
  mac: 'hmac-sha256',
  macIterations: 2048,
  password: 'ascii',
} as const;

/** The same for `openssl pkcs8 -topk8` (and Node's `export` with cipher 'aes-256-cbc'): PBES2 PBKDF2-HMAC-SHA-256, AES-256-CBC, 2048 iterations, 8-byte salt. */
export const OPENSSL_P8_DEFAULTS = {
  keyType: 'rsa-2048',
  keyEncryption: 'pbes2-hmac-sha256-aes-256-cbc',
  iterations: 2048,
  scrypt: 'n16384-r8-p1',
  saltBytes: 8,
  password: 'ascii',
} as const;

/** The pkcs12 export intents of one documented call: `export`, `export-empty-password`, `export-p256`, `export-ed25519`. */
export function pkcs12ExportIntents(
  resolution: IntentResolution,
  refused: { readonly 'export-empty-password'?: string; readonly 'export-p256'?: string; readonly 'export-ed25519'?: string } = {},
): Record<string, IntentResolution> {
  return callIntents(
    'export',
    { 'export-empty-password': { password: 'empty' }, 'export-p256': { keyType: 'p-256' }, 'export-ed25519': { keyType: 'ed25519' } },
    resolution,
    refused,
  );
}

/** The pkcs8-encrypted intents of one documented call: `encrypt-key`, with an empty password, a P-256 key, an Ed25519 key. */
export function pkcs8EncryptIntents(
  resolution: IntentResolution,
  refused: { readonly 'encrypt-key-empty-password'?: string; readonly 'encrypt-key-p256'?: string; readonly 'encrypt-key-ed25519'?: string } = {},
): Record<string, IntentResolution> {
  return callIntents(
    'encrypt-key',
    { 'encrypt-key-empty-password': { password: 'empty' }, 'encrypt-key-p256': { keyType: 'p-256' }, 'encrypt-key-ed25519': { keyType: 'ed25519' } },
    resolution,
    refused,
  );
}
