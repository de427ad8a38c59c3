/**
 * `pkijs-containers`: PKI.js (pkijs 4 + asn1js) as a reader of key containers, on Node's WebCrypto
 * (`pkijs.setEngine` with a `CryptoEngine` over `globalThis.crypto`, as `pkijs-cms`). PKCS#12
 * through `PFX.fromBER(der)`, `pfx.parseInternalValues({ password, checkIntegrity: true })`, then
 * `authenticatedSafe.parseInternalValues({ safeContents: [{ password }, …] })` and each
 * `PKCS8ShroudedKeyBag.parseInternalValues({ password })`; encrypted PKCS#8 through the same
 * `PKCS8ShroudedKeyBag` (its ASN.1 is EncryptedPrivateKeyInfo's, RFC 7292 §4.2.2).
 *
 * Facts about pkijs 4.0.0 (build/index.js) these bindings rely on:
 * - Decryption (`CryptoEngine.decryptEncryptedContentInfo`) takes PBES2 only (OID
 *   1.2.840.113549.1.5.13; anything else: `Unknown "contentEncryptionAlgorithm"`), and treats its
 *   key derivation as PBKDF2 whatever OID it names, with the PRF of the file (hmacWithSHA1 when
 *   absent) and the cipher of the file, through WebCrypto: PBKDF2 and AES-CBC. No PKCS#12 PBE
 *   (Triple-DES, RC2), no PBES1, no scrypt.
 * - The password is an ArrayBuffer handed to PBKDF2 as it is: the adapter passes the UTF-8 octets
 *   (RFC 8018 §3 leaves the encoding to the application; UTF-8 is what the other tools use).
 * - The MAC (`verifyDataStampedWithPassword`, makePKCS12B2Key) decodes those octets as UTF-8 and
 *   derives from the BMPString of the text with its two-byte NUL (RFC 7292 App. B.1), so the
 *   same octets serve both. It takes the RFC 7292 HMAC with SHA-1, SHA-256, SHA-384 or SHA-512;
 *   a PBMAC1 MacData (RFC 9579) names no digest it knows (`Unsupported algorithm identifier for
 *   digestAlgorithm`). With `checkIntegrity: true` (its default) a file without MacData is
 *   refused (`Absent "macData" value`).
 * - The MAC key derivation is synchronous JavaScript (its own SHA code, about a second for
 *   600,000 iterations here): a count of 2^31 would hold the thread for an hour. PBKDF2 runs in
 *   Node's WebCrypto, on the thread pool, and cannot be stopped either. Counts above
 *   MAX_ITERATIONS are refused by policy before PKI.js sees them.
 * - Writing (`PFX.makeInternalValues`, `PKCS8ShroudedKeyBag.makeInternalValues`) always draws a
 *   64-byte PBKDF2 salt and a 64-byte MAC salt: none of the salt lengths the standards name
 *   (8 and 16 bytes) can be written, so the adapter does not write.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, Params } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { macIterationsOf, pbkdf2IterationsOf } from '../standards/container-der.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { OPENSSL_P12_DEFAULTS, OPENSSL_P8_DEFAULTS, pkcs12ExportIntents, pkcs8EncryptIntents } from './container-common.js';
import { rejecting } from './key-import.js';

pkijs.setEngine('bothends-webcrypto', new pkijs.CryptoEngine({ name: 'bothends-webcrypto', crypto: globalThis.crypto }));

const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer;
const bytes = (b: ArrayBuffer | Uint8Array): Uint8Array => new Uint8Array(b instanceof Uint8Array ? b.slice() : b.slice(0));

const PBES2_OID = '1.2.840.113549.1.5.13';
const CERT_BAG_OID = '1.2.840.113549.1.12.10.1.3';
const X509_CERT_OID = '1.2.840.113549.1.9.22.1';

/** Iteration counts above this are not handed to PKI.js (see the header). */
export const MAX_ITERATIONS = 1_000_000;
const POLICY =
  'pkijs-containers MAX_ITERATIONS: PKI.js derives the MAC key synchronously in JavaScript and PBKDF2 on the thread pool; a derivation that has started cannot be stopped';

function refuseAbsurd(count: number | undefined, what: string): void {
  if (count !== undefined && count > MAX_ITERATIONS) {
    throw new UnsupportedError(
      `${what} iteration count ${count} is above ${MAX_ITERATIONS}: by policy not handed to PKI.js, whose derivation would hold a thread for an hour or more`,
      { policy: POLICY },
    );
  }
}

