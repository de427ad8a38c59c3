/**
 * `pk12util`: NSS's PKCS#12 tool (Debian `libnss3-tools`), the code Firefox and Chromium on Linux
 * import .p12 files with. NSS keeps keys in a database, never in the clear, so each operation
 * runs against a fresh database (`certutil -N` in a private directory):
 * - read: `pk12util -i` imports the file (decrypting it and checking its MAC). NSS does not give
 *   keys out in the clear, so the reader returns the certificate (`certutil -L -a`) and proves it
 *   holds that certificate's key: `pk1sign` signs a challenge with the imported key, and
 *   node:crypto verifies the signature with the certificate's public key (`keyHeld`, as Node's
 *   TLS reader). Where pk1sign makes no signature for the key type, NSS exports what it imported
 *   (`pk12util -o`, PBES2-AES-256, a password of the adapter's) and `openssl pkcs12` turns that
 *   export into the PEM key and certificate. What is tested is NSS's import either way.
 * - write: the key and certificate enter the database as NSS imports them, from a .p12 that
 *   `openssl pkcs12` writes under PBES2-AES-256; `pk12util -o` then writes the file with `-c`
 *   (key cipher), `-C` (certificate cipher) and `-M` (MAC digest).
 *
 * Facts about NSS 3.87 these bindings rely on: every export iterates 600,000 times and uses
 * 16-byte salts (key, certificate and MAC), which no option changes; `-C NONE` leaves the
 * certificates unencrypted; there is no option for an export without MAC and no PBMAC1.
 */
import { X509Certificate, verify } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import { join } from 'node:path';
import { defineAdapter } from '../core/adapter.js';
import type { ByteMap, Params } from '../core/model.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { fromPem, inDir, keyAndCertificate, passwordText, pkcs12ExportIntents, runIn, toPem } from './container-common.js';
import { programProbe } from './subprocess.js';

/** NSS's names of the schemes (pk12util -c/-C take the algorithm's description). */
const CIPHER: Readonly<Record<string, string>> = {
  'pbes2-hmac-sha256-aes-256-cbc': 'AES-256-CBC',
  'pbes2-hmac-sha256-aes-128-cbc': 'AES-128-CBC',
  'pbes1-sha1-3des': 'PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC',
  'pbes1-sha1-rc2-40': 'PKCS #12 V2 PBE With SHA-1 And 40 Bit RC2 CBC',
};
const MAC: Readonly<Record<string, string>> = { 'hmac-sha256': 'SHA-256', 'hmac-sha1': 'SHA-1' };

/** The password of the adapter's own transfer files; never seen by the other side. */
const TRANSFER = 'bothends-transfer';

/** `-W` with the password; pk12util takes an empty one as "no password" the same way. */
const db = ['-d', 'sql:db'];

async function newDb(dir: string): Promise<void> {
  await mkdir(join(dir, 'db'), { mode: 0o700 });
  await runIn('certutil', ['-N', ...db, '--empty-password'], dir, false);
}

/** The nickname NSS gave the certificate it imported (the only one in the database). */
async function nickname(dir: string): Promise<string> {
  const list = await runIn('certutil', ['-L', ...db], dir, false);
  const line = list.split('\n').find((l) => /\s+u,u,u\s*$/.test(l));
  if (!line) throw new Error(`NSS database holds no user certificate after the import: ${list.trim().slice(0, 200)}`);
  return line.replace(/\s+u,u,u\s*$/, '').trim();
}

/** Data the imported key signs to prove it is the certificate's key. */
const CHALLENGE = 'bothends: NSS holds the key of this certificate';

/**
 * Whether the key NSS imported signs so that the certificate's public key verifies it
 * (`pk1sign` writes the signature as base64 of SEQUENCE { AlgorithmIdentifier, BIT STRING }).
 */
async function signsForCertificate(dir: string, nick: string, certificate: Uint8Array): Promise<boolean> {
  const out = await runIn('pk1sign', ['-k', nick, ...db, '-i', 'challenge.txt'], dir, false).catch(() => undefined);
  const b64 = out?.replace(/^signature:\s*/, '').replace(/\s+/g, '');
  if (!b64) return false;
  const seq = asn1js.fromBER(Uint8Array.from(Buffer.from(b64, 'base64'))).result as asn1js.Sequence;
  const [alg, bits] = seq.valueBlock.value as [asn1js.Sequence, asn1js.BitString];
  const oid = (alg.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
  const hash = SIGNATURE_HASH[oid];
  if (hash === undefined) return false;
  try {
    return verify(hash, Buffer.from(CHALLENGE), new X509Certificate(Buffer.from(certificate)).publicKey, Buffer.from(bits.valueBlock.valueHexView));
  } catch {
    // A key the certificate restricts (RSA-PSS with fixed parameters) refuses pk1sign's PKCS#1 v1.5 digest: prove it by the export instead.
    return false;
  }
}

/** The digests of the signature algorithms pk1sign uses (null: EdDSA, which hashes itself). */
const SIGNATURE_HASH: Readonly<Record<string, string | null>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.3.101.112': null,
};

