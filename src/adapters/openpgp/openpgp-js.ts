/**
 * openpgp.js 6, in process. Every call gets a whole, explicit `config` object (PINNED below,
 * then the parameter set's values): nothing depends on the library's defaults or on another
 * case having changed `openpgp.config`.
 *
 * How the parameters map:
 * - keys: v4 `cv25519-legacy` is `type: 'ecc', curve: 'curve25519Legacy'` (EdDSALegacy + ECDH);
 *   `x25519` is `type: 'curve25519'` (RFC 9580 Ed25519 + X25519), v6 with `config.v6Keys`.
 * - cipher and encrypted data packet: openpgp.js picks them from the recipients' preferences,
 *   so the adapter passes an explicit session key `{ data, algorithm, aeadAlgorithm }`, which
 *   it honours exactly (SEIPDv2 when `aeadAlgorithm` is set). Camellia is not implemented.
 * - compression: openpgp.js compresses only when every recipient prefers the algorithm, so the
 *   message is compressed explicitly (`Message.compress`) and encrypt() itself does not.
 * - sign-then-encrypt: `Message.sign`, then compress, then encrypt.
 * - LibrePGP's OCB packet (tag 20) is read with `enableParsingV5Entities`, never written.
 * - stock openpgp.js 6.3 has no post-quantum algorithms: `readKey` of a draft-ietf-openpgp-pqc
 *   certificate answers "No key packet found" (it skips the v6 key packets of algorithms 30 and
 *   35 it does not know). Proton's fork has them: openpgp-pqc.ts runs the same bindings on it.
 *
 * The bindings are built over a module of openpgp.js's API (`openpgpJsParts`), so that the fork
 * runs exactly the same calls.
 */
import { randomBytes } from 'node:crypto';
import * as pgp from 'openpgp';
import { defineAdapter, inProcessProbe } from '../../core/adapter.js';
import { RejectedError } from '../../core/errors.js';
import type { OpImpl, OpName, Params } from '../../core/model.js';
import { input } from '../binding.js';
import { OPENPGP_CIPHERS, openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { isArmored } from '../../standards/openpgp-packets.js';
import { openPgpAdapterParts, pqcRefused, restrict, type DecryptRequest, type EncryptRequest, type OpenPgpDriver, type Restriction } from './openpgp-common.js';

const { enums } = pgp;

/** The openpgp.js API as the bindings call it (stock openpgp.js, or a fork with the same API). */
export type OpenPgpJsModule = typeof pgp;

/**
 * Every setting of openpgp.js 6.3's config, written out (test: no key of `openpgp.config` is
 * missing). Values: the library's documented defaults, except where a case sets them.
 */
export const PINNED: pgp.Config = {
  preferredHashAlgorithm: enums.hash.sha512,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  aeadProtect: false,
  parseAEADEncryptedV4KeysAsLegacy: false,
  preferredAEADAlgorithm: enums.aead.gcm,
  aeadChunkSizeByte: 12,
  v6Keys: false,
  enableParsingV5Entities: false,
  s2kType: enums.s2k.iterated,
  s2kIterationCountByte: 224,
  s2kArgon2Params: { passes: 3, parallelism: 4, memoryExponent: 16 },
  maxArgon2MemoryExponent: 30,
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
  minRSABits: 2047,
  passwordCollisionCheck: false,
  allowInsecureDecryptionWithSigningKeys: false,
  allowInsecureVerificationWithReformattedKeys: false,
  allowMissingKeyFlags: false,
  constantTimePKCS1Decryption: false,
  constantTimePKCS1DecryptionSupportedSymmetricAlgorithms: new Set([enums.symmetric.aes128, enums.symmetric.aes192, enums.symmetric.aes256]),
  ignoreUnsupportedPackets: true,
  ignoreMalformedPackets: false,
  enforceGrammar: true,
  additionalAllowedPackets: [],
  showVersion: false,
  showComment: false,
  versionString: `OpenPGP.js ${openpgpVersion()}`,
  commentString: 'https://openpgpjs.org',
  maxUserIDLength: 5120,
  maxDecompressedMessageSize: Infinity,
  knownNotations: [],
  nonDeterministicSignaturesViaNotation: true,
  useEllipticFallback: true,
  rejectHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd]),
  rejectMessageHashAlgorithms: new Set([enums.hash.md5, enums.hash.ripemd, enums.hash.sha1]),
  rejectPublicKeyAlgorithms: new Set([enums.publicKey.elgamal, enums.publicKey.dsa]),
  rejectCurves: new Set([enums.curve.secp256k1]),
};

