/**
 * What every OpenPGP adapter shares: the mapping of the `openpgp` and `openpgp-password`
 * standards' inputs onto a small driver (generate a key, encrypt to certificates, decrypt with
 * a key, the same with a password), the capability claims (per operation: an encryptor that
 * cannot choose a cipher still decrypts every cipher), and a check of every produced message
 * against the parameters: an implementation that writes another packet, cipher, S2K or armor
 * than the parameter set says is caught as `wrong-capability`, never counted as a pass.
 */
import type { Capabilities, OpImpl, OpTable, ParamClaim, StandardClaim } from '../../core/adapter.js';
import { UnsupportedError } from '../../core/errors.js';
import type { IntentResolution } from '../../core/intent.js';
import type { ByteMap, OpName, ParamValue, Params } from '../../core/model.js';
import type { Standard } from '../../core/standard.js';
import { openpgp, openpgpPassword } from '../../standards/openpgp.js';
import { SECOND_RECIPIENT_CERT_B64, SIGNER_CERT_B64, SIGNER_KEY_B64 } from '../../standards/openpgp-fixed-keys.js';
import { bodyOf, dataPacket, dearmor, encryptionOf, isArmored, packets, s2kOf } from '../../standards/openpgp-packets.js';
import { input } from '../binding.js';
import { runProgram, type ProgramOptions, type ProgramResult } from '../subprocess.js';

/** The fixed second recipient's certificate (binary). */
export const SECOND_RECIPIENT_CERT = Uint8Array.from(Buffer.from(SECOND_RECIPIENT_CERT_B64, 'base64'));
/** The fixed signer's secret key and certificate (binary). */
export const SIGNER_KEY = Uint8Array.from(Buffer.from(SIGNER_KEY_B64, 'base64'));
export const SIGNER_CERT = Uint8Array.from(Buffer.from(SIGNER_CERT_B64, 'base64'));

/** A public-key encryption request: all recipients' certificates, and the signer's key for sign-then-encrypt. */
export interface EncryptRequest {
  readonly certs: readonly Uint8Array[];
  readonly plaintext: Uint8Array;
  readonly signer?: Uint8Array;
}

/** A decryption request; with `verifyWith`, a missing or bad signature by that certificate is a rejection. */
export interface DecryptRequest {
  readonly key: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly verifyWith?: Uint8Array;
}

/** One implementation's operations, with OpenPGP's own inputs. Rejections throw RejectedError. */
export interface OpenPgpDriver {
  generateKey(p: Params): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }>;
  encrypt(p: Params, r: EncryptRequest): Promise<Uint8Array>;
  decrypt(p: Params, r: DecryptRequest): Promise<Uint8Array>;
  encryptPassword?(p: Params, password: string, plaintext: Uint8Array): Promise<Uint8Array>;
  decryptPassword?(p: Params, password: string, ciphertext: Uint8Array): Promise<Uint8Array>;
}

/** A restriction of one parameter: the values the implementation can express, for which operations, and why. */
export interface Restriction {
  readonly name: string;
  readonly values: readonly ParamValue[];
  readonly reason: string;
  readonly ops?: readonly OpName[];
}

/** `restrict('sessionCipher', ['aes256'], 'why', ['encrypt'])`. */
export function restrict(name: string, values: readonly ParamValue[], reason: string, ops?: readonly OpName[]): Restriction {
  return ops === undefined ? { name, values, reason } : { name, values, reason, ops };
}

/** What an adapter claims for each OpenPGP standard; a standard absent here is a gap with `gaps`' reason. */
export interface OpenPgpClaims {
  readonly pke: readonly Restriction[];
  readonly password?: readonly Restriction[];
  /** Why password encryption is missing, when `password` is. */
  readonly passwordGap?: string;
}

/** RFC 9580 §9.3 algorithm ids of the canonical cipher names. */
const CIPHER_IDS: Readonly<Record<number, string>> = {
  2: '3des',
  3: 'cast5',
  7: 'aes128',
  8: 'aes192',
  9: 'aes256',
  10: 'twofish',
  11: 'camellia128',
  12: 'camellia192',
  13: 'camellia256',
};

/**
 * The parameters a produced message shows on its face: armor, the encrypted data packet, the
 * cipher of SEIPDv2 and OCB packets (SEIPDv1 hides it in the encrypted session key), the S2K.
 */
function visibleMismatch(p: Params, ct: Uint8Array): string | undefined {
  const armored = isArmored(ct);
  if (armored !== (p['armor'] === 'armored')) return `armor=${String(p['armor'])} but the output is ${armored ? 'armored' : 'binary'}`;
  const enc = encryptionOf(ct);
  if (enc !== p['encryption']) return `encryption=${String(p['encryption'])} but the message has ${enc ?? 'no encrypted data packet'}`;
  if (enc !== 'seipdv1') {
    const msg = dearmor(ct);
    const id = bodyOf(msg, dataPacket(msg)!)[1]!;
    if (CIPHER_IDS[id] !== p['sessionCipher'])
      return `sessionCipher=${String(p['sessionCipher'])} but the encrypted data packet names ${CIPHER_IDS[id] ?? `algorithm ${id}`}`;
  }
  if (p['s2k'] !== undefined && s2kOf(ct) !== p['s2k']) return `s2k=${String(p['s2k'])} but the SKESK uses ${s2kOf(ct) ?? 'none'}`;
  return undefined;
}

