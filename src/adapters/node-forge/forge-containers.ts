/**
 * `forge-containers`: node-forge's key containers, in process. PKCS#12 through
 * `forge.pkcs12.toPkcs12Asn1(key, cert, password, options)` and `pkcs12FromAsn1(asn1, password)`;
 * encrypted PKCS#8 through `forge.pki.encryptPrivateKeyInfo(asn1, password, options)` and
 * `decryptPrivateKeyInfo`, which work on the ASN.1 of any key type.
 *
 * Facts about node-forge 1.3 these bindings rely on:
 * - toPkcs12Asn1 encrypts only the key (options.algorithm: aes128, aes192, aes256 as PBES2 with
 *   options.prfAlgorithm, or 3des as the PKCS#12 PBE); the certificates go in an unencrypted
 *   Data safe; the MAC is always HMAC-SHA-1 (or none with useMac: false) with the same salt
 *   size and count as the key (options.count). It takes only RSA keys (forge.pki has no EC or EdDSA keys).
 * - pkcs12FromAsn1 verifies the MAC with whatever digest the file names, decrypts PBES2, the
 *   PKCS#12 PBE (3DES, RC2) and keeps a key it cannot parse as ASN.1 (`bag.asn1`).
 * - Its key derivations are synchronous JavaScript: a file with an iteration count of 2^31 would
 *   hold the thread for hours, and a case whose other side is a command line runs on the main
 *   thread. Counts above 100,000 (MAC, PBKDF2) are refused by policy before forge sees them.
 * - Passwords are JavaScript strings: the PKCS#12 KDF makes a BMPString of their UTF-16 code
 *   units; PBES2 (PBKDF2) takes the string as forge takes all binary strings, one byte per code
 *   unit. The adapter passes the password as the API documents it: the JavaScript string.
 */
import forge from 'node-forge';
import { defineAdapter, inProcessProbe } from '../../core/adapter.js';
import { RejectedError, UnsupportedError } from '../../core/errors.js';
import type { ByteMap, Params } from '../../core/model.js';
import { packageVersion } from '../../core/version.js';
import { macIterationsOf, pbkdf2IterationsOf } from '../../standards/container-der.js';
import { pkcs12 } from '../../standards/pkcs12.js';
import { pkcs8Encrypted } from '../../standards/pkcs8-encrypted.js';
import { assemble, byPolicy, input, num, oneOf, type Binding } from '../binding.js';
import { fromPem, pkcs12ExportIntents, pkcs8EncryptIntents, toPem } from '../container-common.js';
import { rejecting } from '../key-import.js';

const bin = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const text = (i: ByteMap): string => Buffer.from(input(i, 'password')).toString('utf8');
const derOf = (asn1: forge.asn1.Asn1): Uint8Array => bytes(forge.asn1.toDer(asn1).getBytes());

/** forge's `algorithm` option for each scheme it writes, with its PRF. */
const ALGORITHM: Readonly<Record<string, { algorithm: string; prfAlgorithm?: string }>> = {
  'pbes2-hmac-sha256-aes-256-cbc': { algorithm: 'aes256', prfAlgorithm: 'sha256' },
  'pbes2-hmac-sha256-aes-128-cbc': { algorithm: 'aes128', prfAlgorithm: 'sha256' },
  'pbes1-sha1-3des': { algorithm: '3des' },
  // options.prfAlgorithm defaults to sha1, which the PBKDF2 parameters then leave out (RFC 8018 App. A.2).
  'pbes2-hmac-sha1-aes-128-cbc': { algorithm: 'aes128', prfAlgorithm: 'sha1' },
};

/** The schemes of ALGORITHM that the pkcs8-encrypted standard names. */
const P8_SCHEMES = Object.keys(ALGORITHM).filter((s) => pkcs8Encrypted.params.some((p) => p.name === 'keyEncryption' && p.values.includes(s)));

function options(p: Params, scheme: string): Record<string, unknown> {
  return { ...ALGORITHM[String(p[scheme])]!, count: num(p, 'iterations'), saltSize: num(p, 'saltBytes') };
}

function p12Write(p: Params, i: ByteMap): ByteMap {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bin(input(i, 'secretKey'))));
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(bin(input(i, 'certificate'))));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, cert, text(i), { ...options(p, 'keyEncryption'), useMac: p['mac'] !== 'none' } as never);
  return { container: derOf(asn1) };
}

/** Iteration counts above this are not handed to forge (see COUNT). */
const MAX_ITERATIONS = 100_000;
const POLICY = 'forge-containers MAX_ITERATIONS: forge derives keys synchronously in JavaScript, and a derivation that has started cannot be stopped';

function refuseAbsurd(count: number | undefined): void {
  if (count !== undefined && count > MAX_ITERATIONS) {
    throw new UnsupportedError(
      `iteration count ${count} is above ${MAX_ITERATIONS}: by policy not handed to forge, whose synchronous derivation would hold the thread for hours`,
      { policy: POLICY },
    );
  }
}

