/**
 * GnuPG through its own command line (it has no SOP front end in Debian). Private GNUPGHOMEs
 * (0700), made on first use: one per secret key (a key generated there, or imported once before
 * its first decryption), so that gpg decrypts with exactly the key it is given and never with
 * another key that a shared keyring would also hold; one more for encryption, holding only the
 * fixed signer's key (`--recipient-file` takes the certificates). `--batch --pinentry-mode
 * loopback`, passwords by file, `--no-symkey-cache` so no password is remembered between cases;
 * on dispose every agent is killed (`gpgconf --kill all`) and every home removed. `--cipher-algo` and `--compress-algo` choose the
 * cipher and compression exactly; gpg 2.2 writes SEIPDv1 only (its OCB packet is behind the
 * experimental --rfc4880bis and each recipient's AEAD preference, with no option to force it).
 *
 * The intents are resolved as GnuPG's manual calls them (`--quick-generate-key … default default
 * never`, `--encrypt --recipient`, `--symmetric`, `--decrypt`), with none of those options: what
 * GnuPG 2.2 does by default, observed, is declared beside the call (GPG_RESOLVES). GnuPG 2.3 and
 * later make Ed25519/Cv25519 keys and write the OCB packet by default: on them the proof of the
 * declaration fails, as it should.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAdapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { OpImpl, OpName, Params } from '../core/model.js';
import { fingerprint } from '../standards/openpgp-packets.js';
import { openpgp, openpgpPassword } from '../standards/openpgp.js';
import { input } from './binding.js';
import { complaint, openPgpAdapterParts, pqcRefusedBy, restrict, SIGNER_KEY, spawnCounted, type OpenPgpDriver } from './openpgp/openpgp-common.js';
import { programProbe, withTempDir } from './subprocess.js';
import { interrupted, refuseIfInterrupted } from '../core/interrupt.js';

const CIPHER_ALGO: Readonly<Record<string, string>> = {
  aes128: 'AES',
  aes192: 'AES192',
  aes256: 'AES256',
  camellia128: 'CAMELLIA128',
  camellia256: 'CAMELLIA256',
  twofish: 'TWOFISH',
  cast5: 'CAST5',
  '3des': '3DES',
};
const COMPRESS_ALGO: Readonly<Record<string, string>> = { none: 'none', zip: 'zip', zlib: 'zlib' };

/** Every GNUPGHOME this run made, for dispose. */
const homes = new Set<string>();
/** The home holding each secret key (by the SHA-256 of its bytes), made on first use. */
const keyHomes = new Map<string, Promise<string>>();
/** Homes into which the signer's key was imported. */
const withSigner = new Map<string, Promise<void>>();
let keys = 0;

/** The GNUPGHOMEs this run has made so far (a test checks that dispose removes them). */
export function gnupgHomes(): string[] {
  return [...homes];
}

async function newHome(): Promise<string> {
  refuseIfInterrupted('making a GnuPG home');
  const dir = await mkdtemp(join(tmpdir(), 'bothends-gnupg-'));
  // An interruption while the directory was being made: the cleanups may have run already.
  if (interrupted()) {
    // Synchronously: the process exits as soon as the registered cleanups are done.
    rmSync(dir, { recursive: true, force: true });
    refuseIfInterrupted('making a GnuPG home');
  }
  homes.add(dir);
  return dir;
}

/** Runs gpg in `home` with the adapter's fixed options; a non-zero exit throws `fail(message)`. */
async function gpg(
  home: string,
  args: readonly string[],
  stdin: Uint8Array | undefined,
  fail: (m: string) => Error,
): Promise<{ stdout: Uint8Array; stderr: string }> {
  const full = [
    '--homedir',
    home,
    '--batch',
    '--no-tty',
    '--pinentry-mode',
    'loopback',
    '--no-symkey-cache',
    '--trust-model',
    'always',
    '--no-auto-key-retrieve',
    ...args,
  ];
  const r = await spawnCounted('gpg', full, { ...(stdin ? { input: stdin } : {}), timeoutMs: 60_000 }).finally(() => {
    // gpg makes its home again if it is gone: one that ran on while an interruption removed the
    // homes has just done so. Kill its agent and remove it once more, synchronously: the process
    // exits as soon as the registered cleanups are done, without waiting for this.
    if (interrupted()) {
      spawnSync('gpgconf', ['--homedir', home, '--kill', 'all'], { timeout: 5_000, stdio: 'ignore' });
      rmSync(home, { recursive: true, force: true });
    }
  });
  if (r.code !== 0) throw fail(complaint('gpg', args, r));
  return { stdout: r.stdout, stderr: r.stderr };
}

