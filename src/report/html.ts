/**
 * `report.html`: one self-contained page, no network request. The summary comes first
 * (scorecards per implementation and per standard, a pair grid per standard, what failed and
 * why), then one section per standard with a grid per parameter set and kind. Grids are static
 * HTML, readable without colour and printable; the results are embedded once as JSON and a small
 * inline script builds each cell's drill-down on demand and runs the filters. Style and script
 * are pinned by hash in a Content-Security-Policy that forbids every other source, so a script
 * smuggled in through a hostile adapter message could not run even if escaping failed.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, type CaseResult } from '../core/model.js';
import type { AdapterInfo, Report } from '../core/report-model.js';
import {
  DECLINED_NOTE,
  GLYPHS,
  KIND_SHORT,
  KIND_TITLES,
  KNOWN_MARK,
  NO_CASE,
  VERDICTS,
  adapterLimits,
  conforms,
  didRun,
  displayOrder,
  groupReport,
  legend,
  resultStatus,
  standardAbout,
  summarizeDeclined,
  verdictOf,
  type StandardSection,
  type Verdict,
} from './grid.js';
import { CSS, SCRIPT } from './html-assets.js';
import { corporaContents, corporaSectionHtml } from './html-corpora.js';
import { throughputContents, throughputSectionHtml } from './html-throughput.js';
import { fragment, kindGrid, overviewGrid, pairKey, resultCellKey, resultGlyph, tone } from './html-grids.js';
import { groupIssues, issueSize, issueVerdictLabel, type Issue } from './issues.js';
import { overviews, pairWorks, PAIR_COUNT_NOTE, VECTORS_ROW, type Overview } from './overview.js';
import { ID_MARK, packResults } from './pack.js';
import { adapterScores, passRate, standardScores, type AdapterScore, type StandardScore } from './scorecard.js';
import { INVISIBLE, escapeHtml as h, formatParams, provenance } from './text.js';
import { figureText, figuresOf, fixesText, resolutionRows } from './intents.js';
import type { IntentInfo } from '../core/intent.js';

/** Verdicts the "problems only" filter keeps. */
const PROBLEMS: readonly Verdict[] = ['accepted-invalid', 'fail', 'mismatch', 'error'];

/** Up to how many failing pairs a standard's card lists unfolded. */
const NOTES_OPEN = 6;

/** How many cells an issue lists before "and N more". */
const ISSUE_CELLS_SHOWN = 8;

/** Renders the whole report as one HTML page. */
export function renderHtml(report: Report): string {
  const sections = groupReport(report);
  const ordered = displayOrder(sections);
  const adapters = new Map(report.adapters.map((a) => [a.id, a]));
  const pairGrids = overviews(report, sections);
  const issues = groupIssues(ordered);
  const main = [
    summary(report, issues),
    implementations(adapterScores(report), new Set(sections.map((s) => s.id))),
    standards(report, standardScores(pairGrids), adapters),
    ambiguitiesSection(report),
    issuesSection(issues),
    corporaSectionHtml(report.corpora, new Set(sections.map((s) => s.id)), new Set(report.results.map((r) => r.id))),
    throughputSectionHtml(report.throughput),
    ...sections.map((s) => standardSection(s, adapters)),
    capabilities(report.adapters),
    declined(report, sections),
    problems(report),
    provenanceSection(report),
  ].join('\n');
  const body = [
    '<a class="skip" href="#main">Skip to the report</a>',
    header(report),
    '<div class="layout">',
    `<aside id="side">${filters(report, sections)}${contents(sections, report)}</aside>`,
    `<main id="main">${main}</main>`,
    '</div>',
    `<script type="application/json" id="bothends-data">${embeddedData(report, ordered)}</script>`,
  ].join('\n');
  return page(`bothends report — ${report.suite.version} — ${report.startedAt}`, body);
}

