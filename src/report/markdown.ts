/**
 * `report.md`: GitHub-flavoured Markdown for a pull request or a CI summary. The summary
 * (scorecards, one pair grid per standard), then only what did not pass: failures grouped into
 * issues so a hundred cases with one reason read as one paragraph with one example, and the
 * cases that did not run, one line per reason. The HTML report has every cell.
 * Every piece of text that came from a result is escaped: an adapter's message is data, and a
 * hostile one must neither break a table nor inject HTML.
 */
import { OUTCOMES, type CaseResult } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import {
  DECLINED_NOTE,
  GLYPHS,
  KIND_TITLES,
  KNOWN_MARK,
  NO_CASE,
  cellGlyph,
  cellText,
  displayOrder,
  gridCells,
  groupReport,
  legend,
  resultStatus,
  summarizeDeclined,
  verdictOf,
  type DeclinedGroup,
  type Grid,
  type StandardSection,
} from './grid.js';
import { divergenceSummary, figureText, figuresOf, fixesText, intentLines, mismatchSummary, resolutionRows } from './intents.js';
import { groupIssues, issueSize, issueVerdictLabel, type Issue } from './issues.js';
import { PAIR_COUNT_NOTE, overviews, pairCount, type Overview } from './overview.js';
import { adapterScores, passRate, standardScores, type AdapterScore, type StandardScore } from './scorecard.js';
import { formatParams, provenance, visible } from './text.js';
import { renderCorporaMarkdown } from './corpora.js';
import { throughputTables } from './throughput-render.js';
import { throughputProvenance } from './html-throughput.js';

/** How many cells an issue lists before "and N more". */
const ISSUE_CELLS_SHOWN = 6;

/**
 * Characters the issues told in full may take; the rest get one line each, so that a badly
 * broken run still fits a pull-request comment (GitHub takes 65,536 characters).
 */
const ISSUES_BUDGET = 20_000;

/** Issues listed one line each after those told in full, before summing up the rest. */
const ISSUES_LISTED = 60;

/** Failing pairs an intent grid explains one line each before summing up the rest. */
const INTENT_PAIRS_TOLD = 12;

/** Reasons (other than refusals by policy, always listed) the not-run table lists before summing up the rest. */
const DECLINED_ROWS = 30;

/** Renders the summary and the non-passing results as Markdown. */
export function renderMarkdown(report: Report): string {
  const sections = groupReport(report);
  const ordered = displayOrder(sections);
  const pairGrids = overviews(report, sections);
  const issues = groupIssues(ordered);
  return (
    [
      '# bothends compatibility report',
      runLine(report),
      headline(report),
      implementations(adapterScores(report)),
      asCalled(report, sections),
      ambiguities(report),
      standards(report, standardScores(pairGrids)),
      issuesSection(issues),
      renderCorporaMarkdown(report.corpora),
      throughput(report),
      declined(report, sections),
      problems(report),
      configuration(report),
    ]
      .filter(Boolean)
      .join('\n\n') + '\n'
  );
}

function runLine(report: Report): string {
  const p = new Map(provenance(report));
  return [
    text(p.get('suite') ?? ''),
    `commit ${code((report.suite.commit ?? 'unknown').slice(0, 12))}`,
    text(`run ${report.startedAt} (${p.get('duration') ?? ''})`),
    `seed ${code(report.seed)}`,
    text(`Node.js ${report.environment.node}`),
    text(`OpenSSL ${report.environment.openssl}`),
    text(p.get('platform') ?? ''),
  ].join(' · ');
}

function headline(report: Report): string {
  const s = report.summary;
  const known = report.results.filter((r) => r.known && r.outcome !== 'pass').length;
  const unknownFindings = report.results.some((r) => verdictOf(r) === 'accepted-invalid' && !r.known);
  const verdict = s.unexpected === 0 ? '✓ Every outcome met the expectations.' : `✗ ${s.unexpected} unexpected result${s.unexpected === 1 ? '' : 's'}.`;
  const findings =
    s.securityFindings === 0
      ? 'no security finding'
      : `${GLYPHS['accepted-invalid']} ${s.securityFindings} security finding${s.securityFindings === 1 ? '' : 's'}${unknownFindings ? '' : ' (all known deviations)'}`;
  const counts = OUTCOMES.map((o) => `${s.outcomes[o]} ${o}`).join(' · ');
  return `**${verdict}** ${s.total} results: ${counts}; ${known} known deviation${known === 1 ? '' : 's'}; ${findings}.`;
}

