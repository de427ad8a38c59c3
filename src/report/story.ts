/**
 * One case's full story as plain text for a terminal (`bothends explain`): what was tested, by
 * whom, what happened, why that is or is not what the standard asks, and how to replay it; then
 * the rest of its cell and what its adapters declare about the standard. An intent case adds
 * both resolutions as called and, for a mismatch, the differing parameters, the fix and the
 * normative text that leaves them open.
 */
import type { CaseResult } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import { GLYPHS, KIND_TITLES, adapterLimits, cellBreakdown, isVectorSource, makeCell, resultStatus, standardAbout, verdictOf } from './grid.js';
import { intentLines } from './intents.js';
import { formatDuration, visible } from './text.js';

/** Width of the label column. */
const LABEL = 12;

/** The story of result `id` of `report`, or undefined when the report has no such result. */
export function explainResult(report: Report, id: string): string | undefined {
  const r = report.results.find((x) => x.id === id);
  if (!r) return undefined;
  const lines: string[] = [r.id, ''];
  const add = (label: string, value: string): void => {
    const [first = '', ...rest] = visible(value).split(/\r\n|\r|\n/);
    lines.push(`  ${label.padEnd(LABEL)}${first}`, ...rest.map((l) => `  ${' '.repeat(LABEL)}${l}`));
  };
  const status = resultStatus(r);
  add('outcome', `${GLYPHS[verdictOf(r)]} ${r.failure ? `${r.outcome} (${r.failure})` : r.outcome}${status ? ` — ${status}` : ''}`);
  if (r.known) add('known', `${r.known.reason}${r.known.link ? `\n${r.known.link}` : ''}`);
  add('diagnosis', r.message);
  add('expected', `${r.expected}, because ${r.expectedBecause}`);
  if (r.stage) add('stage', r.stage);
  const info = report.standards.find((s) => s.id === r.standard);
  add('standard', info ? `${info.title} (${r.standard})\n${standardAbout(info)}` : r.standard);
  const given = r.intent ? 'fixed by the intent; each side resolves the rest as called' : 'given to both sides';
  add(
    'params',
    `${r.paramsId}: ${
      Object.entries(r.params)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ') || '(none)'
    } (${given})`,
  );
  add('kind', `${r.kind}: ${KIND_TITLES[r.kind]}`);
  add('producer', describeSide(report, r.producer));
  add('consumer', describeSide(report, r.consumer));
  // Labels longer than the column get a line of their own.
  for (const [label, value] of intentLines(r)) {
    if (label.length >= LABEL) lines.push(`  ${label}`);
    add(label.length < LABEL ? label : '', value);
  }
  if (r.vector) {
    const v = r.vector;
    const extra = [v.comment ?? '', v.flags?.length ? `flags: ${v.flags.join(', ')}` : ''].filter(Boolean);
    add('vector', [`${v.file} tcId ${v.tcId}`, v.source, ...extra].join('\n'));
  }
  if (r.mutation) add('mutation', r.mutation);
  for (const [i, side] of r.sides.entries()) {
    const said = [
      `${side.adapter}${side.op ? ` ${side.op}` : ''}: ${side.message ?? '(nothing said)'}`,
      side.input ? `given    ${side.input}` : '',
      side.output ? `produced ${side.output}` : '',
    ].filter(Boolean);
    add(i === 0 ? 'sides' : '', said.join('\n'));
  }
  add('duration', formatDuration(r.durationMs));
  add('replay', r.replay);
  lines.push('', ...context(report, r));
  return `${lines.join('\n')}\n`;
}

function describeSide(report: Report, id: string): string {
  if (isVectorSource(id)) return `${id} (known-answer vector file)`;
  const a = report.adapters.find((x) => x.id === id);
  if (!a) return id;
  return `${id}: ${a.library} ${a.version ?? '(not installed)'}${a.detail ? ` (${a.detail})` : ''}, ${a.kind}, ${a.variant}${a.available ? '' : ` — not installed: ${a.reason ?? ''}`}`;
}

/** The rest of the cell, and each adapter's declared limits for the standard. */
function context(report: Report, r: CaseResult): string[] {
  const cell = report.results.filter(
    (x) => x.standard === r.standard && x.paramsId === r.paramsId && x.kind === r.kind && x.producer === r.producer && x.consumer === r.consumer,
  );
  const out = [`  ${'same cell'.padEnd(LABEL)}${cell.length} result${cell.length === 1 ? '' : 's'}: ${cellBreakdown(makeCell(r.producer, r.consumer, cell))}`];
  for (const id of new Set([r.producer, r.consumer])) {
    const a = report.adapters.find((x) => x.id === id);
    if (!a) continue;
    const limits = adapterLimits(a).filter(([std]) => std === r.standard);
    if (limits.length > 0) out.push(`  ${'declares'.padEnd(LABEL)}${visible(`${id} for ${r.standard}: ${limits.map(([, l]) => l).join('; ')}`)}`);
  }
  return out;
}

/**
 * Result ids close to `wanted`, best first: ids it is a part of, then ids sharing the most
 * of its `/`-separated segments, then the smallest edit distance.
 */
export function closeMatches(report: Report, wanted: string, limit = 8): string[] {
  const parts = wanted.split('/');
  const scored = report.results.map((r) => {
    const segs = r.id.split('/');
    const shared = parts.filter((p, i) => segs[i] === p).length;
    return { id: r.id, contains: r.id.includes(wanted) ? 0 : 1, shared, distance: editDistance(wanted, r.id) };
  });
  scored.sort((a, b) => a.contains - b.contains || b.shared - a.shared || a.distance - b.distance || (a.id < b.id ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.id);
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