async function p12Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  refuseAbsurd(macIterationsOf(input(i, 'container')));
  const p12 = await rejecting('forge.pkcs12.pkcs12FromAsn1', () => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(bin(input(i, 'container'))), text(i)));
  const keys = [
    ...(p12.getBags({ bagType: forge.pki.oids['pkcs8ShroudedKeyBag']! })[forge.pki.oids['pkcs8ShroudedKeyBag']!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids['keyBag']! })[forge.pki.oids['keyBag']!] ?? []),
  ];
  const certs = p12.getBags({ bagType: forge.pki.oids['certBag']! })[forge.pki.oids['certBag']!] ?? [];
  if (keys.length !== 1 || certs.length !== 1) throw new RejectedError(`forge found ${keys.length} keys and ${certs.length} certificates, not one of each`);
  const k = keys[0]!;
  const secretKey = k.key ? derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(k.key as forge.pki.rsa.PrivateKey))) : derOf(k.asn1!);
  const c = certs[0]!;
  return { secretKey, certificate: c.cert ? derOf(forge.pki.certificateToAsn1(c.cert)) : derOf(c.asn1!) };
}

/** `forge.pkcs12.toPkcs12Asn1(key, cert, password)` as its documentation calls it: no options. */
function p12ExportAsCalled(_p: Params, i: ByteMap): ByteMap {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bin(input(i, 'secretKey'))));
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(bin(input(i, 'certificate'))));
  return { container: derOf(forge.pkcs12.toPkcs12Asn1(key, cert, text(i))) };
}

function p8Write(p: Params, i: ByteMap): ByteMap {
  const info = forge.asn1.fromDer(bin(input(i, 'secretKey')));
  return { container: derOf(forge.pki.encryptPrivateKeyInfo(info, text(i), options(p, 'keyEncryption') as never)) };
}

/** `forge.pki.encryptRsaPrivateKey(privateKey, password)` as its documentation calls it: no options; PEM, carried here as its DER. */
function p8EncryptAsCalled(_p: Params, i: ByteMap): ByteMap {
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bin(input(i, 'secretKey'))));
  return { container: fromPem(forge.pki.encryptRsaPrivateKey(key, text(i)), 'ENCRYPTED PRIVATE KEY')[0]! };
}

/** `forge.pki.encryptPrivateKeyInfo(privateKeyInfo, password)` without options: what forge offers for a key that is not RSA. */
function p8EncryptInfoAsCalled(_p: Params, i: ByteMap): ByteMap {
  return { container: derOf(forge.pki.encryptPrivateKeyInfo(forge.asn1.fromDer(bin(input(i, 'secretKey'))), text(i))) };
}

/** `forge.pki.decryptRsaPrivateKey(pem, password)`: an RSA key, or null. */
async function p8DecryptAsCalled(_p: Params, i: ByteMap): Promise<ByteMap> {
  refuseAbsurd(pbkdf2IterationsOf(input(i, 'container')));
  const pem = toPem(input(i, 'container'), 'ENCRYPTED PRIVATE KEY');
  const key = await rejecting('forge.pki.decryptRsaPrivateKey', () => forge.pki.decryptRsaPrivateKey(pem, text(i)));
  if (!key) throw new RejectedError('forge.pki.decryptRsaPrivateKey returned null (wrong password, not an RSA key, or a structure it does not read)');
  return { secretKey: derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))) };
}

async function p8Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  refuseAbsurd(pbkdf2IterationsOf(input(i, 'container')));
  const info = await rejecting('forge.pki.decryptPrivateKeyInfo', () =>
    forge.pki.decryptPrivateKeyInfo(forge.asn1.fromDer(bin(input(i, 'container'))), text(i)),
  );
  // forge answers a wrong password with null, not an error.
  if (!info) throw new RejectedError('forge.pki.decryptPrivateKeyInfo returned null (wrong password, or a structure it does not read)');
  return { secretKey: derOf(info) };
}

const PASSWORDS = oneOf('password', ['ascii', 'empty', 'long', 'non-ascii'], 'a JavaScript string');
const SALT = oneOf('saltBytes', [8, 16], 'options.saltSize', ['write']);
/**
 * forge derives keys in JavaScript: a file of 600,000 iterations (GnuTLS's and NSS's fixed count)
 * takes it 15 to 90 seconds per key, MAC and certificate on this kind of machine. By policy
 * bothends hands it only 2048-iteration files, so the default run stays within minutes.
 */
const COUNT = byPolicy(
  oneOf(
    'iterations',
    [2048],
    'by policy: forge derives keys in JavaScript, and 600,000 iterations (GnuTLS, NSS) cost it up to a minute and a half per file; bothends runs it on 2048',
  ),
  POLICY,
);
const MAC_COUNT = byPolicy(oneOf('macIterations', [2048], 'by policy, as iterations'), POLICY);

/** What encryptRsaPrivateKey and encryptPrivateKeyInfo write without options (an RSA key, an ASCII password). */
const FORGE_P8_DEFAULTS = {
  keyType: 'rsa-2048',
  keyEncryption: 'pbes2-hmac-sha1-aes-128-cbc',
  iterations: 2048,
  scrypt: 'n16384-r8-p1',
  saltBytes: 8,
  password: 'ascii',
};

