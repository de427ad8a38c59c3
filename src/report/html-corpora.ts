/**
 * The "Conformance against published vectors" section of `report.html`, from the report's
 * optional `corpora` section (src/core/corpora-model.ts): a matrix of imported files (rows)
 * by adapter (columns) whose cells say how many of the cases that ran passed, with accepted
 * invalid inputs shown as security findings; the findings themselves, each linked to its
 * case; what no adapter could run; the inventory of every file with what was imported and
 * why the rest was not (collapsed); and the policy for Wycheproof's `acceptable` tests.
 * Generic over corpus names: a corpus this module has never heard of gets its own name as
 * title. Rows carry `data-std` and columns `data-a`, so the page's filters apply to them.
 * A pure function of the section; every piece of text is escaped.
 */
import type { ConformanceRow, CorporaSection, CorpusFileEntry } from '../core/corpora-model.js';
import { GLYPHS, KNOWN_MARK, type Verdict } from './grid.js';
import { fragment, tone } from './html-grids.js';
import { escapeHtml as h } from './text.js';

/** Display titles of the corpora we know; any other corpus is shown by its name. */
const CORPUS_TITLES: Readonly<Record<string, string>> = {
  wycheproof: 'Wycheproof (C2SP)',
  acvp: 'NIST ACVP',
  hpke: 'RFC 9180 HPKE test vectors',
  'jose-cookbook': 'RFC 7520 JOSE cookbook',
  'age-testkit': 'C2SP age test kit',
};

/** Anchors of the section and its parts; stable, so links to them survive a re-run. */
export const CORPORA_ANCHORS = {
  section: 'corpora',
  conformance: 'corpora-conformance',
  findings: 'corpora-findings',
  uncovered: 'corpora-uncovered',
  inventory: 'corpora-inventory',
  policy: 'corpora-policy',
} as const;

/** The anchor of one file's inventory row. */
export const corpusFileAnchor = (file: string): string => `corpora/file/${file}`;

/** The anchor of one file × standard row of the conformance matrix. */
export const conformanceAnchor = (standard: string, file: string): string => `corpora/conformance/${standard}/${file}`;

function corpusTitle(corpus: string): string {
  return CORPUS_TITLES[corpus] ?? corpus;
}

/** The corpus of a file: the entry's own, else the prefix of its corpus-prefixed path. */
function corpusOf(file: string, entries: ReadonlyMap<string, CorpusFileEntry>): string {
  return entries.get(file)?.corpus ?? file.replace(/\/.*$/, '');
}

