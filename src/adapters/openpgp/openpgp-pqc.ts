/**
 * `openpgp-pqc`: Proton's fork of openpgp.js (`@protontech/openpgp`, npm), which implements
 * draft-ietf-openpgp-pqc: `generateKey({ type: 'pqc' })` with `config.v6Keys` makes a v6 key
 * with an ML-DSA-65+Ed25519 primary key (algorithm 30) and an ML-KEM-768+X25519 encryption
 * subkey (35), and encrypt/decrypt handle their PKESKs. Everything else is openpgp.js 6.3:
 * the same bindings as `openpgp-js` (openpgp-js.ts), run on the fork, with the fork's whole
 * config pinned (openpgp.js's settings plus its own two, at their defaults).
 *
 * It is the only implementation here with PQC keys: stock openpgp.js, gpg, rnp and the SOP
 * programs are the other end of its grid, and each declares, with its own answer, that it
 * reads no such certificate (asked again by openpgp-pqc.test.ts). The intent "encrypt to this
 * post-quantum certificate" runs them against its key as they encrypt to any certificate, and
 * each must refuse (test/intents-openpgp-pqc.test.ts).
 */
import { defineAdapter, inProcessProbe } from '../../core/adapter.js';
import { packageVersion } from '../../core/version.js';
import { openPgpAdapterParts, type OpenPgpDriver } from './openpgp-common.js';
import { openpgp, openpgpPassword } from '../../standards/openpgp.js';
import {
  OPENPGP_JS_CALL,
  OPENPGP_JS_LIMITS,
  OPENPGP_JS_PASSWORD_CALL,
  OPENPGP_JS_PASSWORD_RESOLVES,
  OPENPGP_JS_RESOLVES,
  PINNED,
  openpgpJsAsCalled,
  openpgpJsDriver,
  openpgpJsPasswordAsCalled,
  type OpenPgpJsModule,
} from './openpgp-js.js';

const version = (): string => packageVersion('@protontech/openpgp');

/** Every setting of the fork's config: openpgp.js's (PINNED) and the fork's own two, at their defaults (test: none missing). */
export const FORK_PINNED = {
  ...PINNED,
  versionString: `OpenPGP.js ${version()}`,
  ignoreSEIPDv2FeatureFlag: false,
  allowForwardedMessages: false,
};

/**
 * The bindings on the fork, loaded on first use: every worker thread of a run loads every
 * in-process adapter, and the fork is as large as openpgp.js itself. The fork has openpgp.js's
 * API (plus the 'pqc' key type and two settings), so the bindings call the same functions.
 */
let fork: Promise<OpenPgpJsModule> | undefined;
const lib = (): Promise<OpenPgpJsModule> => (fork ??= import('@protontech/openpgp').then((m) => m as unknown as OpenPgpJsModule));
let loaded: Promise<OpenPgpDriver> | undefined;
const bindings = (): Promise<OpenPgpDriver> => (loaded ??= lib().then((m) => openpgpJsDriver(m, FORK_PINNED, 'openpgp-pqc')));

const driver: OpenPgpDriver = {
  generateKey: async (p) => (await bindings()).generateKey(p),
  encrypt: async (p, r) => (await bindings()).encrypt(p, r),
  decrypt: async (p, r) => (await bindings()).decrypt(p, r),
  encryptPassword: async (p, password, plaintext) => (await bindings()).encryptPassword!(p, password, plaintext),
  decryptPassword: async (p, password, ciphertext) => (await bindings()).decryptPassword!(p, password, ciphertext),
};

/**
 * The fork's post-quantum key as its source has it: type 'pqc' (its typings' GenerateKeyOptions), a
 * v6 key (config.v6Keys: generateKey answers a v4 one with "Cannot generate v4 signing keys of type
 * 'pqc'. Generate a v6 key instead").
 */
const PQC_KEY = { type: 'pqc', config: { v6Keys: true } };

/** "Encrypt to this post-quantum certificate" as called on the fork: that key, then openpgp.js's own encrypt and decrypt calls. */
const PQC_CALL =
  "openpgp.generateKey({ type: 'pqc', config: { v6Keys: true }, userIDs }) / openpgp.encrypt({ message: await openpgp.createMessage({ binary }), encryptionKeys: await openpgp.readKey({ armoredKey }) }) / openpgp.decrypt({ message, decryptionKeys, format: 'binary' })";

/**
 * As called, the fork writes to its own post-quantum key what openpgp.js writes to any: a v3
 * PKESK and SEIPDv1 (aeadProtect is off, so the key advertises no SEIPDv2), AES-256 (the key's
 * first preference), uncompressed, armored.
 */
const PQC_RESOLVES = { ...OPENPGP_JS_RESOLVES, keyVersion: 'v6', keyAlgo: 'mlkem768-x25519' };

const parts = openPgpAdapterParts('openpgp-pqc', driver, { pke: OPENPGP_JS_LIMITS, password: OPENPGP_JS_LIMITS });

/** @protontech/openpgp in process. */
export const openpgpPqc = defineAdapter({
  id: 'openpgp-pqc',
  library: '@protontech/openpgp',
  kind: 'in-process',
  variant: 'explicit',
  description:
    "Proton's openpgp.js fork in process (draft-ietf-openpgp-pqc: ML-KEM-768+X25519 subkeys under ML-DSA-65+Ed25519 v6 keys), through openpgp-js's bindings with its whole config pinned",
  probe: inProcessProbe(version),
  ...parts,
  // The fork's defaults are openpgp.js's: its post-quantum keys are made only when asked for ('pqc').
  intents: {
    [openpgp.id]: {
      'encrypt-to-cert': { call: OPENPGP_JS_CALL, params: OPENPGP_JS_RESOLVES, ops: openpgpJsAsCalled(lib, 'openpgp-pqc') },
      'encrypt-to-pqc-cert': { call: PQC_CALL, params: PQC_RESOLVES, ops: openpgpJsAsCalled(lib, 'openpgp-pqc', PQC_KEY) },
    },
    [openpgpPassword.id]: { passphrase: { call: OPENPGP_JS_PASSWORD_CALL, params: OPENPGP_JS_PASSWORD_RESOLVES, ops: openpgpJsPasswordAsCalled(lib) } },
  },
});
