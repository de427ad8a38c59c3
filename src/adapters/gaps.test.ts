/**
 * Every declared parameter gap of an in-process adapter is asked of the library itself: a gap
 * is a value the library truly cannot express, so each try below must fail (throw, or give a
 * result that is not the asked-for value). A gap the library can do makes its try pass
 * through, and this file fails. A gap that has no try must say why the library cannot be asked
 * (no API to call at all); a new gap with neither fails the completeness test.
 *
 * Exact translations are not gaps: an adapter claims a value it can give the library in an
 * equivalent form (a two-key Triple-DES K1‖K2 is the 24-byte K1‖K2‖K1, SP 800-67 §3.1). Key
 * container formats (PEM, PKCS#1, JWK) are about what the library reads, so an adapter does
 * not convert them for it. Defaults variants are not covered: their gaps are the documented
 * first example, a choice, not a limit.
 */
import {
  createCipheriv,
  createECDH,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  scryptSync,
  constants,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import CryptoJS from 'crypto-js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../core/bytes.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { der, TAG } from '../standards/key-encoding.js';
import { DEFAULT_ADAPTERS } from './index.js';

const key = new Uint8Array(16).fill(7);
const plaintext = new Uint8Array(64).fill(1);
/** A counter block two blocks from wrapping its low 32 and 64 bits: widths 32, 64 and 128 all differ. */
const block = fromHex('00112233fffffffffffffffffffffffe');

/** NIST SP 800-38A §6.5: only the low `bits` bits of the counter block count, modulo 2^bits. */
function referenceCtr(bits: number): string {
  const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const mask = (1n << BigInt(bits)) - 1n;
  const start = BigInt(`0x${toHex(block)}`);
  const stream = concatBytes(...[0n, 1n, 2n, 3n].map((j) => ecb.update(fromHex(((start & ~mask) | ((start + j) & mask)).toString(16).padStart(32, '0')))));
  return toHex(plaintext.map((b, n) => b ^ stream[n]!));
}

/** A try that must not produce the counter width `bits`. */
const ctrIsNot = (bits: number, run: () => Uint8Array | Promise<Uint8Array>) => async (): Promise<void> => {
  expect(toHex(await run())).not.toBe(referenceCtr(bits));
};

const bin = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const x25519Pair = generateKeyPairSync('x25519');
const p256Pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** Each container format of an X25519 / P-256 key, as the bytes a raw-key API would be handed. */
const containers = (pair: typeof x25519Pair) =>
  ({
    der: [pair.privateKey.export({ format: 'der', type: 'pkcs8' }), pair.publicKey.export({ format: 'der', type: 'spki' })],
    pem: [Buffer.from(pair.privateKey.export({ format: 'pem', type: 'pkcs8' })), Buffer.from(pair.publicKey.export({ format: 'pem', type: 'spki' }))],
    jwk: [Buffer.from(JSON.stringify(pair.privateKey.export({ format: 'jwk' }))), Buffer.from(JSON.stringify(pair.publicKey.export({ format: 'jwk' })))],
  }) as Record<string, [Uint8Array, Uint8Array]>;

const subtle = globalThis.crypto.subtle;
const webImport = (format: string, data: Uint8Array, algorithm: object) => async (): Promise<void> => {
  await expect(subtle.importKey(format as 'spki', data as Uint8Array<ArrayBuffer>, algorithm as AlgorithmIdentifier, false, [])).rejects.toThrow();
};
const spki = rsa.publicKey.export({ format: 'der', type: 'spki' });
const pkcs1 = rsa.publicKey.export({ format: 'der', type: 'pkcs1' });
const rsaOaep = { name: 'RSA-OAEP', hash: 'SHA-256' };

/** The digests forge has, by name: none of them is SHA-224. */
function forgeHasSha224(): boolean {
  const want = createHash('sha224').update('abc').digest('hex');
  const algorithms = (forge.md as unknown as { algorithms: Record<string, { create(): forge.md.MessageDigest }> }).algorithms;
  const sha512 = forge.md.sha512 as unknown as Record<string, { create(): forge.md.MessageDigest }>;
  const all = [...Object.values(algorithms), ...Object.values(sha512).filter((v) => typeof v === 'object' && typeof v.create === 'function')];
  return all.some((a) => a.create().update('abc').digest().toHex() === want);
}

type Try = (() => void | Promise<void>) | { readonly cannotAsk: string };

// --- Key encapsulation: the libraries take raw bytes; handed a PKCS#8 or SPKI key, or (the @hpke
// KEMs) an expanded one, they must refuse it. The keys are well-formed wrappers of a real key
// (draft-ietf-lamps-kyber-certificates: seed [0], expanded OCTET STRING, both SEQUENCE).

const ML_KEM_768_OID = fromHex('608648016503040402');
const kemSeed = new Uint8Array(64).map((_, n) => n);
const kemKeys = async () => {
  const { ml_kem768 } = await import('@noble/post-quantum/ml-kem.js');
  const { publicKey, secretKey } = ml_kem768.keygen(kemSeed);
  const { cipherText } = ml_kem768.encapsulate(publicKey);
  const algorithm = der(TAG.sequence, der(TAG.oid, ML_KEM_768_OID));
  const pkcs8 = (inner: Uint8Array): Uint8Array => der(TAG.sequence, der(TAG.integer, Uint8Array.of(0)), algorithm, der(TAG.octetString, inner));
  return {
    publicKey,
    secretKey,
    cipherText,
    spki: der(TAG.sequence, algorithm, der(TAG.bitString, Uint8Array.of(0), publicKey)),
    'pkcs8-seed': pkcs8(der(0x80, kemSeed)),
    'pkcs8-expanded': pkcs8(der(TAG.octetString, secretKey)),
    'pkcs8-both': pkcs8(der(TAG.sequence, der(TAG.octetString, kemSeed), der(TAG.octetString, secretKey))),
  };
};
const PKCS8_FORMATS = ['pkcs8-seed', 'pkcs8-expanded', 'pkcs8-both'] as const;
/** No function of the module reads or writes a container. */
const noCodec = (module: object): void => expect(Object.keys(module).filter((k) => /pkcs|spki|der|asn1|pem/i.test(k))).toEqual([]);
const hpkeMlKem = async () => new (await import('@hpke/ml-kem')).MlKem768();

const KEM_TRIES: Readonly<Record<string, Try>> = {
  ...Object.fromEntries(
    PKCS8_FORMATS.flatMap((f) => [
      [
        `noble-pq ml-kem secretKeyFormat=${f}`,
        async () => {
          const m = await import('@noble/post-quantum/ml-kem.js');
          noCodec(m);
          const k = await kemKeys();
          expect(() => m.ml_kem768.decapsulate(k.cipherText, k[f])).toThrow();
        },
      ],
      [
        `mlkem ml-kem secretKeyFormat=${f}`,
        async () => {
          const m = await import('mlkem');
          noCodec(m);
          const k = await kemKeys();
          await expect((async () => new m.MlKem768().decap(k.cipherText, k[f]))()).rejects.toThrow();
        },
      ],
      [
        `hpke-kem ml-kem secretKeyFormat=${f}`,
        async () => {
          const k = await kemKeys();
          await expect((await hpkeMlKem()).deserializePrivateKey(k[f].buffer as ArrayBuffer)).rejects.toThrow();
        },
      ],
    ]),
  ),
  'noble-pq ml-kem publicKeyFormat=spki': async () => {
    const { ml_kem768 } = await import('@noble/post-quantum/ml-kem.js');
    const { spki } = await kemKeys();
    expect(() => ml_kem768.encapsulate(spki)).toThrow();
  },
  'mlkem ml-kem publicKeyFormat=spki': async () => {
    const { MlKem768 } = await import('mlkem');
    const { spki } = await kemKeys();
    await expect((async () => new MlKem768().encap(spki))()).rejects.toThrow();
  },
  'hpke-kem ml-kem publicKeyFormat=spki': async () => {
    const { spki } = await kemKeys();
    await expect((await hpkeMlKem()).deserializePublicKey(spki.buffer as ArrayBuffer)).rejects.toThrow();
  },
  'hpke-kem ml-kem secretKeyFormat=expanded': async () => {
    // The 2400-byte expanded key of the same seed: the @hpke KEM takes the 64-byte seed only.
    const { secretKey } = await kemKeys();
    await expect((await hpkeMlKem()).deserializePrivateKey(secretKey.slice().buffer)).rejects.toThrow();
  },
};

// --- Key containers: each write option asked of the library, and the file it writes read back.

const OID_HEX = {
  pbes2: '2a864886f70d01050d',
  scrypt: '2b06010401da47040b',
  pbes1Sha13Des: '2a864886f70d010c0103',
  pbes1Md5Des: '2a864886f70d010503',
  pbes1Sha1Rc2_40: '2a864886f70d010c0106',
  encryptedData: '2a864886f70d010706',
  keyBag: '2a864886f70d010c0a0101',
  pbmac1: '2a864886f70d01050e',
};
const hexOf = (b: Uint8Array | Buffer | string): string => (typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b)).toString('hex');
const ecPem = p256Pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
const ed25519Pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;

