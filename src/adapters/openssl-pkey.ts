/**
 * The `openssl genpkey` / `openssl pkeyutl` bindings of the `openssl-cli` adapter: RSA-OAEP,
 * RSAES-PKCS1-v1_5, ECDH and X25519, one process per operation, argument arrays only, keys in
 * files of a private temporary directory, data on stdin and stdout.
 *
 * Facts of the OpenSSL 3.0 command line these bindings rely on:
 * - `pkeyutl -pkeyopt rsa_oaep_md:… -pkeyopt rsa_mgf1_md:…` sets the two OAEP hashes
 *   separately (MGF1 follows the OAEP hash only when not given); `rsa_oaep_label:` takes hex.
 * - `genpkey` writes PKCS#8 PEM. But `pkey -outform DER` (and `genpkey -outform DER`) write
 *   the traditional structure for RSA and EC (PKCS#1 RSAPrivateKey, SEC 1 ECPrivateKey), not
 *   PKCS#8: the PKCS#8 DER of `keyFormat: der` is made with `pkcs8 -topk8 -nocrypt`.
 *   PKCS#1 comes from `rsa -traditional` and `rsa -RSAPublicKey_out`.
 * - `-keyform`/`-peerform DER` read SPKI, PKCS#8 and the traditional structures alike. There
 *   is no raw key import and no JWK at all: SEC 1 and raw X25519 keys get their fixed DER
 *   wrappers (RFC 5480/5915, RFC 8410), and come out of a generated key the same way.
 * - A key it cannot read fails with "Could not read … key"; a bad ciphertext with "Public Key
 *   operation error"; both exit non-zero, and OpenSSL may have written to stdout regardless.
 * - RSAES-PKCS1-v1_5 decryption in 3.0 rejects explicitly (implicit rejection came in 3.2).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpImpl } from '../core/adapter.js';
import { toHex } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import { HASHES } from '../core/registry.js';
import { ecdh } from '../standards/ecdh.js';
import { ecPkcs8, ecPointOfSpki, ecScalarOfPkcs8, ecSpki, type EcCurve } from '../standards/key-encoding.js';
import { PKCS1_DEFAULT, rsaOaep } from '../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../standards/rsaes-pkcs1-v1_5.js';
import { x25519 } from '../standards/x25519.js';
import { input, num, oneOf, type Binding, type ParamRule } from './binding.js';
import { KeyRejectedError } from './key-import.js';
import { runProgram, withoutThreadIds, withTempDir } from './subprocess.js';
import { x25519Pkcs8, x25519Spki } from './x25519-der.js';

/** What the failure of a call means: our own work (`own`) or a refusal of received input. */
type Side = 'own' | 'receive';

const KEY_UNREADABLE = /Could not (read|find)|unable to load|Error reading peer key|peer key/i;

/** A 4096-bit genpkey on a busy two-core machine can take tens of seconds; other calls take milliseconds. */
const GENPKEY_TIMEOUT_MS = 120_000;

/** Runs `openssl args` with `stdin`; returns stdout, or throws a rejection or an error by what failed. */
async function openssl(args: readonly string[], stdin: Uint8Array | undefined, side: Side, cwd?: string): Promise<Uint8Array> {
  const timeout = args[0] === 'genpkey' ? { timeoutMs: GENPKEY_TIMEOUT_MS } : {};
  const r = await runProgram('openssl', args, { ...(stdin ? { input: stdin } : {}), ...(cwd ? { cwd } : {}), ...timeout });
  if (r.code === 0) return r.stdout;
  const message = `openssl ${args[0]} exited with ${r.code}: ${withoutThreadIds(r.stderr).trim().split('\n').slice(0, 2).join(' | ').slice(0, 300)}`;
  if (side === 'receive' && KEY_UNREADABLE.test(r.stderr)) throw new KeyRejectedError(message);
  if (side === 'receive') throw new RejectedError(message);
  throw new Error(message);
}

/** The DER or PEM `-keyform` of a keyFormat; raw and SEC 1 keys travel wrapped in DER. */
const keyform = (format: string): 'DER' | 'PEM' => (format.endsWith('pem') ? 'PEM' : 'DER');

