/**
 * RNP through its own command line (`rnp`, `rnpkeys`; no SOP front end). No shared keyring:
 * keys are generated in a private temporary --homedir per key, and every other operation loads
 * exactly the keys it needs with `--keyfile` (certificates, or the secret key plus the
 * signer's certificate), in its own private temporary directory. Passwords come on stdin
 * (`--pass-fd 0`), data in files.
 *
 * `--cipher`, `--zip/--zlib/-z 0` and `--aead=ocb|eax` choose exactly; rnp 0.16 writes LibrePGP's
 * OCB packet (tag 20) for AEAD, has no SEIPDv2 and no v6 keys.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineAdapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { Params } from '../core/model.js';
import { dearmor, fingerprint } from '../standards/openpgp-packets.js';
import { complaint, openPgpAdapterParts, restrict, spawnCounted, type OpenPgpDriver } from './openpgp/openpgp-common.js';
import { programProbe, withTempDir } from './subprocess.js';

const CIPHER: Readonly<Record<string, string>> = {
  aes128: 'AES128',
  aes192: 'AES192',
  aes256: 'AES256',
  camellia128: 'CAMELLIA128',
  camellia256: 'CAMELLIA256',
  twofish: 'TWOFISH',
  cast5: 'CAST5',
  '3des': 'TRIPLEDES',
};
const COMPRESSION: Readonly<Record<string, string[]>> = { none: ['-z', '0'], zip: ['--zip'], zlib: ['--zlib'] };

/** Runs rnp or rnpkeys in `dir`; a non-zero exit throws `fail(message)`. */
async function run(
  program: 'rnp' | 'rnpkeys',
  args: readonly string[],
  stdin: Uint8Array | undefined,
  fail: (m: string) => Error,
): Promise<{ stdout: Uint8Array; stderr: string }> {
  const r = await spawnCounted(program, ['--notty', ...args], { ...(stdin ? { input: stdin } : {}), timeoutMs: 60_000 });
  if (r.code !== 0) throw fail(complaint(program, args, r));
  return { stdout: r.stdout, stderr: r.stderr };
}

const own = (m: string): Error => new Error(m);
const refused = (m: string): Error => new RejectedError(m);

function encryptionArgs(p: Params): string[] {
  const aead = p['encryption'] === 'librepgp-ocb' ? ['--aead=ocb'] : [];
  return [
    '--cipher',
    CIPHER[String(p['sessionCipher'])]!,
    ...COMPRESSION[String(p['compression'])]!,
    ...aead,
    ...(p['armor'] === 'armored' ? ['--armor'] : []),
  ];
}

/** Writes `data` to `dir/name` and returns the path. */
async function put(dir: string, name: string, data: Uint8Array | string): Promise<string> {
  await writeFile(join(dir, name), data);
  return join(dir, name);
}