function implementations(scores: readonly AdapterScore[]): string {
  const rows = scores.map(({ info, standards, tally: t, deviations }) => [
    code(info.id, true),
    info.version === null
      ? `not installed: ${text(info.reason ?? 'no reason given')}`
      : text(`${info.library} ${info.version}${info.detail ? ` (${info.detail})` : ''}`),
    standards.map((s) => code(s, true)).join(' ') || '—',
    passRate(t),
    `${t.passed} / ${t.ran - t.allowed}`,
    t.findings > 0 ? `**‼ ${t.findings}**` : '0',
    deviations.length > 0 ? `${t.known} (${deviations.length} reason${deviations.length === 1 ? '' : 's'})` : '0',
    t.unexpected > 0 ? `**${t.unexpected}**` : '0',
    String(t.total - t.ran),
  ]);
  // What each one is, in its own words (its descriptor, or an external adapter's hello and probe).
  const described = scores.map(({ info }) => `- ${code(info.id, true)}: ${text(info.description)}`).join('\n');
  return [
    '## Implementations',
    table(
      ['implementation', 'version', 'standards claimed', 'pass rate', 'passed / ran', 'security findings', 'known deviations', 'unexpected', 'not run'],
      rows,
    ),
    described,
  ].join('\n\n');
}

function standards(report: Report, scores: readonly StandardScore[]): string {
  const rows = scores.map((s) => [
    `${text(s.section.title)} ${code(s.section.id, true)}`,
    figureText(figuresOf(report, s.section.id).asCalled),
    figureText(figuresOf(report, s.section.id).configured),
    String(s.section.paramSets.length),
    String(s.adapters.length),
    s.pairs === 0 ? '—' : `${s.pairsOk} of ${s.pairs}`,
    s.katConsumers === 0 ? '—' : `${s.katConsumersOk} of ${s.katConsumers}`,
    s.tally.findings > 0 ? `**‼ ${s.tally.findings}**` : '0',
    String(s.tally.known),
    s.tally.unexpected > 0 ? `**${s.tally.unexpected}**` : '0',
  ]);
  const key = legend()
    .map(([glyph, meaning]) => `${glyph} ${meaning}`)
    .join(' · ');
  return [
    '## Standards: which pairs work together',
    table(
      [
        'standard',
        'as called',
        'configured identically',
        'parameter sets',
        'implementations',
        'pairs that pass everywhere',
        'consumers that pass every known answer',
        'security findings',
        'known deviations',
        'unexpected',
      ],
      rows,
    ),
    `Below, configured identically: both sides are given the same explicit parameters. Rows produce (or are the known-answer vectors), columns consume; a cell gathers every parameter set and kind of test of the pair (intents aside); n/m: ${PAIR_COUNT_NOTE}. Legend: ${key}.`,
    ...scores.filter((s) => s.overview.rows.length > 0).map((s) => pairGrid(s.overview)),
  ].join('\n\n');
}

function pairGrid(overview: Overview): string {
  const rows = overview.rows.map((row, i) => [
    code(row.replace(/^vector:/, ''), true),
    ...(overview.cells[i] ?? []).map((c) => (c ? [cellGlyph(c), pairCount(c)].filter(Boolean).join(' ') : NO_CASE)),
  ]);
  const head = ['producer ↓ · consumer →', ...overview.cols.map((c) => code(c, true))];
  return [`### ${text(overview.section.title)} (${code(overview.section.id)})`, table(head, rows, 'center')].join('\n\n');
}

