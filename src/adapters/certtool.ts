/**
 * `certtool`: GnuTLS's command line (Debian `gnutls-bin`) for PKCS#12 (`--to-p12`,
 * `--p12-info`) and encrypted PKCS#8 (`--to-p8`, `-k --pkcs8`). One process per operation.
 *
 * Facts about certtool 3.7 these bindings rely on:
 * - `--pkcs-cipher` names one scheme for the key and the certificates alike: aes-128, aes-256,
 *   3des (PBES2 with PBKDF2-HMAC-SHA-256), 3des-pkcs12 and rc2-40 (the PKCS#12 PBE); `--hash`
 *   picks the MAC digest. The iteration count is always 600,000 (key, certificates and MAC),
 *   and PBES2 salts have a length GnuTLS draws at random per file (12 to 21 bytes), so only
 *   the PKCS#12 PBE, whose salt is 8 bytes, is written under a parameter set it can honour.
 * - `--p12-info` verifies the MAC, then prints the certificate and the key, re-encrypted as an
 *   ENCRYPTED PRIVATE KEY under the same password; `-k --pkcs8` decrypts that into the
 *   algorithm's own PEM (RSA PRIVATE KEY, EC PRIVATE KEY, PRIVATE KEY), which this adapter
 *   re-encodes as PKCS#8 DER with node:crypto (a key format, not a container); an EC key comes
 *   as SEC1 without its curve, which certtool names in its text. An Ed25519 key it prints only
 *   re-encrypted, never in the clear, so it reads no Ed25519 key bothends can compare.
 * - An empty password is `--empty-password`; `--password ''` means "ask".
 */
import { createPrivateKey } from 'node:crypto';
import * as asn1js from 'asn1js';
import { defineAdapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { drawnPerOutput } from '../core/intent.js';
import { fromPem, inDir, passwordText, pkcs12ExportIntents, pkcs8EncryptIntents, runIn, toPem } from './container-common.js';
import { programProbe } from './subprocess.js';

const passArgs = (pass: string): string[] => (pass === '' ? ['--empty-password'] : ['--password', pass]);

/** `--pkcs-cipher` names of the schemes certtool writes. */
const CIPHER: Readonly<Record<string, string>> = { 'pbes1-sha1-3des': '3des-pkcs12', 'pbes1-sha1-rc2-40': 'rc2-40' };
const HASH: Readonly<Record<string, string>> = { 'hmac-sha256': 'SHA256', 'hmac-sha1': 'SHA1' };

/** certtool's curve names, as JWK names them. */
const CURVES: Readonly<Record<string, string>> = { SECP256R1: 'P-256', SECP384R1: 'P-384', SECP521R1: 'P-521' };

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

/**
 * An EC PRIVATE KEY as certtool prints it: SEC1 without the curve (RFC 5915 §3 leaves it
 * optional), which node:crypto cannot load; the curve is in certtool's text ("curve:
 * SECP256R1"), so the key goes to node:crypto as a JWK instead.
 */
function ecToPkcs8(der: Uint8Array, text: string): Uint8Array {
  const crv = CURVES[/curve:\s*(\S+)/.exec(text)?.[1] ?? ''];
  if (!crv) throw new RejectedError('certtool printed an EC key without a curve bothends knows');
  const [, d, ...rest] = (asn1js.fromBER(Uint8Array.from(der)).result as asn1js.Sequence).valueBlock.value;
  const tagged = rest.find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 1) as asn1js.Constructed | undefined;
  const point = (tagged?.valueBlock.value[0] as asn1js.BitString | undefined)?.valueBlock.valueHexView;
  if (!(d instanceof asn1js.OctetString) || !point || point[0] !== 4) throw new RejectedError('certtool printed an EC key without its public point');
  const half = (point.length - 1) / 2;
  const jwk = { kty: 'EC', crv, d: b64url(d.valueBlock.valueHexView), x: b64url(point.subarray(1, 1 + half)), y: b64url(point.subarray(1 + half)) };
  return Uint8Array.from(createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' }));
}

/** The one PEM key certtool printed, as PKCS#8 DER. */
function pkcs8Of(text: string): Uint8Array {
  const m = /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]*?-----END \1-----/.exec(text);
  if (!m || m[1]!.includes('ENCRYPTED')) throw new RejectedError('certtool printed no decrypted private key');
  if (m[1] === 'EC PRIVATE KEY') return ecToPkcs8(fromPem(m[0], 'EC PRIVATE KEY')[0]!, text);
  return Uint8Array.from(createPrivateKey(m[0]).export({ type: 'pkcs8', format: 'der' }));
}