const own = (m: string): Error => new Error(m);
const refused = (m: string): Error => new RejectedError(m);
const keyId = (key: Uint8Array): string => createHash('sha256').update(key).digest('hex');

/** The home made for `data` (by its SHA-256) in `homes`, with `data` imported once; an import that fails throws `fail(message)`. */
function homeWith(homes: Map<string, Promise<string>>, data: Uint8Array, fail: (m: string) => Error): Promise<string> {
  const id = keyId(data);
  let home = homes.get(id);
  if (!home) {
    home = newHome().then(async (h) => {
      await gpg(h, ['--import'], data, fail);
      return h;
    });
    homes.set(id, home);
  }
  return home;
}

/**
 * The home holding exactly this secret key: one keyring per key, so that a message for another
 * key cannot be decrypted with a key that merely happens to be in a shared keyring.
 */
const homeOf = (key: Uint8Array): Promise<string> => homeWith(keyHomes, key, refused);

/** `home` with the fixed signer's key imported (for signing, and its certificate for verifying). */
async function signerIn(home: string): Promise<string> {
  let done = withSigner.get(home);
  if (!done) {
    done = gpg(home, ['--import'], SIGNER_KEY, own).then(() => undefined);
    withSigner.set(home, done);
  }
  await done;
  return home;
}

/** The home of encryptions: no secret key but the signer's (recipients come by --recipient-file). */
let senderHome: Promise<string> | undefined;
const sender = (): Promise<string> => (senderHome ??= newHome().then(signerIn));

const cipherArgs = (p: Params): string[] => [
  '--cipher-algo',
  CIPHER_ALGO[String(p['sessionCipher'])]!,
  '--compress-algo',
  COMPRESS_ALGO[String(p['compression'])]!,
  ...(p['armor'] === 'armored' ? ['--armor'] : []),
];

/** quick-gen-key arguments: future-default is Ed25519 + Cv25519 in 2.2; RSA (rsa2048, rsa3072) gets its encryption subkey separately. */
async function generateIn(home: string, uid: string, algo: string): Promise<void> {
  if (!algo.startsWith('rsa')) {
    await gpg(home, ['--passphrase', '', '--quick-gen-key', uid, 'future-default', 'default', 'never'], undefined, own);
    return;
  }
  await gpg(home, ['--passphrase', '', '--quick-gen-key', uid, algo, 'sign,cert', 'never'], undefined, own);
  const listing = Buffer.from((await gpg(home, ['--with-colons', '--list-keys', `=${uid}`], undefined, own)).stdout).toString('utf8');
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1];
  if (!fpr) throw new Error(`gpg --list-keys shows no fingerprint for ${uid}`);
  await gpg(home, ['--passphrase', '', '--quick-add-key', fpr, algo, 'encr', 'never'], undefined, own);
}

/** A new home with a key made by `make`, exported (binary, as gpg exports by default) and kept as that key's home. */
async function keyPairIn(make: (home: string, uid: string) => Promise<void>): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
  const home = await newHome();
  const uid = `bothends gpg ${process.pid}.${++keys} <gpg@bothends.invalid>`;
  await make(home, uid);
  const secretKey = (await gpg(home, ['--export-secret-keys', `=${uid}`], undefined, own)).stdout;
  const publicKey = (await gpg(home, ['--export', `=${uid}`], undefined, own)).stdout;
  keyHomes.set(keyId(secretKey), Promise.resolve(home));
  return { secretKey, publicKey };
}

