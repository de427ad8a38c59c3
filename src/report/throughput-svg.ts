/**
 * The throughput chart of `bothends bench`: one inline SVG (no scripts, no links, no external
 * resources, no `url(…)` references), one panel per standard, one group of horizontal bars per
 * message size, one bar per implementation, on a logarithmic axis because toolkits differ by
 * orders of magnitude. The `openssl speed` reference is drawn in grey. Every bar carries a
 * `<title>` with the exact numbers, so hovering shows them. Pure function of the data.
 */
import { cellLabel, formatMBps, formatOps, formatSize } from './units.js';
import type { ThroughputCell, ThroughputData } from '../core/throughput-model.js';
import { escapeHtml } from './text.js';

const WIDTH = 760;
const LABEL = 180;
const BARS = 430;
const ROW = 16;
const GROUP_HEAD = 18;
const PANEL_HEAD = 34;
const AXIS = 22;
const GAP = 18;

/** Colour-blind-safe palette (Okabe–Ito), by subject position; the reference is grey. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const REFERENCE_COLOUR = '#999999';

/** One panel's content: a standard, its measured cells grouped by size. */
interface Panel {
  readonly title: string;
  /** The standard's first parameter set, the one its cells are measured at unless they say otherwise. */
  readonly paramsId: string;
  readonly metric: 'mbPerSec' | 'opsPerSec';
  readonly groups: ReadonlyArray<{ readonly size: number | null; readonly cells: readonly ThroughputCell[] }>;
}

function panels(data: ThroughputData): Panel[] {
  const out: Panel[] = [];
  for (const std of data.standards) {
    const cells = data.cells.filter((c) => c.standard === std.id && c.status === 'measured');
    if (cells.length === 0) continue;
    const metric = cells.every((c) => c.size !== null) ? 'mbPerSec' : 'opsPerSec';
    const sizes = [...new Set(cells.map((c) => c.size))];
    const groups = sizes.map((size) => ({ size, cells: cells.filter((c) => c.size === size && value(c, metric) > 0) }));
    const what = metric === 'mbPerSec' ? 'MB/s' : 'operations per second';
    out.push({
      title: `${std.id} · ${std.paramsId} — ${cells[0]!.op}, ${what} (log scale)`,
      paramsId: std.paramsId,
      metric,
      groups: groups.filter((g) => g.cells.length > 0),
    });
  }
  return out;
}

function value(c: ThroughputCell, metric: Panel['metric']): number {
  return c[metric] ?? 0;
}

/** Decades spanning the panel's values: [10^lo, 10^hi]. */
function decades(p: Panel): [number, number] {
  const values = p.groups.flatMap((g) => g.cells.map((c) => value(c, p.metric)));
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  return [lo, hi > lo ? hi : lo + 1];
}

function panelHeight(p: Panel): number {
  return PANEL_HEAD + p.groups.reduce((h, g) => h + GROUP_HEAD + g.cells.length * ROW, 0) + AXIS;
}

function label(metric: Panel['metric'], v: number): string {
  return metric === 'mbPerSec' ? formatMBps(v) : formatOps(v);
}

/** An axis label without the trailing zeros a power of ten does not need: `1 MB/s`, `0.1 MB/s`. */
function tick(spelled: string): string {
  return spelled.replace(/(\.\d*?)0+(?= )/, '$1').replace(/\.(?= )/, '');
}

function colourOf(data: ThroughputData, c: ThroughputCell): string {
  if (c.reference) return REFERENCE_COLOUR;
  const i = data.subjects.findIndex((s) => s.id === c.subject);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length]!;
}

/** SVG text element; content escaped. */
function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs}>${escapeHtml(content)}</text>`;
}

function renderPanel(data: ThroughputData, p: Panel, top: number): string {
  const [lo, hi] = decades(p);
  const x = (v: number): number => LABEL + (BARS * (Math.log10(v) - lo)) / (hi - lo);
  const parts: string[] = [text(0, top + 16, p.title, ' font-weight="bold" font-size="13"')];
  let y = top + PANEL_HEAD;
  const plotTop = y - 6;
  for (const g of p.groups) {
    parts.push(text(0, y + 12, g.size === null ? 'per operation' : `${formatSize(g.size)} messages`, ' font-style="italic"'));
    y += GROUP_HEAD;
    for (const c of g.cells) {
      const v = value(c, p.metric);
      const width = Math.max(1, x(v) - LABEL);
      const name = cellLabel(c, p.paramsId);
      const exact = `${name}: ${label('mbPerSec', c.mbPerSec ?? 0)}, ${formatOps(c.opsPerSec ?? 0)} (${c.ops ?? 0} operations in ${c.seconds ?? 0} s)`;
      const tip = p.metric === 'mbPerSec' ? exact : `${name}: ${formatOps(v)} (${c.ops ?? 0} operations in ${c.seconds ?? 0} s)`;
      parts.push(
        text(LABEL - 6, y + 11, name, ' text-anchor="end"'),
        `<rect x="${LABEL}" y="${y + 2}" width="${width.toFixed(1)}" height="${ROW - 4}" fill="${colourOf(data, c)}"><title>${escapeHtml(tip)}</title></rect>`,
        text(LABEL + width + 4, y + 11, label(p.metric, v)),
      );
      y += ROW;
    }
  }
  for (let d = lo; d <= hi; d++) {
    const gx = x(10 ** d).toFixed(1);
    parts.push(`<line x1="${gx}" y1="${plotTop}" x2="${gx}" y2="${y + 2}" stroke="#cccccc" stroke-width="0.5"/>`);
    parts.push(text(Number(gx), y + 16, tick(label(p.metric, 10 ** d)), ' text-anchor="middle" fill="#555555" font-size="10"'));
  }
  return parts.join('\n');
}

/**
 * The chart as one `<svg>` element for inline use in HTML (so without an `xmlns`, which would be
 * a URL). An empty chart says so in text rather than drawing nothing.
 */
export function renderThroughputSvg(data: ThroughputData): string {
  const list = panels(data);
  const heights = list.map(panelHeight);
  const height = Math.max(
    40,
    heights.reduce((a, b) => a + b + GAP, 0),
  );
  const body: string[] = [];
  let top = 0;
  list.forEach((p, i) => {
    body.push(renderPanel(data, p, top));
    top += heights[i]! + GAP;
  });
  if (list.length === 0) body.push(text(0, 20, 'no measured cells'));
  const title = 'Throughput of each implementation per standard and message size';
  return [
    `<svg width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeHtml(title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n');
}