function issuesSection(issues: readonly Issue[]): string {
  if (issues.length === 0) return '## What failed, and why\n\nEvery case that ran passed.';
  const n = issues.reduce((sum, i) => sum + i.results.length, 0);
  const unexpected = issues.filter((i) => i.status === 'unexpected').reduce((sum, i) => sum + i.results.length, 0);
  const intro = `${n} failed or errored result${n === 1 ? '' : 's'} (${unexpected} unexpected) in ${issues.length} issue${issues.length === 1 ? '' : 's'}, grouped by reason, unexpected ones first. Each shows one example in full; \`npx bothends explain CASE-ID\` tells the story of any case.`;
  const full: string[] = [];
  let used = 0;
  for (const [i, issue] of issues.entries()) {
    const block = issueBlock(issue, i);
    if (i > 0 && used + block.length > ISSUES_BUDGET) break;
    full.push(block);
    used += block.length;
  }
  const rest = issues.slice(full.length);
  const listed = rest.slice(0, ISSUES_LISTED).map((i) => [issueTitle(i, true), code(i.example.id, true), text(shorten(i.reason, 120))]);
  const unlisted = rest.slice(ISSUES_LISTED);
  const more = [
    ...(listed.length > 0
      ? [
          `${rest.length} more issue${rest.length === 1 ? '' : 's'}, one line each (the HTML report and \`bothends explain\` have the details):`,
          table(['issue', 'example', 'reason'], listed),
        ]
      : []),
    ...(unlisted.length > 0
      ? [`… and ${unlisted.length} more issues covering ${unlisted.reduce((n, i) => n + i.results.length, 0)} results: see the HTML report.`]
      : []),
  ];
  return ['## What failed, and why', intro, ...full, ...more].join('\n\n');
}

function issueBlock(issue: Issue, index: number): string {
  const first = issue.example;
  const status = issue.status === 'unexpected' ? '**unexpected**' : issue.status;
  const cells = issue.cells
    .slice(0, ISSUE_CELLS_SHOWN)
    .map((c) => `${code(c.paramsId)} ${c.kind} ${code(c.producer.replace(/^vector:/, ''))} → ${code(c.consumer)}${c.count > 1 ? ` ×${c.count}` : ''}`);
  const more = issue.cells.length > ISSUE_CELLS_SHOWN ? `, and ${issue.cells.length - ISSUE_CELLS_SHOWN} more cells` : '';
  const lines = [
    `- **${issue.known ? 'reason' : 'diagnosis'}:** ${text(issue.reason)}${issue.known?.link ? ` (${text(issue.known.link)})` : ''}`,
    `- **expected:** ${first.expected}, because ${text(first.expectedBecause)}`,
    `- **where:** ${cells.join(', ')}${more}`,
  ];
  return [
    `### ${index + 1}. ${issueTitle(issue)} · ${status}`,
    lines.join('\n'),
    `<details${issue.status === 'unexpected' ? ' open' : ''}><summary>Example: ${htmlText(first.id)}</summary>`,
    resultBlock(first),
    '</details>',
  ].join('\n\n');
}

/** `‼ᵏ accepted-invalid · \`aes-cbc\` · 10 results in 10 cells`. */
function issueTitle(issue: Issue, inTable = false): string {
  const status = inTable ? ` · ${issue.status}` : '';
  return `${GLYPHS[issue.verdict]}${issue.known ? KNOWN_MARK : ''} ${issueVerdictLabel(issue)} · ${code(issue.standard, inTable)} · ${issueSize(issue)}${status}`;
}