const driver: OpenPgpDriver = {
  generateKey: (p) => keyPairIn((home, uid) => generateIn(home, uid, String(p['keyAlgo']))),
  encrypt: (p, r) =>
    withTempDir(async (dir) => {
      const recipients = await Promise.all(
        r.certs.map(async (c, k) => (await writeFile(join(dir, `cert${k}`), c), ['--recipient-file', join(dir, `cert${k}`)])),
      );
      const sign = r.signer ? ['--sign', '--local-user', 'signer@bothends.invalid'] : [];
      return (await gpg(await sender(), [...recipients.flat(), ...cipherArgs(p), ...sign, '--encrypt'], r.plaintext, own)).stdout;
    }),
  async decrypt(_p, r) {
    const home = await homeOf(r.key);
    if (r.verifyWith) await signerIn(home);
    const out = await gpg(home, ['--status-fd', '2', '--decrypt'], r.ciphertext, refused);
    if (r.verifyWith && !/\[GNUPG:\] GOODSIG/.test(out.stderr)) throw new RejectedError('gpg decrypted but reported no GOODSIG for the signer');
    return out.stdout;
  },
  encryptPassword: (p, password, plaintext) =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'password'), password);
      // An explicit, small S2K count: gpg calibrates its default to ~100 ms, which every consumer would pay.
      const s2k = ['--s2k-mode', '3', '--s2k-digest-algo', 'SHA256', '--s2k-count', '65536'];
      return (await gpg(await sender(), ['--passphrase-file', join(dir, 'password'), ...s2k, ...cipherArgs(p), '--symmetric'], plaintext, own)).stdout;
    }),
  decryptPassword: (_p, password, ciphertext) =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'password'), password);
      return (await gpg(await sender(), ['--passphrase-file', join(dir, 'password'), '--decrypt'], ciphertext, refused)).stdout;
    }),
};

/** The homes holding exactly one certificate each (imported once), where the encryptions to it as called run. */
const certHomes = new Map<string, Promise<string>>();

/**
 * "Encrypt to this certificate" as GnuPG's manual writes it: `--quick-generate-key` with the
 * algorithm and usage "default" (a primary key and an encryption subkey, no prompt), the keys
 * exported as gpg exports them, the certificate imported and encrypted to with `--recipient`.
 * (`--batch`, loopback pinentry, `--trust-model always` and the home are how every call here
 * runs: they choose no algorithm.)
 */
const GPG_CALL =
  "gpg --batch --passphrase '' --quick-generate-key '<uid>' default default never; gpg --export-secret-keys <uid> > key; gpg --export <uid> > cert / gpg --import cert; gpg --encrypt --recipient <fingerprint> < msg > msg.gpg / gpg --import key; gpg --decrypt msg.gpg";

/** The operations that make exactly those calls: no algorithm, cipher, compression or armor option. */
const asCalled: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: () =>
    keyPairIn(async (home, uid) => {
      await gpg(home, ['--passphrase', '', '--quick-generate-key', uid, 'default', 'default', 'never'], undefined, own);
    }),
  encrypt: async (_p, i) => {
    const cert = input(i, 'publicKey');
    return {
      ciphertext: (await gpg(await homeWith(certHomes, cert, refused), ['--encrypt', '--recipient', fingerprint(cert)], input(i, 'plaintext'), refused)).stdout,
    };
  },
  decrypt: async (_p, i) => ({ plaintext: (await gpg(await homeOf(input(i, 'secretKey')), ['--decrypt'], input(i, 'ciphertext'), refused)).stdout }),
};

/**
 * What GnuPG 2.2 makes as called, observed (`gpg --list-packets --show-session-key`): an RSA-3072
 * primary key and RSA-3072 encryption subkey (2.3 and later make Ed25519 + Cv25519 instead),
 * preferring AES-256 and ZLIB; encryption to it is SEIPDv1 (2.2 writes nothing else), AES-256,
 * ZLIB-compressed, binary (no --armor).
 */
const GPG_RESOLVES: Params = {
  keyVersion: 'v4',
  keyAlgo: 'rsa3072',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'zlib',
  armor: 'binary',
  recipients: 1,
  signed: false,
};

/** "Encrypt with this passphrase" as gpg's manual writes it: `--symmetric`, the passphrase by file (`--passphrase-file`, batch mode). */
const GPG_PASSWORD_CALL = 'gpg --passphrase-file pw --symmetric < msg > msg.gpg / gpg --passphrase-file pw --decrypt msg.gpg';