/** The version the library reports of itself (its package.json is not exported). */
function openpgpVersion(): string {
  return pgp.config.versionString.replace(/^OpenPGP\.js\s*/, '');
}

const AEAD: Readonly<Record<string, pgp.enums.aeadNames>> = { 'seipdv2-ocb': 'ocb', 'seipdv2-eax': 'eax', 'seipdv2-gcm': 'gcm' };
const CIPHER_NAME: Readonly<Record<string, pgp.enums.symmetricNames>> = {
  aes128: 'aes128',
  aes192: 'aes192',
  aes256: 'aes256',
  twofish: 'twofish',
  cast5: 'cast5',
  '3des': 'tripledes',
};
/** Session key lengths (RFC 9580 §9.3). */
const KEY_BYTES: Readonly<Record<string, number>> = { aes128: 16, aes192: 24, aes256: 32, twofish: 32, cast5: 16, tripledes: 24 };
const COMPRESSION: Readonly<Record<string, pgp.enums.compression>> = {
  none: enums.compression.uncompressed,
  zip: enums.compression.zip,
  zlib: enums.compression.zlib,
};

/** The whole config of a case of stock openpgp.js: PINNED plus the parameter set. */
export function configFor(p: Params): pgp.Config {
  return configOver(PINNED, p);
}

/** `pinned` plus the parameter set. */
function configOver(pinned: pgp.Config, p: Params): pgp.Config {
  const aead = AEAD[String(p['encryption'])];
  const cipher = CIPHER_NAME[String(p['sessionCipher'])];
  return {
    ...pinned,
    v6Keys: p['keyVersion'] === 'v6',
    enableParsingV5Entities: p['encryption'] === 'librepgp-ocb',
    ...(cipher ? { preferredSymmetricAlgorithm: enums.symmetric[cipher] } : {}),
    // Password encryption follows these two (public-key encryption takes the explicit session key).
    aeadProtect: aead !== undefined,
    ...(aead ? { preferredAEADAlgorithm: enums.aead[aead] } : {}),
    s2kType: p['s2k'] === 'argon2' ? enums.s2k.argon2 : enums.s2k.iterated,
  };
}

/**
 * generateKey's options for each keyAlgo: `pqc` (Proton's fork, with config.v6Keys) makes an
 * ML-DSA-65+Ed25519 primary key (algorithm 30) and an ML-KEM-768+X25519 subkey (35).
 */
const KEY_TYPES: Readonly<Record<string, object>> = {
  x25519: { type: 'curve25519' },
  rsa2048: { type: 'rsa', rsaBits: 2048 },
  rsa3072: { type: 'rsa', rsaBits: 3072 },
  'cv25519-legacy': { type: 'ecc', curve: 'curve25519Legacy' },
  'mlkem768-x25519': { type: 'pqc' },
};

