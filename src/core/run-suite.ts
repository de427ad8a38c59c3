/**
 * One whole run: resolve the configuration, probe the adapters, load the vectors, plan,
 * execute, apply the expectations and assemble the report. Returns data; never exits.
 */
import { execFileSync } from 'node:child_process';
import { gapsFor, type Adapter, type ProbeResult } from './adapter.js';
import { ConfigError, describeError } from './errors.js';
import { expectationMatcher, type KnownDeviation } from './expectations.js';
import { matchesCasePattern } from './wildcard.js';
import { DEFAULT_TIMEOUT_MS } from './timeout.js';
import type { CaseKind, CaseResult } from './model.js';
import { projectRoot, suiteVersion } from './paths.js';
import { buildPlan, DEFAULT_KINDS, type AdapterState, type ImportProcedure, type KatFile, type PairProperty } from './plan.js';
import { REPORT_SCHEMA_VERSION, type AdapterInfo, type Report } from './report-model.js';
import { runCases } from './run-cases.js';
import { runPooled } from './pool.js';
import type { Standard } from './standard.js';
import { Summarizer } from './summary.js';
import { shardOf, type Shard } from './shard.js';
import type { Case } from './case.js';
import { ambiguities, type IntentInfo } from './intent.js';
import { familyOf } from './families/index.js';
import { shellFlag } from './shell.js';

/** Everything a run needs, already resolved (the CLI turns flags into this). */
export interface SuiteOptions {
  readonly standards: readonly Standard[];
  readonly adapters: readonly Adapter[];
  readonly kinds?: readonly CaseKind[];
  /** Case id patterns (`*` wildcard); when given, only matching cases run. */
  readonly cases?: readonly string[];
  readonly vectors: readonly KatFile[];
  /** Imported corpora (Wycheproof, ACVP): known answers and procedures, planned as kind `import`. */
  readonly imports?: readonly KatFile[];
  readonly procedures?: readonly ImportProcedure[];
  /** The property fuzz cases check (kind `fuzz`). */
  readonly fuzz?: PairProperty;
  /** The CLI command replays use: `run` (default) or `fuzz`. */
  readonly command?: string;
  /** Problems met while loading vectors; they travel into the report. */
  readonly vectorProblems?: readonly string[];
  readonly expectations?: readonly KnownDeviation[];
  readonly seed: string;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Extra replay flags every case needs (e.g. a non-default vectors directory), already quoted for a POSIX shell (see shell.ts). */
  readonly replayFlags?: string;
  /** Replay flags a case needs when an adapter takes part (`--external …`, `--sop …`, a config file), by adapter id. */
  readonly adapterReplayFlags?: Readonly<Record<string, string>>;
  /** Recorded as given in the report's `config`. */
  readonly config?: Readonly<Record<string, unknown>>;
  /**
   * Called after each case, in completion order, with the result as the report lists it (known
   * deviations marked); `index` is its position in the run's plan (after sharding).
   */
  readonly onResult?: (result: CaseResult, done: number, total: number, index: number) => void;
  /**
   * false: results are only handed to `onResult` (which streams them, e.g. to results.ndjson)
   * and the report's `results` is empty, so memory does not grow with the plan; the summary and
   * the stale expectations are counted as results arrive either way. Default true.
   */
  readonly retain?: boolean;
  /**
   * `worker` (default): in-process adapters run in worker threads, so a crash, a hang or an
   * infinite loop costs one case, not the run; `none`: everything on the main thread.
   */
  readonly isolation?: 'worker' | 'none';
  /** Worker threads; default: one per core. */
  readonly workers?: number;
  /**
   * The registries worker threads load (core imports none): module URLs exporting `adapters`
   * and `standards`, and the adapters those modules hold as this thread sees them. A case runs
   * in a worker only when both its adapters are among these; the built-in ones are filled in by
   * src/suite.ts.
   */
  readonly workerRegistry?: WorkerRegistry;
  /** Module URLs exporting more `adapters` for the workers (tests' fakes). */
  readonly workerAdapterModules?: readonly string[];
  /** Heap cap of each worker thread in MB (default 1024). */
  readonly workerMemoryMb?: number;
  readonly onWarning?: (message: string) => void;
  /**
   * Ids of the adapters the user asked for by name (`--adapter`, `--external`, `--sop`, a
   * configuration file): one that is not available never ran, which the report's problems say.
   */
  readonly requested?: readonly string[];
  /** Run only shard `index` of `count` (1-based): plan positions index-1, index-1+count, … */
  readonly shard?: Shard;
}

/** What worker threads load: see SuiteOptions.workerRegistry. */
export interface WorkerRegistry {
  readonly adapterModules: readonly string[];
  readonly standardModules: readonly string[];
  readonly adapters: readonly Adapter[];
}

const PROBE_TIMEOUT_MS = 15_000;