/** The results and the few constants the script needs, as JSON that cannot end its script element. */
function embeddedData(report: Report, ordered: readonly CaseResult[]): string {
  const data = {
    meta: {
      verdicts: VERDICTS,
      problems: PROBLEMS,
      glyphs: GLYPHS,
      knownMark: KNOWN_MARK,
      noCase: NO_CASE,
      kinds: KIND_TITLES,
      kindShort: KIND_SHORT,
      idMark: ID_MARK,
      invisible: INVISIBLE.source,
      adapters: Object.fromEntries(report.adapters.map((a) => [a.id, `${a.library} ${a.version ?? 'not installed'}`])),
    },
    results: packResults(ordered.map(forPage)),
  };
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A result as the page embeds it: with the display facts the script would otherwise have to
 * re-derive, and without the bytes of a passing case (report.json and `bothends explain` keep
 * them; a failure's bytes are what a reader needs, and they are most of the page's weight).
 */
function forPage(r: CaseResult): CaseResult & Readonly<Record<`$${string}`, unknown>> {
  const sides = r.outcome === 'pass' ? r.sides.map(({ input: _input, output: _output, ...side }) => side) : r.sides;
  const trimmed = r.outcome === 'pass' && r.sides.some((s) => s.input !== undefined || s.output !== undefined);
  return { ...r, sides, $verdict: verdictOf(r), $ok: conforms(r), $status: resultStatus(r), ...(trimmed ? { $bytesTrimmed: true } : {}) };
}

function header(report: Report): string {
  const p = new Map(provenance(report));
  const line = [
    `${p.get('suite')}`,
    `commit ${(report.suite.commit ?? 'unknown').slice(0, 12)}`,
    `run ${report.startedAt}`,
    `seed ${report.seed}`,
    `Node.js ${report.environment.node}`,
    `OpenSSL ${report.environment.openssl}`,
    `${p.get('platform')}`,
  ].join(' · ');
  return `<header><h1>bothends compatibility report</h1><p class="sub">${h(line)} · <a href="#provenance">provenance</a></p></header>`;
}

function summary(report: Report, issues: readonly Issue[]): string {
  const s = report.summary;
  const known = report.results.filter((r) => r.known && r.outcome !== 'pass').length;
  const bad = s.unexpected > 0;
  const findings = issues.filter((i) => i.verdict === 'accepted-invalid');
  const findingText =
    s.securityFindings === 0
      ? 'no security finding'
      : `<a href="#issues">${s.securityFindings} security finding${s.securityFindings === 1 ? '' : 's'}</a> (an invalid input accepted${findings.every((i) => i.status !== 'unexpected') ? ', all known deviations' : ''})`;
  const headline = `<p class="headline${bad ? ' bad' : ''}"><b>${s.unexpected === 0 ? 'Every outcome met the expectations.' : `${s.unexpected} unexpected result${s.unexpected === 1 ? '' : 's'}.`}</b> ${s.total} results; ${known} known deviation${known === 1 ? '' : 's'}; ${findingText}.</p>`;
  const counts = OUTCOMES.map((o) => `<li class="v-${o}"><span class="glyph">${GLYPHS[o]}</span> ${o} <b>${s.outcomes[o]}</b></li>`);
  const key = [...legend(), ['n/m (pair grids)', PAIR_COUNT_NOTE] as const].map(([g, m]) => `<span><b>${h(g)}</b> ${h(m)}</span>`);
  return [
    '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>',
    headline,
    `<ul class="counts">${counts.join('')}</ul>`,
    `<p class="legend">${key.join(' ')}</p>`,
    '<noscript><p>Drill-downs and filters need JavaScript; grids, scorecards and the list of failures work without it.</p></noscript>',
    '</section>',
  ].join('\n');
}

function implementations(scores: readonly AdapterScore[], ran: ReadonlySet<string>): string {
  const rows = scores.map(({ info, standards, tally: t, deviations }) => {
    const status = info.available ? '' : `<br><small>not installed: ${h(info.reason ?? 'no reason given')}</small>`;
    const stds = standards.length
      ? `<span class="chips">${standards.map((s) => (ran.has(s) ? `<a href="#${h(s)}"><code>${h(s)}</code></a>` : `<code title="not in this run">${h(s)}</code>`)).join('')}</span>`
      : '—';
    const rate = t.ran === t.allowed ? '—' : `${passRate(t)} <meter min="0" max="${t.ran - t.allowed}" value="${t.passed}" aria-hidden="true"></meter>`;
    const dev =
      deviations.length === 0
        ? '<span class="zero">0</span>'
        : `<details><summary>${t.known} in ${deviations.length} reason${deviations.length === 1 ? '' : 's'}</summary><ul>${deviations.map((d) => `<li>${d.count} × ${h(d.reason)}</li>`).join('')}</ul></details>`;
    return `<tr data-a="${h(info.id)}"${info.available ? '' : ' class="v-skipped"'}><th scope="row"><a href="#adapter-${h(info.id)}"><code>${h(info.id)}</code></a><br><small class="lib">${h(info.library)} ${h(info.version ?? '')}</small>${status}</th><td>${stds}</td><td class="num">${rate}</td><td class="num">${t.passed} / ${t.ran - t.allowed}</td><td class="num">${number(t.findings, '‼')}</td><td>${dev}</td><td class="num">${number(t.unexpected, '')}</td><td class="num">${t.total - t.ran}</td></tr>`;
  });
  return [
    '<section id="implementations" aria-labelledby="implementations-h"><h2 id="implementations-h">Implementations</h2>',
    '<p class="legend">Counts over every case where the implementation is producer or consumer. Security findings count the cases where it consumed, and accepted, an invalid input. The pass rate leaves out tampering the standard cannot detect.</p>',
    '<table class="scorecard"><thead><tr><th scope="col">implementation</th><th scope="col">standards claimed</th><th scope="col">pass rate</th><th scope="col">passed / ran</th><th scope="col">security findings</th><th scope="col">known deviations it takes part in</th><th scope="col">unexpected</th><th scope="col">not run</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

/** A count, marked as an alert when not zero. */
function number(n: number, mark: string): string {
  return n === 0 ? '<span class="zero">0</span>' : `<span class="alert">${mark ? `${mark} ` : ''}${n}</span>`;
}

function standards(report: Report, scores: readonly StandardScore[], adapters: ReadonlyMap<string, AdapterInfo>): string {
  const rows = scores.map((s) => {
    const t = s.tally;
    const kat = s.katConsumers === 0 ? '—' : `${s.katConsumersOk} of ${s.katConsumers}`;
    const f = figuresOf(report, s.section.id);
    const called = f.asCalled ? `<a href="#${h(`${s.section.id}/as-called`)}">${h(figureText(f.asCalled))}</a>` : '—';
    const target = s.overview.rows.length > 0 ? `pairs-${s.section.id}` : s.section.id;
    return `<tr data-std="${h(s.section.id)}"><th scope="row"><a href="#${h(target)}">${h(s.section.title)}</a> <code>${h(s.section.id)}</code></th><td class="num">${called}</td><td class="num">${h(figureText(f.configured))}</td><td class="num">${s.section.paramSets.length}</td><td class="num">${s.adapters.length}</td><td class="num">${s.pairs === 0 ? '—' : `${s.pairsOk} of ${s.pairs}`}</td><td class="num">${kat}</td><td class="num">${number(t.findings, '‼')}</td><td class="num">${t.known}</td><td class="num">${number(t.unexpected, '')}</td></tr>`;
  });
  return [
    '<section id="standards" aria-labelledby="standards-h"><h2 id="standards-h">Standards: which pairs work together</h2>',
    '<table class="scorecard"><thead><tr><th scope="col">standard</th><th scope="col" title="each end calls its library as its documentation does for the sentence">as called</th><th scope="col" title="both sides given the same explicit parameters">configured identically</th><th scope="col">parameter sets</th><th scope="col">implemen&shy;tations</th><th scope="col">producer × consumer pairs that pass everywhere</th><th scope="col">consumers that pass every known answer</th><th scope="col">security findings</th><th scope="col">known deviations</th><th scope="col">unexpected</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '<p class="legend">As called: each end calls its library as its documentation does for the sentence of an interface agreement (the intent grids lead each standard\'s section below). Configured identically: both sides are given the same explicit parameters.</p>',
    `<p class="legend">One grid per standard, configured identically: rows produce (or are the known-answer vectors), columns consume. A cell gathers every parameter set and kind of test of that pair (intents aside); n/m: ${h(PAIR_COUNT_NOTE)}. Select a cell to see why.</p>`,
    ...scores.filter((s) => s.overview.rows.length > 0).map((s) => pairCard(s, adapters)),
    '</section>',
  ].join('\n');
}

function pairCard(score: StandardScore, adapters: ReadonlyMap<string, AdapterInfo>): string {
  const { section, overview } = score;
  return [
    `<div class="pair-card" id="pairs-${h(section.id)}" data-std="${h(section.id)}" data-drill-scope>`,
    `<h3>${h(section.title)} <code>${h(section.id)}</code> <small><a href="#${h(section.id)}">all grids</a></small></h3>`,
    `<div class="facts"><div class="pair-grid">${overviewGrid(overview, adapters)}</div>${pairNotes(overview)}</div>`,
    '<div class="drill" role="region" aria-label="details" hidden></div>',
    '</div>',
  ].join('\n');
}

/** The pairs of a standard that do not meet every expectation, each linked, in words. */
function pairNotes(overview: Overview): string {
  const notes: string[] = [];
  overview.cells.forEach((row, i) =>
    row.forEach((cell) => {
      if (!cell || cell.paramSets === 0 || pairWorks(cell)) return;
      const who = overview.rows[i] === VECTORS_ROW ? `vectors → ${cell.consumer}` : `${cell.producer} → ${cell.consumer}`;
      const label = `${GLYPHS[cell.verdict]}${cell.worst.known ? KNOWN_MARK : ''} ${who}`;
      const why = [
        ...new Set(cell.results.filter((r) => !conforms(r) && didRun(r)).map((r) => (r.known ? 'known deviation' : resultStatus(r) || r.outcome))),
      ].join(', ');
      notes.push(
        `<li><a href="${h(fragment(pairKey(overview.section.id, overview.rows[i] as string, cell.consumer)))}">${h(label)}</a>: fails in ${cell.paramSets - cell.paramSetsOk} of ${cell.paramSets} parameter sets (${h(why)})</li>`,
      );
    }),
  );
  if (notes.length === 0) return '<p>Every pair that ran passed in every parameter set.</p>';
  const title = `${notes.length} pair${notes.length === 1 ? '' : 's'} that do not pass everywhere`;
  return `<details class="notes"${notes.length <= NOTES_OPEN ? ' open' : ''}><summary><b>${title}</b></summary><ul>${notes.join('')}</ul></details>`;
}

function issuesSection(issues: readonly Issue[]): string {
  const head = '<section id="issues" aria-labelledby="issues-h"><h2 id="issues-h">What failed, and why</h2>';
  if (issues.length === 0) return `${head}<p>Every case that ran passed.</p></section>`;
  const n = issues.reduce((sum, i) => sum + i.results.length, 0);
  return [
    head,
    `<p>${n} failed or errored result${n === 1 ? '' : 's'}, grouped by reason into ${issues.length} issue${issues.length === 1 ? '' : 's'}: unexpected ones first.</p>`,
    `<ol class="issues">${issues.map(issueItem).join('\n')}</ol>`,
    '</section>',
  ].join('\n');
}

function issueItem(issue: Issue): string {
  const first = issue.example;
  const cells = issue.cells.slice(0, ISSUE_CELLS_SHOWN).map((c) => {
    const key = resultCellKey({ ...first, ...c });
    return `<a href="${h(fragment(key))}">${h(`${c.paramsId} ${c.kind} ${c.producer.replace(/^vector:/, '')} → ${c.consumer}`)}</a>${c.count > 1 ? ` ×${c.count}` : ''}`;
  });
  const more = issue.cells.length > ISSUE_CELLS_SHOWN ? ` and ${issue.cells.length - ISSUE_CELLS_SHOWN} more cells` : '';
  const status = issue.status === 'unexpected' ? '<span class="alert">unexpected</span>' : h(issue.status);
  const link = issue.known?.link ? ` ${webLink(issue.known.link)}` : '';
  const example = issue.known
    ? `<p>Example: <a href="${h(fragment(first.id))}"><code>${h(first.id)}</code></a>: ${h(first.message)}</p>`
    : `<p>Example: <a href="${h(fragment(first.id))}"><code>${h(first.id)}</code></a></p>`;
  return [
    `<li class="issue" data-std="${h(issue.standard)}" data-v="${issue.verdict}${issue.known ? ':k' : ''}">`,
    `<p><span class="badge ${tone(issue.verdict, issue.known !== undefined)}">${h(resultGlyph(first))} ${h(issueVerdictLabel(issue))}</span> <a href="#${h(issue.standard)}"><code>${h(issue.standard)}</code></a> · ${h(issueSize(issue))} · ${status}</p>`,
    `<p><b>${issue.known ? 'Reason' : 'Diagnosis'}:</b> ${h(issue.reason)}${link}</p>`,
    `<p><b>Expected:</b> ${h(first.expected)}, because ${h(first.expectedBecause)}</p>`,
    example,
    `<p class="cells-list">In: ${cells.join(', ')}${more}</p>`,
    '</li>',
  ].join('\n');
}

/** A bug-tracker link: navigable when it is a web address, plain text otherwise (never `javascript:`). */
function webLink(link: string): string {
  return /^https?:\/\//i.test(link) ? `<a href="${h(link)}" rel="noreferrer">${h(link)}</a>` : h(link);
}

function standardSection(section: StandardSection, adapters: ReadonlyMap<string, AdapterInfo>): string {
  const parts = [`<section class="std" id="${h(section.id)}" data-std="${h(section.id)}"><h2>${h(section.title)} <code>${h(section.id)}</code></h2>`];
  if (section.info) parts.push(`<p class="legend">${h(standardAbout(section.info))}</p>`);
  const isIntent = (set: StandardSection['paramSets'][number]): boolean => set.grids.some((g) => g.kind === 'intent');
  const intents = section.paramSets.filter(isIntent);
  const explicit = section.paramSets.filter((set) => !isIntent(set));
  if (intents.length > 0) {
    parts.push(
      `<p class="group-head" id="${h(`${section.id}/as-called`)}">As called: each end calls its library as its documentation does for the sentence</p>`,
    );
    for (const set of intents) parts.push(intentSet(section.id, set, adapters));
    if (explicit.length > 0) parts.push('<p class="group-head">Configured identically: both sides are given the same explicit parameters</p>');
  }
  for (const set of explicit) {
    parts.push(
      `<section class="pset" id="${h(`${section.id}/${set.paramsId}`)}" data-drill-scope><h3><code>${h(set.paramsId)}</code> <small>${h(formatParams(set.params))}</small></h3>`,
      `<div class="grids">${set.grids.map((g) => kindGrid(section.id, set.paramsId, g, adapters)).join('')}</div>`,
      '<div class="drill" role="region" aria-label="details" hidden></div></section>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** One intent: its grid with the sentence as the caption, then how each library resolves it. */
function intentSet(standard: string, set: StandardSection['paramSets'][number], adapters: ReadonlyMap<string, AdapterInfo>): string {
  const sentence = set.intent?.sentence ?? set.grids.flatMap((g) => g.cells.flat()).find((c) => c)?.worst.intent?.sentence ?? set.paramsId;
  const about = set.intent ? `Fixes ${fixesText(set.intent)}; leaves open ${Object.keys(set.intent.open).join(', ') || '(nothing)'}.` : '';
  return [
    `<section class="pset intent" id="${h(`${standard}/${set.paramsId}`)}" data-drill-scope><h3>“${h(sentence)}” <code>${h(set.paramsId)}</code></h3>`,
    about ? `<p class="legend">${h(about)}</p>` : '',
    `<div class="grids">${set.grids.map((g) => kindGrid(standard, set.paramsId, g, adapters, g.kind === 'intent' ? sentence : undefined)).join('')}</div>`,
    set.intent ? resolutionsTable(set.intent) : '',
    '<div class="drill" role="region" aria-label="details" hidden></div></section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** How each library resolves an intent as called: the call, and every parameter, the open ones marked. */
function resolutionsTable(intent: IntentInfo): string {
  const rows = resolutionRows(intent).map((r) => {
    const params = r.params.map((p) => {
      const text = h(`${p.name}=${String(p.value)}`);
      return p.open ? `<mark class="open"${p.split ? ' title="resolved in more than one way: see Ambiguities"' : ''}>${text}</mark>` : `<code>${text}</code>`;
    });
    return `<tr data-a="${h(r.adapter)}"><th scope="row"><code>${h(r.adapter)}</code></th><td><code>${h(r.call)}</code></td><td>${params.join(' ')}</td></tr>`;
  });
  return [
    `<table class="resolutions"><caption>How each library resolves it, as called (open parameters marked)</caption>`,
    '<thead><tr><th scope="col">adapter</th><th scope="col">call</th><th scope="col">resolved parameters</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

/** For standards bodies: each intent whose open parameters the libraries resolve in more than one way. */
function ambiguitiesSection(report: Report): string {
  if (report.intents.length === 0) return '';
  const head = '<section id="ambiguities" aria-labelledby="ambiguities-h"><h2 id="ambiguities-h">Ambiguities</h2>';
  if (report.ambiguities.length === 0)
    return `${head}<p>Every intent of this run is resolved the same way by every implementation that took part.</p></section>`;
  const calls = new Map(report.intents.map((i) => [`${i.standard}/${i.id}`, new Map(i.resolutions.map((r) => [r.adapter, r.call]))]));
  const items = report.ambiguities.map((a) => {
    const who = calls.get(`${a.standard}/${a.intent}`);
    const params = a.parameters.map((p) => {
      const cols = p.values.map((v) => {
        const users = v.adapters.map((x) => `<li data-a="${h(x)}"><code>${h(x)}</code>: <code>${h(who?.get(x) ?? '')}</code></li>`);
        return `<td><b><code>${h(String(v.value))}</code></b><ul>${users.join('')}</ul></td>`;
      });
      return [
        `<h4><code>${h(p.name)}</code></h4>`,
        `<p><b>Left open by:</b> ${h(p.because)}</p>`,
        `<table class="side-by-side"><thead><tr>${p.values.map((v) => `<th scope="col">${h(`${p.name} = ${String(v.value)}`)}</th>`).join('')}</tr></thead><tbody><tr>${cols.join('')}</tr></tbody></table>`,
      ].join('');
    });
    const behaviours = (a.behaviours ?? []).map((b) => {
      const cols = b.values.map(
        (v) => `<td><b>${h(v.behaviour)}</b><ul>${v.adapters.map((x) => `<li data-a="${h(x)}"><code>${h(x)}</code></li>`).join('')}</ul></td>`,
      );
      return [
        `<h4 class="behaviour">${h(b.input)}</h4>`,
        `<p><b>Either behaviour allowed by:</b> ${h(b.because)}</p>`,
        `<table class="side-by-side"><thead><tr>${b.values.map((v) => `<th scope="col">${h(v.behaviour)}</th>`).join('')}</tr></thead><tbody><tr>${cols.join('')}</tr></tbody></table>`,
      ].join('');
    });
    const grid = report.results.some((r) => r.standard === a.standard && r.kind === 'intent' && r.intent?.id === a.intent)
      ? ` <small><a href="#${h(`${a.standard}/as-called`)}">as-called grids</a></small>`
      : '';
    return `<div class="ambiguity" id="${h(`ambiguity/${a.standard}/${a.intent}`)}" data-std="${h(a.standard)}"><h3><code>${h(a.standard)}</code> “${h(a.sentence)}” <code>${h(a.intent)}</code>${grid}</h3>${params.join('')}${behaviours.join('')}</div>`;
  });
  return [
    head,
    '<p class="legend">For standards bodies: the sentences whose open parameters the implementations resolve in more than one way, the resolutions side by side, who uses each (and the call), and the text that leaves the parameter open; and the inputs on which the standard allows more than one behaviour and the implementations were seen to take more than one (divergences, ⋲), with who did what.</p>',
    ...items,
    '</section>',
  ].join('\n');
}

function capabilities(list: readonly AdapterInfo[]): string {
  const rows = list.map((a) => {
    const limits = adapterLimits(a).map(([std, limit]) => `<li><code>${h(std)}</code>: ${h(limit)}</li>`);
    const status = a.available ? 'available' : `<b>not installed</b>: ${h(a.reason ?? 'no reason given')}`;
    const gaps = limits.length === 0 ? '—' : `<details><summary>${limits.length}</summary><ul>${limits.join('')}</ul></details>`;
    return `<tr data-a="${h(a.id)}"><th scope="row" id="adapter-${h(a.id)}"><code>${h(a.id)}</code></th><td>${h(a.library)}</td><td>${a.version === null ? '—' : h(a.version)}${a.detail ? `<br><small>${h(a.detail)}</small>` : ''}</td><td>${h(a.kind)}, ${h(a.variant)}</td><td>${h(a.description)}</td><td>${status}</td><td>${gaps}</td></tr>`;
  });
  return [
    '<section id="capabilities" aria-labelledby="capabilities-h"><h2 id="capabilities-h">Implementations: declared capabilities</h2>',
    '<table><thead><tr><th scope="col">adapter</th><th scope="col">library</th><th scope="col">version</th><th scope="col">kind</th><th scope="col">how it is called</th><th scope="col">status</th><th scope="col">limits and gaps</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function declined(report: Report, sections: readonly StandardSection[]): string {
  const head = '<section id="declined" aria-labelledby="declined-h"><h2 id="declined-h">Not run: unsupported and skipped</h2>';
  const groups = summarizeDeclined(report, sections);
  if (groups.length === 0) return `${head}<p>None.</p></section>`;
  const rows = groups.map((g) => {
    const verdict: Verdict = g.outcome === 'skipped' ? 'skipped' : 'unsupported';
    const sets = g.paramsIds.map((p) => `<a href="#${h(`${g.standard}/${p}`)}"><code>${h(p)}</code></a>`).join(', ');
    const who = g.adapters.length > 0 ? g.adapters.map((a) => `<code>${h(a)}</code>`).join(', ') : '(various)';
    return `<tr data-std="${h(g.standard)}"><td><code>${h(g.standard)}</code></td><td>${sets}</td><td>${who}</td><td class="v-${verdict}">${GLYPHS[verdict]} ${h(g.outcome)}</td><td>${h(g.reason)}</td><td class="num">${g.cases}</td></tr>`;
  });
  return [
    head,
    `<p class="legend">${h(DECLINED_NOTE)}</p>`,
    '<table><thead><tr><th scope="col">standard</th><th scope="col" title="each end calls its library as its documentation does for the sentence">as called</th><th scope="col" title="both sides given the same explicit parameters">configured identically</th><th scope="col">parameter sets</th><th scope="col">adapter</th><th scope="col">outcome</th><th scope="col">reason</th><th scope="col">cases</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function problems(report: Report): string {
  if (report.problems.length === 0) return '';
  const items = report.problems.map((p) => `<li><b>${h(p.kind)}</b>: ${h(p.message)}</li>`);
  return `<section id="problems" aria-labelledby="problems-h"><h2 id="problems-h">Problems met on the way</h2><ul>${items.join('')}</ul></section>`;
}

function provenanceSection(report: Report): string {
  const items = provenance(report).map(([label, value]) => `<dt>${h(label)}</dt><dd>${h(value)}</dd>`);
  return [
    '<section id="provenance" aria-labelledby="provenance-h"><h2 id="provenance-h">Provenance</h2>',
    `<dl class="result">${items.join('')}</dl>`,
    `<details><summary>resolved configuration</summary><pre>${h(JSON.stringify(report.config, null, 2))}</pre></details>`,
    `<p class="legend">Re-render this page from its results without running anything: <code>npx bothends render report.json</code>. Explain one case in a terminal: <code>npx bothends explain CASE-ID</code>.</p>`,
    '</section>',
  ].join('\n');
}

function filters(report: Report, sections: readonly StandardSection[]): string {
  const box = (name: string, value: string, label: string): string =>
    `<label><input type="checkbox" name="${name}" value="${h(value)}" checked><span>${label}</span></label>`;
  const verdicts = VERDICTS.map((v) => box('verdict', v, `<span class="badge v-${v}">${GLYPHS[v]}</span> ${h(v)}`));
  return [
    '<form id="filters" hidden aria-labelledby="filters-h"><h2 id="filters-h">Filter</h2>',
    '<div class="presets"><button type="button" data-preset="problems">problems only</button><button type="button" data-preset="unexpected">unexpected only</button><button type="button" data-preset="all">show all</button></div>',
    `<fieldset><legend>outcome</legend>${verdicts.join('')}${box('known', '1', `${KNOWN_MARK} include known deviations`)}</fieldset>`,
    `<fieldset><legend>standard</legend>${sections.map((s) => box('standard', s.id, h(s.id))).join('')}</fieldset>`,
    `<fieldset><legend>adapter</legend>${report.adapters.map((a) => box('adapter', a.id, h(a.id))).join('')}</fieldset>`,
    '<p id="filter-status" role="status" aria-live="polite"></p>',
    '</form>',
  ].join('');
}

function contents(sections: readonly StandardSection[], report: Report): string {
  const std = sections.map((s) => {
    const sets = s.paramSets.map((p) => `<a href="#${h(`${s.id}/${p.paramsId}`)}">${h(p.paramsId)}</a>`).join(' · ');
    const list =
      s.paramSets.length > 4
        ? `<details><summary>${s.paramSets.length} parameter sets</summary><div class="sets">${sets}</div></details>`
        : `<div class="sets">${sets}</div>`;
    return `<li><a href="#${h(s.id)}">${h(s.title)}</a>${list}</li>`;
  });
  return [
    '<nav aria-labelledby="contents-h"><h2 id="contents-h">Contents</h2><ul>',
    '<li><a href="#summary">Summary</a></li><li><a href="#implementations">Implementations</a></li><li><a href="#standards">Standards: which pairs work together</a></li>',
    report.intents.length > 0 ? '<li><a href="#ambiguities">Ambiguities</a></li>' : '',
    '<li><a href="#issues">What failed, and why</a></li>',
    corporaContents(report.corpora),
    throughputContents(report.throughput),
    `<li>Grids by standard<ul>${std.join('')}</ul></li>`,
    '<li><a href="#capabilities">Declared capabilities</a></li><li><a href="#declined">Not run</a></li><li><a href="#provenance">Provenance</a></li>',
    '</ul></nav>',
  ].join('');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page: only the inline style and script whose hashes the policy names may run or apply. */
function page(title: string, body: string): string {
  const policy = `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
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