/** The bindings over `lib`, with `pinned` as the whole config before the parameter set. */
export function openpgpJsDriver(lib: OpenPgpJsModule, pinned: pgp.Config, name: string): OpenPgpDriver {
  const configFor = (p: Params): pgp.Config => configOver(pinned, p);
  const readCert = (b: Uint8Array, config: pgp.Config): Promise<pgp.Key> =>
    isArmored(b) ? lib.readKey({ armoredKey: Buffer.from(b).toString('utf8'), config }) : lib.readKey({ binaryKey: b, config });
  const readTsk = (b: Uint8Array, config: pgp.Config): Promise<pgp.PrivateKey> =>
    isArmored(b) ? lib.readPrivateKey({ armoredKey: Buffer.from(b).toString('utf8'), config }) : lib.readPrivateKey({ binaryKey: b, config });
  const readMsg = (b: Uint8Array, config: pgp.Config): Promise<pgp.Message<Uint8Array>> =>
    isArmored(b) ? lib.readMessage({ armoredMessage: Buffer.from(b).toString('utf8'), config }) : lib.readMessage({ binaryMessage: b, config });

  /** Everything openpgp.js throws while reading or decrypting received input is a rejection. */
  async function receiving<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw new RejectedError(`openpgp.js ${what}: ${(err as Error).message}`, err);
    }
  }

  /** The two Message methods the typings of openpgp.js 6.3 do not declare with their real signatures. */
  interface MessageInternals {
    sign(
      keys: pgp.PrivateKey[],
      recipients: pgp.Key[],
      signature: null,
      keyIds: [],
      date: Date,
      userIds: [],
      recipientUserIds: [],
      notations: [],
      config: pgp.Config,
    ): Promise<pgp.Message<Uint8Array>>;
    compress(algo: pgp.enums.compression, config: pgp.Config): pgp.Message<Uint8Array>;
  }

  /** The literal data, signed and compressed as the parameters say (encrypt() then only encrypts). */
  async function prepared(p: Params, plaintext: Uint8Array, config: pgp.Config, signer?: Uint8Array): Promise<pgp.Message<Uint8Array>> {
    let message = await lib.createMessage({ binary: plaintext, format: 'binary' });
    // Message.sign and Message.compress as in openpgp.js 6.3's source (its typings lag behind).
    const m = message as unknown as MessageInternals;
    if (signer) message = await m.sign([await readTsk(signer, config)], [], null, [], new Date(), [], [], [], config);
    const algo = COMPRESSION[String(p['compression'])]!;
    return algo === enums.compression.uncompressed ? message : (message as unknown as MessageInternals).compress(algo, config);
  }

  /** encrypt() in the parameter set's armor, as bytes. */
  async function encrypted(p: Params, o: pgp.EncryptOptions & { message: pgp.Message<Uint8Array> }): Promise<Uint8Array> {
    if (p['armor'] === 'armored') return Uint8Array.from(Buffer.from(String(await lib.encrypt({ ...o, format: 'armored' })), 'utf8'));
    return Uint8Array.from((await lib.encrypt({ ...o, format: 'binary' })) as Uint8Array);
  }

  const driver: OpenPgpDriver = {
    async generateKey(p) {
      const config = configFor(p);
      const type = KEY_TYPES[String(p['keyAlgo'])]!;
      // 'pqc' is the fork's: stock openpgp.js's typings do not name it (its claim never asks it).
      const options = { ...type, userIDs: [{ name: `bothends ${name}`, email: `${name}@bothends.invalid` }], format: 'binary' as const, config };
      const k = await lib.generateKey(options as Parameters<typeof lib.generateKey>[0] & { format: 'binary' });
      return { secretKey: Uint8Array.from(k.privateKey), publicKey: Uint8Array.from(k.publicKey) };
    },
    async encrypt(p, r: EncryptRequest) {
      const config = configFor(p);
      const encryptionKeys = await Promise.all(r.certs.map((c) => readCert(c, config)));
      const cipher = CIPHER_NAME[String(p['sessionCipher'])]!;
      const aead = AEAD[String(p['encryption'])];
      const sessionKey = { data: Uint8Array.from(randomBytes(KEY_BYTES[cipher]!)), algorithm: cipher, ...(aead ? { aeadAlgorithm: aead } : {}) };
      const message = await prepared(p, r.plaintext, config, r.signer);
      return encrypted(p, { message, encryptionKeys, sessionKey, config });
    },
    async decrypt(p, r: DecryptRequest) {
      const config = configFor(p);
      const decryptionKeys = await receiving('reading the secret key', () => readTsk(r.key, config));
      const verificationKeys = r.verifyWith ? [await readCert(r.verifyWith, config)] : undefined;
      return receiving('decrypt', async () => {
        const message = await readMsg(r.ciphertext, config);
        const res = await lib.decrypt({
          message,
          decryptionKeys,
          format: 'binary',
          config,
          ...(verificationKeys ? { verificationKeys, expectSigned: true } : {}),
        });
        return Uint8Array.from(res.data);
      });
    },
    async encryptPassword(p, password, plaintext) {
      const config = configFor(p);
      const message = await prepared(p, plaintext, config);
      return encrypted(p, { message, passwords: [password], config });
    },
    async decryptPassword(p, password, ciphertext) {
      const config = configFor(p);
      return receiving('decrypt', async () => {
        const res = await lib.decrypt({ message: await readMsg(ciphertext, config), passwords: [password], format: 'binary', config });
        return Uint8Array.from(res.data);
      });
    },
  };
  return driver;
}