/** A generated key pair, exported in `format` from genpkey's PKCS#8 PEM. */
async function exportPair(pem: Uint8Array, format: string): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const run = (args: string[]): Promise<Uint8Array> => openssl(args, pem, 'own');
  switch (format) {
    case 'pem':
      return { publicKey: await run(['pkey', '-pubout']), secretKey: pem };
    case 'pkcs1-der':
    case 'pkcs1-pem': {
      const form = ['-outform', keyform(format)];
      return { publicKey: await run(['rsa', '-RSAPublicKey_out', ...form]), secretKey: await run(['rsa', '-traditional', ...form]) };
    }
    default:
      // der, and the DER that sec1 and raw keys are cut from.
      return { publicKey: await run(['pkey', '-pubout', '-outform', 'DER']), secretKey: await run(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER']) };
  }
}

/** genpkey with `options`, exported in `format` (sec1 and raw from the DER). */
async function generate(
  options: readonly string[],
  format: string,
  cut?: (der: { publicKey: Uint8Array; secretKey: Uint8Array }) => ByteMap,
): Promise<ByteMap> {
  const pem = await openssl(['genpkey', ...options], undefined, 'own');
  const pair = await exportPair(pem, format);
  return cut && (format === 'sec1' || format === 'raw') ? cut(pair) : pair;
}

/** Writes the named keys into a private directory and runs `pkeyutl` there. */
function pkeyutl(files: Readonly<Record<string, Uint8Array>>, args: readonly string[], stdin: Uint8Array | undefined): Promise<Uint8Array> {
  return withTempDir(async (dir) => {
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes, { mode: 0o600 });
    return openssl(['pkeyutl', ...args], stdin, 'receive', dir);
  });
}

const HASH_NAME = (h: unknown): string => String(h).toLowerCase().replace('-', '');

/** `-pkeyopt` arguments of the RSA scheme of a parameter set. */
function rsaOptions(p: Params, i: ByteMap): string[] {
  if (p['oaepHash'] === undefined) return ['-pkeyopt', 'rsa_padding_mode:pkcs1'];
  const label = input(i, 'label');
  return [
    '-pkeyopt',
    'rsa_padding_mode:oaep',
    '-pkeyopt',
    `rsa_oaep_md:${HASH_NAME(p['oaepHash'])}`,
    '-pkeyopt',
    `rsa_mgf1_md:${HASH_NAME(p['mgf1Hash'])}`,
    ...(label.length > 0 ? ['-pkeyopt', `rsa_oaep_label:${toHex(label)}`] : []),
  ];
}

const rsaOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: (p) => generate(['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${num(p, 'modulusBits')}`], String(p['keyFormat'])),
  async encrypt(p, i) {
    const args = ['-encrypt', '-pubin', '-inkey', 'key', '-keyform', keyform(String(p['keyFormat'])), ...rsaOptions(p, i)];
    return { ciphertext: await pkeyutl({ key: input(i, 'publicKey') }, args, input(i, 'plaintext')) };
  },
  async decrypt(p, i) {
    const args = ['-decrypt', '-inkey', 'key', '-keyform', keyform(String(p['keyFormat'])), ...rsaOptions(p, i)];
    return { plaintext: await pkeyutl({ key: input(i, 'secretKey') }, args, input(i, 'ciphertext')) };
  },
};

/** Derive with `pkeyutl -derive`; `wrap` puts raw keys into their DER structures. */
function agreementOps(
  genOptions: (p: Params) => string[],
  wrap: (p: Params) => { secret: (b: Uint8Array) => Uint8Array; pub: (b: Uint8Array) => Uint8Array },
  cut: (p: Params) => (der: { publicKey: Uint8Array; secretKey: Uint8Array }) => ByteMap,
): Partial<Record<OpName, OpImpl>> {
  return {
    generateKeyPair: (p) => generate(genOptions(p), String(p['keyFormat']), cut(p)),
    async derive(p, i) {
      const format = String(p['keyFormat']);
      const raw = format === 'sec1' || format === 'raw';
      const w = wrap(p);
      const files = { key: raw ? w.secret(input(i, 'secretKey')) : input(i, 'secretKey'), peer: raw ? w.pub(input(i, 'publicKey')) : input(i, 'publicKey') };
      const form = keyform(format);
      return { sharedSecret: await pkeyutl(files, ['-derive', '-inkey', 'key', '-keyform', form, '-peerkey', 'peer', '-peerform', form], undefined) };
    },
  };
}

const curveOf = (p: Params): EcCurve => String(p['curve']) as EcCurve;

const ecdhOps = agreementOps(
  (p) => ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curveOf(p)}`, '-pkeyopt', 'ec_param_enc:named_curve'],
  (p) => ({ secret: (b) => ecPkcs8(curveOf(p), b), pub: (b) => ecSpki(curveOf(p), b) }),
  () => (der) => ({ publicKey: ecPointOfSpki(der.publicKey).point, secretKey: ecScalarOfPkcs8(der.secretKey) }),
);

/** The last 32 bytes of an RFC 8410 structure are the raw key. */
const last32 = (b: Uint8Array): Uint8Array => b.slice(b.length - 32);

const x25519Ops = agreementOps(
  () => ['-algorithm', 'X25519'],
  () => ({ secret: x25519Pkcs8, pub: x25519Spki }),
  () => (der) => ({ publicKey: last32(der.publicKey), secretKey: last32(der.secretKey) }),
);

const MODULUS: ParamRule = oneOf('modulusBits', [2048, 3072, 4096], 'genpkey rsa_keygen_bits takes any of these');
const RSA_FORMATS: ParamRule = oneOf(
  'keyFormat',
  ['der', 'pem', 'pkcs1-der', 'pkcs1-pem'],
  'the openssl 3.0 command line reads and writes DER and PEM (SPKI/PKCS#8, PKCS#1), but no JWK',
);
const NO_JWK = 'the openssl 3.0 command line has no JWK; raw keys get their fixed DER wrappers';

/** One binding per public-key standard the openssl command line implements. */
export const opensslPkeyBindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      MODULUS,
      oneOf('oaepHash', HASHES, 'pkeyutl rsa_oaep_md takes every SHA-2 digest'),
      oneOf('mgf1Hash', HASHES, 'pkeyutl rsa_mgf1_md is set separately from rsa_oaep_md'),
      oneOf('labelBytes', [0, 20], 'pkeyutl rsa_oaep_label takes any label as hex'),
      RSA_FORMATS,
    ],
    ops: rsaOps,
  },
  { standard: rsaesPkcs1v15, rules: [MODULUS, RSA_FORMATS], ops: rsaOps },
  {
    standard: ecdh,
    rules: [
      oneOf('curve', ['P-256', 'P-384', 'P-521'], 'genpkey ec_paramgen_curve knows the NIST names'),
      oneOf('keyFormat', ['sec1', 'der', 'pem'], NO_JWK),
      oneOf('secretForm', ['x'], 'pkeyutl -derive writes the x-coordinate (EVP_PKEY_derive, ECDH per SEC 1): it has no option for the shared point'),
    ],
    ops: ecdhOps,
  },
  {
    standard: x25519,
    rules: [oneOf('curve', ['X25519'], 'this binding is X25519 only'), oneOf('keyFormat', ['raw', 'der', 'pem'], NO_JWK)],
    ops: x25519Ops,
  },
];

/** RSA-OAEP as `openssl pkeyutl` is typed for it: `options` and nothing else (no rsa_mgf1_md, no label). */
function oaepAsCalled(options: readonly string[]): Partial<Record<OpName, OpImpl>> {
  return {
    generateKeyPair: rsaOps.generateKeyPair!,
    encrypt: async (p, i) => ({
      ciphertext: await pkeyutl(
        { key: input(i, 'publicKey') },
        ['-encrypt', '-pubin', '-inkey', 'key', '-keyform', keyform(String(p['keyFormat'])), ...options],
        input(i, 'plaintext'),
      ),
    }),
    decrypt: async (p, i) => ({
      plaintext: await pkeyutl(
        { key: input(i, 'secretKey') },
        ['-decrypt', '-inkey', 'key', '-keyform', keyform(String(p['keyFormat'])), ...options],
        input(i, 'ciphertext'),
      ),
    }),
  };
}

const rsaIntentParams = (oaepHash: string, mgf1Hash: string): Params => ({ modulusBits: 2048, oaepHash, mgf1Hash, labelBytes: 0, keyFormat: 'der' });

/**
 * How `openssl pkeyutl` resolves the RSA intents (pkeyutl(1): "rsa_mgf1_md:digest … If not
 * explicitly set the OAEP digest is used"; rsa_oaep_md defaults to SHA-1; the label to empty).
 */
export const opensslRsaIntents = {
  [rsaOaep.id]: {
    sha256: {
      call: 'openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 (and -decrypt)',
      params: rsaIntentParams('SHA-256', 'SHA-256'),
      ops: oaepAsCalled(['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256']),
    },
    oaep: {
      call: 'openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER -pkeyopt rsa_padding_mode:oaep (and -decrypt)',
      params: rsaIntentParams('SHA-1', 'SHA-1'),
      ops: oaepAsCalled(['-pkeyopt', 'rsa_padding_mode:oaep']),
    },
    // pkeyutl(1): rsa_padding_mode defaults to pkcs1.
    'default-padding': {
      call: 'openssl pkeyutl -encrypt -pubin -inkey pub.der -keyform DER (and -decrypt)',
      params: PKCS1_DEFAULT,
      ops: oaepAsCalled([]),
    },
  },
};
