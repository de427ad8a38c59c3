/**
 * `report.html`: one self-contained page. Inline CSS and a small inline script, both pinned by
 * hash in a Content-Security-Policy that forbids every other source, so the page loads nothing
 * from anywhere and a script smuggled in through a hostile adapter message could not run even if
 * escaping failed. Drill-downs are `<details>`, so the page works without JavaScript and prints.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, type CaseResult, type Params } from '../core/model.js';
import type { AdapterInfo, Report } from '../core/report-model.js';
import {
  DECLINED_NOTE,
  GLYPHS,
  KIND_TITLES,
  KNOWN_MARK,
  NO_CASE,
  adapterLimits,
  cellBreakdown,
  cellCount,
  cellGlyph,
  cornerLabel,
  displayOrder,
  gridCells,
  groupReport,
  legend,
  standardAbout,
  summarizeDeclined,
  verdictOf,
  type Cell,
  type Grid,
  type StandardSection,
  type Verdict,
} from './grid.js';
import { escapeHtml as h, formatDuration, formatParams, provenance } from './text.js';

/** Renders the whole report as one HTML page. */
export function renderHtml(report: Report): string {
  const sections = groupReport(report);
  const ordered = displayOrder(sections);
  const title = `bothends report — ${report.suite.version} — ${report.startedAt}`;
  const body = [
    `<header><h1>bothends compatibility report</h1>${provenanceList(report)}</header>`,
    TOOLS,
    summary(report, ordered),
    contents(sections),
    adapters(report.adapters),
    ...sections.map(standardSection),
    declined(report, sections),
  ].join('\n');
  return page(title, body);
}

/** Element ids: every character outside `[A-Za-z0-9-]` encoded, parts joined by `.`, so ids never collide. */
function anchor(...parts: string[]): string {
  return parts.map((p) => [...p].map((c) => (/[A-Za-z0-9-]/.test(c) ? c : `_${(c.codePointAt(0) ?? 0).toString(16)}_`)).join('')).join('.');
}

function cellAnchor(standard: string, paramsId: string, kind: string, cell: Cell): string {
  return anchor('cell', standard, paramsId, kind, cell.producer, cell.consumer);
}

function resultAnchor(r: CaseResult): string {
  return anchor('r', r.id);
}

