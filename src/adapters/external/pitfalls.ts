/**
 * Known encoding pitfalls, checked by `bothends adapter check` on whatever an adapter claims of
 * `ecdh`: the keys travel in several encodings, and each has a way to go wrong that the
 * generated keys of a run seldom meet.
 *
 * - **A secret scalar with a leading zero byte** (one key in 256): SEC 1 §2.3.7 and RFC 5915
 *   write the scalar at the field's full length, RFC 7518 §6.2.2.1 says the same of a JWK's `d`;
 *   a reader that strips the zero, or insists on a non-zero first byte, fails on these keys only.
 *   The pair is chosen so that the shared secret also begins with a zero byte (SP 800-56A
 *   §5.7.1.2 pads it to the field length).
 * - **Both shapes of each encoding**: a PKCS#8 key with and without the optional public key
 *   inside its ECPrivateKey (RFC 5915 §3: OpenSSL writes it, others do not), and a peer's public
 *   point compressed as well as uncompressed (SEC 1 §2.3.3; RFC 5480 §2.2 makes compressed
 *   points optional, so refusing one is fine, but a different secret is not).
 *
 * The expected secrets come from node:crypto (OpenSSL), the same keys in every encoding.
 */
import { createECDH, createHash } from 'node:crypto';
import { checkClaim, type Adapter } from '../../core/adapter.js';
import { bytesEqual, cappedHex, concatBytes } from '../../core/bytes.js';
import { describeError, RejectedError, UnsupportedError } from '../../core/errors.js';
import type { Params } from '../../core/model.js';
import type { Standard } from '../../core/standard.js';
import { b64url, EC_CURVES, ecPkcs8, ecSpki, encodeEcPublic, jwkBytes, pemArmor, type EcCurve, type EcPublicFormat } from '../../standards/key-encoding.js';

/** One check and its verdict, as conformance.ts reports it. */
export interface PitfallItem {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly problems?: readonly string[];
}

/** The names of the pitfall checks, in report order. */
export const PITFALL_CHECKS = ['EC secret scalar with a leading zero byte', 'both shapes of each EC key encoding'] as const;

/** OpenSSL's names of the ecdh curves. */
const OPENSSL_CURVE: Readonly<Record<EcCurve, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

/** A key pair of `curve`: the scalar at full length and the public point in both SEC 1 forms. */
interface EcPair {
  readonly curve: EcCurve;
  readonly d: Uint8Array;
  readonly point: Uint8Array;
  readonly compressed: Uint8Array;
}

function pairOf(curve: EcCurve, d: Uint8Array): EcPair {
  const e = createECDH(OPENSSL_CURVE[curve]);
  e.setPrivateKey(d);
  return { curve, d, point: Uint8Array.from(e.getPublicKey()), compressed: Uint8Array.from(e.getPublicKey(null, 'compressed')) };
}

/** The shared secret of `a`'s scalar and `b`'s point, padded to the field length (SP 800-56A §5.7.1.2). */
function secretOf(a: EcPair, b: EcPair): Uint8Array {
  const e = createECDH(OPENSSL_CURVE[a.curve]);
  e.setPrivateKey(a.d);
  const s = Uint8Array.from(e.computeSecret(b.point));
  return concatBytes(new Uint8Array(EC_CURVES[a.curve].size - s.length), s);
}

/** A scalar of `curve`'s length from a label, its first byte 0 or 1: below the order of every ecdh curve. */
function scalar(curve: EcCurve, label: string, leadingZero: boolean): Uint8Array {
  const size = EC_CURVES[curve].size;
  const out = new Uint8Array(size);
  for (let i = 0, off = 0; off < size; i++, off += 32)
    out.set(
      createHash('sha256')
        .update(`${label}/${i}`)
        .digest()
        .subarray(0, size - off),
      off,
    );
  out[0] = leadingZero ? 0 : 1;
  return out;
}

/**
 * A peer and a pair whose scalar begins with a zero byte, chosen so that their shared secret
 * begins with one too: both paddings are exercised at once.
 */
function leadingZeroPairs(curve: EcCurve): LeadingZero {
  const found = LEADING_ZERO.get(curve);
  if (found) return found;
  const peer = pairOf(curve, scalar(curve, `bothends/pitfalls/${curve}/peer`, false));
  for (let i = 0; ; i++) {
    const zero = pairOf(curve, scalar(curve, `bothends/pitfalls/${curve}/zero/${i}`, true));
    const secret = secretOf(zero, peer);
    if (secret[0] !== 0) continue;
    LEADING_ZERO.set(curve, { peer, zero, secret });
    return { peer, zero, secret };
  }
}

interface LeadingZero {
  readonly peer: EcPair;
  readonly zero: EcPair;
  readonly secret: Uint8Array;
}

/** Per curve, found once (a few hundred tries). */
const LEADING_ZERO = new Map<EcCurve, LeadingZero>();