/** At most `max` characters, with an ellipsis when cut. */
function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Everything a reader needs to understand and replay one result. */
function resultBlock(r: CaseResult): string {
  const outcome = r.failure ? `${r.outcome} (${r.failure})` : r.outcome;
  const lines = [
    `- **case:** ${code(r.id)}`,
    `- **outcome:** ${outcome}${resultStatus(r) ? ` (${resultStatus(r)})` : ''}`,
    `- **diagnosis:** ${text(r.message)}`,
    r.intent
      ? `- **params:** ${code(r.standard)} ${code(r.paramsId)} (${text(formatParams(r.params))}), fixed by the intent; each side resolves the rest as called`
      : `- **params:** ${code(r.standard)} ${code(r.paramsId)} (${text(formatParams(r.params))}), given to both sides`,
    `- **producer → consumer:** ${code(r.producer)} → ${code(r.consumer)} (${KIND_TITLES[r.kind]})`,
    ...intentLines(r).map(([label, value]) => `- **${label}:** ${text(value.replace(/\n/g, '; '))}`),
  ];
  if (r.vector) {
    const v = r.vector;
    const flags = v.flags?.length ? ` [${v.flags.map((f) => text(f)).join(', ')}]` : '';
    lines.push(`- **vector:** ${code(v.file)} tcId ${v.tcId}: ${text(v.source)}${v.comment ? ` — ${text(v.comment)}` : ''}${flags}`);
  }
  if (r.mutation) lines.push(`- **mutation:** ${code(r.mutation)}`);
  if (r.stage) lines.push(`- **stage:** ${r.stage}`);
  for (const side of r.sides) {
    const said = [side.message ? text(side.message) : '', side.input ? `given ${code(side.input)}` : '', side.output ? `produced ${code(side.output)}` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`- ${code(side.adapter)}${side.op ? ` (${side.op})` : ''}: ${said || '(nothing reported)'}`);
  }
  lines.push(`- **replay:** ${code(r.replay)}`);
  return lines.join('\n');
}