/** Probes one adapter; a probe that throws or hangs means "not available", with the reason. */
export async function probeAdapter(a: Adapter): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const ms = a.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  try {
    return await Promise.race([
      a.probe(),
      new Promise<ProbeResult>((resolve) => {
        timer = setTimeout(() => resolve({ available: false, reason: `probe timed out after ${ms} ms` }), ms);
      }),
    ]);
  } catch (err) {
    return { available: false, reason: `probe failed: ${describeError(err)}` };
  } finally {
    clearTimeout(timer);
  }
}

function adapterInfo(s: AdapterState, standards: readonly string[]): AdapterInfo {
  const { adapter, probe } = s;
  const claims = Object.fromEntries(
    Object.entries(adapter.capabilities.claims).map(([std, c]) => [
      std,
      {
        ops: [...c.ops],
        limits: [
          ...(c.opsReason ? [`no other operation: ${c.opsReason}${c.opsPolicy ? ` (policy: ${c.opsPolicy})` : ''}`] : []),
          ...Object.entries(c.params ?? {}).map(
            ([p, r]) =>
              `${r.param ?? p}${r.ops ? ` (${r.ops.join(', ')})` : ''} ${r.sameAs ? `= ${r.sameAs}` : `∈ {${r.values.join(', ')}}`}: ${r.reason}${r.policy ? ` (policy: ${r.policy})` : ''}`,
          ),
          ...Object.entries(c.refusedInputs ?? {}).flatMap(([op, inputs]) =>
            Object.entries(inputs ?? {}).map(([input, reason]) => `${op} takes no given ${input}: ${reason}`),
          ),
        ],
        ...(c.rejection ? { rejection: c.rejection } : {}),
      },
    ]),
  );
  return {
    id: adapter.id,
    library: adapter.library,
    kind: adapter.kind,
    variant: adapter.variant,
    description: adapter.description,
    version: probe.available ? probe.version : null,
    ...(probe.available && probe.detail ? { detail: probe.detail } : {}),
    available: probe.available,
    ...(probe.available ? {} : { reason: probe.reason + (probe.install ? ` (install: ${probe.install})` : '') }),
    claims,
    gaps: gapsFor(adapter, standards),
  };
}

function gitCommit(): string | null {
  if (process.env['BOTHENDS_COMMIT']) return process.env['BOTHENDS_COMMIT'];
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}

function patternMatcher(patterns: readonly string[]): (id: string) => boolean {
  return (id) => patterns.some((p) => matchesCasePattern(p, id));
}

/** The flags that add the case's producer and consumer again, when they were added by flags. */
function adapterFlags(byAdapter: Readonly<Record<string, string>> | undefined, c: Case): string {
  const wanted = new Set([c.producer, c.consumer].map((id) => byAdapter?.[id]).filter((f): f is string => f !== undefined));
  return [...wanted].map((f) => ` ${f}`).join('');
}

/** Plans the run: every case, filtered by `cases` patterns. Sharding is applied on top. */
export function planSuite(o: SuiteOptions, states: readonly AdapterState[]): Case[] {
  const all = buildPlan({
    standards: o.standards,
    adapters: states,
    vectors: o.vectors,
    kinds: o.kinds ?? DEFAULT_KINDS,
    ...(o.imports ? { imports: o.imports } : {}),
    ...(o.procedures ? { procedures: o.procedures } : {}),
    ...(o.fuzz ? { fuzz: o.fuzz } : {}),
  });
  if (!o.cases?.length) return all;
  const keep = patternMatcher(o.cases);
  const chosen = all.filter((c) => keep(c.id));
  if (chosen.length === 0) throw new ConfigError(`no case matches --case ${o.cases.join(' ')}`);
  return chosen;
}

/**
 * Which cases a worker thread can run: planned data cases whose adapters are in-process and
 * exist in the worker too (built in, or exported by one of `modules`).
 */
async function poolableIn(byId: ReadonlyMap<string, Adapter>, registry: WorkerRegistry | undefined, modules: readonly string[]): Promise<(c: Case) => boolean> {
  const known = new Map((registry?.adapters ?? []).map((a) => [a.id, a]));
  for (const url of modules) for (const a of ((await import(url)) as { adapters: readonly Adapter[] }).adapters) known.set(a.id, a);
  const inWorker = (id: string): boolean => id.startsWith('vector:') || (byId.get(id)?.kind === 'in-process' && known.get(id) === byId.get(id));
  return (c) => c.execute === undefined && inWorker(c.producer) && inWorker(c.consumer);
}

/** The problem line of an adapter that was asked for and is not available. */
function neverRan(s: AdapterState): string {
  const why = s.probe.available ? '' : `${s.probe.reason}${s.probe.install ? ` (install: ${s.probe.install})` : ''}`;
  return `adapter ${s.adapter.id} was asked for but never ran: ${why}`;
}