/** The secret key of `pair` in `format`; `withPublic`: PKCS#8 carrying the public key too. */
function secretKeyIn(format: EcPublicFormat, pair: EcPair, withPublic = false): Uint8Array {
  const { curve, d, point } = pair;
  const size = EC_CURVES[curve].size;
  switch (format) {
    case 'sec1':
      return d;
    case 'der':
      return ecPkcs8(curve, d, withPublic ? point : undefined);
    case 'pem':
      return pemArmor('PRIVATE KEY', ecPkcs8(curve, d, withPublic ? point : undefined));
    case 'jwk':
      return jwkBytes({ kty: 'EC', crv: curve, x: b64url(point.subarray(1, 1 + size)), y: b64url(point.subarray(1 + size)), d: b64url(d) });
  }
}

/** The public key of `pair` in `format`; `compressed`: the SEC 1 compressed point (undefined where the format has none). */
function publicKeyIn(format: EcPublicFormat, pair: EcPair, compressed = false): Uint8Array | undefined {
  if (!compressed) return encodeEcPublic(format, pair.curve, pair.point);
  if (format === 'jwk') return undefined;
  return format === 'sec1'
    ? pair.compressed
    : format === 'der'
      ? ecSpki(pair.curve, pair.compressed)
      : pemArmor('PUBLIC KEY', ecSpki(pair.curve, pair.compressed));
}

/** The claimed (curve, keyFormat) sets of ecdh derivation, with the secret as the x-coordinate (what the checks compare). */
function claimedSets(adapter: Adapter, std: Standard): Params[] {
  const spec = (name: string) => std.params.find((p) => p.name === name)?.values ?? [];
  return spec('curve').flatMap((curve) =>
    spec('keyFormat')
      .map((keyFormat) => ({ curve, keyFormat, secretForm: 'x' }))
      .filter((p) => checkClaim(adapter, std.id, 'derive', p).ok),
  );
}

/** What went wrong with one derivation: undefined when it gave `want` (or, where `mayRefuse`, a refusal). */
async function derived(
  adapter: Adapter,
  std: Standard,
  p: Params,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  want: Uint8Array,
  mayRefuse: boolean,
): Promise<string | undefined> {
  try {
    const got = (await adapter.ops[std.id]!.derive!(p, { secretKey, publicKey }))['sharedSecret'];
    if (!got) return 'no sharedSecret in the answer';
    return bytesEqual(got, want) ? undefined : `derived ${cappedHex(got, 24)}, expected ${cappedHex(want, 24)}`;
  } catch (err) {
    if (mayRefuse && (err instanceof RejectedError || err instanceof UnsupportedError)) return undefined;
    return describeError(err);
  }
}

function verdict(name: string, problems: readonly string[], passed: string): PitfallItem {
  return problems.length === 0
    ? { name, ok: true, detail: passed }
    : { name, ok: false, detail: `${problems.length} problem(s)`, problems: problems.slice(0, 12) };
}

/** The pitfall checks on `adapter`'s ecdh claims; each passes, saying why, when nothing is claimed. */
export async function pitfallItems(adapter: Adapter, standards: readonly Standard[]): Promise<PitfallItem[]> {
  const std = standards.find((s) => s.id === 'ecdh');
  const sets = std ? claimedSets(adapter, std) : [];
  if (!std || sets.length === 0) return PITFALL_CHECKS.map((name) => ({ name, ok: true, detail: 'not applicable: no ecdh derivation claimed' }));
  const zeroProblems: string[] = [];
  const shapeProblems: string[] = [];
  let shapes = 0;
  for (const p of sets) {
    const curve = p['curve'] as EcCurve;
    const format = p['keyFormat'] as EcPublicFormat;
    const where = `ecdh ${curve} ${format}`;
    const { peer, zero, secret } = leadingZeroPairs(curve);
    const z = await derived(adapter, std, p, secretKeyIn(format, zero), publicKeyIn(format, peer)!, secret, false);
    if (z)
      zeroProblems.push(`${where}: secret scalar ${cappedHex(zero.d, 4)} with a leading zero byte at full length, shared secret ${cappedHex(secret, 4)}: ${z}`);
    const want = secretOf(peer, zero);
    if (format === 'der' || format === 'pem') {
      shapes++;
      const e = await derived(adapter, std, p, secretKeyIn(format, peer, true), publicKeyIn(format, zero)!, want, false);
      if (e) shapeProblems.push(`${where}: PKCS#8 secret key carrying its public key (RFC 5915 [1] publicKey, as OpenSSL writes it): ${e}`);
    }
    const compressed = publicKeyIn(format, zero, true);
    if (compressed) {
      shapes++;
      const e = await derived(adapter, std, p, secretKeyIn(format, peer), compressed, want, true);
      if (e) shapeProblems.push(`${where}: peer public key as a compressed point (SEC 1 §2.3.3; refusing it is allowed, another secret is not): ${e}`);
    }
  }
  const list = sets.map((p) => `${String(p['curve'])} ${String(p['keyFormat'])}`).join(', ');
  return [
    verdict(PITFALL_CHECKS[0], zeroProblems, `${sets.length} claimed set(s) (${list}) read a full-length scalar with a leading zero byte and pad the secret`),
    verdict(
      PITFALL_CHECKS[1],
      shapeProblems,
      `${shapes} other shape(s) of the claimed encodings read right or refused: PKCS#8 with its public key, compressed points`,
    ),
  ];
}