/** The PBKDF2 iteration count of a PBES2 AlgorithmIdentifier, or undefined for another scheme (PKI.js refuses those itself). */
function pbkdf2Count(alg: pkijs.AlgorithmIdentifier): number | undefined {
  if (alg.algorithmId !== PBES2_OID) return undefined;
  try {
    const pbes2 = new pkijs.PBES2Params({ schema: alg.algorithmParams });
    return new pkijs.PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams }).iterationCount;
  } catch {
    return undefined;
  }
}

/** The PrivateKeyInfo DER of a shrouded key bag, decrypted with `password`. */
async function unshroud(bag: pkijs.PKCS8ShroudedKeyBag, password: ArrayBuffer): Promise<Uint8Array> {
  refuseAbsurd(pbkdf2Count(bag.encryptionAlgorithm), 'PBKDF2');
  // Declared protected in pkijs 4's typings, yet the only way to decrypt a bag (pkijs's own PKCS#12 examples call it).
  await (bag as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password });
  if (!bag.parsedValue) throw new RejectedError('PKCS8ShroudedKeyBag.parseInternalValues gave no PrivateKeyInfo');
  return bytes(bag.parsedValue.toSchema().toBER(false));
}

/**
 * `PFX.fromBER` and `parseInternalValues({ password, checkIntegrity: true })` (the MAC), then every
 * safe of the AuthenticatedSafe with the same password, then the key bag: one key and one
 * certificate, as the file holds them.
 */
async function p12Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const der = input(i, 'container');
  refuseAbsurd(macIterationsOf(der), 'MAC');
  const password = buffer(input(i, 'password'));
  return rejecting('pkijs PFX', async () => {
    const pfx = pkijs.PFX.fromBER(buffer(der));
    await pfx.parseInternalValues({ password, checkIntegrity: true });
    const safe = pfx.parsedValue?.authenticatedSafe;
    if (!safe) throw new RejectedError('PFX.parseInternalValues gave no AuthenticatedSafe');
    for (const ci of safe.safeContents) {
      // On a copy: PKI.js's schema matching marks the ASN.1 it was handed, and it must read the safe afresh.
      if (ci.contentType !== pkijs.ContentInfo.ENCRYPTED_DATA) continue;
      const copy = asn1js.fromBER((ci.content as asn1js.Sequence).toBER(false)).result;
      refuseAbsurd(pbkdf2Count(new pkijs.EncryptedData({ schema: copy }).encryptedContentInfo.contentEncryptionAlgorithm), 'PBKDF2');
    }
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
    const keys: Uint8Array[] = [];
    const certs: Uint8Array[] = [];
    for (const contents of safe.parsedValue?.safeContents ?? []) {
      for (const bag of contents.value.safeBags) {
        if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) keys.push(await unshroud(bag.bagValue, password));
        else if (bag.bagValue instanceof pkijs.PrivateKeyInfo) keys.push(bytes(bag.bagValue.toSchema().toBER(false)));
        else if (bag.bagId === CERT_BAG_OID && bag.bagValue instanceof pkijs.CertBag && bag.bagValue.certId === X509_CERT_OID) {
          // The certificate as the file holds it: the content of certValue's OCTET STRING (RFC 7292 §4.2.3).
          certs.push(bytes((bag.bagValue.certValue as asn1js.OctetString).valueBlock.valueHexView));
        }
      }
    }
    if (keys.length !== 1 || certs.length !== 1)
      throw new RejectedError(`PKI.js found ${keys.length} keys and ${certs.length} X.509 certificates, not one of each`);
    return { secretKey: keys[0]!, certificate: certs[0]! };
  });
}

/** EncryptedPrivateKeyInfo read as the PKCS8ShroudedKeyBag it is (the same ASN.1), decrypted with `parseInternalValues({ password })`. */
async function p8Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  // asn1js reads a count of 2^31 (five octets) as 0, which WebCrypto then refuses: the policy reads the DER itself.
  refuseAbsurd(pbkdf2IterationsOf(input(i, 'container')), 'PBKDF2');
  const password = buffer(input(i, 'password'));
  return rejecting('pkijs PKCS8ShroudedKeyBag', async () => {
    const bag = pkijs.PKCS8ShroudedKeyBag.fromBER(buffer(input(i, 'container')));
    return { secretKey: await unshroud(bag, password) };
  });
}