function checked(adapterId: string, p: Params, ct: Uint8Array): ByteMap {
  const wrong = visibleMismatch(p, ct);
  if (wrong) throw new UnsupportedError(`${adapterId} was asked for ${wrong}: it does not produce what it claims`);
  return { ciphertext: ct };
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

function claimOf(std: Standard, restrictions: readonly Restriction[]): StandardClaim {
  const params: Record<string, ParamClaim> = {};
  for (const r of restrictions) {
    if (!std.params.some((s) => s.name === r.name)) throw new Error(`${std.id} has no parameter ${r.name}`);
    // A second restriction of one parameter (for other operations) is keyed `name@ops`.
    const key = params[r.name] === undefined ? r.name : `${r.name}@${(r.ops ?? []).join('+')}`;
    if (params[key] !== undefined) throw new Error(`${std.id}: two restrictions of ${key}`);
    params[key] = Object.freeze({ values: r.values, reason: r.reason, ...(r.ops ? { ops: r.ops } : {}), ...(key !== r.name ? { param: r.name } : {}) });
  }
  return Object.freeze({ ops: std.ops, params: Object.freeze(params) });
}

/** Throws UnsupportedError when `params` is outside the claim for `op` (the table and the behaviour cannot drift). */
function guard(adapterId: string, std: Standard, claim: StandardClaim, op: OpName, impl: OpImpl): OpImpl {
  return (params, inputs) => {
    for (const [key, c] of Object.entries(claim.params ?? {})) {
      if (c.ops && !c.ops.includes(op)) continue;
      const name = c.param ?? key;
      const v = params[name];
      if (v === undefined) throw new TypeError(`${std.id} ${op}: parameter ${name} is missing (no defaults)`);
      if (!c.values.includes(v)) throw new UnsupportedError(`${adapterId} ${std.id} ${op}: ${name}=${String(v)}: ${c.reason}`);
    }
    const excluded = std.excludes?.(params);
    if (excluded !== undefined) throw new TypeError(`${std.id} ${op}: not a parameter set of the standard: ${excluded}`);
    return impl(params, inputs);
  };
}

/** The capability table and operations of an OpenPGP adapter over `driver`. */
export function openPgpAdapterParts(adapterId: string, driver: OpenPgpDriver, claims: OpenPgpClaims): { capabilities: Capabilities; ops: OpTable } {
  const pkeClaim = claimOf(openpgp, claims.pke);
  const pkeOps: Partial<Record<OpName, OpImpl>> = {
    generateKeyPair: async (p) => {
      const pair = await driver.generateKey(p);
      const wrong = keyMismatch(p, pair.publicKey);
      if (wrong) throw new UnsupportedError(`${adapterId} was asked for ${wrong}: it does not produce what it claims`);
      return pair;
    },
    encrypt: async (p, i) => {
      const certs = [input(i, 'publicKey'), ...(p['recipients'] === 2 ? [SECOND_RECIPIENT_CERT] : [])];
      const ct = await driver.encrypt(p, { certs, plaintext: input(i, 'plaintext'), ...(p['signed'] === true ? { signer: SIGNER_KEY } : {}) });
      return checked(adapterId, p, ct);
    },
    decrypt: async (p, i) => ({
      plaintext: await driver.decrypt(p, {
        key: input(i, 'secretKey'),
        ciphertext: input(i, 'ciphertext'),
        ...(p['signed'] === true ? { verifyWith: SIGNER_CERT } : {}),
      }),
    }),
  };
  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {
    [openpgp.id]: Object.fromEntries(Object.entries(pkeOps).map(([op, f]) => [op, guard(adapterId, openpgp, pkeClaim, op as OpName, f)])),
  };
  const claimTable: Record<string, StandardClaim> = { [openpgp.id]: pkeClaim };
  const gaps: Record<string, string> = {};
  const { encryptPassword, decryptPassword } = driver;
  if (claims.password && encryptPassword && decryptPassword) {
    const pwClaim = claimOf(openpgpPassword, claims.password);
    const pwOps: Partial<Record<OpName, OpImpl>> = {
      encrypt: async (p, i) => checked(adapterId, p, await encryptPassword.call(driver, p, text(input(i, 'passphrase')), input(i, 'plaintext'))),
      decrypt: async (p, i) => ({ plaintext: await decryptPassword.call(driver, p, text(input(i, 'passphrase')), input(i, 'ciphertext')) }),
    };
    ops[openpgpPassword.id] = Object.fromEntries(Object.entries(pwOps).map(([op, f]) => [op, guard(adapterId, openpgpPassword, pwClaim, op as OpName, f)]));
    claimTable[openpgpPassword.id] = pwClaim;
  } else {
    gaps[openpgpPassword.id] = claims.passwordGap ?? `${adapterId} has no password-only encryption`;
  }
  return { capabilities: { claims: claimTable, gaps }, ops };
}

/**
 * The gaps every OpenPGP adapter declares for the other standards of the suite: it implements
 * OpenPGP only. Built from the registry's ids by the caller.
 */

/**
 * How an end without draft-ietf-openpgp-pqc resolves "encrypt to this post-quantum certificate":
 * refused, with its library's reason; `params`, its resolution of "encrypt to this certificate",
 * whose call the intent grid makes all the same on the post-quantum certificate (it must refuse).
 */
export function pqcRefused(params: Params, why: string): IntentResolution {
  return { call: `none: ${why}`, params: { ...params, keyVersion: 'v6', keyAlgo: 'mlkem768-x25519' }, ops: {}, refused: why };
}

/**
 * The same, for an adapter whose capabilities restrict keyAlgo, for encryption too, to algorithms
 * without draft-ietf-openpgp-pqc: refused with that restriction's reason (its library's answer to
 * such a certificate), keyed by the intent's id to spread into the adapter's intents; nothing
 * otherwise (a SOP program given by path restricts only the keys it generates, and may read them).
 */
export function pqcRefusedBy(capabilities: Capabilities, params: Params): Record<string, IntentResolution> {
  const keyAlgo = capabilities.claims[openpgp.id]?.params?.['keyAlgo'];
  const refuses = keyAlgo && (!keyAlgo.ops || keyAlgo.ops.includes('encrypt')) && !keyAlgo.values.includes('mlkem768-x25519');
  return refuses ? { 'encrypt-to-pqc-cert': pqcRefused(params, keyAlgo.reason) } : {};
}

/** Processes the OpenPGP command-line adapters started in this thread, in all and per program, with their wall time (read by the bench). */
export const openpgpSpawns = { count: 0, byProgram: {} as Record<string, { count: number; ms: number }> };

/** runProgram, counted. */
export async function spawnCounted(file: string, args: readonly string[], o: ProgramOptions = {}): Promise<ProgramResult> {
  openpgpSpawns.count++;
  const t0 = performance.now();
  try {
    return await runProgram(file, args, o);
  } finally {
    const entry = (openpgpSpawns.byProgram[file] ??= { count: 0, ms: 0 });
    entry.count++;
    entry.ms += performance.now() - t0;
  }
}

/** The first lines of a program's complaint, for a report cell. */
export function complaint(program: string, args: readonly string[], r: ProgramResult): string {
  // The JVM announces the options it was given (pgpainless: "NOTE: Picked up JDK_JAVA_OPTIONS: …"): not the program's complaint.
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('NOTE: Picked up '));
  const said = lines.slice(-3).join(' | ').slice(0, 400);
  return `${program} ${args[0] ?? ''} exited with ${r.code}${said ? `: ${said}` : ''}`;
}