/** What node:crypto writes for an encrypted PKCS#8 key with `cipher`, whatever else it is told. */
const nodePkcs8 = (cipher: string, extra: object = {}): string =>
  hexOf(rsa.privateKey.export({ format: 'der', type: 'pkcs8', cipher, passphrase: 'pw', ...extra } as never) as Buffer);
/** Every PKCS#8 encryption node:crypto can write: PBES2, whatever the cipher. */
const nodeCiphers = ['aes-256-cbc', 'aes-128-cbc', 'des-ede3-cbc'];

/** forge's PKCS#12 of an RSA key and a self-signed certificate, with `options`. */
function forgeP12(password: string | null, options: object): string {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(0);
  cert.validity.notAfter = new Date(86_400_000);
  cert.sign(keys.privateKey);
  return forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, cert, password, options as never)).getBytes();
}
const forgeAlgorithms = ['aes128', 'aes192', 'aes256', '3des'];

/** The PKCS#12 PBE and PBES1 OIDs (RFC 7292 App. C, RFC 8018 App. A.3). */
const PBE_OID = { sha13Des: '1.2.840.113549.1.12.1.3', sha1Rc2_40: '1.2.840.113549.1.12.1.6', md5Des: '1.2.840.113549.1.5.3' };
const PBMAC1_OID = '1.2.840.113549.1.5.14';
const pw = new TextEncoder().encode('pw').buffer as ArrayBuffer;
/** A binary string (forge's DER) as an ArrayBuffer of its own. */
const arrayBuffer = (bin: string): ArrayBuffer => Uint8Array.from(Buffer.from(bin, 'latin1')).buffer;