/** Keys joined into one keyfile, binary (rnp reads a keyfile in one encoding). */
const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const driver: OpenPgpDriver = {
  generateKey: (p) =>
    withTempDir(async (home) => {
      const uid = 'bothends rnp <rnp@bothends.invalid>';
      // --expert asks for the algorithm on stdin: 22 is "EDDSA + X25519" (EdDSALegacy + ECDH Curve25519), 1 RSA, then its size.
      const answers = p['keyAlgo'] === 'rsa2048' ? '1\n2048\n' : '22\n';
      await run('rnpkeys', ['--homedir', home, '--generate-key', '--expert', '--userid', uid, '--password', ''], Uint8Array.from(Buffer.from(answers)), own);
      const secretKey = (await run('rnpkeys', ['--homedir', home, '--export-key', '--secret', uid], undefined, own)).stdout;
      const publicKey = (await run('rnpkeys', ['--homedir', home, '--export-key', uid], undefined, own)).stdout;
      return { secretKey: dearmor(secretKey), publicKey: dearmor(publicKey) };
    }),
  encrypt: (p, r) =>
    withTempDir(async (dir) => {
      const keys = [...r.certs.map(dearmor), ...(r.signer ? [dearmor(r.signer)] : [])];
      const keyfile = await put(dir, 'keys', concat(keys));
      const recipients = r.certs.flatMap((c) => ['-r', fingerprint(c)]);
      const sign = r.signer ? ['--sign', '-u', 'signer@bothends.invalid'] : [];
      const input = await put(dir, 'in', r.plaintext);
      await run('rnp', ['--keyfile', keyfile, '-e', ...recipients, ...sign, ...encryptionArgs(p), input, '--output', join(dir, 'out')], undefined, own);
      return Uint8Array.from(await readFile(join(dir, 'out')));
    }),
  decrypt: (_p, r) =>
    withTempDir(async (dir) => {
      const keyfile = await put(dir, 'keys', concat([dearmor(r.key), ...(r.verifyWith ? [dearmor(r.verifyWith)] : [])]));
      const input = await put(dir, 'in', r.ciphertext);
      const out = await run('rnp', ['--keyfile', keyfile, '-d', input, '--output', join(dir, 'out')], undefined, refused);
      if (r.verifyWith && !/Good signature|Valid signature/i.test(out.stderr))
        throw new RejectedError(`rnp decrypted but reported no good signature by the signer: ${out.stderr.trim().slice(0, 200)}`);
      return Uint8Array.from(await readFile(join(dir, 'out')));
    }),
  encryptPassword: (p, password, plaintext) =>
    withTempDir(async (dir) => {
      const input = await put(dir, 'in', plaintext);
      await run('rnp', ['--pass-fd', '0', '-c', ...encryptionArgs(p), input, '--output', join(dir, 'out')], Uint8Array.from(Buffer.from(`${password}\n`)), own);
      return Uint8Array.from(await readFile(join(dir, 'out')));
    }),
  decryptPassword: (_p, password, ciphertext) =>
    withTempDir(async (dir) => {
      const input = await put(dir, 'in', ciphertext);
      await run('rnp', ['--pass-fd', '0', '-d', input, '--output', join(dir, 'out')], Uint8Array.from(Buffer.from(`${password}\n`)), refused);
      return Uint8Array.from(await readFile(join(dir, 'out')));
    }),
};

const RNP = 'rnp 0.16';
const parts = openPgpAdapterParts('rnp', driver, {
  pke: [
    restrict('keyVersion', ['v4'], `${RNP} has no v6 keys (RFC 9580 support came with rnp 0.18)`),
    restrict(
      'keyAlgo',
      ['cv25519-legacy', 'rsa2048'],
      `${RNP} has EdDSALegacy/ECDH Curve25519 and RSA, not the RFC 9580 algorithms 25/27 nor draft-ietf-openpgp-pqc's (rnpkeys --import of a post-quantum certificate: "wrong key packet version")`,
    ),
    restrict('encryption', ['seipdv1', 'librepgp-ocb'], `${RNP} has no SEIPDv2 (RFC 9580 §5.13.2); --aead writes LibrePGP’s OCB packet`),
  ],
  password: [
    restrict('s2k', ['iterated-salted'], `${RNP} has no Argon2 S2K`),
    restrict('encryption', ['seipdv1', 'librepgp-ocb'], `${RNP} has no SEIPDv2; --aead writes LibrePGP’s OCB packet`),
  ],
});

/** RNP (`rnp`, `rnpkeys`), one process per operation, keys by --keyfile. */
export const rnpAdapter = defineAdapter({
  id: 'rnp',
  library: 'RNP (rnp)',
  kind: 'cli',
  variant: 'explicit',
  description: 'RNP through its own command line: keys loaded per operation with --keyfile, private temporary directories, passwords on stdin',
  probe: programProbe(
    'rnp',
    ['--version'],
    (out) =>
      out
        .split('\n')
        .filter((l) => /^rnp|Backend/.test(l))
        .join('; '),
    'rnp',
  ),
  ...parts,
});