/** Primary key packet algorithm ids (RFC 9580 §9.1, draft-ietf-openpgp-pqc) of the canonical keyAlgo names. */
const KEY_ALGOS: Readonly<Record<number, string>> = { 22: 'cv25519-legacy', 27: 'x25519', 30: 'mlkem768-x25519' };
/** The encryption subkey algorithm a keyAlgo also needs, where the primary key does not tell: ML-KEM-768+X25519 (35). */
const SUBKEY_ALGOS: Readonly<Record<string, number>> = { 'mlkem768-x25519': 35 };

/** Checks a generated certificate against keyVersion and keyAlgo; the mismatch, or undefined. */
export function keyMismatch(p: Params, cert: Uint8Array): string | undefined {
  const msg = dearmor(cert);
  const primary = packets(msg).find((q) => q.tag === 6);
  if (!primary) return 'the certificate has no primary key packet';
  const b = bodyOf(msg, primary);
  const version = `v${String(b[0])}`;
  const rsaBits = b[0] === 4 && b[5] === 1 ? (b[6]! << 8) + b[7]! : 0;
  const algo = rsaBits ? `rsa${rsaBits}` : (KEY_ALGOS[b[5]!] ?? `algorithm ${String(b[5])}`);
  if (version !== p['keyVersion']) return `keyVersion=${String(p['keyVersion'])} but it generated a ${version} key`;
  if (algo !== p['keyAlgo']) return `keyAlgo=${String(p['keyAlgo'])} but its primary key is ${algo}`;
  const sub = SUBKEY_ALGOS[String(p['keyAlgo'])];
  if (sub !== undefined && !packets(msg).some((q) => q.tag === 14 && bodyOf(msg, q)[5] === sub))
    return `keyAlgo=${String(p['keyAlgo'])} but it has no subkey of algorithm ${sub}`;
  return undefined;
}
