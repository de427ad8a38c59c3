/**
 * The "Throughput" section of `report.html`, from the report's optional `throughput` section (the
 * bench.json of `bothends bench`, attached with `--throughput`): the inline SVG chart of
 * {@link renderThroughputSvg} (no script, no link, no external resource) and one small table per
 * standard. A pure function of the data; every piece of text is escaped.
 */
import { throughputTables } from './throughput-render.js';
import type { ThroughputData } from '../core/throughput-model.js';
import { escapeHtml as h } from './text.js';
import { renderThroughputSvg } from './throughput-svg.js';

/** The section's anchor. */
export const THROUGHPUT_ANCHOR = 'throughput';

/** One line on how and where the numbers were measured. */
export function throughputProvenance(data: ThroughputData): string {
  const e = data.environment;
  return `Measured by bothends bench at ${data.startedAt}: Node.js ${e.node}, OpenSSL ${e.openssl}, ${e.platform} ${e.arch}, ${e.cpus} × ${e.cpuModel}; each cell ${data.timeBoxMs} ms of the standard's first matrix parameter set (or, named beside the implementation, the first it supports), one operation at a time; MB/s = 10^6 plaintext bytes per second. Speed only: correctness is the matrix's job.`;
}

/** The section, or an empty string when the report has no throughput data. */
export function throughputSectionHtml(data: ThroughputData | undefined): string {
  if (!data) return '';
  const tables = throughputTables(data).map((t) => {
    const head = `<tr>${t.head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr>`;
    const rows = t.rows.map(
      (r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row"><code>${h(c)}</code></th>` : `<td class="num">${h(c)}</td>`)).join('')}</tr>`,
    );
    return `<table class="throughput"><caption>${h(t.title)}</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
  });
  return [
    `<section id="${THROUGHPUT_ANCHOR}" aria-labelledby="throughput-h"><h2 id="throughput-h">Throughput</h2>`,
    `<p class="legend">${h(throughputProvenance(data))}</p>`,
    `<figure class="throughput-chart">${renderThroughputSvg(data)}</figure>`,
    tables.length ? `<div class="grids">${tables.join('\n')}</div>` : '<p>No cell was measured.</p>',
    '</section>',
  ].join('\n');
}

/** The table-of-contents entry, or an empty string. */
export function throughputContents(data: ThroughputData | undefined): string {
  return data ? `<li><a href="#${THROUGHPUT_ANCHOR}">Throughput</a></li>` : '';
}