/** PKI.js asked to decrypt content under the scheme `oid` (with an 8-byte salt and a count, RFC 8018 App. A.3). */
function pkijsDecrypt(oid: string): Promise<ArrayBuffer> {
  const params = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: new Uint8Array(8).buffer }), new asn1js.Integer({ value: 2048 })] });
  const encryptedContentInfo = new pkijs.EncryptedContentInfo({
    contentType: '1.2.840.113549.1.7.1',
    contentEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: params }),
    encryptedContent: new asn1js.OctetString({ valueHex: new Uint8Array(32).buffer }),
  });
  return Promise.resolve().then(() => pkijs.getCrypto(true).decryptEncryptedContentInfo({ password: pw, encryptedContentInfo }));
}

/** An RSA key as EncryptedPrivateKeyInfo under PBES2 with scrypt (N 16384, r 8, p 1) and AES-256-CBC, password "pw" (RFC 7914 §7, RFC 8018 §6.2). */
function scryptPkcs8(): Uint8Array {
  const salt = new Uint8Array(8).fill(9);
  const iv = new Uint8Array(16).fill(3);
  const key = scryptSync('pw', salt, 32, { N: 16384, r: 8, p: 1 });
  const c = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([c.update(rsa.privateKey.export({ format: 'der', type: 'pkcs8' })), c.final()]);
  const int = (value: number) => new asn1js.Integer({ value });
  const kdf = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: '1.3.6.1.4.1.11591.4.11' }),
      new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: salt.buffer }), int(16384), int(8), int(1), int(32)] }),
    ],
  });
  const scheme = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.1.42' }), new asn1js.OctetString({ valueHex: iv.buffer })],
  });
  const algorithm = new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.5.13' }), new asn1js.Sequence({ value: [kdf, scheme] })],
  });
  return new Uint8Array(new asn1js.Sequence({ value: [algorithm, new asn1js.OctetString({ valueHex: Uint8Array.from(body).buffer })] }).toBER(false));
}

