/**
 * The benchmark document (`reports/bench.json`) and its two spellings: lines for the terminal
 * and `reports/bench.md`. Verdicts are stated against the budgets of DESIGN.md, plainly.
 */
import { formatOps } from '../src/report/units.js';
import type { OverheadResult } from './overhead.js';
import { OVERHEAD_GOAL } from './overhead.js';
import type { CliRun } from './cli-run.js';
import type { FullRunSection, MemorySection, OpenpgpSection, ProtocolSection, SideBySide } from './sections.js';
import { MEMORY_FLAT_FACTOR, casesPerSecond } from './sections.js';

/** Bumped on any incompatible change of {@link BenchDoc}. */
export const BENCH_SCHEMA_VERSION = 1;

/** Everything one `npm run bench` measured; sections left out by --only are absent. */
export interface BenchDoc {
  readonly schemaVersion: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: Readonly<Record<string, string | number | null>>;
  readonly goals: { readonly overheadRatio: number; readonly memoryFlatFactor: number; readonly protocolMsPerOp: number };
  /** `errors`: adapters whose layers could not be measured (a round trip failed), with why. */
  readonly overhead?: { readonly results: readonly OverheadResult[]; readonly errors: readonly string[] };
  readonly protocol?: ProtocolSection;
  readonly fullRun?: FullRunSection;
  readonly openpgp?: OpenpgpSection;
  readonly memory?: MemorySection;
}

/** The sections, in report order, with their titles. */
export const SECTIONS = {
  overhead: '(a) harness overhead',
  protocol: '(b) external protocol overhead',
  fullRun: '(c) full default run',
  openpgp: '(d) OpenPGP section',
  memory: '(e) peak memory against plan size',
} as const;

/** A section key. */
export type SectionKey = keyof typeof SECTIONS;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/**
 * The verdict of an overhead ratio: the harness does the bare loop's work and more, so a ratio
 * below 1 is not a pass but a measuring error (the two loops were not measured alike, or the
 * machine was busy during one of them).
 */
export function overheadVerdict(ratio: number): string {
  if (ratio < 1) return 'MEASURING ERROR (the harness cannot be faster than the bare loop it wraps)';
  return verdict(ratio <= OVERHEAD_GOAL);
}

/** The layer table of section (a): one row per adapter, one column per layer. */
export function overheadTable(results: readonly OverheadResult[]): { head: string[]; rows: string[][] } {
  const layers = ['library', 'adapter op', 'step', 'family', 'runner', 'kat runner'];
  const head = ['adapter', 'workload', ...layers.map((l) => `${l} ops/s`), 'bare ÷ runner'];
  const rows = results.map((r) => [
    r.adapter,
    `${r.standard} ${r.paramsId}, ${r.messageBytes} B`,
    ...layers.map((l) => {
      const m = r.layers.find((x) => x.name === l);
      return m ? formatOps(m.opsPerSec).replace(' ops/s', '') : '—';
    }),
    `${r.ratio.toFixed(2)} (vs ${r.bare})`,
  ]);
  return { head, rows };
}

function overheadLines(s: NonNullable<BenchDoc['overhead']>): string[] {
  const failed = s.errors.map((e) => `not measured: ${e}`);
  const head = s.results[0];
  if (!head) return failed.length ? failed : ['not measured: no available in-process adapter claims a symmetric standard'];
  const lines = [
    `work per operation: encrypt + decrypt + compare of one ${head.messageBytes}-byte message; median of interleaved rounds in one process, on one thread`,
    `${head.adapter} (${head.standard} ${head.paramsId}): ${head.bare} loop ÷ runner = ${head.ratio.toFixed(2)} (goal ≤ ${OVERHEAD_GOAL}): ${overheadVerdict(head.ratio)}` +
      ` — the harness runs ${Math.round(100 / head.ratio)}% of the bare loop's operations per second`,
  ];
  for (const r of s.results.slice(1))
    lines.push(`${r.adapter} (${r.standard} ${r.paramsId}): ${r.bare} loop ÷ runner = ${r.ratio.toFixed(2)}: ${overheadVerdict(r.ratio)}`);
  return [...lines, ...failed];
}

/** Flattens an unknown measurement into `key: value` lines (two levels deep). */
export function describeUnknown(value: unknown, prefix = '', depth = 0): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix || 'result'}: ${String(value)}`];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => (prefix ? `${prefix}: ${v}` : v));
  if (depth >= 2) return [`${prefix}: ${JSON.stringify(value)}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => describeUnknown(v, prefix ? `${prefix}.${k}` : k, depth + 1));
}

function protocolLines(s: ProtocolSection): string[] {
  if (s.status === 'measured') return describeUnknown(s.result);
  return [`${s.status}: ${s.reason}`];
}

