/**
 * The grids of `report.html` as static HTML: readable without script, colour or screen (every
 * cell has a glyph and a spoken label), printable, and carrying the data attributes the page's
 * filters and drill-downs use. Anchors are the case ids themselves: a cell's anchor is the id
 * prefix `standard/params/kind/producer~consumer`, a pair's is the `--case` pattern
 * `standard/*\/*\/producer~consumer`, so a link names what it shows. The page's script resolves
 * them (a cell link carries its anchor only in its `href`, which keeps thousands of cells small).
 */
import type { CaseResult } from '../core/model.js';
import type { AdapterInfo } from '../core/report-model.js';
import {
  GLYPHS,
  KIND_SHORT,
  KIND_TITLES,
  KNOWN_MARK,
  NO_CASE,
  cellBreakdown,
  cellCount,
  cellGlyph,
  cornerLabel,
  verdictOf,
  type Cell,
  type Grid,
  type Verdict,
} from './grid.js';
import { VECTORS_ROW, pairCount, type Overview, type PairCell } from './overview.js';
import { escapeHtml as h } from './text.js';

/** The anchor of one grid cell: its cases' id prefix. */
export function cellKey(standard: string, paramsId: string, kind: string, producer: string, consumer: string): string {
  return `${standard}/${paramsId}/${kind}/${producer}~${consumer}`;
}

/** The anchor of one pair of a standard's overview: the `--case` pattern of all its cases. */
export function pairKey(standard: string, row: string, consumer: string): string {
  return `${standard}/*/*/${row === VECTORS_ROW ? 'vector:*' : row}~${consumer}`;
}

/** The cell anchor of a result. */
export function resultCellKey(r: CaseResult): string {
  return cellKey(r.standard, r.paramsId, r.kind, r.producer, r.consumer);
}

/** A URL fragment for an anchor: characters a fragment may not hold are percent-encoded. */
export function fragment(anchor: string): string {
  return `#${anchor.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu, (c) => encodeURIComponent(c))}`;
}

/** `fail:k pass`: the verdicts present in a cell, `:k` marking known deviations, for the outcome filter. */
function verdictTokens(results: readonly CaseResult[]): string {
  return [...new Set(results.map((r) => `${verdictOf(r)}${r.known ? ':k' : ''}`))].join(' ');
}

/** Colour classes of a verdict; a known deviation keeps its colour, hatched. */
export function tone(verdict: Verdict, known: boolean): string {
  return `v-${verdict}${known ? ' known' : ''}`;
}

/** A glyph badge for a result. */
export function resultGlyph(r: CaseResult): string {
  return GLYPHS[verdictOf(r)] + (r.known ? KNOWN_MARK : '');
}

/** Header text for a grid's row or column: an adapter with its library and version on hover. */
function sideHeader(id: string, scope: 'row' | 'col', adapters: ReadonlyMap<string, AdapterInfo>): string {
  const a = adapters.get(id);
  const title = a
    ? `${a.library} ${a.version ?? '(not installed)'}, ${a.kind}${a.variant === 'defaults' ? ', library defaults' : ''}`
    : id === VECTORS_ROW
      ? 'known-answer vector files'
      : 'vector file';
  const dataA = a ? ` data-a="${h(id)}"` : '';
  return `<th scope="${scope}"${dataA} title="${h(title)}"><span>${h(id.replace(/^vector:/, ''))}</span></th>`;
}

interface GridShape<C extends Cell> {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly cells: ReadonlyArray<ReadonlyArray<C | undefined>>;
  readonly corner: string;
  readonly caption: string;
  /** The caption's tooltip, when the caption is a short form. */
  readonly captionTitle: string;
  /** Show the caption, or leave it to screen readers when a heading says the same. */
  readonly captionShown: boolean;
  /** The anchor of a cell. */
  readonly key: (cell: C) => string;
  /** The count shown after the glyph. */
  readonly count: (cell: C) => string;
  /** What a screen reader says for a cell, after the pair. */
  readonly spoken: (cell: C) => string;
}

/** A producer × consumer table; every cell a link that opens its drill-down. */
function gridTable<C extends Cell>(g: GridShape<C>, adapters: ReadonlyMap<string, AdapterInfo>): string {
  const vertical = g.cols.length > 5 || g.cols.some((c) => c.length > 14) ? ' vertical' : '';
  const head = `<tr><td class="corner">${h(g.corner)}</td>${g.cols.map((c) => sideHeader(c, 'col', adapters)).join('')}</tr>`;
  const rows = g.rows.map((row, i) => {
    const cells = (g.cells[i] ?? []).map((cell, j) => {
      const col = g.cols[j] as string;
      const dataA = adapters.has(col) ? ` data-a="${h(col)}"` : '';
      if (!cell) return `<td class="none"${dataA} title="no case">${NO_CASE}</td>`;
      const key = g.key(cell);
      const count = g.count(cell);
      const label = `${row.replace(/^vector:/, '')} → ${col}: ${g.spoken(cell)}`;
      return `<td class="${tone(cell.verdict, cell.worst.known !== undefined)}" data-v="${verdictTokens(cell.results)}"${dataA}><a class="cell" href="${h(fragment(key))}" title="${h(label)}"><span aria-hidden="true"><b>${cellGlyph(cell)}</b>${count ? `<small>${count}</small>` : ''}</span></a></td>`;
    });
    const dataA = adapters.has(row) ? ` data-a="${h(row)}"` : '';
    return `<tr${dataA}>${sideHeader(row, 'row', adapters)}${cells.join('')}</tr>`;
  });
  return `<table class="grid${vertical}"><caption${g.captionShown ? '' : ' class="sr-only"'}${g.captionTitle ? ` title="${h(g.captionTitle)}"` : ''}>${h(g.caption)}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One kind's grid of one parameter set; an intent's grid takes its sentence as the caption. */
export function kindGrid(standard: string, paramsId: string, grid: Grid, adapters: ReadonlyMap<string, AdapterInfo>, caption?: string): string {
  const table = gridTable(
    {
      ...grid,
      corner: cornerLabel(grid.kind),
      caption: caption ?? KIND_SHORT[grid.kind],
      captionTitle: KIND_TITLES[grid.kind],
      captionShown: true,
      key: (c) => cellKey(standard, paramsId, grid.kind, c.producer, c.consumer),
      count: cellCount,
      spoken: cellBreakdown,
    },
    adapters,
  );
  return `<figure class="grid-block" id="${h(`${standard}/${paramsId}/${grid.kind}`)}">${table}</figure>`;
}

/** A standard's pair grid: every parameter set and kind of each pair in one cell. */
export function overviewGrid(overview: Overview, adapters: ReadonlyMap<string, AdapterInfo>): string {
  const std = overview.section.id;
  return gridTable<PairCell>(
    {
      ...overview,
      corner: 'producer ↓ · consumer →',
      caption: `${overview.section.title}: every parameter set and kind`,
      captionTitle: '',
      captionShown: false,
      key: (c) => pairKey(std, c.producer, c.consumer),
      count: pairCount,
      spoken: (c) => `${c.paramSets > 0 ? `passed in ${c.paramSetsOk} of ${c.paramSets} parameter sets; ` : ''}${cellBreakdown(c)}`,
    },
    adapters,
  );
}
