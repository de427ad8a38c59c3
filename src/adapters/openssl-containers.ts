/**
 * The key-container bindings of the `openssl-cli` adapter: `openssl pkcs12` (RFC 7292) and
 * `openssl pkcs8` (encrypted PKCS#8). One process per operation, files in a private directory.
 *
 * Facts about OpenSSL 3.0 these bindings rely on:
 * - `pkcs12 -export` takes `-keypbe`/`-certpbe` (a PBES2 cipher such as AES-256-CBC, which 3.0
 *   pairs with hmacWithSHA256, a PKCS#12 PBE such as PBE-SHA1-3DES, or NONE), `-macalg`, `-nomac`
 *   and one `-iter` for encryption and MAC alike; the salt is always 8 bytes (PKCS12_SALT_LEN).
 *   RC2 and DES live in the legacy provider, which `-legacy` loads (and which also switches the
 *   defaults to 3DES and RC2-40: here every algorithm is named anyway). PBMAC1 came with 3.4.
 * - Passwords go in as UTF-8 text (`-passout pass:`); OpenSSL makes the BMPString of the PKCS#12
 *   KDF from it and gives PBES2 the bytes.
 * - `pkcs12 -nodes` prints the key as PKCS#8 PEM and the certificate as PEM; a MAC that does not
 *   verify, a wrong password or an unknown algorithm end with a non-zero exit.
 * - `pkcs8 -topk8 -v2 <cipher> -v2prf <prf>` writes PBES2 with PBKDF2 (8-byte salt in 3.0, no
 *   option to change it), `-scrypt -scrypt_N/r/p` PBES2 with scrypt, `-v1 <pbe>` the PBES1 and
 *   PKCS#12 schemes.
 */
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import type { IntentResolution } from '../core/intent.js';
import { input, oneOf, type Binding } from './binding.js';
import {
  fromPem,
  inDir,
  OPENSSL_P12_DEFAULTS,
  OPENSSL_P8_DEFAULTS,
  keyAndCertificate,
  passwordText,
  pkcs12ExportIntents,
  pkcs8EncryptIntents,
  runIn,
  toPem,
} from './container-common.js';

/** `-keypbe`/`-certpbe` names. */
const P12_PBE: Readonly<Record<string, string>> = {
  'pbes2-hmac-sha256-aes-256-cbc': 'AES-256-CBC',
  'pbes2-hmac-sha256-aes-128-cbc': 'AES-128-CBC',
  'pbes1-sha1-3des': 'PBE-SHA1-3DES',
  'pbes1-sha1-rc2-40': 'PBE-SHA1-RC2-40',
  none: 'NONE',
};

/** Algorithms of the legacy provider: a file with one needs `-legacy` to be written or read. */
const LEGACY = new Set(['pbes1-sha1-rc2-40', 'pbes1-md5-des']);

/**
 * `-legacy` where a value is of the legacy provider, or unstated: a file of unknown making (an
 * imported corpus) may need RC2 or DES, and `-legacy` loads that provider beside the default one.
 */
const legacy = (...values: unknown[]): string[] => (values.some((v) => v === undefined || LEGACY.has(String(v))) ? ['-legacy'] : []);

const MAC: Readonly<Record<string, string[]>> = { 'hmac-sha256': ['-macalg', 'sha256'], 'hmac-sha1': ['-macalg', 'sha1'], none: ['-nomac'] };

async function p12Write(p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passout pass:');
  const files = { 'key.pem': toPem(input(i, 'secretKey'), 'PRIVATE KEY'), 'cert.pem': toPem(input(i, 'certificate'), 'CERTIFICATE') };
  return inDir(files, async (dir, read) => {
    const args = [
      'pkcs12',
      '-export',
      ...legacy(p['keyEncryption'], p['certEncryption']),
      '-inkey',
      'key.pem',
      '-in',
      'cert.pem',
      '-out',
      'out.p12',
      '-passout',
      `pass:${pass}`,
    ];
    args.push(
      '-keypbe',
      P12_PBE[String(p['keyEncryption'])]!,
      '-certpbe',
      P12_PBE[String(p['certEncryption'])]!,
      '-iter',
      String(p['iterations']),
      ...MAC[String(p['mac'])]!,
    );
    await runIn('openssl', args, dir, false, [pass]);
    return { container: await read('out.p12') };
  });
}