/** Runs the suite and returns the report (without results when `retain` is false). */
export async function runSuite(o: SuiteOptions): Promise<Report> {
  const startedAt = new Date();
  const t0 = performance.now();
  const states: AdapterState[] = await Promise.all(o.adapters.map(async (adapter) => ({ adapter, probe: await probeAdapter(adapter) })));
  const planned = planSuite(o, states);
  const cases = o.shard ? shardOf(planned, o.shard) : planned;
  const byId = new Map(o.adapters.map((a) => [a.id, a]));
  const flags = o.replayFlags ? ` ${o.replayFlags}` : '';
  // Expectations and counts are applied one result at a time, kept or not: one path for both.
  const matcher = expectationMatcher(o.expectations ?? []);
  const summarizer = new Summarizer();
  const retain = o.retain ?? true;
  const results: CaseResult[] = retain ? new Array<CaseResult>(cases.length) : [];
  // The Ambiguities section reads the divergent intent cases, kept even when results are not.
  const divergent: CaseResult[] = [];
  const runnerOptions = {
    seed: o.seed,
    concurrency: o.concurrency ?? 8,
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    replay: (c: Case) =>
      `npx bothends ${o.command ?? 'run'} ${shellFlag('--seed', o.seed)}${flags}${adapterFlags(o.adapterReplayFlags, c)} ${shellFlag('--case', c.id)}`,
    retain: false,
    onResult: (raw: CaseResult, done: number, total: number, index: number) => {
      const r = matcher.apply(raw);
      summarizer.add(r, index);
      if (retain) results[index] = r;
      if (r.intent?.divergence) divergent.push(r);
      o.onResult?.(r, done, total, index);
    },
  };
  if ((o.isolation ?? 'worker') === 'worker') {
    await runPooled(cases, byId, await poolableIn(byId, o.workerRegistry, o.workerAdapterModules ?? []), {
      ...runnerOptions,
      adapterModules: [...(o.workerRegistry?.adapterModules ?? []), ...(o.workerAdapterModules ?? [])],
      standardModules: o.workerRegistry?.standardModules ?? [],
      ...(o.workers ? { workers: o.workers } : {}),
      ...(o.workerMemoryMb ? { memoryMb: o.workerMemoryMb } : {}),
      ...(o.onWarning ? { onWarning: o.onWarning } : {}),
      // A public-key grid's cases read their consumer's key pairs, which a thread makes once for
      // its library (explicit and defaults variants share them): one worker per library.
      affinity: (c: Case) => (familyOf(c.standard).keyAffinity && (c.kind === 'matrix' || c.kind === 'negative') ? byId.get(c.consumer)?.library : undefined),
    });
  } else await runCases(cases, byId, runnerOptions);
  const intents = intentInfos(o.standards, states);
  const requested = new Set(o.requested ?? []);
  const problems: Report['problems'][number][] = [
    ...states.filter((s) => requested.has(s.adapter.id) && !s.probe.available).map((s) => ({ kind: 'adapter' as const, message: neverRan(s) })),
    ...(o.vectorProblems ?? []).map((message) => ({ kind: 'vector' as const, message })),
    ...matcher
      .stale()
      .map((k) => ({ kind: 'expectation' as const, message: `expectation "${k.match}" (${k.outcome}) matched no result: remove it or fix the pattern` })),
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    suite: { name: 'bothends', version: suiteVersion(), commit: gitCommit() },
    environment: { node: process.version, openssl: process.versions.openssl ?? 'unknown', platform: process.platform, arch: process.arch },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    seed: o.seed,
    config: { ...(o.config ?? {}), caseCount: planned.length, ...(o.shard ? { shard: `${o.shard.index}/${o.shard.count}` } : {}) },
    adapters: states.map((s) =>
      adapterInfo(
        s,
        o.standards.map((std) => std.id),
      ),
    ),
    standards: o.standards.map((s) => ({
      id: s.id,
      title: s.title,
      family: s.family,
      references: [...s.references],
      layout: s.layout,
      paramSets: s.matrix.map((params) => ({ id: s.paramsId(params), params })),
    })),
    results,
    intents,
    ambiguities: ambiguities(intents, divergent),
    problems,
    summary: summarizer.summary(),
  };
}

/**
 * Every intent of the standards run, with the resolution of each adapter that is installed and
 * resolves it: what the report's intent grids, resolution tables and Ambiguities section read.
 */
function intentInfos(standards: readonly Standard[], states: readonly AdapterState[]): IntentInfo[] {
  return standards.flatMap((s) =>
    (s.intents ?? []).map((i) => ({
      standard: s.id,
      id: i.id,
      sentence: i.sentence,
      fixes: i.fixes,
      open: i.open,
      resolutions: states.flatMap(({ adapter, probe }) => {
        const r = adapter.intents?.[s.id]?.[i.id];
        return r && probe.available
          ? [{ adapter: adapter.id, call: r.call, params: r.params, ...(r.refused === undefined ? {} : { refused: r.refused }) }]
          : [];
      }),
    })),
  );
}