const CONTAINER_TRIES: Readonly<Record<string, Try>> = {
  ...Object.fromEntries(
    (
      [
        ['pbes2-scrypt-aes-256-cbc', OID_HEX.scrypt],
        ['pbes1-sha1-3des', OID_HEX.pbes1Sha13Des],
        ['pbes1-md5-des', OID_HEX.pbes1Md5Des],
      ] as const
    ).map(([scheme, oid]) => [
      `node-containers pkcs8-encrypted keyEncryption=${scheme}`,
      () => {
        for (const cipher of nodeCiphers) {
          const out = nodePkcs8(cipher);
          expect(out).toContain(OID_HEX.pbes2);
          expect(out).not.toContain(oid);
        }
        expect(() => nodePkcs8('des-cbc')).toThrow();
      },
    ]),
  ),
  // Whatever the cipher, the PBKDF2 parameters name hmacWithSHA256 (1.2.840.113549.2.9): never PBKDF2's default PRF, hmacWithSHA1.
  'node-containers pkcs8-encrypted keyEncryption=pbes2-hmac-sha1-aes-128-cbc': () => {
    for (const cipher of nodeCiphers) expect(nodePkcs8(cipher)).toContain('06082a864886f70d0209');
  },
  // PBKDF2-params { salt OCTET STRING (8), iterationCount 2048 }: other counts and salt lengths passed along are not taken.
  'node-containers pkcs8-encrypted iterations=600000': () =>
    expect(nodePkcs8('aes-256-cbc', { iterations: 600000, iter: 600000 })).toMatch(/0408[0-9a-f]{16}02020800/),
  'node-containers pkcs8-encrypted saltBytes=16': () => expect(nodePkcs8('aes-256-cbc', { saltLength: 16, saltBytes: 16 })).toMatch(/0408[0-9a-f]{16}02020800/),
  'forge-containers pkcs12 keyType=p-256': () => expect(() => forge.pki.privateKeyFromPem(ecPem)).toThrow(/RSA/),
  'forge-containers pkcs12 keyType=ed25519': () => expect(() => forge.pki.privateKeyFromPem(ed25519Pem)).toThrow(/RSA/),
  'forge-containers pkcs12 keyEncryption=pbes1-sha1-rc2-40': () => {
    for (const algorithm of ['rc2', 'rc2-40', 'RC2-40-CBC']) expect(() => forgeP12('pw', { algorithm })).toThrow(/Unknown encryption algorithm/);
    for (const algorithm of forgeAlgorithms) expect(forgeP12('pw', { algorithm })).not.toContain(OID_HEX.pbes1Sha1Rc2_40);
  },
  'forge-containers pkcs12 keyEncryption=none': () => {
    // With a password the key bag is always shrouded; an unencrypted key bag needs password null,
    // and then the MAC is not keyed by the password, so the file does not open with it.
    for (const algorithm of forgeAlgorithms) expect(hexOf(forgeP12('pw', { algorithm }))).not.toContain(OID_HEX.keyBag);
    const clear = forgeP12(null, { useMac: true });
    expect(hexOf(clear)).toContain(OID_HEX.keyBag);
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(clear), 'pw')).toThrow(/MAC could not be verified/);
  },
  ...Object.fromEntries(
    ['pbes2-hmac-sha256-aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc', 'pbes2-hmac-sha1-aes-128-cbc', 'pbes1-sha1-3des', 'pbes1-sha1-rc2-40'].map((scheme) => [
      `forge-containers pkcs12 certEncryption=${scheme}`,
      () => {
        // Whatever the key's algorithm, the certificates go into a plain Data safe: no EncryptedData.
        for (const algorithm of forgeAlgorithms) expect(hexOf(forgeP12('pw', { algorithm }))).not.toContain(OID_HEX.encryptedData);
      },
    ]),
  ),
  ...Object.fromEntries(
    ['hmac-sha256', 'pbmac1-hmac-sha256', 'pbmac1-hmac-sha512', 'pbmac1-hmac-sha256-prf-sha512'].map((mac) => [
      `forge-containers pkcs12 mac=${mac}`,
      () => {
        // Whatever it is told, MacData's digest algorithm is SHA-1 (1.3.14.3.2.26), and no PBMAC1.
        for (const md of ['sha256', forge.md.sha256.create()]) {
          const der = forgeP12('pw', { algorithm: 'aes256', md, macAlgorithm: 'sha256', prfAlgorithm: 'sha256' });
          const macData = (forge.asn1.fromDer(der).value as forge.asn1.Asn1[])[2]!;
          const digestAlgorithm = ((macData.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[])[0]!;
          expect(forge.asn1.derToOid((digestAlgorithm.value as forge.asn1.Asn1[])[0]!.value as string)).toBe('1.3.14.3.2.26');
          expect(hexOf(der)).not.toContain(OID_HEX.pbmac1);
        }
      },
    ]),
  ),
  ...Object.fromEntries(
    (
      [
        ['pbes2-scrypt-aes-256-cbc', OID_HEX.scrypt, 'scrypt'],
        ['pbes1-md5-des', OID_HEX.pbes1Md5Des, 'des-md5'],
      ] as const
    ).map(([scheme, oid, algorithm]) => [
      `forge-containers pkcs8-encrypted keyEncryption=${scheme}`,
      () => {
        const info = forge.pki.wrapRsaPrivateKey(
          forge.pki.privateKeyToAsn1(forge.pki.privateKeyFromPem(rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }) as string)),
        );
        expect(() => forge.pki.encryptPrivateKeyInfo(info, 'pw', { algorithm } as never)).toThrow(/Unknown encryption algorithm/);
        for (const a of ['aes128', 'aes192', 'aes256', '3des', 'des'])
          expect(hexOf(forge.asn1.toDer(forge.pki.encryptPrivateKeyInfo(info, 'pw', { algorithm: a } as never)).getBytes())).not.toContain(oid);
      },
    ]),
  ),
  // PKI.js decrypts bags, safes and EncryptedPrivateKeyInfo through CryptoEngine.decryptEncryptedContentInfo, which takes PBES2 only.
  ...Object.fromEntries(
    (
      [
        ['pkcs12 keyEncryption=pbes1-sha1-rc2-40', PBE_OID.sha1Rc2_40],
        ['pkcs12 certEncryption=pbes1-sha1-3des', PBE_OID.sha13Des],
        ['pkcs12 certEncryption=pbes1-sha1-rc2-40', PBE_OID.sha1Rc2_40],
        ['pkcs8-encrypted keyEncryption=pbes1-sha1-3des', PBE_OID.sha13Des],
        ['pkcs8-encrypted keyEncryption=pbes1-md5-des', PBE_OID.md5Des],
      ] as const
    ).map(([at, oid]) => [`pkijs-containers ${at}`, () => expect(pkijsDecrypt(oid)).rejects.toThrow(/Unknown "contentEncryptionAlgorithm"/)]),
  ),
  'pkijs-containers pkcs12 keyEncryption=pbes1-sha1-3des': async () => {
    // The same refusal on a whole file: forge's 3DES-shrouded key, whose MAC PKI.js verifies.
    await expect(pkijsDecrypt(PBE_OID.sha13Des)).rejects.toThrow(/Unknown "contentEncryptionAlgorithm"/);
    const pfx = pkijs.PFX.fromBER(arrayBuffer(forgeP12('pw', { algorithm: '3des' })));
    await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
    const safe = pfx.parsedValue!.authenticatedSafe!;
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pw })) });
    const bags = safe.parsedValue!.safeContents.flatMap((c: { value: pkijs.SafeContents }) => c.value.safeBags).map((b: pkijs.SafeBag) => b.bagValue);
    const shrouded = bags.find((b: unknown) => b instanceof pkijs.PKCS8ShroudedKeyBag) as unknown as { parseInternalValues(p: object): Promise<void> };
    await expect(shrouded.parseInternalValues({ password: pw })).rejects.toThrow(/Unknown "contentEncryptionAlgorithm"/);
  },
  ...Object.fromEntries(
    ['pbmac1-hmac-sha256', 'pbmac1-hmac-sha512', 'pbmac1-hmac-sha256-prf-sha512'].map((mac) => [
      `pkijs-containers pkcs12 mac=${mac}`,
      async () => {
        // A MacData naming PBMAC1 (RFC 9579 §5): PFX.parseInternalValues knows no such digest, whatever its parameters.
        const pfx = pkijs.PFX.fromBER(arrayBuffer(forgeP12('pw', { algorithm: 'aes256' })));
        pfx.macData!.mac.digestAlgorithm.algorithmId = PBMAC1_OID;
        await expect(pfx.parseInternalValues({ password: pw, checkIntegrity: true })).rejects.toThrow(/Unsupported algorithm identifier/);
      },
    ]),
  ),
  'pkijs-containers pkcs12 mac=none': async () => {
    const pfx = pkijs.PFX.fromBER(arrayBuffer(forgeP12('pw', { algorithm: 'aes256', useMac: false })));
    await expect(pfx.parseInternalValues({ password: pw, checkIntegrity: true })).rejects.toThrow(/Absent "macData"/);
  },
  'pkijs-containers pkcs8-encrypted keyEncryption=pbes2-scrypt-aes-256-cbc': async () => {
    // A PBES2 file with scrypt (RFC 7914 §7) that OpenSSL reads: PKI.js derives with PBKDF2 whatever the KDF, and does not decrypt it.
    const file = scryptPkcs8();
    expect(createPrivateKey({ key: Buffer.from(file), format: 'der', type: 'pkcs8', passphrase: 'pw' }).asymmetricKeyType).toBe('rsa');
    const bag = pkijs.PKCS8ShroudedKeyBag.fromBER(file.slice().buffer) as unknown as { parseInternalValues(p: object): Promise<void> };
    await expect(bag.parseInternalValues({ password: pw })).rejects.toThrow();
  },
};