const fileName = (file: string): string => file.replace(/^[^/]+\//, '');

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A cell's verdict: the worst thing that happened in it. */
function rowVerdict(r: ConformanceRow): { verdict: Verdict; known: boolean } {
  if (r.acceptedInvalid.length > 0) return { verdict: 'accepted-invalid', known: r.acceptedInvalid.every((f) => f.known) };
  const bad = r.failed + r.errors;
  if (bad > 0) return { verdict: r.failed > 0 ? 'fail' : 'error', known: r.known >= bad };
  if (r.ran === 0) return { verdict: r.declined > 0 ? 'unsupported' : 'skipped', known: false };
  return { verdict: 'pass', known: false };
}

function matrixCell(adapter: string, r: ConformanceRow | undefined): string {
  if (!r) return `<td class="none" data-a="${h(adapter)}" title="not planned for this adapter">—</td>`;
  const { verdict, known } = rowVerdict(r);
  const unexpected = r.failed + r.errors - r.known;
  const facts = [
    `${r.passed} of ${r.ran} that ran passed`,
    `${r.cases} planned`,
    r.declined ? `${r.declined} declined (unsupported or skipped)` : '',
    r.failed ? `${r.failed} failed` : '',
    r.errors ? `${r.errors} errors` : '',
    r.known ? `${r.known} known deviations` : '',
    unexpected > 0 ? `${unexpected} unexpected` : '',
    r.acceptedInvalid.length ? `${r.acceptedInvalid.length} invalid inputs accepted` : '',
  ].filter(Boolean);
  const lines = [
    r.ran > 0 ? `${r.passed}/${r.ran}` : `${GLYPHS[verdict]} none ran`,
    r.declined > 0 && r.ran > 0 ? `<small>${r.declined} declined</small>` : '',
    r.acceptedInvalid.length > 0 ? `<b>${GLYPHS['accepted-invalid']}${known ? KNOWN_MARK : ''} ${r.acceptedInvalid.length} accepted invalid</b>` : '',
    unexpected > 0 && r.acceptedInvalid.length === 0 ? `<b>${unexpected} unexpected</b>` : '',
  ].filter(Boolean);
  const v = `${verdict}${known ? ':k' : ''}`;
  return `<td class="${tone(verdict, known)} num" data-a="${h(adapter)}" data-v="${h(v)}" title="${h(facts.join('; '))}">${lines.join('<br>')}</td>`;
}

function conformanceMatrix(c: CorporaSection, entries: ReadonlyMap<string, CorpusFileEntry>, ran: ReadonlySet<string>): string {
  const adapters = c.conformance.map((a) => a.adapter);
  const byAdapter = new Map(c.conformance.map((a) => [a.adapter, new Map(a.files.map((r) => [`${r.file}\n${r.standard}`, r]))]));
  // Every file × standard any adapter has a row for, in inventory order, then any others.
  const order = new Map(c.files.map((f, i) => [f.file, i]));
  const keys = [...new Set(c.conformance.flatMap((a) => a.files.map((r) => `${r.file}\n${r.standard}`)))].sort((a, b) => {
    const [fa = '', sa = ''] = a.split('\n');
    const [fb = '', sb = ''] = b.split('\n');
    return (order.get(fa) ?? Infinity) - (order.get(fb) ?? Infinity) || fa.localeCompare(fb) || sa.localeCompare(sb);
  });
  if (keys.length === 0 || adapters.length === 0) return '<p>No adapter was planned against an imported file.</p>';
  const head = `<tr><th scope="col">file</th><th scope="col">standard</th>${adapters.map((a) => `<th scope="col" data-a="${h(a)}"><code>${h(a)}</code></th>`).join('')}</tr>`;
  const corpora = [...new Set(keys.map((k) => corpusOf(k.split('\n')[0] ?? '', entries)))];
  const bodies = corpora.map((corpus) => {
    const rows = keys
      .filter((k) => corpusOf(k.split('\n')[0] ?? '', entries) === corpus)
      .map((k) => {
        const [file = '', standard = ''] = k.split('\n');
        const cells = adapters.map((a) => matrixCell(a, byAdapter.get(a)?.get(k)));
        const std = ran.has(standard) ? ` data-std="${h(standard)}"` : '';
        const stdCell = ran.has(standard) ? `<a href="#${h(standard)}"><code>${h(standard)}</code></a>` : `<code>${h(standard)}</code>`;
        return `<tr id="${h(conformanceAnchor(standard, file))}"${std}><th scope="row"><a href="${h(fragment(corpusFileAnchor(file)))}"><code>${h(fileName(file))}</code></a></th><td>${stdCell}</td>${cells.join('')}</tr>`;
      });
    return `<tbody data-corpus="${h(corpus)}"><tr class="corpus-head"><th scope="rowgroup" colspan="${adapters.length + 2}">${h(corpusTitle(corpus))}</th></tr>${rows.join('\n')}</tbody>`;
  });
  return `<div class="wide"><table class="conformance"><thead>${head}</thead>${bodies.join('\n')}</table></div>`;
}

function findings(c: CorporaSection, ids: ReadonlySet<string>): string {
  const rows = c.conformance.flatMap((a) =>
    a.files.flatMap((r) =>
      r.acceptedInvalid.map((f) => {
        const caseLink = ids.has(f.caseId) ? `<a href="${h(fragment(f.caseId))}"><code>${h(f.caseId)}</code></a>` : `<code>${h(f.caseId)}</code>`;
        const status = f.known ? `${KNOWN_MARK} known deviation` : '<b>new</b>';
        return `<tr data-a="${h(a.adapter)}" data-std="${h(r.standard)}"><td><code>${h(a.adapter)}</code></td><td><a href="${h(fragment(corpusFileAnchor(r.file)))}"><code>${h(fileName(r.file))}</code></a></td><td class="num">${f.tcId}</td><td>${h(f.comment)}</td><td>${h(f.flags.join(', '))}</td><td>${h(f.bugTypes.join(', '))}</td><td>${h(f.cves.join(', '))}</td><td class="${tone('accepted-invalid', f.known)}">${status}</td><td>${caseLink}</td></tr>`;
      }),
    ),
  );
  const head = `<h3 id="${CORPORA_ANCHORS.findings}">Security findings: invalid vectors accepted</h3>`;
  if (rows.length === 0) return `${head}<p>No adapter accepted an invalid imported vector.</p>`;
  return [
    head,
    `<p>${plural(rows.length, 'invalid input')} accepted. Each is a security finding unless the expectations file lists it as a known deviation.</p>`,
    '<div class="wide"><table class="findings"><thead><tr><th scope="col">adapter</th><th scope="col">file</th><th scope="col">tcId</th><th scope="col">comment</th><th scope="col">flags</th><th scope="col">bug types</th><th scope="col">CVEs</th><th scope="col">status</th><th scope="col">case</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
  ].join('\n');
}

function uncovered(c: CorporaSection): string {
  if (c.uncovered.length === 0) return '';
  const rows = c.uncovered.map(
    (u) =>
      `<tr><td><a href="${h(fragment(corpusFileAnchor(u.file)))}"><code>${h(fileName(u.file))}</code></a></td><td><code>${h(u.standard)}</code></td><td><code>${h(u.paramsId)}</code></td><td class="num">${u.cases}</td><td>${h(u.reason)}</td></tr>`,
  );
  const cases = c.uncovered.reduce((n, u) => n + u.cases, 0);
  return [
    `<details class="corpora-part"><summary><h3 id="${CORPORA_ANCHORS.uncovered}">Imported tests no adapter could run <small>(${plural(c.uncovered.length, 'line')}, ${plural(cases, 'planned case')})</small></h3></summary>`,
    '<table><thead><tr><th scope="col">file</th><th scope="col">standard</th><th scope="col">parameters</th><th scope="col">cases</th><th scope="col">reason</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></details>`,
  ].join('\n');
}

function inventory(c: CorporaSection): string {
  const corpora = [...new Set(c.files.map((f) => f.corpus as string))];
  const bodies = corpora.map((corpus) => {
    const files = c.files.filter((f) => f.corpus === corpus);
    const imported = files.reduce((n, f) => n + f.imported, 0);
    const tests = files.reduce((n, f) => n + f.tests, 0);
    const rows = files.map((f) => {
      const why =
        f.excluded.length === 0
          ? '—'
          : `<ul class="why">${f.excluded.map((x) => `<li><code>${h(x.kind)}</code> · ${plural(x.tests, 'test')}${x.groups ? ` in ${plural(x.groups, 'group')}` : ''}: ${h(x.reason)}</li>`).join('')}</ul>`;
      const flags = f.unknownFlags.length ? `<br><small>unknown flags (taken as either): ${h(f.unknownFlags.join(', '))}</small>` : '';
      const stds = f.standards.length ? f.standards.map((s) => `<code>${h(s)}</code>`).join(' ') : '—';
      const tone = f.imported === 0 ? ' class="v-unsupported"' : '';
      return `<tr id="${h(corpusFileAnchor(f.file))}"${tone}><th scope="row"><code>${h(fileName(f.file))}</code></th><td>${h(f.format)}</td><td>${h(f.algorithm)}</td><td class="num">${f.imported} of ${f.tests}</td><td>${stds}</td><td>${why}${flags}</td></tr>`;
    });
    return `<tbody data-corpus="${h(corpus)}"><tr class="corpus-head"><th scope="rowgroup" colspan="6">${h(corpusTitle(corpus))} · ${plural(files.length, 'file')} · ${imported} of ${tests} tests imported</th></tr>${rows.join('\n')}</tbody>`;
  });
  const skipped = c.files.filter((f) => f.imported < f.tests).length;
  return [
    `<details class="corpora-part"><summary><h3 id="${CORPORA_ANCHORS.inventory}">Inventory: what was imported from each file, and why the rest was not <small>(${plural(c.files.length, 'file')}, ${skipped} not imported in full)</small></h3></summary>`,
    '<table class="inventory"><colgroup><col class="w17"><col class="w13"><col class="w11"><col class="w8"><col class="w11"><col class="w40"></colgroup><thead><tr><th scope="col">file</th><th scope="col">format</th><th scope="col">algorithm</th><th scope="col">tests imported</th><th scope="col">standards</th><th scope="col">not imported, and why</th></tr></thead>',
    `${bodies.join('\n')}</table></details>`,
  ].join('\n');
}

function policy(c: CorporaSection): string {
  if (c.acceptablePolicy.length === 0) return '';
  const rows = c.acceptablePolicy.map((p) => `<tr><td><code>${h(p.flag)}</code></td><td>${h(p.policy)}</td><td>${h(p.because)}</td></tr>`);
  return [
    `<details class="corpora-part"><summary><h3 id="${CORPORA_ANCHORS.policy}">Policy for Wycheproof's <code>acceptable</code> tests <small>(${plural(rows.length, 'flag')})</small></h3></summary>`,
    '<table><thead><tr><th scope="col">flag</th><th scope="col">an implementation must</th><th scope="col">because</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></details>`,
  ].join('\n');
}

/**
 * The section, or an empty string when the report imported no corpus. `ran` holds the standards
 * that have a section (and a filter box) on the page; `ids` the case ids the page embeds.
 */
export function corporaSectionHtml(c: CorporaSection | undefined, ran: ReadonlySet<string>, ids: ReadonlySet<string>): string {
  if (!c) return '';
  const entries = new Map(c.files.map((f) => [f.file, f]));
  const imported = c.files.reduce((n, f) => n + f.imported, 0);
  const total = c.files.reduce((n, f) => n + f.tests, 0);
  const corpora = [...new Set(c.files.map((f) => f.corpus as string))].map(corpusTitle);
  const accepted = c.conformance.reduce((n, a) => n + a.files.reduce((m, r) => m + r.acceptedInvalid.length, 0), 0);
  return [
    `<section id="${CORPORA_ANCHORS.section}" aria-labelledby="corpora-h"><h2 id="corpora-h">Conformance against published vectors</h2>`,
    `<p>${h(corpora.join(', ') || 'No corpus')}: ${plural(c.files.length, 'file')}, ${imported} of ${total} tests imported; ${accepted === 0 ? 'no invalid vector accepted' : `<a href="#${CORPORA_ANCHORS.findings}" class="alert">${GLYPHS['accepted-invalid']} ${plural(accepted, 'invalid vector')} accepted</a>`}.</p>`,
    `<h3 id="${CORPORA_ANCHORS.conformance}">Per adapter and file</h3>`,
    '<p class="legend">A cell reads passed/ran: valid tests must pass and invalid ones must be rejected; <code>acceptable</code> ones follow the per-flag policy below. Declined counts the cases the adapter does not support or skipped. Hover a cell for every count.</p>',
    conformanceMatrix(c, entries, ran),
    findings(c, ids),
    uncovered(c),
    inventory(c),
    policy(c),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The table-of-contents entry, or an empty string. */
export function corporaContents(c: CorporaSection | undefined): string {
  if (!c) return '';
  const parts: Array<[string, string]> = [
    [CORPORA_ANCHORS.conformance, 'per adapter and file'],
    [CORPORA_ANCHORS.findings, 'findings'],
    ...(c.uncovered.length ? ([[CORPORA_ANCHORS.uncovered, 'not run']] as Array<[string, string]>) : []),
    [CORPORA_ANCHORS.inventory, 'inventory'],
  ];
  return `<li><a href="#${CORPORA_ANCHORS.section}">Conformance against published vectors</a><div class="sets">${parts.map(([id, label]) => `<a href="#${id}">${h(label)}</a>`).join(' · ')}</div></li>`;
}