async function p12Read(p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passin pass:');
  return inDir({ 'in.p12': input(i, 'container') }, async (dir) => {
    const out = await runIn(
      'openssl',
      ['pkcs12', ...legacy(p['keyEncryption'], p['certEncryption']), '-in', 'in.p12', '-passin', `pass:${pass}`, '-nodes'],
      dir,
      true,
      [pass],
    );
    return keyAndCertificate(out, 'openssl pkcs12', true);
  });
}

/**
 * `openssl pkcs12 -export` and `openssl pkcs12 -nodes` as the manual calls them, no algorithm
 * named: OpenSSL 3.0 writes PBES2 (hmacWithSHA256, AES-256-CBC) for key and certificates,
 * 2048 iterations, 8-byte salts and an HMAC-SHA-256 MAC of 2048 iterations, and reads without
 * the legacy provider (no RC2-40, no DES).
 */
async function p12ExportAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passout pass:');
  const files = { 'key.pem': toPem(input(i, 'secretKey'), 'PRIVATE KEY'), 'cert.pem': toPem(input(i, 'certificate'), 'CERTIFICATE') };
  return inDir(files, async (dir, read) => {
    await runIn('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'out.p12', '-passout', `pass:${pass}`], dir, false, [pass]);
    return { container: await read('out.p12') };
  });
}

async function p12OpenAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passin pass:');
  return inDir({ 'in.p12': input(i, 'container') }, async (dir) =>
    keyAndCertificate(await runIn('openssl', ['pkcs12', '-in', 'in.p12', '-passin', `pass:${pass}`, '-nodes'], dir, true, [pass]), 'openssl pkcs12', true),
  );
}

/** How `openssl pkcs12` resolves the pkcs12 intents. */
export const opensslPkcs12Intents: Readonly<Record<string, Readonly<Record<string, IntentResolution>>>> = {
  // The same call with an empty password, and with a P-256 key: the key type changes nothing in what OpenSSL 3 writes.
  [pkcs12.id]: pkcs12ExportIntents({
    call: 'openssl pkcs12 -export -inkey key.pem -in cert.pem -out out.p12 -passout pass:… / openssl pkcs12 -in in.p12 -passin pass:… -nodes',
    params: OPENSSL_P12_DEFAULTS,
    ops: { write: p12ExportAsCalled, read: p12OpenAsCalled },
  }),
};

/** `pkcs8 -topk8` arguments of each scheme. */
const P8_SCHEME: Readonly<Record<string, string[]>> = {
  'pbes2-hmac-sha256-aes-256-cbc': ['-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256'],
  'pbes2-hmac-sha256-aes-128-cbc': ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA256'],
  'pbes2-hmac-sha1-aes-128-cbc': ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1'],
  'pbes2-scrypt-aes-256-cbc': ['-v2', 'aes-256-cbc', '-scrypt', '-scrypt_N', '16384', '-scrypt_r', '8', '-scrypt_p', '1'],
  'pbes1-sha1-3des': ['-v1', 'PBE-SHA1-3DES'],
  'pbes1-md5-des': ['-v1', 'PBE-MD5-DES'],
};

/** `-provider legacy` for DES: `openssl pkcs8` has no `-legacy`. */
const providers = (p: Params): string[] =>
  p['keyEncryption'] === undefined || LEGACY.has(String(p['keyEncryption'])) ? ['-provider', 'legacy', '-provider', 'default'] : [];

async function p8Write(p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passout pass:');
  return inDir({ 'key.der': input(i, 'secretKey') }, async (dir, read) => {
    const iter = p['keyEncryption'] === 'pbes2-scrypt-aes-256-cbc' ? [] : ['-iter', String(p['iterations'])];
    const args = [
      'pkcs8',
      '-topk8',
      ...providers(p),
      '-inform',
      'DER',
      '-in',
      'key.der',
      '-outform',
      'DER',
      '-out',
      'out.der',
      ...P8_SCHEME[String(p['keyEncryption'])]!,
      ...iter,
      '-passout',
      `pass:${pass}`,
    ];
    await runIn('openssl', args, dir, false, [pass]);
    return { container: await read('out.der') };
  });
}

async function p8Read(p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passin pass:');
  return inDir({ 'in.der': input(i, 'container') }, async (dir) => {
    const out = await runIn('openssl', ['pkcs8', ...providers(p), '-inform', 'DER', '-in', 'in.der', '-passin', `pass:${pass}`, '-outform', 'PEM'], dir, true, [
      pass,
    ]);
    const keys = fromPem(out, 'PRIVATE KEY');
    if (keys.length !== 1) throw new RejectedError(`openssl pkcs8 printed ${keys.length} private keys`);
    return { secretKey: keys[0]! };
  });
}

