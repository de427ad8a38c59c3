/**
 * The results document (`report.json`). Its JSON Schema is `schemas/report.schema.json`;
 * renderers are pure functions of this document.
 */
import type { ThroughputData } from '../core/throughput-model.js';
import type { AdapterKind, Variant } from './adapter.js';
import type { CorporaSection } from './corpora-model.js';
import type { Ambiguity, IntentInfo } from './intent.js';
import type { CaseResult, OutcomeCounts, Params } from './model.js';

/** Bumped on any incompatible change of this document. */
export const REPORT_SCHEMA_VERSION = 2;

/** One adapter as the run saw it. */
export interface AdapterInfo {
  readonly id: string;
  readonly library: string;
  readonly kind: AdapterKind;
  readonly variant: Variant;
  readonly description: string;
  readonly version: string | null;
  /** What else the probe read: the backend, profile or library underneath (e.g. `openssl 3.0.19`, a SOP backend). */
  readonly detail?: string;
  readonly available: boolean;
  /** Why it is unavailable, with the install command when there is one. */
  readonly reason?: string;
  /** Claimed standards with their operations, and the reason for every gap. */
  /** Per claimed standard: the operations, the declared limits, and `rejection: 'implicit'` where the adapter declares implicit rejection. */
  readonly claims: Readonly<Record<string, { readonly ops: readonly string[]; readonly limits: readonly string[]; readonly rejection?: 'implicit' }>>;
  readonly gaps: Readonly<Record<string, string>>;
}

/** One standard as the run saw it. */
export interface StandardInfo {
  readonly id: string;
  readonly title: string;
  readonly family: string;
  readonly references: readonly string[];
  readonly layout: string;
  readonly paramSets: ReadonlyArray<{ readonly id: string; readonly params: Params }>;
}

/** The whole results document. */
export interface Report {
  readonly schemaVersion: number;
  readonly suite: { readonly name: 'bothends'; readonly version: string; readonly commit: string | null };
  readonly environment: { readonly node: string; readonly openssl: string; readonly platform: string; readonly arch: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly seed: string;
  /** The resolved configuration: filters, timeouts, concurrency, vector directory. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly adapters: readonly AdapterInfo[];
  readonly standards: readonly StandardInfo[];
  readonly results: readonly CaseResult[];
  /** Every intent of the standards run, with the resolutions of the adapters that took part ("as called"). */
  readonly intents: readonly IntentInfo[];
  /** The intents whose open parameters the implementations resolve in more than one way: for standards bodies. */
  readonly ambiguities: readonly Ambiguity[];
  /**
   * Problems met on the way that are not case outcomes: malformed vector files (file, JSON
   * path, tcId), stale expectation entries, adapters whose probe crashed.
   */
  readonly problems: ReadonlyArray<{ readonly kind: 'vector' | 'expectation' | 'adapter'; readonly message: string }>;
  /** Present when external corpora were imported: inventory, per-adapter conformance, uncovered tests, acceptable policy. */
  readonly corpora?: CorporaSection;
  /** Present when a `bothends bench` result was attached (`--throughput FILE`): its bench.json, as measured. */
  readonly throughput?: ThroughputData;
  readonly summary: {
    readonly total: number;
    readonly outcomes: OutcomeCounts;
    /** Results whose outcome differs from the expectations file (a fail or error not listed as known). */
    readonly unexpected: number;
    readonly securityFindings: number;
    readonly byAdapter: Readonly<Record<string, OutcomeCounts>>;
    readonly byStandard: Readonly<Record<string, OutcomeCounts>>;
    /** Per standard, the intent cases alone ("as called"); byStandard less these is "configured identically". */
    readonly asCalled: Readonly<Record<string, OutcomeCounts>>;
  };
}
