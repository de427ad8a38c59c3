/**
 * What bothends expects of a Wycheproof test whose result is `acceptable`: a stated policy per
 * flag, each with its normative reason. Wycheproof marks a test acceptable when implementations
 * legitimately differ; the flags say why, and some of those reasons are in fact a MUST of the
 * standard (RFC 7748 §5 requires accepting non-canonical X25519 keys), so bothends decides per
 * flag instead of accepting both outcomes everywhere.
 *
 * How the flags of one test combine: `neutral` flags only describe the test; of the others,
 * `reject` wins over `either`, which wins over `accept` (a test with a MUST-accept and a MAY-refuse
 * property may be refused). A test with no deciding flag keeps Wycheproof's meaning: `either`.
 * A flag missing from the table is reported, and also taken as `either`.
 */
import type { Expectation } from '../../core/model.js';

/** What one flag says about an `acceptable` test. */
export type FlagPolicy = 'accept' | 'reject' | 'either' | 'neutral';

/** One row of the policy table. */
export interface PolicyEntry {
  readonly policy: FlagPolicy;
  readonly because: string;
}

const MAY_REFUSE_X = 'RFC 7748 §6.1: implementations MAY check for the all-zero shared secret and abort';
const ECDH_LENIENT =
  'RFC 5480 §2.1.1 requires namedCurve in PKIX keys; implementations may refuse explicit or altered parameters, or ignore them and compute on the named curve';

/** The policy table, by Wycheproof flag. */
export const ACCEPTABLE_POLICY: Readonly<Record<string, PolicyEntry>> = {
  // X25519 / X448 (RFC 7748)
  NonCanonicalPublic: {
    policy: 'accept',
    because: 'RFC 7748 §5: implementations MUST accept non-canonical u-coordinates and process them as if reduced modulo p',
  },
  Twist: {
    policy: 'either',
    because: 'RFC 7748 §5 defines X25519/X448 for points on the twist too; Wycheproof: libraries may refuse them, but a computed result must be correct',
  },
  LowOrderPublic: { policy: 'either', because: `${MAY_REFUSE_X}; the result for a low-order point is all zeros` },
  ZeroSharedSecret: { policy: 'either', because: MAY_REFUSE_X },
  SmallPublicKey: {
    policy: 'either',
    because: 'the public key belongs to no private key (a small u); RFC 7748 does not require refusing it, some libraries do',
  },
  EdgeCaseMultiplication: { policy: 'neutral', because: 'describes the arithmetic the test exercises; the other flags decide' },
  EdgeCaseShared: { policy: 'neutral', because: 'describes the shared secret; the other flags decide' },
  SpecialPublicKey: { policy: 'neutral', because: 'describes the public key; the other flags decide' },
  Ktv: { policy: 'neutral', because: 'a known test vector; the other flags decide' },
  // ECDH (SEC 1, RFC 5480)
  CompressedPoint: { policy: 'either', because: 'SEC 1 §2.3.4 defines compressed points; RFC 5480 §2.2 makes supporting them optional' },
  CompressedPublic: { policy: 'either', because: 'SEC 1 §2.3.4 defines compressed points; RFC 5480 §2.2 makes supporting them optional' },
  InvalidAsn: { policy: 'either', because: 'a BER (not DER) encoding of a valid key: X.690 lets decoders be lenient; the key itself is valid' },
  InvalidPem: { policy: 'either', because: 'a PEM encoding RFC 7468 §3 calls non-strict; lax parsers accept it and the key itself is valid' },
  ModifiedCofactor: { policy: 'either', because: ECDH_LENIENT },
  ModifiedCurveParameter: { policy: 'either', because: ECDH_LENIENT },
  ModifiedGenerator: { policy: 'either', because: ECDH_LENIENT },
  NoCofactor: { policy: 'either', because: ECDH_LENIENT },
  UnnamedCurve: { policy: 'either', because: ECDH_LENIENT },
  UnusedParam: { policy: 'either', because: ECDH_LENIENT },
  WrongOrder: { policy: 'either', because: ECDH_LENIENT },
  // Key wrap (RFC 3394, RFC 5649, NIST SP 800-38F)
  ShortKey: { policy: 'either', because: 'RFC 3394 §2 wraps an 8-byte key as one AES block; NIST SP 800-38F §6.2 requires at least two semiblocks' },
  // RSAES-OAEP (RFC 8017)
  Constructed: { policy: 'either', because: 'a ciphertext constructed to hit an edge case of RFC 8017 §7.1.2 decoding; Wycheproof allows either outcome' },
  EncryptionWithLabel: {
    policy: 'either',
    because: 'RFC 8017 §7.1 labels are rarely supported; an implementation may refuse a non-empty label it cannot express',
  },
  SmallIntegerCiphertext: {
    policy: 'either',
    because: 'RFC 8017 §5.1.2 only requires 0 ≤ c < n; small integers are legal but suspicious, so refusing is allowed',
  },
};

/** The expectation of one `acceptable` test and its reason. */
export interface Decision {
  readonly expected: Expectation;
  readonly because: string;
  /** Flags the table does not know. */
  readonly unknownFlags: readonly string[];
}

const RANK: Readonly<Record<Exclude<FlagPolicy, 'neutral'>, number>> = { reject: 3, either: 2, accept: 1 };
const EXPECTED: Readonly<Record<Exclude<FlagPolicy, 'neutral'>, Expectation>> = { reject: 'reject', either: 'either', accept: 'accept' };

/** Decides what bothends expects of an `acceptable` test with these flags. */
export function decideAcceptable(flags: readonly string[]): Decision {
  const unknownFlags = flags.filter((f) => ACCEPTABLE_POLICY[f] === undefined);
  const deciding = flags
    .map((flag) => ({
      flag,
      entry: ACCEPTABLE_POLICY[flag] ?? { policy: 'either' as const, because: 'no bothends policy for this flag: Wycheproof’s "acceptable" stands' },
    }))
    .filter((d): d is { flag: string; entry: { policy: Exclude<FlagPolicy, 'neutral'>; because: string } } => d.entry.policy !== 'neutral');
  if (deciding.length === 0) return { expected: 'either', because: 'no flag decides: Wycheproof’s "acceptable" stands', unknownFlags };
  const top = Math.max(...deciding.map((d) => RANK[d.entry.policy]));
  const winners = deciding.filter((d) => RANK[d.entry.policy] === top);
  const policy = winners[0]!.entry.policy;
  return { expected: EXPECTED[policy], because: winners.map((w) => `${w.flag}: ${w.entry.because}`).join('; '), unknownFlags };
}