function provenanceList(report: Report): string {
  const items = provenance(report).map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`);
  const config = `<details><summary>resolved configuration</summary><pre>${h(JSON.stringify(report.config, null, 2))}</pre></details>`;
  return `<dl class="prov">${items.join('')}</dl>${config}`;
}

function summary(report: Report, ordered: readonly CaseResult[]): string {
  const s = report.summary;
  const counts = OUTCOMES.map((o) => `<li class="v-${o}"><span class="glyph">${GLYPHS[o]}</span> ${o} <b>${s.outcomes[o]}</b></li>`);
  const findings = ordered.filter((r) => verdictOf(r) === 'accepted-invalid');
  const nonPassing = ordered.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  return [
    '<section id="summary"><h2>Summary</h2>',
    `<p><b>${s.total}</b> results, <b>${s.unexpected}</b> unexpected (fail or error not listed as known), <b>${s.securityFindings}</b> security finding${s.securityFindings === 1 ? '' : 's'}.</p>`,
    `<ul class="counts">${counts.join('')}</ul>`,
    `<p class="legend">${legend()
      .map(([glyph, meaning]) => `<span><b>${h(glyph)}</b> ${h(meaning)}</span>`)
      .join(' · ')}</p>`,
    '<h3 id="security-findings">Security findings</h3>',
    findings.length === 0 ? '<p>None: no consumer accepted an invalid input.</p>' : resultLinks(findings),
    '<h3 id="non-passing">Non-passing results</h3>',
    nonPassing.length === 0 ? '<p>Every case that ran passed.</p>' : resultLinks(nonPassing),
    '</section>',
  ].join('\n');
}

function resultLinks(results: readonly CaseResult[]): string {
  const items = results.map(
    (r) =>
      `<li class="v-${verdictOf(r)}"><a href="#${resultAnchor(r)}"><span class="glyph">${glyphOf(r)}</span> <code>${h(r.id)}</code></a>: ${h(r.message)}${r.known ? ' <i>(known deviation)</i>' : ''}</li>`,
  );
  return `<ul class="links">${items.join('')}</ul>`;
}

function glyphOf(r: CaseResult): string {
  return GLYPHS[verdictOf(r)] + (r.known ? KNOWN_MARK : '');
}

function contents(sections: readonly StandardSection[]): string {
  const items = sections.map((s) => {
    const sets = s.paramSets.map((p) => `<li><a href="#${anchor(s.id, p.paramsId)}"><code>${h(p.paramsId)}</code></a></li>`);
    return `<li><a href="#${anchor(s.id)}">${h(s.title)}</a><ul>${sets.join('')}</ul></li>`;
  });
  return `<nav id="contents"><h2>Contents</h2><ul>${items.join('')}<li><a href="#adapters">Adapters</a></li><li><a href="#declined">Unsupported and skipped</a></li></ul></nav>`;
}

function adapters(list: readonly AdapterInfo[]): string {
  const rows = list.map((a) => {
    const limits = adapterLimits(a).map(([std, limit]) => `<li><code>${h(std)}</code>: ${h(limit)}</li>`);
    const status = a.available ? 'available' : `<b>unavailable</b>: ${h(a.reason ?? 'no reason given')}`;
    const gaps = limits.length === 0 ? '—' : `<details><summary>${limits.length}</summary><ul>${limits.join('')}</ul></details>`;
    return `<tr${a.available ? '' : ' class="v-skipped"'}><th scope="row" id="${anchor('adapter', a.id)}"><code>${h(a.id)}</code></th><td>${h(a.library)}</td><td>${h(a.kind)}</td><td>${h(a.variant)}</td><td>${a.version === null ? '—' : h(a.version)}</td><td>${status}</td><td>${gaps}</td></tr>`;
  });
  return [
    '<section id="adapters"><h2>Adapters</h2>',
    '<table><thead><tr><th scope="col">adapter</th><th scope="col">library</th><th scope="col">kind</th><th scope="col">variant</th><th scope="col">version</th><th scope="col">status</th><th scope="col">limits and gaps</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function standardSection(section: StandardSection): string {
  const parts = [`<section id="${anchor(section.id)}"><h2>${h(section.title)} <code>${h(section.id)}</code></h2>`];
  if (section.info) parts.push(`<p class="about">${h(standardAbout(section.info))}</p>`);
  for (const set of section.paramSets) {
    parts.push(`<section id="${anchor(section.id, set.paramsId)}"><h3><code>${h(set.paramsId)}</code> ${h(formatParams(set.params))}</h3>`);
    for (const grid of set.grids) parts.push(gridBlock(section.id, set.paramsId, grid));
    parts.push('</section>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

function gridBlock(standard: string, paramsId: string, grid: Grid): string {
  const head = `<tr><th scope="col">${h(cornerLabel(grid.kind))}</th>${grid.cols.map((c) => `<th scope="col"><code>${h(c)}</code></th>`).join('')}</tr>`;
  const rows = grid.rows.map((producer, i) => {
    const cells = (grid.cells[i] ?? []).map((cell) => (cell ? gridCell(standard, paramsId, grid, cell) : `<td class="none">${NO_CASE}</td>`));
    return `<tr><th scope="row"><code>${h(producer)}</code></th>${cells.join('')}</tr>`;
  });
  const drill = gridCells(grid).map((cell) => cellDetails(standard, paramsId, grid, cell));
  return [
    `<div class="grid-block" id="${anchor(standard, paramsId, grid.kind)}"><h4>${h(KIND_TITLES[grid.kind])}</h4>`,
    `<table class="grid"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`,
    `<div class="drill">${drill.join('\n')}</div></div>`,
  ].join('\n');
}

/** Colour classes for a verdict; the known-deviation hatch keeps the colour but marks it expected. */
function tone(verdict: Verdict, known: boolean): string {
  return `v-${verdict}${known ? ' known' : ''}`;
}

/** A drill-down block: bordered in its verdict's colour, opened for printing when it is a problem. */
function blockClass(kind: 'cell' | 'case', verdict: Verdict): string {
  const serious = verdict === 'accepted-invalid' || verdict === 'fail' || verdict === 'error';
  return `${kind} b-${verdict}${serious ? ' print-open' : ''}`;
}

function gridCell(standard: string, paramsId: string, grid: Grid, cell: Cell): string {
  const count = cellCount(cell);
  const title = `${cell.producer} → ${cell.consumer}: ${cellBreakdown(cell)}`;
  const label = `<span class="glyph">${cellGlyph(cell)}</span>${count ? ` <small>${count}</small>` : ''}`;
  return `<td class="${tone(cell.verdict, cell.worst.known !== undefined)}"><a href="#${cellAnchor(standard, paramsId, grid.kind, cell)}" title="${h(title)}">${label}</a></td>`;
}

function cellDetails(standard: string, paramsId: string, grid: Grid, cell: Cell): string {
  const only = cell.results.length === 1;
  const results = cell.results.map((r) => {
    const open = only ? ' open' : '';
    return `<details class="${blockClass('case', verdictOf(r))}" id="${resultAnchor(r)}"${open}><summary class="${tone(verdictOf(r), r.known !== undefined)}"><span class="glyph">${glyphOf(r)}</span> <code>${h(r.id)}</code></summary>${resultBody(r)}</details>`;
  });
  return [
    `<details class="${blockClass('cell', cell.verdict)}" id="${cellAnchor(standard, paramsId, grid.kind, cell)}">`,
    `<summary class="${tone(cell.verdict, cell.worst.known !== undefined)}"><span class="glyph">${cellGlyph(cell)}</span> <code>${h(cell.producer)}</code> → <code>${h(cell.consumer)}</code>: ${h(cellBreakdown(cell))}</summary>`,
    results.join('\n'),
    '</details>',
  ].join('\n');
}

/** The drill-down of one result: everything needed to understand and replay it. */
function resultBody(r: CaseResult): string {
  const rows: Array<readonly [string, string]> = [['outcome', h(r.failure ? `${r.outcome} (${r.failure})` : r.outcome)]];
  if (r.known) rows.push(['known deviation', `${h(r.known.reason)}${r.known.link ? ` ${webLink(r.known.link)}` : ''}`]);
  rows.push(['params', `<code>${h(r.paramsId)}</code>${paramsTable(r.params)}`], ['producer → consumer', `<code>${h(r.producer)}</code> → <code>${h(r.consumer)}</code>`]);
  if (r.vector) {
    const v = r.vector;
    const extra = [v.comment ? h(v.comment) : '', v.flags?.length ? `flags: ${v.flags.map((f) => `<code>${h(f)}</code>`).join(', ')}` : ''].filter(Boolean);
    rows.push(['vector', `<code>${h(v.file)}</code> tcId ${v.tcId}: ${h(v.source)}${extra.length ? `<br>${extra.join('<br>')}` : ''}`]);
  }
  if (r.mutation) rows.push(['mutation', `<code>${h(r.mutation)}</code>`]);
  rows.push(['expected', `${h(r.expected)}, because ${h(r.expectedBecause)}`]);
  if (r.stage) rows.push(['stage', h(r.stage)]);
  rows.push(['message', `<pre>${h(r.message)}</pre>`]);
  if (r.sides.length > 0) rows.push(['sides', sidesTable(r)]);
  rows.push(['duration', h(formatDuration(r.durationMs))], ['replay', `<pre><code>${h(r.replay)}</code></pre>`]);
  return `<dl class="result">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** A bug-tracker link: navigable when it is a web address, plain text otherwise (never `javascript:`). */
function webLink(link: string): string {
  return /^https?:\/\//i.test(link) ? `<a href="${h(link)}" rel="noreferrer">${h(link)}</a>` : h(link);
}

function paramsTable(params: Params): string {
  const rows = Object.entries(params).map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${h(String(v))}</td></tr>`);
  return rows.length === 0 ? '' : `<table class="params"><tbody>${rows.join('')}</tbody></table>`;
}

function sidesTable(r: CaseResult): string {
  const rows = r.sides.map(
    (s) =>
      `<tr><th scope="row"><code>${h(s.adapter)}</code></th><td>${h(s.op ?? '')}</td><td>${s.message ? `<pre>${h(s.message)}</pre>` : ''}</td><td>${s.output ? `<pre class="hex">${h(s.output)}</pre>` : ''}</td></tr>`,
  );
  return `<table class="sides"><thead><tr><th scope="col">adapter</th><th scope="col">op</th><th scope="col">message</th><th scope="col">output (hex)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function declined(report: Report, sections: readonly StandardSection[]): string {
  const groups = summarizeDeclined(report, sections);
  if (groups.length === 0) return '<section id="declined"><h2>Unsupported and skipped</h2><p>None.</p></section>';
  const rows = groups.map((g) => {
    const verdict: Verdict = g.outcome === 'skipped' ? 'skipped' : 'unsupported';
    const sets = g.paramsIds.map((p) => `<a href="#${anchor(g.standard, p)}"><code>${h(p)}</code></a>`).join(', ');
    const who = g.adapters.length > 0 ? g.adapters.map((a) => `<code>${h(a)}</code>`).join(', ') : '(various)';
    return `<tr class="v-${verdict}"><td><code>${h(g.standard)}</code></td><td>${sets}</td><td>${who}</td><td>${GLYPHS[verdict]} ${h(g.outcome)}</td><td>${h(g.reason)}</td><td>${g.cases}</td></tr>`;
  });
  return [
    '<section id="declined"><h2>Unsupported and skipped</h2>',
    `<p>${h(DECLINED_NOTE)}</p>`,
    '<table><thead><tr><th scope="col">standard</th><th scope="col">params</th><th scope="col">adapter</th><th scope="col">outcome</th><th scope="col">reason</th><th scope="col">cases</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

/** Buttons that only work with the script, so they stay hidden until it runs. */
const TOOLS = '<p id="tools" hidden><button type="button" data-open="1">expand all</button> <button type="button" data-open="0">collapse all</button></p>';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1280px;padding:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #c8c8c8;padding:.2rem .45rem;text-align:left;vertical-align:top}
table.grid td{text-align:center;min-width:2.8rem;padding:0}
table.grid td a{display:block;padding:.25rem .45rem;color:inherit;text-decoration:none}
table.grid td.none{color:#999}
.glyph{font-weight:700}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;background:#f4f4f4;padding:.3rem .4rem}
dl.prov{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}
dl.prov dt,dl.result dt{font-weight:600}
dl.prov dd{margin:0}
dl.result{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:.4rem 0 .6rem 1rem}
dl.result dd{margin:0}
ul.counts{list-style:none;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}
ul.counts li{padding:.3rem .6rem;border:1px solid #c8c8c8}
ul.links li{margin:.15rem 0}
details{margin:.2rem 0}
details.cell{border-left:6px solid #c8c8c8;padding-left:.4rem}
details.case{margin-left:1rem;border-left:3px solid #c8c8c8;padding-left:.4rem}
details.b-pass{border-left-color:#2f9e50}details.b-fail{border-left-color:#d1242f}details.b-accepted-invalid{border-left-color:#7a0010}details.b-error{border-left-color:#bf8700}
summary{cursor:pointer}
.v-pass{background:#d8f3dc;color:#0b4f1e}
.v-fail{background:#ffd9d4;color:#8a1005}
.v-accepted-invalid{background:#7a0010;color:#fff}
.v-error{background:#ffe6ad;color:#5f3d00}
.v-unsupported{background:#ececec;color:#4a4a4a}
.v-skipped{background:#f7f7f7;color:#6a6a6a}
details>summary{padding:.15rem .3rem}
.known{background-image:repeating-linear-gradient(135deg,transparent 0 6px,rgba(0,0,0,.07) 6px 12px)}
.legend{color:#444}
@media print{
  *{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  #tools,nav{display:none}
  body{max-width:none;padding:0}
  table.grid{page-break-inside:avoid}
}
`;

const SCRIPT = `
(function () {
  function reveal() {
    var el = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    for (var e = el; e; e = e.parentElement) if (e.tagName === 'DETAILS') e.open = true;
    if (el) el.scrollIntoView();
  }
  addEventListener('hashchange', reveal);
  reveal();
  var opened = [];
  addEventListener('beforeprint', function () {
    opened = Array.prototype.filter.call(document.querySelectorAll('details.print-open:not([open])'), function (d) { d.open = true; return true; });
  });
  addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); });
  var tools = document.getElementById('tools');
  tools.hidden = false;
  tools.addEventListener('click', function (ev) {
    var open = ev.target && ev.target.getAttribute && ev.target.getAttribute('data-open');
    if (open === null || open === undefined) return;
    document.querySelectorAll('details').forEach(function (d) { d.open = open === '1'; });
  });
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page: only the inline style and script whose hashes the policy names may run or apply. */
function page(title: string, body: string): string {
  const policy = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
