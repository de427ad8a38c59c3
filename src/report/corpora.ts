/**
 * The Markdown section of a report's `corpora` (imported Wycheproof and ACVP files): a
 * conformance table per adapter (passed of those that ran, per file), every accepted invalid
 * input as a security finding with its flags, bug types and CVEs, imported tests no adapter
 * could run, and what was not imported and why. A pure function of the section.
 */
import type { CorporaSection } from '../core/corpora-model.js';
import { visible } from './text.js';

/** Table-cell text: one line, pipes and Markdown punctuation escaped. */
function cell(s: string): string {
  return visible(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const fileName = (file: string): string => file.replace(/^[^/]+\//, '');

function conformanceTables(c: CorporaSection): string[] {
  return c.conformance.map((a) => {
    const rows = a.files.map((r) => [
      cell(r.file),
      cell(r.standard),
      `${r.passed}/${r.ran}`,
      String(r.failed + r.errors - r.known),
      String(r.known),
      String(r.declined),
      r.acceptedInvalid.length ? `‼ ${r.acceptedInvalid.length}` : '',
    ]);
    return [`#### ${cell(a.adapter)}`, table(['file', 'standard', 'passed/ran', 'unexpected', 'known', 'declined', 'accepted invalid'], rows)].join('\n\n');
  });
}

function findings(c: CorporaSection): string {
  const rows = c.conformance.flatMap((a) =>
    a.files.flatMap((r) =>
      r.acceptedInvalid.map((f) => [
        cell(a.adapter),
        cell(fileName(r.file)),
        String(f.tcId),
        cell(f.flags.join(', ')),
        cell(f.bugTypes.join(', ')),
        cell(f.cves.join(', ')),
        f.known ? 'known' : '**new**',
      ]),
    ),
  );
  if (rows.length === 0) return 'No adapter accepted an invalid imported vector.';
  return table(['adapter', 'file', 'tcId', 'flags', 'bug types', 'CVEs', 'status'], rows);
}

function notImported(c: CorporaSection): string {
  const rows = c.files.flatMap((f) => f.excluded.map((x) => [cell(fileName(f.file)), x.kind, cell(x.reason), String(x.tests)]));
  return rows.length ? table(['file', 'kind', 'reason', 'tests'], rows) : 'Every test of every file was imported.';
}

/** The `## Imported corpora` section, or an empty string when the report has none. */
export function renderCorporaMarkdown(c: CorporaSection | undefined): string {
  if (!c) return '';
  const imported = c.files.reduce((n, f) => n + f.imported, 0);
  const total = c.files.reduce((n, f) => n + f.tests, 0);
  const uncovered = c.uncovered.map((u) => [cell(fileName(u.file)), cell(u.standard), cell(u.paramsId), String(u.cases), cell(u.reason)]);
  return [
    '## Imported corpora',
    `${c.files.length} files, ${imported} of ${total} tests imported. Valid tests must pass, invalid ones must be rejected; \`acceptable\` ones follow the per-flag policy in \`report.json\` (\`corpora.acceptablePolicy\`).`,
    '### Conformance per adapter',
    ...conformanceTables(c),
    '### Security findings: invalid vectors accepted',
    findings(c),
    ...(uncovered.length ? ['### Imported tests no adapter could run', table(['file', 'standard', 'parameters', 'cases', 'reason'], uncovered)] : []),
    '### Not imported',
    notImported(c),
  ].join('\n\n');
}
