/**
 * The `corpora` section of `report.json`, present when a run imported external corpora
 * (Wycheproof, ACVP): what was imported from each file and why the rest was not, every
 * adapter's conformance per file, what no adapter could run, and the stated policy for
 * Wycheproof's `acceptable` tests. Pure types; built by src/vectors/importers/conformance.ts.
 */

/** Why tests were not imported. */
export type ExclusionKind =
  /** The file's format has no mapping in the importer. */
  | 'unknown-schema'
  /** The algorithm has no bothends standard (yet). */
  | 'no-standard'
  /** The group's parameters are outside the values the standard declares. */
  | 'no-parameter-set'
  /** The test's content cannot be written in the standard's canonical layout. */
  | 'not-representable'
  /** The test type cannot be run through the standard's operations. */
  | 'not-feasible';

/** Tests left out for one reason. */
export interface Exclusion {
  readonly kind: ExclusionKind;
  readonly reason: string;
  readonly groups: number;
  readonly tests: number;
}

/** One external file (or ACVP vector set) and what became of its tests. */
export interface CorpusFileEntry {
  readonly corpus: 'wycheproof' | 'acvp' | 'age-testkit' | 'hpke' | 'jose-cookbook' | 'keyfile-corpus';
  /** Corpus-prefixed path, e.g. `wycheproof/aes_gcm_test.json`; the `vector.file` of its results. */
  readonly file: string;
  /** The file's format: a Wycheproof schema name, or the ACVP algorithm and revision. */
  readonly format: string;
  readonly algorithm: string;
  readonly tests: number;
  readonly imported: number;
  /** Standards the imported tests belong to. */
  readonly standards: readonly string[];
  readonly excluded: readonly Exclusion[];
  /** Flags of `acceptable` tests that the policy table does not know (taken as `either`). */
  readonly unknownFlags: readonly string[];
}

/** An invalid input an adapter accepted: a security finding, with the vector's provenance. */
export interface AcceptedInvalid {
  readonly caseId: string;
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly bugTypes: readonly string[];
  readonly cves: readonly string[];
  /** True when the expectations file lists it as a known deviation. */
  readonly known: boolean;
}

/** One adapter against one imported file. */
export interface ConformanceRow {
  readonly file: string;
  readonly standard: string;
  /** Cases planned for this adapter (tests × operations, or procedures). */
  readonly cases: number;
  /** Cases that ran (not unsupported, not skipped). */
  readonly ran: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  /** Unsupported or skipped cases. */
  readonly declined: number;
  /** Fails and errors listed as known deviations. */
  readonly known: number;
  readonly acceptedInvalid: readonly AcceptedInvalid[];
}

/** One adapter's conformance table. */
export interface AdapterConformance {
  readonly adapter: string;
  readonly files: readonly ConformanceRow[];
}

/** Imported tests no adapter ran, with the reason. */
export interface Uncovered {
  readonly file: string;
  readonly standard: string;
  /** Parameter set, or `*` when nothing of the file was planned. */
  readonly paramsId: string;
  readonly cases: number;
  readonly reason: string;
}

/** A row of the stated policy for Wycheproof's `acceptable` tests. */
export interface PolicyRow {
  readonly flag: string;
  readonly policy: 'accept' | 'reject' | 'either' | 'neutral';
  readonly because: string;
}

/** The `corpora` section of the report. */
export interface CorporaSection {
  readonly files: readonly CorpusFileEntry[];
  readonly conformance: readonly AdapterConformance[];
  readonly uncovered: readonly Uncovered[];
  readonly acceptablePolicy: readonly PolicyRow[];
}