/** The operations that make exactly those calls: no S2K, cipher, compression or armor option (the S2K count is gpg's calibrated one). */
const passwordAsCalled: Partial<Record<OpName, OpImpl>> = {
  encrypt: (_p, i) =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'password'), input(i, 'passphrase'));
      return { ciphertext: (await gpg(await sender(), ['--passphrase-file', join(dir, 'password'), '--symmetric'], input(i, 'plaintext'), own)).stdout };
    }),
  decrypt: (_p, i) =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'password'), input(i, 'passphrase'));
      return { plaintext: (await gpg(await sender(), ['--passphrase-file', join(dir, 'password'), '--decrypt'], input(i, 'ciphertext'), refused)).stdout };
    }),
};

/**
 * What `gpg --symmetric` writes, observed: a v4 SKESK with the iterated and salted S2K (SHA-1,
 * the count calibrated to about 100 ms: 65,011,712 here), SEIPDv1 with AES-256, ZIP-compressed, binary.
 */
const GPG_PASSWORD_RESOLVES: Params = { s2k: 'iterated-salted', encryption: 'seipdv1', sessionCipher: 'aes256', compression: 'zip', armor: 'binary' };

const GPG22 = 'GnuPG 2.2';
const parts = openPgpAdapterParts('gpg', driver, {
  pke: [
    restrict('keyVersion', ['v4'], `${GPG22} reads and makes v4 keys only (v6 keys are RFC 9580, which GnuPG does not implement)`),
    restrict(
      'keyAlgo',
      ['cv25519-legacy', 'rsa2048', 'rsa3072'],
      `${GPG22} has EdDSALegacy/ECDH Curve25519 and RSA, not the RFC 9580 algorithms 25/27 nor draft-ietf-openpgp-pqc's (a post-quantum certificate: "read_block: read error: Invalid packet")`,
    ),
    restrict(
      'encryption',
      ['seipdv1'],
      `${GPG22} writes SEIPDv1 only: its OCB packet needs the experimental --rfc4880bis and an AEAD preference in every recipient key, with no option to force it`,
      ['encrypt'],
    ),
    restrict('encryption', ['seipdv1', 'librepgp-ocb'], `${GPG22} has no SEIPDv2 (RFC 9580 §5.13.2); it reads LibrePGP’s OCB packet`, ['decrypt']),
  ],
  password: [
    restrict('s2k', ['iterated-salted'], `${GPG22} has no Argon2 S2K`),
    restrict('encryption', ['seipdv1'], `${GPG22} writes SEIPDv1 only`, ['encrypt']),
    restrict('encryption', ['seipdv1', 'librepgp-ocb'], `${GPG22} has no SEIPDv2; it reads LibrePGP’s OCB packet`, ['decrypt']),
  ],
});

/** GnuPG (`gpg`), one process per operation in a private GNUPGHOME. */
export const gpgAdapter = defineAdapter({
  id: 'gpg',
  library: 'GnuPG (gpg)',
  kind: 'cli',
  variant: 'explicit',
  description: 'GnuPG through its own command line: private GNUPGHOME per run, --batch, loopback pinentry, passwords by file',
  probe: programProbe('gpg', ['--version'], (out) => out.split('\n')[0]!.replace(/^gpg \(GnuPG\)\s*/, '') + `; ${out.split('\n')[1] ?? ''}`, 'gnupg'),
  ...parts,
  intents: {
    [openpgp.id]: { 'encrypt-to-cert': { call: GPG_CALL, params: GPG_RESOLVES, ops: asCalled }, ...pqcRefusedBy(parts.capabilities, GPG_RESOLVES) },
    [openpgpPassword.id]: { passphrase: { call: GPG_PASSWORD_CALL, params: GPG_PASSWORD_RESOLVES, ops: passwordAsCalled } },
  },
  async dispose() {
    keyHomes.clear();
    certHomes.clear();
    withSigner.clear();
    senderHome = undefined;
    // Each home started its own gpg-agent: kill them all, then remove the homes. Operations still
    // in flight may have made another home meanwhile: the rounds take those too.
    for (let round = 0; round < 3 && homes.size > 0; round++) {
      const dirs = [...homes];
      homes.clear();
      await Promise.all(dirs.map((dir) => spawnCounted('gpgconf', ['--homedir', dir, '--kill', 'all'], { timeoutMs: 10_000 }).catch(() => undefined)));
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  },
});