/** The calls of "encrypt to this certificate" as openpgp.js's README writes them, on `lib`. */
export const OPENPGP_JS_CALL =
  "openpgp.generateKey({ userIDs }) / openpgp.encrypt({ message: await openpgp.createMessage({ binary }), encryptionKeys: await openpgp.readKey({ armoredKey }) }) / openpgp.decrypt({ message, decryptionKeys, format: 'binary' })";

/**
 * The operations that make exactly those calls: no config, no session key, no preferences
 * (openpgp.js's own defaults and the recipient's preferences decide), the key and the message
 * in the armor they come in. `get` is the library (the fork loads on first use); `keyOptions`,
 * generateKey's options beside the user id where the call names some (the fork's post-quantum key).
 */
export function openpgpJsAsCalled(get: () => Promise<OpenPgpJsModule>, name: string, keyOptions: object = {}): Partial<Record<OpName, OpImpl>> {
  const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
  const bytes = (t: string): Uint8Array => Uint8Array.from(Buffer.from(t, 'utf8'));
  return {
    generateKeyPair: async () => {
      const lib = await get();
      const options = { ...keyOptions, userIDs: [{ name: `bothends ${name}`, email: `${name}@bothends.invalid` }] };
      const k = await lib.generateKey(options as Parameters<typeof lib.generateKey>[0] & { format?: 'armored' });
      return { publicKey: bytes(k.publicKey), secretKey: bytes(k.privateKey) };
    },
    encrypt: async (_p, i) => {
      const lib = await get();
      const cert = input(i, 'publicKey');
      // What openpgp.js throws on the certificate it is handed ("No key packet found") is its refusal of it.
      try {
        const encryptionKeys = await (isArmored(cert) ? lib.readKey({ armoredKey: text(cert) }) : lib.readKey({ binaryKey: cert }));
        const message = await lib.createMessage({ binary: input(i, 'plaintext') });
        return { ciphertext: bytes(String(await lib.encrypt({ message, encryptionKeys }))) };
      } catch (err) {
        throw new RejectedError(`openpgp.js encrypt: ${(err as Error).message}`, err);
      }
    },
    decrypt: async (_p, i) => {
      const lib = await get();
      const [tsk, ct] = [input(i, 'secretKey'), input(i, 'ciphertext')];
      try {
        const decryptionKeys = await (isArmored(tsk) ? lib.readPrivateKey({ armoredKey: text(tsk) }) : lib.readPrivateKey({ binaryKey: tsk }));
        const message = await (isArmored(ct) ? lib.readMessage({ armoredMessage: text(ct) }) : lib.readMessage({ binaryMessage: ct }));
        return { plaintext: Uint8Array.from((await lib.decrypt({ message, decryptionKeys, format: 'binary' })).data) };
      } catch (err) {
        throw new RejectedError(`openpgp.js decrypt: ${(err as Error).message}`, err);
      }
    },
  };
}

/** "Encrypt with this passphrase" as openpgp.js's README writes it, and the operations that make exactly that call. */
export const OPENPGP_JS_PASSWORD_CALL =
  "openpgp.encrypt({ message: await openpgp.createMessage({ binary }), passwords: [password] }) / openpgp.decrypt({ message, passwords: [password], format: 'binary' })";

export function openpgpJsPasswordAsCalled(get: () => Promise<OpenPgpJsModule>): Partial<Record<OpName, OpImpl>> {
  const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
  return {
    encrypt: async (_p, i) => {
      const lib = await get();
      const message = await lib.createMessage({ binary: input(i, 'plaintext') });
      return { ciphertext: Uint8Array.from(Buffer.from(String(await lib.encrypt({ message, passwords: [text(input(i, 'passphrase'))] })), 'utf8')) };
    },
    decrypt: async (_p, i) => {
      const lib = await get();
      const ct = input(i, 'ciphertext');
      try {
        const message = await (isArmored(ct) ? lib.readMessage({ armoredMessage: text(ct) }) : lib.readMessage({ binaryMessage: ct }));
        return { plaintext: Uint8Array.from((await lib.decrypt({ message, passwords: [text(input(i, 'passphrase'))], format: 'binary' })).data) };
      } catch (err) {
        throw new RejectedError(`openpgp.js decrypt: ${(err as Error).message}`, err);
      }
    },
  };
}