const KEY_TYPES = oneOf('keyType', ['rsa-2048', 'p-256', 'ed25519'], 'PKI.js decrypts the PrivateKeyInfo of any key type');
const PASSWORDS = oneOf(
  'password',
  ['ascii', 'empty', 'long', 'non-ascii'],
  'an ArrayBuffer: the UTF-8 octets for PBKDF2, which the MAC derivation turns into the BMPString of RFC 7292 App. B.1',
);
const PBES2_ONLY =
  'PKI.js 4 decrypts PBES2 only (CryptoEngine.decryptEncryptedContentInfo: `Unknown "contentEncryptionAlgorithm"` for any other OID), through WebCrypto\'s PBKDF2 and AES-CBC: no PKCS#12 PBE with Triple-DES or RC2, no PBES1';
const P12_SCHEMES = ['pbes2-hmac-sha256-aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc', 'pbes2-hmac-sha1-aes-128-cbc', 'none'];
const NO_WRITE =
  'PKI.js writes PBES2 and the MAC only with 64-byte salts (CryptoEngine.encryptEncryptedContentInfo and PFX.makeInternalValues draw 64 random bytes, pkijs 4.0.0), and neither standard has that salt length';

const bindings: readonly Binding[] = [
  {
    standard: pkcs12,
    rules: [
      KEY_TYPES,
      oneOf('keyEncryption', P12_SCHEMES, PBES2_ONLY),
      oneOf('certEncryption', P12_SCHEMES, PBES2_ONLY),
      oneOf('iterations', [2048, 20000, 600000], 'read from the file'),
      oneOf('saltBytes', [8, 16], 'read from the file'),
      oneOf(
        'mac',
        ['hmac-sha256', 'hmac-sha1'],
        'PFX.parseInternalValues verifies the RFC 7292 HMAC only: PBMAC1 (RFC 9579) names no digest it knows (`Unsupported algorithm identifier for digestAlgorithm`), and with checkIntegrity: true a file without MacData is refused (`Absent "macData" value`)',
      ),
      oneOf('macIterations', [1, 2048, 600000], 'read from the file'),
      PASSWORDS,
    ],
    ops: { read: p12Read },
    missingOps: { reason: NO_WRITE },
  },
  {
    standard: pkcs8Encrypted,
    rules: [
      KEY_TYPES,
      oneOf(
        'keyEncryption',
        ['pbes2-hmac-sha256-aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc', 'pbes2-hmac-sha1-aes-128-cbc'],
        `${PBES2_ONLY}; and it derives the key with PBKDF2 whatever the PBES2 key derivation function is: no scrypt`,
      ),
      oneOf('iterations', [2048, 600000], 'read from the file'),
      oneOf('scrypt', ['n16384-r8-p1'], 'scrypt parameters are read from the file'),
      oneOf('saltBytes', [8, 16], 'read from the file'),
      PASSWORDS,
    ],
    ops: { read: p8Read },
    missingOps: { reason: NO_WRITE },
  },
];

const { claims, ops } = assemble('pkijs-containers', bindings);

/** PKI.js's PKCS#12 and encrypted PKCS#8 readers. */
export const pkijsContainers = defineAdapter({
  id: 'pkijs-containers',
  library: 'pkijs',
  kind: 'in-process',
  variant: 'explicit',
  description:
    'pkijs PFX.parseInternalValues({ password, checkIntegrity: true }) with AuthenticatedSafe and PKCS8ShroudedKeyBag.parseInternalValues({ password }) on a CryptoEngine over Node WebCrypto (reads only)',
  probe: inProcessProbe(() => `${packageVersion('pkijs')} (asn1js ${packageVersion('asn1js')})`),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    // "Open the .p12 you were sent" only (PKI.js writes no salt length the standard has). Proven on what the other ends make as called.
    // PKI.js takes the password as bytes and leaves the encoding to the caller: the call names UTF-8, what the other tools use.
    [pkcs12.id]: pkcs12ExportIntents({
      call: 'pkijs.PFX.fromBER(der); pfx.parseInternalValues({ password, checkIntegrity: true }); authenticatedSafe.parseInternalValues({ safeContents: [{ password }, …] }); shroudedKeyBag.parseInternalValues({ password }), password = new TextEncoder().encode(text).buffer (reads only)',
      params: OPENSSL_P12_DEFAULTS,
      ops: { read: p12Read },
    }),
    // "Read the encrypted key you were sent" only; it declares the PBES2 Node and OpenSSL write by default (PBKDF2-HMAC-SHA-256, AES-256-CBC, 2048 iterations, 8-byte salt).
    [pkcs8Encrypted.id]: pkcs8EncryptIntents({
      call: 'pkijs.PKCS8ShroudedKeyBag.fromBER(der); bag.parseInternalValues({ password }), password = new TextEncoder().encode(text).buffer (reads only)',
      params: OPENSSL_P8_DEFAULTS,
      ops: { read: p8Read },
    }),
  },
});