/** `openssl pkcs8 -topk8` as the manual calls it, no scheme named (DER in and out, as this family exchanges keys). */
async function p8EncryptAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passout pass:');
  return inDir({ 'key.der': input(i, 'secretKey') }, async (dir, read) => {
    await runIn(
      'openssl',
      ['pkcs8', '-topk8', '-inform', 'DER', '-in', 'key.der', '-outform', 'DER', '-out', 'out.der', '-passout', `pass:${pass}`],
      dir,
      false,
      [pass],
    );
    return { container: await read('out.der') };
  });
}

/** `openssl pkcs8 -in … -passin pass:…` as the manual calls it: the default provider only. */
async function p8DecryptAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'openssl -passin pass:');
  return inDir({ 'in.der': input(i, 'container') }, async (dir) => {
    const out = await runIn('openssl', ['pkcs8', '-inform', 'DER', '-in', 'in.der', '-passin', `pass:${pass}`], dir, true, [pass]);
    const keys = fromPem(out, 'PRIVATE KEY');
    if (keys.length !== 1) throw new RejectedError(`openssl pkcs8 printed ${keys.length} private keys`);
    return { secretKey: keys[0]! };
  });
}

/** How `openssl pkcs8` resolves the pkcs8-encrypted intents: OpenSSL 3.0 writes PBES2 (hmacWithSHA256, AES-256-CBC), 2048 iterations, an 8-byte salt, whatever the key type. */
export const opensslPkcs8Intents: Readonly<Record<string, Readonly<Record<string, IntentResolution>>>> = {
  [pkcs8Encrypted.id]: pkcs8EncryptIntents({
    call: 'openssl pkcs8 -topk8 -in key -out out -passout pass:… / openssl pkcs8 -in in -passin pass:…',
    params: OPENSSL_P8_DEFAULTS,
    ops: { write: p8EncryptAsCalled, read: p8DecryptAsCalled },
  }),
};

const SALT8 = 'OpenSSL 3.0 always writes an 8-byte salt (PKCS12_SALT_LEN, PKCS5_SALT_LEN) and has no option to change it';

/** `openssl pkcs12` and `openssl pkcs8`. */
export const opensslContainerBindings: readonly Binding[] = [
  {
    standard: pkcs12,
    rules: [
      oneOf('keyType', ['rsa-2048', 'p-256', 'ed25519'], 'OpenSSL 3.0 reads and writes all three'),
      oneOf('keyEncryption', Object.keys(P12_PBE), 'openssl pkcs12 -keypbe'),
      oneOf('certEncryption', Object.keys(P12_PBE), 'openssl pkcs12 -certpbe'),
      oneOf('iterations', [2048, 600000], 'openssl pkcs12 -iter', ['write']),
      { name: 'macIterations', accepts: () => true, reason: 'openssl pkcs12 -iter sets the MAC iteration count too', sameAs: 'iterations', ops: ['write'] },
      oneOf('saltBytes', [8], SALT8, ['write']),
      oneOf('mac', Object.keys(MAC), 'openssl pkcs12 -macalg, -nomac; PBMAC1 (RFC 9579) arrived in OpenSSL 3.4'),
      oneOf('password', ['ascii', 'empty', 'long', 'non-ascii'], 'openssl -passout pass: takes UTF-8 text'),
    ],
    ops: { write: p12Write, read: p12Read },
  },
  {
    standard: pkcs8Encrypted,
    rules: [
      oneOf('keyType', ['rsa-2048', 'p-256', 'ed25519'], 'OpenSSL 3.0 reads and writes all three'),
      oneOf('keyEncryption', Object.keys(P8_SCHEME), 'openssl pkcs8 -v2/-v2prf, -scrypt, -v1'),
      oneOf('iterations', [2048, 600000], 'openssl pkcs8 -iter', ['write']),
      oneOf('scrypt', ['n16384-r8-p1'], 'openssl pkcs8 -scrypt_N, -scrypt_r, -scrypt_p'),
      oneOf('saltBytes', [8], SALT8, ['write']),
      oneOf('password', ['ascii', 'empty', 'long', 'non-ascii'], 'openssl -passout pass: takes UTF-8 text'),
    ],
    ops: { write: p8Write, read: p8Read },
  },
];