/** openpgp.js 6 as called with a password: iterated and salted S2K (s2kType), SEIPDv1 (aeadProtect off), AES-256 (preferredSymmetricAlgorithm), uncompressed, armored. */
export const OPENPGP_JS_PASSWORD_RESOLVES: Params = {
  s2k: 'iterated-salted',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'none',
  armor: 'armored',
};

/**
 * How openpgp.js 6 resolves "encrypt to this certificate" as called: generateKey makes a v4
 * EdDSALegacy key with an ECDH Curve25519 subkey (type 'ecc', curve25519Legacy; v6Keys is off)
 * preferring AES-256; encrypt writes SEIPDv1 (aeadProtect is off), with the recipient's first
 * preferred cipher (AES-256 for its own key), uncompressed (preferredCompressionAlgorithm), armored.
 */
export const OPENPGP_JS_RESOLVES: Params = {
  keyVersion: 'v4',
  keyAlgo: 'cv25519-legacy',
  encryption: 'seipdv1',
  sessionCipher: 'aes256',
  compression: 'none',
  armor: 'armored',
  recipients: 1,
  signed: false,
};

const NO_CAMELLIA = 'openpgp.js 6 does not implement Camellia (its enums.symmetric has no camellia)';
const NO_OCB_PACKET = 'openpgp.js 6 reads LibrePGP’s OCB packet (tag 20, with enableParsingV5Entities) but never writes it';
const CIPHERS = Object.keys(OPENPGP_CIPHERS).filter((c) => !c.startsWith('camellia'));

/** What stock openpgp.js 6.3 answers for a draft-ietf-openpgp-pqc certificate (asked again by gaps.test.ts). */
export const NO_PQC =
  'openpgp.js 6.3 has no post-quantum algorithms (draft-ietf-openpgp-pqc ML-KEM-768+X25519, 35; ML-DSA-65+Ed25519, 30): readKey of such a certificate answers "No key packet found"';

/** The restrictions of openpgp.js's bindings on both OpenPGP standards, wherever they run. */
export const OPENPGP_JS_LIMITS: readonly Restriction[] = [
  restrict('sessionCipher', CIPHERS, NO_CAMELLIA),
  restrict('encryption', ['seipdv1', 'seipdv2-ocb', 'seipdv2-eax', 'seipdv2-gcm'], NO_OCB_PACKET, ['encrypt']),
];

const parts = openPgpAdapterParts('openpgp-js', openpgpJsDriver(pgp, PINNED, 'openpgp-js'), {
  pke: [restrict('keyAlgo', ['cv25519-legacy', 'x25519', 'rsa2048', 'rsa3072'], NO_PQC), ...OPENPGP_JS_LIMITS],
  password: OPENPGP_JS_LIMITS,
});

/** openpgp.js 6, in process. */
export const openpgpJs = defineAdapter({
  id: 'openpgp-js',
  library: 'openpgp.js',
  kind: 'in-process',
  variant: 'explicit',
  description: 'openpgp.js 6 in process, its whole config pinned per call; explicit session keys choose the cipher and the encrypted data packet',
  probe: inProcessProbe(openpgpVersion),
  ...parts,
  intents: {
    [openpgp.id]: {
      'encrypt-to-cert': { call: OPENPGP_JS_CALL, params: OPENPGP_JS_RESOLVES, ops: openpgpJsAsCalled(async () => pgp, 'openpgp-js') },
      'encrypt-to-pqc-cert': pqcRefused(OPENPGP_JS_RESOLVES, NO_PQC),
    },
    [openpgpPassword.id]: {
      passphrase: { call: OPENPGP_JS_PASSWORD_CALL, params: OPENPGP_JS_PASSWORD_RESOLVES, ops: openpgpJsPasswordAsCalled(async () => pgp) },
    },
  },
});