/** Decrypts an ENCRYPTED PRIVATE KEY (PEM or DER) with `-k --pkcs8`; the text names an EC key's curve. */
function decryptKey(dir: string, file: string, der: boolean, pass: string): Promise<Uint8Array> {
  return runIn('certtool', ['-k', '--pkcs8', ...(der ? ['--inder'] : []), '--infile', file, ...passArgs(pass)], dir, true, [pass]).then(pkcs8Of);
}

/** `certtool --to-p12` with `algorithms` (none: as the manual calls it). */
async function p12WriteWith(i: ByteMap, algorithms: readonly string[]): Promise<ByteMap> {
  const pass = passwordText(i, 'certtool --password');
  return inDir({ 'key.pem': toPem(input(i, 'secretKey'), 'PRIVATE KEY'), 'cert.pem': toPem(input(i, 'certificate'), 'CERTIFICATE') }, async (dir, read) => {
    const args = [
      '--to-p12',
      '--load-privkey',
      'key.pem',
      '--load-certificate',
      'cert.pem',
      '--outder',
      '--outfile',
      'out.p12',
      '--p12-name',
      'bothends',
      ...passArgs(pass),
    ];
    await runIn('certtool', [...args, ...algorithms], dir, false, [pass]);
    return { container: await read('out.p12') };
  });
}

function p12Write(p: Params, i: ByteMap): Promise<ByteMap> {
  return p12WriteWith(i, ['--pkcs-cipher', CIPHER[String(p['keyEncryption'])]!, '--hash', HASH[String(p['mac'])]!]);
}

async function p12Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'certtool --password');
  return inDir({ 'in.p12': input(i, 'container') }, async (dir) => {
    const info = await runIn('certtool', ['--p12-info', '--inder', '--infile', 'in.p12', ...passArgs(pass), '--no-text'], dir, true, [pass]);
    const certs = fromPem(info, 'CERTIFICATE');
    const keys = fromPem(info, 'ENCRYPTED PRIVATE KEY');
    if (certs.length !== 1 || keys.length !== 1)
      throw new RejectedError(`certtool --p12-info printed ${certs.length} certificates and ${keys.length} keys, not one of each`);
    return inDir({ 'key.der': keys[0]! }, async (kdir) => ({ secretKey: await decryptKey(kdir, 'key.der', true, pass), certificate: certs[0]! }));
  });
}

/** `certtool --to-p8` with `algorithms` (none: as the manual calls it). */
async function p8WriteWith(i: ByteMap, algorithms: readonly string[]): Promise<ByteMap> {
  const pass = passwordText(i, 'certtool --password');
  return inDir({ 'key.pem': toPem(input(i, 'secretKey'), 'PRIVATE KEY') }, async (dir, read) => {
    await runIn('certtool', ['--to-p8', '--load-privkey', 'key.pem', '--outder', '--outfile', 'out.der', ...passArgs(pass), ...algorithms], dir, false, [pass]);
    return { container: await read('out.der') };
  });
}

function p8Write(p: Params, i: ByteMap): Promise<ByteMap> {
  return p8WriteWith(i, ['--pkcs-cipher', CIPHER[String(p['keyEncryption'])]!]);
}

async function p8Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pass = passwordText(i, 'certtool --password');
  return inDir({ 'in.der': input(i, 'container') }, async (dir) => ({ secretKey: await decryptKey(dir, 'in.der', true, pass) }));
}

const ITER = 'certtool always iterates 600,000 times (key, certificates and MAC) and has no option to change it';
const SALT = 'certtool draws PBES2 salt lengths at random per file; only the PKCS#12 PBE, with its 8-byte salt, is written under a salt length it can honour';
const KEY_TYPES = oneOf(
  'keyType',
  ['rsa-2048', 'p-256'],
  'certtool 3.7 prints an Ed25519 key it decrypted only re-encrypted under the password (-k --pkcs8 and --p12-info alike), never in the clear, so what it read cannot be compared',
  ['read'],
);
const PASSWORDS = oneOf('password', ['ascii', 'empty', 'long', 'non-ascii'], 'certtool --password takes UTF-8 text, --empty-password the empty one');