async function read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'pk12util -W');
  return inDir({ 'in.p12': input(i, 'container'), 'challenge.txt': CHALLENGE }, async (dir) => {
    await newDb(dir);
    await runIn('pk12util', ['-i', 'in.p12', ...db, '-W', pass], dir, true, [pass]);
    const nick = await nickname(dir);
    const certificate = Uint8Array.from(
      Buffer.from(await runIn('certutil', ['-L', ...db, '-n', nick, '-a'], dir, false).then((pem) => fromPem(pem, 'CERTIFICATE')[0] ?? new Uint8Array())),
    );
    if (await signsForCertificate(dir, nick, certificate)) return { certificate, keyHeld: Uint8Array.of(1) };
    // No signature NSS makes with this key type here: carry the key out in an export openssl reads.
    await runIn('pk12util', ['-o', 'out.p12', '-n', nick, ...db, '-W', TRANSFER, '-c', 'AES-256-CBC', '-C', 'AES-256-CBC', '-M', 'SHA-256'], dir, false);
    return keyAndCertificate(
      await runIn('openssl', ['pkcs12', '-in', 'out.p12', '-passin', `pass:${TRANSFER}`, '-nodes'], dir, false),
      'openssl pkcs12 (NSS export)',
      true,
    );
  });
}

/** Imports the key and certificate into a fresh database, then exports them with `-W` and the options `algorithms` names. */
async function exportWith(i: ByteMap, algorithms: readonly string[]): Promise<ByteMap> {
  const pass = passwordText(i, 'pk12util -W');
  const files = { 'key.pem': toPem(input(i, 'secretKey'), 'PRIVATE KEY'), 'cert.pem': toPem(input(i, 'certificate'), 'CERTIFICATE') };
  return inDir(files, async (dir, readFile) => {
    await runIn(
      'openssl',
      ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-name', 'bothends', '-out', 'in.p12', '-passout', `pass:${TRANSFER}`],
      dir,
      false,
    );
    await newDb(dir);
    await runIn('pk12util', ['-i', 'in.p12', ...db, '-W', TRANSFER], dir, false);
    await runIn('pk12util', ['-o', 'out.p12', '-n', 'bothends', ...db, '-W', pass, ...algorithms], dir, false, [pass]);
    return { container: await readFile('out.p12') };
  });
}

function write(p: Params, i: ByteMap): Promise<ByteMap> {
  const cert = p['certEncryption'] === 'none' ? 'NONE' : CIPHER[String(p['certEncryption'])]!;
  return exportWith(i, ['-c', CIPHER[String(p['keyEncryption'])]!, '-C', cert, '-M', MAC[String(p['mac'])]!]);
}

const FIXED = 'NSS 3.87 exports with 600,000 iterations and 16-byte salts (key, certificates and MAC), and pk12util has no option to change them';

const bindings: readonly Binding[] = [
  {
    standard: pkcs12,
    rules: [
      oneOf('keyType', ['rsa-2048', 'p-256'], 'NSS 3.87 has no Ed25519 keys: pk12util -i refuses them (SEC_ERROR_PKCS12_UNABLE_TO_IMPORT_KEY)'),
      oneOf('keyEncryption', Object.keys(CIPHER), 'pk12util -c; NSS always encrypts the key', ['write']),
      oneOf('certEncryption', [...Object.keys(CIPHER), 'none'], 'pk12util -C', ['write']),
      oneOf('iterations', [600000], FIXED, ['write']),
      oneOf('macIterations', [600000], FIXED, ['write']),
      oneOf('saltBytes', [16], FIXED, ['write']),
      oneOf('mac', Object.keys(MAC), 'pk12util -M; NSS always writes a MAC, and has no PBMAC1', ['write']),
      oneOf(
        'password',
        ['ascii', 'empty', 'long', 'non-ascii'],
        'pk12util -W takes UTF-8 text; an empty -W writes a file the empty password opens (the intent export-empty-password reads it in every reader)',
        ['write'],
      ),
    ],
    ops: { write, read },
  },
];

const { claims, ops } = assemble('pk12util', bindings);

/** NSS's pk12util. */
export const pk12utilAdapter = defineAdapter({
  id: 'pk12util',
  library: 'NSS pk12util (command line)',
  kind: 'cli',
  variant: 'explicit',
  description: 'NSS pk12util from Debian (libnss3-tools), against a fresh NSS database per operation; openssl carries keys in and out of the database',
  // pk12util prints no version; the package's is the NSS version it runs.
  probe: programProbe('dpkg-query', ['-W', '-f=${Version}', 'libnss3-tools'], (out) => out.replace(/^\d+:/, '').replace(/-.*$/, ''), 'libnss3-tools'),
  capabilities: { claims, gaps: { 'pkcs8-encrypted': 'pk12util handles only PKCS#12; NSS has no command-line tool for encrypted PKCS#8 files' } },
  ops,
  intents: {
    // Without -c, -C, -M, NSS 3.87 shrouds the key with PBES2 AES-256-CBC and the certificates with AES-128-CBC (both hmacWithSHA256), MACs with SHA-256; counts and salts are fixed, whatever the key type or password. Read from its files (the proof).
    [pkcs12.id]: pkcs12ExportIntents(
      {
        call: 'pk12util -o out.p12 -n NICKNAME -d sql:DB -W … / pk12util -i in.p12 -d sql:DB -W …',
        params: {
          keyType: 'rsa-2048',
          keyEncryption: 'pbes2-hmac-sha256-aes-256-cbc',
          certEncryption: 'pbes2-hmac-sha256-aes-128-cbc',
          iterations: 600000,
          saltBytes: 16,
          mac: 'hmac-sha256',
          macIterations: 600000,
          password: 'ascii',
        },
        ops: { write: (_p, i) => exportWith(i, []), read },
      },
      {
        'export-ed25519': 'NSS 3.87 has no Ed25519 keys: pk12util -i refuses them (SEC_ERROR_PKCS12_UNABLE_TO_IMPORT_KEY), so it neither exports nor opens one',
      },
    ),
  },
});