function runLine(r: CliRun): string {
  const failed = r.exitCode === 0 || r.exitCode === 1 || r.stopped ? '' : ` (${r.stderrTail ?? 'no message'})`;
  const rss = r.peakRssMiB === null ? '' : `, peak RSS ${r.peakRssMiB} MiB`;
  const cases = r.stopped ? `${r.stopped.done} of ${r.stopped.total} cases done` : `${r.cases} cases`;
  return `${cases}, ${r.processes} processes started${rss}, exit code ${r.stopped ? 'none (stopped)' : r.exitCode}${failed}`;
}

/** The wall-time sentence of a run, finished or stopped at its limit. */
function wallLine(r: CliRun, casesPerSec: number, all = ''): string {
  if (!r.stopped) return `wall time ${seconds(r.wallMs)}${all}, of which the engine ${seconds(r.engineMs)}; ${Math.round(casesPerSec)} cases per second`;
  // Plans run in report order, the cheap symmetric grids first and RSA key generation and the
  // subprocess peers last: the rate so far flatters the rest, so the projection is a lower bound.
  const projected =
    r.stopped.total && casesPerSec > 0
      ? `; at that rate the whole run would take at least ${seconds((r.stopped.total / casesPerSec) * 1000)} (a lower bound: the slower public-key and subprocess cases come last)`
      : '';
  return `stopped at the ${seconds(r.stopped.limitMs)} limit of the benchmark's time budget (npm run bench -- --budget SECONDS): ${casesPerSec.toFixed(1)} cases per second${projected}`;
}

function fullRunLines(s: FullRunSection): string[] {
  const r = s.median;
  const all = s.runs.length > 1 ? ` (median of ${s.runs.length} runs: ${s.runs.map((x) => seconds(x.wallMs)).join(', ')})` : '';
  const lines = [wallLine(r, s.casesPerSec, all), runLine(r)];
  const p = s.pool;
  if (p) {
    const rate = (r: CliRun): string =>
      `${Math.round(casesPerSecond(r))} cases/s (${r.stopped ? `stopped at ${seconds(r.wallMs)}` : `${r.cases} cases in ${seconds(r.wallMs)}`})`;
    lines.push(
      `in-process adapters alone (${p.adapters.join(', ')}): worker pool ${rate(p.pooled)}, main thread only (--isolation none) ${rate(p.single)}: ` +
        `the pool runs ${p.speedup.toFixed(2)}× the cases per second on ${p.cores} cores`,
    );
  }
  return lines;
}

function openpgpLines(s: OpenpgpSection): string[] {
  if (s.status === 'not measured') return [`not measured: ${s.reason}`];
  const r = s.run;
  return [wallLine(r, casesPerSecond(r)), runLine(r), ...sideBySideLines(s.sideBySide)];
}

/** The same OpenPGP cells one process per operation (as the Sequoia suite drives SOP) and through bothends' scheduler, both measured in this run. */
export function sideBySideLines(s: SideBySide): string[] {
  if (s.status === 'not measured') return [`side by side: not measured: ${s.reason}`];
  const { perProcess: p, scheduler: b } = s;
  const ran = (['pass', 'fail', 'error'] as const).reduce((n, o) => n + (b.outcomes[o] ?? 0), 0);
  const lines = [
    `side by side, the same cells (openpgp ${s.paramsId}, ${p.implementations.join(', ')}${p.missing.length ? `; not installed: ${p.missing.join(', ')}` : ''}):`,
    `  one process per operation, serially (as the Sequoia suite drives SOP): ${p.pairs} cells in ${seconds(p.wallMs)}, ${p.processes} processes${p.stopped ? ` (stopped at ${seconds(p.stopped.limitMs)})` : ''}${p.failed.length ? `; ${p.failed.length} cells did not decrypt (${p.failed[0]}${p.failed.length > 1 ? ', …' : ''})` : ''}`,
    `  bothends' scheduler: ${ran} cells ran in ${seconds(b.wallMs)} (engine ${seconds(b.engineMs)}), ${b.processes} processes${b.stopped ? ` (stopped at ${seconds(b.stopped.limitMs)})` : ''}`,
  ];
  if (p.pairs > 0 && ran > 0 && !p.stopped && !b.stopped) {
    const per = (ms: number, n: number): number => ms / n;
    const ratio = per(p.wallMs, p.pairs) / per(b.wallMs, ran);
    lines.push(
      `  per cell: ${(per(p.wallMs, p.pairs) / 1000).toFixed(2)} s one process per operation, ${(per(b.wallMs, ran) / 1000).toFixed(2)} s through the scheduler (its wall time includes Node's start and the report): ${ratio.toFixed(1)}× ${ratio >= 1 ? 'faster' : 'slower'}`,
    );
  }
  return lines;
}

