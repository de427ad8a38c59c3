/**
 * The data model shared by every part of bothends: parameters, operations, outcomes and
 * case results. Pure types and tiny helpers; no behaviour.
 */
import type { Stage } from './errors.js';

/** One parameter value. Parameters are always explicit; no adapter fills in a default. */
export type ParamValue = string | number | boolean;

/** A resolved parameter set, e.g. `{ keyBits: 128, ivBytes: 12, tagBytes: 16 }`. */
export type Params = Readonly<Record<string, ParamValue>>;

/** Named byte inputs or outputs of one operation, e.g. `{ key, iv, aad, plaintext }`. */
export type ByteMap = Readonly<Record<string, Uint8Array>>;

/** One operation of one standard, as the adapter maps it onto its library. */
export type OpImpl = (params: Params, inputs: ByteMap) => Promise<ByteMap> | ByteMap;

/** The operations a standard may define: those its family declares (./operations.ts). Names are canonical across all standards. */
export type { OpName } from './operations.js';
import type { OpName } from './operations.js';

/** The three kinds of test of DESIGN.md, plus corpus imports and fuzzing. */
export type CaseKind = 'intent' | 'kat' | 'matrix' | 'negative' | 'fuzz' | 'import';

/** A vector test's verdict, as Wycheproof spells it. */
export type VectorResult = 'valid' | 'invalid' | 'acceptable';

/** Wycheproof's bug types: what kind of flaw a flagged test looks for. */
export const BUG_TYPES = [
  'BASIC',
  'AUTH_BYPASS',
  'CONFIDENTIALITY',
  'EDGE_CASE',
  'FUNCTIONALITY',
  'MALLEABILITY',
  'MISSING_STEP',
  'MODIFIED_PARAMETER',
  'WEAK_PARAMS',
  'KNOWN_BUG',
  'LEGACY',
  'DEFINED',
] as const;

/** A bug type. */
export type BugType = (typeof BUG_TYPES)[number];

/** One vector test as the loader delivers it (hex already decoded). */
export interface KatTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  /** Resolved citation: source title and section or test case. */
  readonly source: string;
  readonly fields: Readonly<Record<string, Uint8Array>>;
}

/** What a case expects of the consumer; `either` is Wycheproof's "acceptable". */
export type Expectation = 'accept' | 'reject' | 'either';

/** A case's outcome. Never a boolean. */
export type Outcome = 'pass' | 'fail' | 'unsupported' | 'error' | 'skipped';

/**
 * Why a failing case failed. `accepted-invalid` is a security finding. `undetected-tamper`: a
 * consumer of an unauthenticated standard (CBC, CTR, the openssl enc format) decrypted a
 * tampered input to a wrong plaintext without error. The standard allows it (the case expects
 * `either`), so it is not unexpected, but it is not a pass either: nothing caught the tampering.
 * `mismatch`: two ends told the same intent resolve it differently and do not work together.
 * `divergence`: on an input where the standard allows more than one behaviour (Wycheproof's
 * `acceptable`: an X25519 low-order point may be refused or give the all-zero secret), the two
 * ends told the same intent behave differently. Allowed, so not unexpected; not a pass either:
 * a protocol built on the sentence meets both behaviours, and the report says who did what.
 */
export type FailureKind = 'wrong-output' | 'rejected-valid' | 'accepted-invalid' | 'wrong-capability' | 'undetected-tamper' | 'mismatch' | 'divergence';

/** Every outcome, in report order. */
export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'error', 'unsupported', 'skipped'];

/** Where a vector came from: a file and test id, plus its citation. */
export interface VectorRef {
  /** Vector file, relative to the vectors root. */
  readonly file: string;
  readonly tcId: number;
  /** Citation, e.g. "RFC 8439 §2.8.2" or "generated: boundary sizes". */
  readonly source: string;
  readonly comment?: string;
  readonly flags?: readonly string[];
  /** Bug types of the flags, from the vector file's notes (Wycheproof's classification). */
  readonly bugTypes?: readonly string[];
  /** CVEs the flags' notes cite. */
  readonly cves?: readonly string[];
}

/** What each side said about its part of a case. */
export interface SideReport {
  readonly adapter: string;
  readonly op?: OpName;
  /** The implementation's own message (error text), or a short summary of its output. */
  readonly message?: string;
  /** Capped hex of the bytes this side was given (`key=… iv=…`), for the drill-down. */
  readonly input?: string;
  /** Capped hex of the bytes this side produced, for the drill-down. */
  readonly output?: string;
}

/**
 * What a case is, as both the planned case (core/case.ts, with the standard as an object) and
 * its result (with the standard's id) carry it.
 */
export interface CaseIdentity<S = string> {
  /** Stable slug, unique in a run: standard/params/kind/producer~consumer[/detail]. */
  readonly id: string;
  readonly standard: S;
  readonly kind: CaseKind;
  readonly params: Params;
  /** Slug of the parameter set, e.g. `k128-iv12-t16`. */
  readonly paramsId: string;
  /** Producer adapter id, or `vector:<file>` for known answers. */
  readonly producer: string;
  readonly consumer: string;
  readonly vector?: VectorRef;
  /** For negative cases: the tamper mutation applied. */
  readonly mutation?: string;
  readonly expected: Expectation;
  /** Normative reason for the expectation, e.g. "RFC 5116 §2.2: decryption must fail on a modified tag". */
  readonly expectedBecause: string;
}

/** The result of one case: everything a reader needs to understand and replay it. */
export interface CaseResult extends CaseIdentity {
  readonly outcome: Outcome;
  readonly failure?: FailureKind;
  readonly message: string;
  readonly stage?: Stage;
  /** `implicit`: an invalid input answered with a pseudo-random plaintext the standard permits (see Verdict.rejection). */
  readonly rejection?: 'implicit';
  /** When the outcome matches an entry of the expectations file: that entry's reason. */
  readonly known?: { readonly outcome: Outcome; readonly reason: string; readonly link?: string };
  readonly sides: readonly SideReport[];
  readonly durationMs: number;
  readonly replay: string;
  /** Intent cases: the sentence, each side's resolution as called, and for a mismatch its diagnosis. */
  readonly intent?: IntentCase;
}

/** What an intent case carries into its result. */
export interface IntentCase {
  readonly id: string;
  readonly sentence: string;
  readonly producer: { readonly call: string; readonly params: Params };
  readonly consumer: { readonly call: string; readonly params: Params };
  /** A `mismatch`: the parameters the resolutions differ in, the confirmed fix, and the text that leaves each open. */
  readonly diagnosis?: {
    readonly differs: readonly string[];
    readonly fix?: string;
    readonly because: Readonly<Record<string, string>>;
  };
  /** A `divergence`: the inputs on which the two ends behaved differently, each as the standard allows. */
  readonly divergence?: readonly Divergence[];
}

/** Two ends on one input where the standard allows either behaviour: who did what. */
export interface Divergence {
  /** The input, as the intent names it: `public key: a point of order 8`. */
  readonly input: string;
  /** The normative text that allows each behaviour. */
  readonly because: string;
  /** What the producer did on it (`refused`, `derived the all-zero secret`) and the library's own words. */
  readonly producer: Behaviour;
  readonly consumer: Behaviour;
}

/** One allowed behaviour: its short name (what the Ambiguities section groups by) and what the library said. */
export interface Behaviour {
  readonly behaviour: string;
  readonly detail?: string;
}

/** Counts of outcomes. */
export type OutcomeCounts = Record<Outcome, number>;

/** A fresh zeroed count record. */
export function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, error: 0, unsupported: 0, skipped: 0 };
}