const bindings: readonly Binding[] = [
  {
    standard: pkcs12,
    rules: [
      oneOf('keyType', ['rsa-2048'], 'forge.pkcs12.toPkcs12Asn1 takes a forge key, and forge.pki has only RSA keys', ['write']),
      oneOf(
        'keyEncryption',
        Object.keys(ALGORITHM),
        'toPkcs12Asn1 options.algorithm: aes128, aes192, aes256 (PBES2 with options.prfAlgorithm) or 3des (PKCS#12 PBE); forge writes no RC2-40 and always encrypts the key',
        ['write'],
      ),
      oneOf('certEncryption', ['none'], 'toPkcs12Asn1 always puts the certificates in an unencrypted Data safe', ['write']),
      COUNT,
      MAC_COUNT,
      SALT,
      oneOf('mac', ['hmac-sha1', 'none'], 'toPkcs12Asn1 always MACs with HMAC-SHA-1, or not at all (useMac: false); no PBMAC1', ['write']),
      PASSWORDS,
    ],
    ops: { write: p12Write, read: p12Read },
  },
  {
    standard: pkcs8Encrypted,
    rules: [
      oneOf('keyType', ['rsa-2048', 'p-256', 'ed25519'], 'encryptPrivateKeyInfo works on the ASN.1 of any PrivateKeyInfo'),
      oneOf(
        'keyEncryption',
        P8_SCHEMES,
        'encryptPrivateKeyInfo options.algorithm: aes128/192/256 (PBES2), 3des (PKCS#12 PBE), des (PBES2); no scrypt, no PBES1 MD5-DES',
        ['write'],
      ),
      COUNT,
      oneOf('scrypt', ['n16384-r8-p1'], 'forge has no scrypt'),
      SALT,
      PASSWORDS,
    ],
    ops: { write: p8Write, read: p8Read },
  },
];

const { claims, ops } = assemble('forge-containers', bindings);

/** node-forge's PKCS#12 and PKCS#8. */
export const forgeContainers = defineAdapter({
  id: 'forge-containers',
  library: 'node-forge',
  kind: 'in-process',
  variant: 'explicit',
  description: 'node-forge forge.pkcs12 (toPkcs12Asn1, pkcs12FromAsn1) and forge.pki.encryptPrivateKeyInfo/decryptPrivateKeyInfo',
  probe: inProcessProbe(() => packageVersion('node-forge')),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    // Without options, node-forge 1.3 shrouds the key with PBES2 (PBKDF2 with its default PRF, hmacWithSHA1) and AES-128-CBC, leaves the certificate in a Data safe, and MACs with HMAC-SHA-1, 2048 iterations and 8-byte salts throughout. Read from its files (the proof).
    [pkcs12.id]: pkcs12ExportIntents(
      {
        call: 'forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, cert, password)) / forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), password)',
        params: {
          keyType: 'rsa-2048',
          keyEncryption: 'pbes2-hmac-sha1-aes-128-cbc',
          certEncryption: 'none',
          iterations: 2048,
          saltBytes: 8,
          mac: 'hmac-sha1',
          macIterations: 2048,
          password: 'ascii',
        },
        ops: { write: p12ExportAsCalled, read: p12Read },
      },
      {
        'export-p256': 'forge.pkcs12.toPkcs12Asn1 takes a forge.pki key, and forge.pki has only RSA keys (node-forge 1.3)',
        'export-ed25519': 'forge.pkcs12.toPkcs12Asn1 takes a forge.pki key, and forge.pki has only RSA keys (node-forge 1.3)',
      },
    ),
    // Without options, encryptRsaPrivateKey writes PBES2 with PBKDF2's default PRF (hmacWithSHA1, left out of the parameters) and AES-128-CBC, 2048 iterations, an 8-byte salt. Read from its files (the proof).
    // forge.pki has only RSA keys: a P-256 or Ed25519 key it encrypts as ASN.1 with encryptPrivateKeyInfo, whose defaults are the same.
    [pkcs8Encrypted.id]: {
      ...pkcs8EncryptIntents({
        call: 'forge.pki.encryptRsaPrivateKey(privateKey, password) / forge.pki.decryptRsaPrivateKey(pem, password)',
        params: FORGE_P8_DEFAULTS,
        ops: { write: p8EncryptAsCalled, read: p8DecryptAsCalled },
      }),
      ...Object.fromEntries(
        Object.entries(
          pkcs8EncryptIntents({
            call: 'forge.pki.encryptPrivateKeyInfo(privateKeyInfo, password) / forge.pki.decryptPrivateKeyInfo(encryptedPrivateKeyInfo, password) (forge.pki has no EC or EdDSA keys)',
            params: FORGE_P8_DEFAULTS,
            ops: { write: p8EncryptInfoAsCalled, read: p8Read },
          }),
        ).filter(([id]) => id === 'encrypt-key-p256' || id === 'encrypt-key-ed25519'),
      ),
    },
  },
});