/** `adapter standard param=value` → how the library is asked for it. */
const TRIES: Readonly<Record<string, Try>> = {
  ...Object.fromEntries(
    [32, 64].map((b) => [
      `node-crypto aes-ctr counterBits=${b}`,
      ctrIsNot(b, () => {
        const c = createCipheriv('aes-128-ctr', key, block);
        return concatBytes(c.update(plaintext), c.final());
      }),
    ]),
  ),
  ...Object.fromEntries(
    [64, 128].map((b) => [
      `node-forge aes-ctr counterBits=${b}`,
      ctrIsNot(b, () => {
        const c = forge.cipher.createCipher('AES-CTR', bin(key));
        c.start({ iv: bin(block) });
        c.update(forge.util.createBuffer(bin(plaintext)));
        c.finish();
        return Uint8Array.from(Buffer.from(c.output.getBytes(), 'latin1'));
      }),
    ]),
  ),
  ...Object.fromEntries(
    [32, 64].map((b) => [
      `noble aes-ctr counterBits=${b}`,
      ctrIsNot(b, async () => (await import('@noble/ciphers/aes.js')).ctr(key, block).encrypt(plaintext)),
    ]),
  ),
  ...Object.fromEntries(
    [64, 128].map((b) => [
      `crypto-js aes-ctr counterBits=${b}`,
      ctrIsNot(b, () => {
        const w = CryptoJS.AES.encrypt(CryptoJS.lib.WordArray.create(plaintext), CryptoJS.lib.WordArray.create(key), {
          iv: CryptoJS.lib.WordArray.create(block),
          mode: CryptoJS.mode.CTR,
          padding: CryptoJS.pad.NoPadding,
        }).ciphertext;
        return Uint8Array.from(Buffer.from(w.toString(CryptoJS.enc.Hex), 'hex'));
      }),
    ]),
  ),
  ...Object.fromEntries(
    [1, 8].map((n) => [
      `webcrypto aes-gcm ivBytes=${n}`,
      async () => {
        const k = await subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt']);
        await expect(subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(n), tagLength: 128 }, k, plaintext)).rejects.toThrow();
      },
    ]),
  ),
  'webcrypto rsa-oaep oaepHash=SHA-224': webImport('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-224' }),
  'webcrypto rsa-oaep keyFormat=pem': webImport('pem', Buffer.from(rsa.publicKey.export({ format: 'pem', type: 'spki' })), rsaOaep),
  'webcrypto rsa-oaep keyFormat=pkcs1-der': webImport('pkcs1', pkcs1, rsaOaep),
  'webcrypto rsa-oaep keyFormat=pkcs1-pem': webImport('pkcs1', Buffer.from(rsa.publicKey.export({ format: 'pem', type: 'pkcs1' })), rsaOaep),
  // Neither returns the shared point: computeSecret gives the 32-byte x, deriveBits no more than the field length.
  'node-crypto ecdh secretForm=compressed-point': () => {
    const [a, b] = [createECDH('prime256v1'), createECDH('prime256v1')];
    b.generateKeys();
    a.generateKeys();
    expect(a.computeSecret(b.getPublicKey()).length).toBe(32);
  },
  'webcrypto ecdh secretForm=compressed-point': async () => {
    const alg = { name: 'ECDH', namedCurve: 'P-256' };
    const [a, b] = [
      (await subtle.generateKey(alg, false, ['deriveBits'])) as CryptoKeyPair,
      (await subtle.generateKey(alg, false, ['deriveBits'])) as CryptoKeyPair,
    ];
    await expect(subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, 33 * 8)).rejects.toThrow();
  },
  'webcrypto ecdh keyFormat=pem': webImport('pem', containers(p256Pair)['pem']![1], { name: 'ECDH', namedCurve: 'P-256' }),
  'webcrypto x25519 keyFormat=pem': webImport('pem', containers(x25519Pair)['pem']![1], { name: 'X25519' }),
  'webcrypto pbes2 kdfHash=SHA-224': async () => {
    const password = await subtle.importKey('raw', new Uint8Array(8), 'PBKDF2', false, ['deriveBits']);
    await expect(subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-224', salt: new Uint8Array(8), iterations: 1 }, password, 128)).rejects.toThrow(
      /Unrecognized algorithm name/,
    );
  },
  'node-forge pbes2 kdfHash=SHA-224': () => expect(forgeHasSha224()).toBe(false),
  'node-forge rsa-oaep oaepHash=SHA-224': () => expect(forgeHasSha224()).toBe(false),
  'node-forge rsa-oaep mgf1Hash=SHA-224': () => expect(forgeHasSha224()).toBe(false),
  'node-forge rsa-oaep keyFormat=jwk': () => expect(Object.keys(forge.pki).filter((k) => /jwk/i.test(k))).toEqual([]),
  'node-forge rsaes-pkcs1-v1_5 keyFormat=jwk': () => expect(Object.keys(forge.pki).filter((k) => /jwk/i.test(k))).toEqual([]),
  ...Object.fromEntries(
    ['der', 'pem', 'jwk'].flatMap((f) => [
      [
        `tweetnacl x25519 keyFormat=${f}`,
        async () => {
          const nacl = (await import('tweetnacl')).default;
          const [sk, pk] = containers(x25519Pair)[f]!;
          expect(() => nacl.scalarMult(sk, pk)).toThrow();
        },
      ],
      [
        `libsodium x25519 keyFormat=${f}`,
        async () => {
          const sodium = (await import('libsodium-wrappers')).default;
          await sodium.ready;
          const [sk, pk] = containers(x25519Pair)[f]!;
          expect(() => sodium.crypto_scalarmult(sk, pk)).toThrow();
        },
      ],
      [
        `noble x25519 keyFormat=${f}`,
        async () => {
          const { x25519 } = await import('@noble/curves/ed25519.js');
          const [sk, pk] = containers(x25519Pair)[f]!;
          expect(() => x25519.getSharedSecret(sk, pk)).toThrow();
        },
      ],
      [
        `noble ecdh keyFormat=${f}`,
        async () => {
          const { p256 } = await import('@noble/curves/nist.js');
          const [sk, pk] = containers(p256Pair)[f]!;
          expect(() => p256.getSharedSecret(sk, pk)).toThrow();
        },
      ],
    ]),
  ),
  'noble aes-gcm ivBytes=1': async () => {
    const { gcm } = await import('@noble/ciphers/aes.js');
    expect(() => gcm(key, new Uint8Array(1)).encrypt(plaintext)).toThrow();
  },
  ...Object.fromEntries(
    [4, 8, 12, 13, 14, 15].map((t) => [
      `noble aes-gcm tagBytes=${t}`,
      async () => {
        const { gcm } = await import('@noble/ciphers/aes.js');
        const iv = new Uint8Array(12);
        expect(gcm.tagLength).toBe(16);
        const sealed = gcm(key, iv).encrypt(plaintext);
        expect(sealed.length - plaintext.length).toBe(16);
        // The same message with its tag cut to t bytes is refused: a t-byte tag cannot be checked.
        expect(() => gcm(key, iv).decrypt(sealed.subarray(0, plaintext.length + t))).toThrow();
      },
    ]),
  ),
  'crypto-js openssl-enc encoding=base64': () => {
    const bytes = new Uint8Array(100).map((_, n) => n);
    const lines = Buffer.from(bytes).toString('base64').replace(/.{64}/g, '$&\n');
    expect(CryptoJS.enc.Base64.parse(lines).toString(CryptoJS.enc.Hex)).not.toBe(toHex(bytes));
  },
  'jose jwe alg=RSA1_5': async () => {
    const { CompactEncrypt } = await import('jose');
    await expect(new CompactEncrypt(plaintext).setProtectedHeader({ alg: 'RSA1_5', enc: 'A128GCM' }).encrypt(rsa.publicKey)).rejects.toThrow();
  },
  'node-jose jwe alg=RSA1_5': () => {
    // node-jose decrypts RSA1_5 with node:crypto, which refuses it on this Node (CVE-2023-46809).
    const ct = publicEncrypt({ key: rsa.publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    expect(() => privateDecrypt({ key: rsa.privateKey, padding: constants.RSA_PKCS1_PADDING }, ct)).toThrow(/CVE-2023-46809/);
  },
  'node-jose jwe keyKind=OKP-X25519': async () => {
    const nodeJose = (await import('node-jose')).default;
    await expect(nodeJose.JWK.asKey(x25519Pair.publicKey.export({ format: 'jwk' }) as object)).rejects.toThrow();
  },
  'hpke-js hpke pskBytes=16': async () => {
    const { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, Aes128Gcm } = await import('@hpke/core').then(async (core) => ({
      ...core,
      DhkemX25519HkdfSha256: (await import('@hpke/dhkem-x25519')).DhkemX25519HkdfSha256,
    }));
    const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
    const rkp = await suite.kem.generateKeyPair();
    await expect(
      suite.createSenderContext({ recipientPublicKey: rkp.publicKey, psk: { id: new Uint8Array(4), key: new Uint8Array(16).buffer } }),
    ).rejects.toThrow(/PSK/);
  },
  'openpgp-js openpgp sessionCipher=camellia128': async () =>
    expect(Object.keys((await import('openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
  'openpgp-js openpgp sessionCipher=camellia256': async () =>
    expect(Object.keys((await import('openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
  'openpgp-js openpgp-password sessionCipher=camellia128': async () =>
    expect(Object.keys((await import('openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
  'openpgp-js openpgp-password sessionCipher=camellia256': async () =>
    expect(Object.keys((await import('openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
  'openpgp-js openpgp keyAlgo=mlkem768-x25519': async () => {
    const fork = await import('@protontech/openpgp');
    const pq = await fork.generateKey({ type: 'pqc', userIDs: [{ name: 'pq' }], format: 'binary', config: { v6Keys: true } });
    await expect((await import('openpgp')).readKey({ binaryKey: pq.publicKey })).rejects.toThrow(/No key packet found/);
  },
  ...Object.fromEntries(
    ['openpgp', 'openpgp-password'].flatMap((std) => [
      [
        `openpgp-pqc ${std} sessionCipher=camellia128`,
        async () => expect(Object.keys((await import('@protontech/openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
      ],
      [
        `openpgp-pqc ${std} sessionCipher=camellia256`,
        async () => expect(Object.keys((await import('@protontech/openpgp')).enums.symmetric).filter((k) => /camellia/i.test(k))).toEqual([]),
      ],
      [
        `openpgp-pqc ${std} encryption=librepgp-ocb`,
        { cannotAsk: "Proton's fork writes what openpgp.js writes: SEIPDv1 and SEIPDv2, never the LibrePGP OCB packet (tag 20)" },
      ],
    ]),
  ),
  'openpgp-js openpgp encryption=librepgp-ocb': {
    cannotAsk: 'openpgp.js has no option that writes the LibrePGP OCB packet (tag 20); its writer knows SEIPDv1 and SEIPDv2 only',
  },
  'openpgp-js openpgp-password encryption=librepgp-ocb': {
    cannotAsk: 'openpgp.js has no option that writes the LibrePGP OCB packet (tag 20); its writer knows SEIPDv1 and SEIPDv2 only',
  },
  'forge-cms cms-enveloped keyTransport=RSAES-OAEP-SHA-1': {
    cannotAsk: 'forge.pkcs7 addRecipient(cert) takes no key-transport algorithm: it writes rsaEncryption',
  },
  'forge-cms cms-enveloped keyTransport=RSAES-OAEP-SHA-256': {
    cannotAsk: 'forge.pkcs7 addRecipient(cert) takes no key-transport algorithm: it writes rsaEncryption',
  },
  'forge-cms cms-enveloped keyTransport=RSAES-OAEP-SHA-512': {
    cannotAsk: 'forge.pkcs7 addRecipient(cert) takes no key-transport algorithm: it writes rsaEncryption',
  },
  'forge-cms cms-enveloped contentEncryption=AES-128-GCM': () => expect(Object.keys(forge.pki.oids).filter((k) => /gcm/i.test(k))).toEqual([]),
  'forge-cms cms-enveloped contentEncryption=AES-256-GCM': () => expect(Object.keys(forge.pki.oids).filter((k) => /gcm/i.test(k))).toEqual([]),
  'forge-cms cms-enveloped recipientId=subjectKeyIdentifier': {
    cannotAsk: 'forge.pkcs7 addRecipient(cert) takes a certificate and writes issuerAndSerialNumber; no argument selects a subjectKeyIdentifier',
  },
  'pkijs-cms cms-enveloped keyTransport=RSAES-PKCS1-v1_5': {
    cannotAsk: 'pkijs key transport goes through the WebCrypto engine, which has no RSAES-PKCS1-v1_5 to ask for',
  },
  // PKI.js encrypts the content through the WebCrypto engine, which has no Triple-DES.
  'pkijs-cms cms-enveloped contentEncryption=DES-EDE3-CBC': async () => {
    await expect(globalThis.crypto.subtle.importKey('raw', new Uint8Array(24), { name: 'DES-EDE3-CBC' }, false, ['encrypt'])).rejects.toThrow();
  },
  'pkijs-cms cms-enveloped contentEncryption=AES-128-GCM': { cannotAsk: 'pkijs 4 has no AuthEnvelopedData class to write (RFC 5083)' },
  'pkijs-cms cms-enveloped contentEncryption=AES-256-GCM': { cannotAsk: 'pkijs 4 has no AuthEnvelopedData class to write (RFC 5083)' },
  ...KEM_TRIES,
  ...CONTAINER_TRIES,
};

/**
 * Adapters whose gaps have no tries yet. Listed, not silently skipped, so that the list can only
 * shrink: an adapter named here that declares no parameter gap fails the test below.
 */
const NOT_YET_ASKED = new Set<string>([]);

/** Every declared parameter gap of the explicit in-process adapters, as `adapter standard param=value`; with `policies`, the restrictions by policy instead. */
function declaredGaps(policies = false): string[] {
  const out: string[] = [];
  for (const a of DEFAULT_ADAPTERS) {
    if (a.kind !== 'in-process' || a.variant !== 'explicit' || NOT_YET_ASKED.has(a.id)) continue;
    for (const [sid, claim] of Object.entries(a.capabilities.claims)) {
      const std = STANDARD_BY_ID.get(sid)!;
      for (const [key, pc] of Object.entries(claim?.params ?? {})) {
        // A policy is not a limit of the library: it names its setting instead, and needs no try.
        if ((pc.policy !== undefined) !== policies) continue;
        const name = pc.param ?? key;
        const def = std.params.find((p) => p.name === name);
        if (!def) continue;
        for (const v of def.values) if (!pc.values.includes(v)) out.push(`${a.id} ${sid} ${name}=${String(v)}`);
      }
    }
  }
  return out;
}

describe('declared gaps are real: each is asked of the library itself', () => {
  const gaps = declaredGaps();
  const policyGaps = declaredGaps(true);

  it('a restriction by policy is not a gap: it names the setting, and its reason says it is a policy', () => {
    const policies = DEFAULT_ADAPTERS.flatMap((a) =>
      Object.entries(a.capabilities.claims).flatMap(([sid, c]) =>
        Object.entries(c?.params ?? {}).flatMap(([name, pc]) => (pc.policy === undefined ? [] : [{ at: `${a.id} ${sid} ${name}`, pc }])),
      ),
    );
    expect(policies.map((p) => p.at)).toEqual(expect.arrayContaining(['forge-containers pkcs12 iterations', 'forge-containers pkcs8-encrypted iterations']));
    for (const { at, pc } of policies) expect(pc.policy, at).toMatch(/\S/);
  });

  it('lists as not yet asked only adapters that declare parameter gaps', () => {
    const withGaps = DEFAULT_ADAPTERS.filter((a) => Object.values(a.capabilities.claims).some((c) => Object.keys(c?.params ?? {}).length > 0)).map((a) => a.id);
    expect([...NOT_YET_ASKED].filter((id) => !withGaps.includes(id))).toEqual([]);
  });

  it('every declared gap has a try, or says why the library cannot be asked; no try is left over', () => {
    expect(gaps.filter((g) => !(g in TRIES))).toEqual([]);
    // A restriction by policy may have a try too (the platform's own policy, tried).
    expect(Object.keys(TRIES).filter((t) => !gaps.includes(t) && !policyGaps.includes(t))).toEqual([]);
  });

  it.each([...gaps, ...policyGaps].filter((g) => typeof TRIES[g] === 'function'))('%s: the library cannot', async (g) => {
    await (TRIES[g] as () => void | Promise<void>)();
  });
});