function memoryLines(s: MemorySection): string[] {
  const lines = s.samples.map(
    (m) =>
      `${m.cases} cases, results ${m.mode === 'stream' ? `streamed to disk (${m.streamedMiB} MiB of NDJSON)` : 'kept in memory'}: ` +
      `runner working heap ${m.runHeapMiB} MiB, plan ${m.planHeapMiB} MiB, held after the run ${m.retainedHeapMiB} MiB, peak RSS ${m.peakRssMiB} MiB, run ${seconds(m.runMs)}`,
  );
  if (s.error) return [...lines, `not measured: ${s.error}`];
  const streamed = s.samples.filter((m) => m.mode === 'stream');
  const first = streamed[0];
  const last = streamed.at(-1);
  if (!first || !last || first === last) return lines;
  const flat = s.beyondPlanRatio <= MEMORY_FLAT_FACTOR;
  const times = Math.round(last.cases / first.cases);
  lines.push(
    `peak RSS less the plan, ${last.cases} ÷ ${first.cases} cases = ${s.beyondPlanRatio.toFixed(2)} for ${times}× the cases (goal: flat, ≤ ${MEMORY_FLAT_FACTOR}): ${flat ? 'PASS' : 'FAIL, not flat'}; ` +
      `live working heap ${first.runHeapMiB} → ${last.runHeapMiB} MiB; peak RSS with the plan ${s.rssRatio.toFixed(2)}× (the plan's case objects take ${(s.planBytesPerCase / 1024).toFixed(2)} KiB each)`,
    `kept in memory, as the report of a run holds them, results take ${(s.retainedBytesPerCase / 1024).toFixed(2)} KiB of heap per case`,
  );
  return lines;
}

/** The real pipeline's memory for comparison: the full default run of section (c), worker pool and reports included. */
function realRunMemory(run: FullRunSection | undefined): string[] {
  const r = run?.median;
  if (!r || r.peakRssMiB === null) return [];
  return [
    `for comparison, the full default run (section c): ${r.cases} cases, peak RSS ${r.peakRssMiB} MiB (${((r.peakRssMiB * 1024) / Math.max(1, r.cases)).toFixed(1)} KiB per case), worker pool and reports included`,
  ];
}

/** The lines of one section, as the terminal and bench.md show them. */
export function sectionLines(doc: BenchDoc, key: SectionKey): string[] {
  switch (key) {
    case 'overhead':
      return doc.overhead ? overheadLines(doc.overhead) : [];
    case 'protocol':
      return doc.protocol ? protocolLines(doc.protocol) : [];
    case 'fullRun':
      return doc.fullRun ? fullRunLines(doc.fullRun) : [];
    case 'openpgp':
      return doc.openpgp ? openpgpLines(doc.openpgp) : [];
    case 'memory':
      return doc.memory ? [...memoryLines(doc.memory), ...realRunMemory(doc.fullRun)] : [];
  }
}

/** A warning when the machine had more work than cores at the start: the numbers are then low and noisy. */
export function busyWarning(doc: Pick<BenchDoc, 'environment'>): string | undefined {
  const load = Number(doc.environment['loadAtStart']);
  const cores = Number(doc.environment['cpus']);
  return load > cores
    ? `warning: the machine was busy (load average ${load.toFixed(1)} on ${cores} cores): absolute numbers are low and ratios noisy`
    : undefined;
}

/** `| a | b |` with pipes escaped. */
function mdRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** bench.md. */
export function renderBenchMarkdown(doc: BenchDoc): string {
  const env = Object.entries(doc.environment).map(([k, v]) => `${k} ${String(v ?? 'unknown')}`);
  const parts = ['# bothends benchmark', '', `${doc.startedAt}, ${seconds(doc.durationMs)}; ${env.join(', ')}`];
  const busy = busyWarning(doc);
  if (busy) parts.push('', `**${busy}**`);
  for (const key of Object.keys(SECTIONS) as SectionKey[]) {
    const lines = sectionLines(doc, key);
    if (lines.length === 0) continue;
    parts.push('', `## ${SECTIONS[key]}`, '', ...lines.map((l) => `- ${l}`));
    if (key === 'overhead' && doc.overhead?.results.length) {
      const t = overheadTable(doc.overhead.results);
      parts.push('', mdRow(t.head), `|${t.head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`, ...t.rows.map(mdRow));
    }
  }
  return `${parts.join('\n')}\n`;
}

/** The layer table for the terminal, columns padded. */
export function overheadTableText(results: readonly OverheadResult[]): string[] {
  const t = overheadTable(results);
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cols: readonly string[]): string =>
    cols
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(t.head), ...t.rows.map(line)];
}
