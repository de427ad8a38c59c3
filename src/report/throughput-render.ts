/**
 * The three renderings of a throughput run: a terminal table, Markdown, and a self-contained
 * HTML page with the inline SVG chart. Each is a pure function of {@link ThroughputData}; the
 * tables are built once and only spelled differently.
 */
import { escapeHtml } from './text.js';
import { renderThroughputSvg } from './throughput-svg.js';
import type { ThroughputCell, ThroughputData } from '../core/throughput-model.js';
import { cellLabel, formatMBps, formatOps, formatSize } from './units.js';

/** One standard's table: a header and one row per subject. */
interface Table {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** What one cell shows: the rates, or the status (details are listed under the table). */
function cellText(c: ThroughputCell | undefined): string {
  if (!c) return '';
  if (c.status !== 'measured') return c.status;
  const ops = formatOps(c.opsPerSec ?? 0);
  return c.mbPerSec === undefined ? ops : `${formatMBps(c.mbPerSec)} (${ops})`;
}

/** One table per standard that has cells, subjects in the order they were measured. */
export function throughputTables(data: ThroughputData): Table[] {
  const tables: Table[] = [];
  for (const std of data.standards) {
    const cells = data.cells.filter((c) => c.standard === std.id);
    if (cells.length === 0) continue;
    const sizes = [...new Set(cells.map((c) => c.size))];
    const subjects = [...new Set(cells.map((c) => c.subject))];
    const head = ['implementation', ...sizes.map((s) => (s === null ? 'per operation' : formatSize(s)))];
    const rows = subjects.map((subject) => {
      const own = cells.filter((c) => c.subject === subject);
      return [cellLabel(own[0]!, std.paramsId), ...sizes.map((size) => cellText(own.find((c) => c.size === size)))];
    });
    tables.push({ title: `${std.id} · ${std.paramsId} — ${cells[0]!.op}`, head, rows });
  }
  return tables;
}

/** Cells that were not measured, each once per subject and standard, with the reason. */
function notes(data: ThroughputData): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of data.cells) {
    if (c.status === 'measured') continue;
    const key = `${c.subject}|${c.standard}|${c.status}|${c.message ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`${c.subject} · ${c.standard}: ${c.status}${c.message ? ` — ${c.message}` : ''}`);
  }
  return out;
}

function header(data: ThroughputData): string[] {
  const e = data.environment;
  const subjects = data.subjects.map((s) => `${s.id} ${s.available ? (s.version ?? '') : `(not available: ${s.reason ?? 'unknown'})`}`.trim());
  return [
    `Node.js ${e.node}, OpenSSL ${e.openssl}, ${e.platform} ${e.arch}, ${e.cpus} × ${e.cpuModel}`,
    `each cell: ${data.timeBoxMs} ms of the standard's first matrix parameter set (or, named beside the implementation, the first it supports), one operation at a time; MB/s = 10^6 plaintext bytes per second`,
    `implementations: ${subjects.join('; ')}`,
  ];
}

/** Plain-text table for the terminal. */
export function renderTerminal(data: ThroughputData): string {
  const lines = header(data);
  for (const t of throughputTables(data)) {
    const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
    const line = (cols: readonly string[]): string =>
      cols
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    lines.push('', t.title, line(t.head), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line));
  }
  const n = notes(data);
  if (n.length) lines.push('', 'not measured:', ...n.map((x) => `  ${x}`));
  return `${lines.join('\n')}\n`;
}

/** Markdown table cell text: pipes and line breaks cannot break the table. */
function md(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([*_`<>[\]])/g, '\\$1');
}

/** Markdown for bench.md. */
export function renderThroughputMarkdown(data: ThroughputData): string {
  const parts = ['# bothends bench — throughput', '', ...header(data).map((l) => `- ${md(l)}`)];
  for (const t of throughputTables(data)) {
    parts.push('', `## ${md(t.title)}`, '', `| ${t.head.map(md).join(' | ')} |`, `|${t.head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const r of t.rows) parts.push(`| ${r.map(md).join(' | ')} |`);
  }
  const n = notes(data);
  if (n.length) parts.push('', '## Not measured', '', ...n.map((x) => `- ${md(x)}`));
  return `${parts.join('\n')}\n`;
}

/** A self-contained page (no scripts, no network): header, tables, and the chart. */
export function renderThroughputHtml(data: ThroughputData): string {
  const tables = throughputTables(data).map((t) => {
    const head = `<tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
    const rows = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
    return `<h2>${escapeHtml(t.title)}</h2>\n<table>\n${head}\n${rows}\n</table>`;
  });
  const n = notes(data);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>bothends bench — throughput</title>',
    '<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}th:first-child{text-align:left}</style>',
    '</head><body>',
    '<h1>bothends bench — throughput</h1>',
    `<ul>${header(data)
      .map((l) => `<li>${escapeHtml(l)}</li>`)
      .join('')}</ul>`,
    renderThroughputSvg(data),
    ...tables,
    n.length ? `<h2>Not measured</h2>\n<ul>${n.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '',
    '</body></html>',
    '',
  ].join('\n');
}
