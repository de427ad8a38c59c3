/**
 * What `bothends bench` measures, as data: the renderers in src/report are pure functions of it,
 * and a report can carry it (core/report-model.ts).
 */
import type { OpName, Params } from './model.js';

/** Bumped on any incompatible change of {@link ThroughputData}. */
export const THROUGHPUT_SCHEMA_VERSION = 1;

/** The subject name of the reference rows. */
export const REFERENCE_SUBJECT = 'openssl speed';

/** One cell: one subject (adapter or reference), one standard, one message size. */
export interface ThroughputCell {
  /** Adapter id, or {@link REFERENCE_SUBJECT}. */
  readonly subject: string;
  readonly reference: boolean;
  readonly standard: string;
  readonly paramsId: string;
  readonly op: OpName;
  /** Plaintext bytes per operation; null for operations without a message (key agreement). */
  readonly size: number | null;
  readonly status: 'measured' | 'unsupported' | 'skipped' | 'error';
  readonly ops?: number;
  readonly seconds?: number;
  readonly opsPerSec?: number;
  /** 10^6 plaintext bytes per second; absent when `size` is null. */
  readonly mbPerSec?: number;
  /** Why a cell was not measured, or the reference cipher's name. */
  readonly message?: string;
}

/** One subject as the run saw it. */
export interface SubjectInfo {
  readonly id: string;
  readonly library: string;
  readonly kind: string;
  readonly version: string | null;
  readonly available: boolean;
  readonly reason?: string;
}

/** Everything `bothends bench` measured; the renderers are pure functions of it. */
export interface ThroughputData {
  readonly schemaVersion: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: {
    readonly node: string;
    readonly openssl: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
  };
  readonly timeBoxMs: number;
  readonly sizes: readonly number[];
  readonly seed: string;
  readonly subjects: readonly SubjectInfo[];
  readonly standards: ReadonlyArray<{ readonly id: string; readonly title: string; readonly paramsId: string; readonly params: Params }>;
  readonly cells: readonly ThroughputCell[];
}
