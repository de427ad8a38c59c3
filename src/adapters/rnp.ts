/**
 * RNP through its own command line (`rnp`, `rnpkeys`; no SOP front end). No shared keyring:
 * keys are generated in a private temporary --homedir per key, and every other operation loads
 * exactly the keys it needs with `--keyfile` (certificates, or the secret key plus the
 * signer's certificate), in its own private temporary directory. Passwords come on stdin
 * (`--pass-fd 0`), data in files.
 *
 * `--cipher`, `--zip/--zlib/-z 0` and `--aead=ocb|eax` choose exactly; rnp 0.16 writes LibrePGP's
 * OCB packet (tag 20) for AEAD, has no SEIPDv2 and no v6 keys.
 *
 * The intents are resolved as RNP's manual calls them (`rnpkeys --generate-key`, `rnp --encrypt
 * -r`, `rnp -c`, `rnp --decrypt`), with none of those options: what rnp 0.16 does by default,
 * observed, is declared beside the call (RNP_RESOLVES).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineAdapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, OpImpl, OpName, Params } from '../core/model.js';
import { dearmor, fingerprint } from '../standards/openpgp-packets.js';
import { openpgp, openpgpPassword } from '../standards/openpgp.js';
import { input } from './binding.js';
import { complaint, openPgpAdapterParts, pqcRefusedBy, restrict, spawnCounted, type OpenPgpDriver } from './openpgp/openpgp-common.js';
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
/** The password as `--pass-fd 0` reads it: one line. */
const passwordLine = (i: ByteMap): Uint8Array => Uint8Array.from(Buffer.concat([input(i, 'passphrase'), Buffer.from('\n')]));

const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

const driver: OpenPgpDriver = {
  generateKey: (p) =>
    withTempDir(async (home) => {
      const uid = 'bothends rnp <rnp@bothends.invalid>';
      // --expert asks for the algorithm on stdin: 22 is "EDDSA + X25519" (EdDSALegacy + ECDH Curve25519), 1 RSA, then its size in bits.
      const rsaBits = /^rsa(\d+)$/.exec(String(p['keyAlgo']))?.[1];
      const answers = rsaBits ? `1\n${rsaBits}\n` : '22\n';
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

/**
 * "Encrypt to this certificate" as RNP's manual writes it: `rnpkeys --generate-key` (no
 * --expert: its default key), the keys exported as rnpkeys exports them (armored), `rnp
 * --encrypt -r` and `rnp --decrypt`. (`--keyfile` in place of a keyring, `--homedir`, `--notty`
 * and `--output` are how every call here runs: they choose no algorithm.)
 */
const RNP_CALL =
  "rnpkeys --generate-key --userid '<uid>' --password ''; rnpkeys --export-key --secret <uid> > key; rnpkeys --export-key <uid> > cert / rnp --keyfile cert --encrypt -r <fingerprint> msg / rnp --keyfile key --decrypt msg.gpg";

const UID = 'bothends rnp <rnp@bothends.invalid>';

/** The operations that make exactly those calls: no algorithm, cipher, compression or armor option. */
const asCalled: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: () =>
    withTempDir(async (home) => {
      await run('rnpkeys', ['--homedir', home, '--generate-key', '--userid', UID, '--password', ''], undefined, own);
      return {
        secretKey: (await run('rnpkeys', ['--homedir', home, '--export-key', '--secret', UID], undefined, own)).stdout,
        publicKey: (await run('rnpkeys', ['--homedir', home, '--export-key', UID], undefined, own)).stdout,
      };
    }),
  encrypt: (_p, i) =>
    withTempDir(async (dir) => {
      const cert = input(i, 'publicKey');
      const [keyfile, msg] = [await put(dir, 'cert', cert), await put(dir, 'msg', input(i, 'plaintext'))];
      await run('rnp', ['--keyfile', keyfile, '--encrypt', '-r', fingerprint(cert), msg, '--output', join(dir, 'out')], undefined, refused);
      return { ciphertext: Uint8Array.from(await readFile(join(dir, 'out'))) };
    }),
  decrypt: (_p, i) =>
    withTempDir(async (dir) => {
      const [keyfile, msg] = [await put(dir, 'key', input(i, 'secretKey')), await put(dir, 'msg.gpg', input(i, 'ciphertext'))];
      await run('rnp', ['--keyfile', keyfile, '--decrypt', msg, '--output', join(dir, 'out')], undefined, refused);
      return { plaintext: Uint8Array.from(await readFile(join(dir, 'out'))) };
    }),
};

/**
 * What rnp 0.16 makes as called, observed (`gpg --list-packets --show-session-key`): an RSA-2048
 * primary key and RSA-2048 encryption subkey (expiring in two years), preferring AES-256 and
 * ZLIB; `rnp --encrypt` writes SEIPDv1 (AEAD only with --aead), AES-256 (its default --cipher),
 * ZIP-compressed (its own default, although the key prefers ZLIB), binary (no --armor).
 */
const RNP_RESOLVES: Params = {
  keyVersion: 'v4',
  keyAlgo: 'rsa2048',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'zip',
  armor: 'binary',
  recipients: 1,
  signed: false,
};

/** "Encrypt with this passphrase" as RNP's manual writes it: `rnp -c`, `rnp --decrypt`, the password on stdin (`--pass-fd 0`). */
const RNP_PASSWORD_CALL = 'rnp --pass-fd 0 -c msg / rnp --pass-fd 0 --decrypt msg.gpg';

const passwordAsCalled: Partial<Record<OpName, OpImpl>> = {
  encrypt: (_p, i) =>
    withTempDir(async (dir) => {
      const msg = await put(dir, 'msg', input(i, 'plaintext'));
      await run('rnp', ['--pass-fd', '0', '-c', msg, '--output', join(dir, 'out')], passwordLine(i), own);
      return { ciphertext: Uint8Array.from(await readFile(join(dir, 'out'))) };
    }),
  decrypt: (_p, i) =>
    withTempDir(async (dir) => {
      const msg = await put(dir, 'msg.gpg', input(i, 'ciphertext'));
      await run('rnp', ['--pass-fd', '0', '--decrypt', msg, '--output', join(dir, 'out')], passwordLine(i), refused);
      return { plaintext: Uint8Array.from(await readFile(join(dir, 'out'))) };
    }),
};

/**
 * What `rnp -c` writes, observed: a v4 SKESK with the iterated and salted S2K (SHA-256),
 * SEIPDv1 with AES-256, ZIP-compressed, binary.
 */
const RNP_PASSWORD_RESOLVES: Params = { s2k: 'iterated-salted', encryption: 'seipdv1', sessionCipher: 'aes256', compression: 'zip', armor: 'binary' };

const RNP = 'rnp 0.16';
const parts = openPgpAdapterParts('rnp', driver, {
  pke: [
    restrict('keyVersion', ['v4'], `${RNP} has no v6 keys (RFC 9580 support came with rnp 0.18)`),
    restrict(
      'keyAlgo',
      ['cv25519-legacy', 'rsa2048', 'rsa3072'],
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
  intents: {
    [openpgp.id]: { 'encrypt-to-cert': { call: RNP_CALL, params: RNP_RESOLVES, ops: asCalled }, ...pqcRefusedBy(parts.capabilities, RNP_RESOLVES) },
    [openpgpPassword.id]: { passphrase: { call: RNP_PASSWORD_CALL, params: RNP_PASSWORD_RESOLVES, ops: passwordAsCalled } },
  },
});