const bindings: readonly Binding[] = [
  {
    standard: pkcs12,
    rules: [
      KEY_TYPES,
      oneOf('keyEncryption', Object.keys(CIPHER), SALT, ['write']),
      {
        name: 'certEncryption',
        accepts: () => true,
        reason: 'certtool --pkcs-cipher encrypts the key and the certificates alike',
        sameAs: 'keyEncryption',
        ops: ['write'],
      },
      oneOf('iterations', [600000], ITER, ['write']),
      oneOf('macIterations', [600000], ITER, ['write']),
      oneOf('saltBytes', [8], SALT, ['write']),
      oneOf('mac', Object.keys(HASH), 'certtool --hash picks the MAC digest; GnuTLS 3.7 has no PBMAC1 and always writes a MAC', ['write']),
      PASSWORDS,
    ],
    ops: { write: p12Write, read: p12Read },
  },
  {
    standard: pkcs8Encrypted,
    rules: [
      KEY_TYPES,
      oneOf('keyEncryption', ['pbes1-sha1-3des'], `${SALT}; certtool --pkcs-cipher has no PBES1 MD5-DES and no scrypt`, ['write']),
      oneOf('iterations', [600000], ITER, ['write']),
      oneOf('scrypt', ['n16384-r8-p1'], 'read from the file'),
      oneOf('saltBytes', [8], SALT, ['write']),
      PASSWORDS,
    ],
    ops: { write: p8Write, read: p8Read },
  },
];

const { claims, ops } = assemble('certtool', bindings);

/** GnuTLS's certtool. */
export const certtoolAdapter = defineAdapter({
  id: 'certtool',
  library: 'GnuTLS certtool (command line)',
  kind: 'cli',
  variant: 'explicit',
  description: 'GnuTLS certtool from Debian (gnutls-bin): --to-p12/--p12-info and --to-p8/-k --pkcs8, one process per operation',
  probe: programProbe('certtool', ['--version'], (out) => /certtool\s+([\d.]+)/.exec(out)?.[1] ?? out, 'gnutls-bin'),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    // As the manual's example calls it (no --pkcs-cipher, no --hash), certtool 3.7 encrypts key and
    // certificates with PBES2 (hmacWithSHA256, AES-128-CBC) and MACs with HMAC-SHA-256, 600,000
    // iterations throughout, whatever the key type or password; each PBES2 salt it draws per file,
    // 12 to 21 bytes (GnuTLS pkcs12 encryption: 12 + rnd % 10), so no one salt length is declared.
    // It reads with --p12-info, as the explicit read does. Read from its files (the proof).
    [pkcs12.id]: pkcs12ExportIntents(
      {
        call: 'certtool --to-p12 --load-privkey key.pem --load-certificate cert.pem --p12-name NAME --outder --outfile out.p12 --password … / certtool --p12-info --inder --infile in.p12 --password …',
        params: {
          keyType: 'rsa-2048',
          keyEncryption: 'pbes2-hmac-sha256-aes-128-cbc',
          certEncryption: 'pbes2-hmac-sha256-aes-128-cbc',
          iterations: 600000,
          saltBytes: drawnPerOutput(12, 21),
          mac: 'hmac-sha256',
          macIterations: 600000,
          password: 'ascii',
        },
        ops: { write: (_p, i) => p12WriteWith(i, []), read: p12Read },
      },
      {
        'export-ed25519':
          'certtool 3.7 prints an Ed25519 key it decrypted only re-encrypted under the password (--p12-info, -k --pkcs8), never in the clear, so what it reads cannot be compared',
      },
    ),
    // --to-p8 without --pkcs-cipher: PBES2 (hmacWithSHA256, AES-128-CBC), 600,000 iterations, a salt drawn per file as above.
    [pkcs8Encrypted.id]: pkcs8EncryptIntents(
      {
        call: 'certtool --to-p8 --load-privkey key.pem --outder --outfile out.der --password … / certtool -k --pkcs8 --inder --infile in.der --password …',
        params: {
          keyType: 'rsa-2048',
          keyEncryption: 'pbes2-hmac-sha256-aes-128-cbc',
          iterations: 600000,
          scrypt: 'n16384-r8-p1',
          saltBytes: drawnPerOutput(12, 21),
          password: 'ascii',
        },
        ops: { write: (_p, i) => p8WriteWith(i, []), read: p8Read },
      },
      {
        'encrypt-key-ed25519':
          'certtool 3.7 prints an Ed25519 key it decrypted only re-encrypted under the password (-k --pkcs8), never in the clear, so what it reads cannot be compared',
      },
    ),
  },
});
