/**
 * `report.md`: the report as GitHub-flavoured Markdown, for a pull request, a wiki or a mail.
 * Every piece of text that came from a result is escaped: an adapter's message is data, and a
 * hostile one must neither break a table nor inject HTML.
 */
import { OUTCOMES, type CaseResult, type OutcomeCounts } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import {
  DECLINED_NOTE,
  GLYPHS,
  KIND_TITLES,
  KNOWN_MARK,
  NO_CASE,
  adapterLimits,
  cellText,
  cornerLabel,
  displayOrder,
  groupReport,
  legend,
  standardAbout,
  summarizeDeclined,
  verdictOf,
  type Grid,
  type StandardSection,
} from './grid.js';
import { formatParams, provenance, visible } from './text.js';

/** Renders the whole report as Markdown. */
export function renderMarkdown(report: Report): string {
  const sections = groupReport(report);
  const ordered = displayOrder(sections);
  return [
    '# bothends compatibility report',
    provenanceTable(report),
    summary(report),
    adapters(report),
    securityFindings(ordered.filter((r) => verdictOf(r) === 'accepted-invalid')),
    ...sections.map(standardSection),
    nonPassing(ordered.filter((r) => r.outcome === 'fail' || r.outcome === 'error')),
    declined(report, sections),
  ].join('\n\n') + '\n';
}

function provenanceTable(report: Report): string {
  const rows = provenance(report).map(([label, value]) => [label, text(value)]);
  return [table(['run', ''], rows), '### Resolved configuration', fence(JSON.stringify(report.config, null, 2), 'json')].join('\n\n');
}

function summary(report: Report): string {
  const s = report.summary;
  const counts = OUTCOMES.map((o) => `${s.outcomes[o]} ${o}`).join(' · ');
  const key = legend()
    .map(([glyph, meaning]) => `${glyph} ${meaning}`)
    .join(' · ');
  return [
    '## Summary',
    `**${s.total} results**: ${counts}. **${s.unexpected} unexpected** (fail or error not listed as known). **${s.securityFindings} security finding${s.securityFindings === 1 ? '' : 's'}**.`,
    `Legend: ${key}`,
    '### By adapter',
    countsTable('adapter', s.byAdapter, report.adapters.map((a) => a.id)),
    '### By standard',
    countsTable('standard', s.byStandard, report.standards.map((st) => st.id)),
  ].join('\n\n');
}

function countsTable(label: string, byKey: Readonly<Record<string, OutcomeCounts>>, order: readonly string[]): string {
  const keys = [...order.filter((k) => k in byKey), ...Object.keys(byKey).filter((k) => !order.includes(k)).sort()];
  return table(
    [label, ...OUTCOMES],
    keys.map((k) => [code(k, true), ...OUTCOMES.map((o) => String(byKey[k]?.[o] ?? 0))]),
  );
}

function adapters(report: Report): string {
  const rows = report.adapters.map((a) => [
    code(a.id, true),
    text(a.library),
    a.kind,
    a.variant,
    a.version === null ? '—' : text(a.version),
    a.available ? 'available' : `**unavailable**: ${text(a.reason ?? 'no reason given')}`,
  ]);
  const gaps = report.adapters.flatMap((a) => adapterLimits(a).map(([std, limit]) => [code(a.id, true), code(std, true), text(limit)]));
  const parts = ['## Adapters', table(['adapter', 'library', 'kind', 'variant', 'version', 'status'], rows)];
  if (gaps.length > 0) parts.push('### Declared limits and gaps', table(['adapter', 'standard', 'limit or gap'], gaps));
  return parts.join('\n\n');
}

function securityFindings(findings: readonly CaseResult[]): string {
  if (findings.length === 0) return '## Security findings\n\nNone: no consumer accepted an invalid input.';
  const intro = `${findings.length} case${findings.length === 1 ? '' : 's'} where a consumer accepted an input it must reject:`;
  return ['## Security findings', intro, ...findings.map(resultBlock)].join('\n\n');
}

function standardSection(section: StandardSection): string {
  const parts = [`## ${text(section.title)} (${code(section.id)})`];
  if (section.info) parts.push(text(standardAbout(section.info)));
  for (const set of section.paramSets) {
    parts.push(`### ${code(set.paramsId)}: ${text(formatParams(set.params))}`);
    for (const grid of set.grids) parts.push(`**${KIND_TITLES[grid.kind]}**`, gridTable(grid));
  }
  return parts.join('\n\n');
}