/** A reason that names a deliberate policy of the library or platform (a setting could change it). */
export function isPolicyRefusal(reason: string): boolean {
  return /\bby policy\b|\(policy: /i.test(reason);
}

/** Declined cases of every standard that share an outcome and a reason: one line of the not-run list. */
interface ReasonGroup {
  readonly outcome: DeclinedGroup['outcome'];
  readonly reason: string;
  readonly standards: string[];
  readonly paramsIds: Set<string>;
  readonly adapters: Set<string>;
  cases: number;
}

/** The declined groups merged by reason across standards, in the order they first appear. */
export function declinedByReason(groups: readonly DeclinedGroup[]): ReasonGroup[] {
  const merged = new Map<string, ReasonGroup>();
  for (const g of groups) {
    const key = JSON.stringify([g.outcome, g.reason]);
    let r = merged.get(key);
    if (!r) merged.set(key, (r = { outcome: g.outcome, reason: g.reason, standards: [], paramsIds: new Set(), adapters: new Set(), cases: 0 }));
    if (!r.standards.includes(g.standard)) r.standards.push(g.standard);
    for (const p of g.paramsIds) r.paramsIds.add(`${g.standard}/${p}`);
    for (const a of g.adapters) r.adapters.add(a);
    r.cases += g.cases;
  }
  return [...merged.values()];
}

function declinedRows(groups: readonly ReasonGroup[]): string[][] {
  return groups.map((g) => [
    `${GLYPHS[g.outcome === 'skipped' ? 'skipped' : 'unsupported']} ${g.outcome}`,
    text(g.reason),
    g.standards.length > 4 ? `${g.standards.length} standards` : g.standards.map((s) => code(s, true)).join(', '),
    g.paramsIds.size > 4 ? `${g.paramsIds.size} parameter sets` : [...g.paramsIds].map((p) => code(p.slice(p.indexOf('/') + 1), true)).join(', '),
    g.adapters.size > 0 ? [...g.adapters].map((a) => code(a, true)).join(', ') : '(various)',
    String(g.cases),
  ]);
}

/** Why an intent grid's cell did not pass, in one line: a mismatch with its diagnosis. */
function cellWhy(r: CaseResult): string {
  return r.failure === 'mismatch' ? mismatchSummary(r) : r.failure === 'divergence' ? divergenceSummary(r) : r.message;
}

/**
 * "As called": per standard, the two figures, then per intent its grid (the sentence as the
 * caption), the resolutions with the open parameters in bold, and why each failing cell failed.
 */
function asCalled(report: Report, sections: readonly StandardSection[]): string {
  const blocks = sections.flatMap((s) => s.paramSets.filter((p) => p.grids.some((g) => g.kind === 'intent')).map((p) => ({ s, p })));
  if (blocks.length === 0) return '';
  const figures = sections
    .filter((s) => s.paramSets.some((p) => p.intent || p.grids.some((g) => g.kind === 'intent')))
    .map((s) => {
      const f = figuresOf(report, s.id);
      return [`${text(s.title)} ${code(s.id, true)}`, figureText(f.asCalled), figureText(f.configured)];
    });
  const grids = blocks.map(({ s, p }) => {
    const grid = p.grids.find((g) => g.kind === 'intent') as Grid;
    const sentence = p.intent?.sentence ?? grid.cells.flat().find((c) => c)?.worst.intent?.sentence ?? p.paramsId;
    const resolutions = p.intent
      ? table(
          ['adapter', 'call', 'resolved parameters (open ones in bold)'],
          resolutionRows(p.intent).map((row) => [
            code(row.adapter, true),
            code(row.call, true),
            row.params.map((x) => (x.open ? `**${text(`${x.name}=${String(x.value)}`)}**` : text(`${x.name}=${String(x.value)}`))).join(', '),
          ]),
        )
      : '';
    const failing = gridCells(grid).filter((c) => c.worst.outcome === 'fail' || c.worst.outcome === 'error');
    const why = failing
      .slice(0, INTENT_PAIRS_TOLD)
      .map((c) => `- ${cellGlyph(c)} ${code(c.producer)} → ${code(c.consumer)}: ${text(cellWhy(c.worst))} (${code(c.worst.id)})`);
    if (failing.length > INTENT_PAIRS_TOLD) why.push(`- … and ${failing.length - INTENT_PAIRS_TOLD} more failing pairs: see report.html`);
    // An end that must refuse (the intent's `refusal`) passes by refusing: its words say how clearly.
    for (const c of gridCells(grid).filter((x) => x.worst.outcome === 'pass' && x.worst.expected === 'reject'))
      why.push(`- ${cellGlyph(c)} ${code(c.producer)} → ${code(c.consumer)}: ${text(c.worst.message)}`);
    return [
      `### ${text(s.title)} (${code(s.id)}): “${text(sentence)}” (${code(p.paramsId)})`,
      p.intent
        ? `Fixes ${text(fixesText(p.intent))}; leaves open ${
            Object.keys(p.intent.open)
              .map((k) => code(k))
              .join(', ') || '(nothing)'
          }.`
        : '',
      kindTable(grid),
      resolutions,
      why.join('\n'),
    ]
      .filter(Boolean)
      .join('\n\n');
  });
  return [
    '## As called: what each end does when told the same sentence',
    'Each producer calls its library as its documentation does for the sentence of an interface agreement, and so does each consumer; rows produce, columns consume. A mismatch (≠) is a pair whose resolutions differ and do not work together, diagnosed with the parameter, the fix and the normative text; a plain failure (✗) between identical resolutions is a bug; a divergence (⋲) is a pair that works together but behaves differently on an input where the standard allows either behaviour, with who did what. The grids "configured identically" (both sides given the same explicit parameters) follow in "Standards".',
    table(['standard', 'as called', 'configured identically'], figures),
    ...grids,
  ].join('\n\n');
}

/** A producer × consumer grid of one kind, each cell its glyph and count. */
function kindTable(grid: Grid): string {
  const rows = grid.rows.map((row, i) => [code(row.replace(/^vector:/, ''), true), ...(grid.cells[i] ?? []).map((c) => (c ? cellText(c) : NO_CASE))]);
  return table(['producer ↓ · consumer →', ...grid.cols.map((c) => code(c, true))], rows, 'center');
}

/** For standards bodies: each intent whose open parameters the libraries resolve in more than one way. */
function ambiguities(report: Report): string {
  if (report.intents.length === 0) return '';
  const head = '## Ambiguities';
  if (report.ambiguities.length === 0)
    return `${head}

Every intent of this run is resolved the same way by every implementation that took part.`;
  const calls = new Map(report.intents.map((i) => [`${i.standard}/${i.id}`, new Map(i.resolutions.map((r) => [r.adapter, r.call]))]));
  const blocks = report.ambiguities.map((a) => {
    const who = calls.get(`${a.standard}/${a.intent}`);
    const params = a.parameters.map((p) =>
      [
        `**${code(p.name)}** is left open by: ${text(p.because)}`,
        table(
          ['value', 'used by', 'as called'],
          p.values.map((v) => [
            code(String(v.value), true),
            v.adapters.map((x) => code(x, true)).join(', '),
            v.adapters.map((x) => code(who?.get(x) ?? '', true)).join('<br>'),
          ]),
        ),
      ].join('\n\n'),
    );
    const behaviours = (a.behaviours ?? []).map((b) =>
      [
        `On **${text(b.input)}** the implementations behave in more than one way, each allowed by: ${text(b.because)}`,
        table(
          ['behaviour', 'seen from'],
          b.values.map((v) => [text(v.behaviour), v.adapters.map((x) => code(x, true)).join(', ')]),
        ),
      ].join('\n\n'),
    );
    return [`### ${code(a.standard)}: “${text(a.sentence)}” (${code(a.intent)})`, ...params, ...behaviours].join('\n\n');
  });
  return [
    head,
    'For standards bodies: the sentences whose open parameters the implementations resolve in more than one way, the resolutions side by side, who uses each, and the text that leaves the parameter open; and the inputs on which the standard allows more than one behaviour and the implementations were seen to take more than one (divergences, ⋲), with who did what.',
    ...blocks,
  ].join('\n\n');
}

/**
 * The cases that did not run, one line per reason. Refusals by policy (a setting of the library
 * or platform, such as Node's refusal of RSAES-PKCS1-v1_5 decryption, CVE-2023-46809) are always
 * listed in full; the other reasons are capped, saying how many were left out.
 */
function declined(report: Report, sections: readonly StandardSection[]): string {
  const groups = declinedByReason(summarizeDeclined(report, sections));
  if (groups.length === 0) return '';
  const head = ['outcome', 'reason', 'standards', 'parameter sets', 'adapter', 'cases'];
  const policy = groups.filter((g) => isPolicyRefusal(g.reason));
  const others = groups.filter((g) => !isPolicyRefusal(g.reason));
  const shown = others.slice(0, DECLINED_ROWS);
  const rest = others.slice(DECLINED_ROWS);
  const more =
    rest.length > 0
      ? [
          `… and ${rest.length} more reason${rest.length === 1 ? '' : 's'} covering ${rest.reduce((n, g) => n + g.cases, 0)} cases left out here: report.html lists every one (section "Not run"), and report.json has each case (results with outcome unsupported or skipped).`,
        ]
      : [];
  return [
    '## Not run: unsupported and skipped',
    text(DECLINED_NOTE),
    ...(policy.length > 0
      ? [
          `### Refused by policy (${policy.length} reason${policy.length === 1 ? '' : 's'}, always listed)`,
          'A deliberate setting of the library or platform refuses these; the reason names the setting.',
          table(head, declinedRows(policy)),
        ]
      : []),
    ...(others.length > 0 ? [policy.length > 0 ? '### Other reasons' : '', table(head, declinedRows(shown)), ...more].filter(Boolean) : []),
  ].join('\n\n');
}

/** The throughput of a `bothends bench` run attached with `--throughput`: one table per standard. */
function throughput(report: Report): string {
  const data = report.throughput;
  if (!data) return '';
  const tables = throughputTables(data).map((t) =>
    [
      `### ${text(t.title)}`,
      table(
        t.head.map(text),
        t.rows.map((r) => r.map((c, i) => (i === 0 ? code(c, true) : text(c)))),
        'right',
      ),
    ].join('\n\n'),
  );
  return ['## Throughput', text(throughputProvenance(data)), ...(tables.length ? tables : ['No cell was measured.'])].join('\n\n');
}

function problems(report: Report): string {
  if (report.problems.length === 0) return '';
  return ['## Problems met on the way', report.problems.map((p) => `- **${p.kind}:** ${text(p.message)}`).join('\n')].join('\n\n');
}

function configuration(report: Report): string {
  return ['<details><summary>Resolved configuration</summary>', fence(JSON.stringify(report.config, null, 2), 'json'), '</details>'].join('\n\n');
}

/** A GFM table. Cells are already escaped; `align` centres (or right-aligns) every column but the first. */
function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, align: 'left' | 'center' | 'right' = 'left'): string {
  const rule = head.map((_, i) => (i === 0 || align === 'left' ? '---' : align === 'center' ? ':-:' : '--:'));
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

/** Text inside an HTML element we emit (a `<summary>`): entities, not backslashes. */
function htmlText(s: string): string {
  return visible(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