function gridTable(grid: Grid): string {
  const rows = grid.rows.map((producer, i) => [code(producer, true), ...(grid.cells[i] ?? []).map((c) => (c ? cellText(c) : NO_CASE))]);
  return table([cornerLabel(grid.kind), ...grid.cols.map((c) => code(c, true))], rows, 'center');
}

function nonPassing(results: readonly CaseResult[]): string {
  if (results.length === 0) return '## Non-passing cells\n\nEvery case that ran passed.';
  const known = results.filter((r) => r.known).length;
  const intro = `${results.length} result${results.length === 1 ? '' : 's'} failed or errored; ${known} of them ${known === 1 ? 'is a' : 'are'} known deviation${known === 1 ? '' : 's'}.`;
  return ['## Non-passing cells', intro, ...results.map(resultBlock)].join('\n\n');
}

/** Everything a reader needs to understand and replay one result. */
function resultBlock(r: CaseResult): string {
  const outcome = r.failure ? `${r.outcome} (${r.failure})` : r.outcome;
  const known = r.known ? `; **known deviation**: ${text(r.known.reason)}${r.known.link ? ` (${text(r.known.link)})` : ''}` : '';
  const lines = [
    `- **outcome:** ${outcome}${known}`,
    `- **params:** ${code(r.standard)} ${code(r.paramsId)} (${text(formatParams(r.params))})`,
    `- **producer → consumer:** ${code(r.producer)} → ${code(r.consumer)}`,
  ];
  if (r.vector) {
    const v = r.vector;
    const flags = v.flags?.length ? ` [${v.flags.map((f) => text(f)).join(', ')}]` : '';
    lines.push(`- **vector:** ${code(v.file)} tcId ${v.tcId}: ${text(v.source)}${v.comment ? ` — ${text(v.comment)}` : ''}${flags}`);
  }
  if (r.mutation) lines.push(`- **mutation:** ${code(r.mutation)}`);
  if (r.stage) lines.push(`- **stage:** ${r.stage}`);
  lines.push(`- **expected:** ${r.expected}, because ${text(r.expectedBecause)}`, `- **message:** ${text(r.message)}`);
  for (const side of r.sides) {
    const said = [side.message ? text(side.message) : '', side.output ? `output ${code(side.output)}` : ''].filter(Boolean).join('; ');
    lines.push(`- ${code(side.adapter)}${side.op ? ` (${side.op})` : ''}: ${said || '(nothing reported)'}`);
  }
  lines.push(`- **replay:** ${code(r.replay)}`);
  return [`#### ${GLYPHS[verdictOf(r)]}${r.known ? KNOWN_MARK : ''} ${code(r.id)}`, lines.join('\n')].join('\n\n');
}

function declined(report: Report, sections: readonly StandardSection[]): string {
  const groups = summarizeDeclined(report, sections);
  if (groups.length === 0) return '## Unsupported and skipped\n\nNone.';
  const rows = groups.map((g) => [
    code(g.standard, true),
    g.paramsIds.map((p) => code(p, true)).join(', '),
    g.adapters.length > 0 ? g.adapters.map((a) => code(a, true)).join(', ') : '(various)',
    `${GLYPHS[g.outcome === 'skipped' ? 'skipped' : 'unsupported']} ${g.outcome}`,
    text(g.reason),
    String(g.cases),
  ]);
  return [
    '## Unsupported and skipped',
    text(DECLINED_NOTE),
    table(['standard', 'params', 'adapter', 'outcome', 'reason', 'cases'], rows),
  ].join('\n\n');
}

/** A GFM table. Cells are already escaped; `align` centres every column but the first. */
function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, align: 'left' | 'center' = 'left'): string {
  const rule = head.map((_, i) => (align === 'center' && i > 0 ? ':-:' : '---'));
  return [head, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * Inline text from a result: one line, Markdown punctuation that could start a link, an
 * emphasis, a table cell or an HTML tag escaped, invisible characters made visible.
 */
function text(s: string): string {
  return visible(s)
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/**
 * A code span that holds any string: a backtick run longer than any inside it. In a table a
 * pipe still ends the cell even inside a code span, so there it is escaped as GFM requires.
 */
function code(s: string, inTable = false): string {
  const body = visible(s).replace(/\r\n|\r|\n/g, ' ');
  const ticks = '`'.repeat(Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  const span = `${ticks}${pad}${body}${pad}${ticks}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A fenced block longer than any backtick run inside it. */
function fence(body: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return `${ticks}${lang}\n${visible(body)}\n${ticks}`;
}
