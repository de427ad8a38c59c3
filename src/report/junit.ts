/**
 * `junit.xml`: the results for CI dashboards. One `<testsuite>` per standard, one `<testcase>`
 * per result; fail → `<failure>`, error → `<error>`, unsupported and skipped → `<skipped>`; a pass
 * by implicit rejection carries the property `bothends.rejection=implicit` and its message.
 * Known deviations keep their element (CI shows them) and say they are known. Intent cases are
 * test cases like any other; a mismatch is a failure whose message leads with its diagnosis.
 */
import { isAllowedDivergence, isToleratedTamper } from '../core/expectations.js';
import { emptyCounts, type CaseResult, type OutcomeCounts } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import { GLYPHS, VERDICT_LABELS, displayOrder, groupReport } from './grid.js';
import { divergenceSummary, intentLines, mismatchSummary } from './intents.js';
import { formatParams, visible } from './text.js';

/** The legend of the one mark JUnit has no element for, a property of every testsuite. */
const IMPLICIT_NOTE = `a passing testcase with the property bothends.rejection=implicit (${GLYPHS['implicit-rejection']} in the other reports) is a pass by implicit rejection: ${VERDICT_LABELS['implicit-rejection']}`;

/** Renders the whole report as JUnit XML. */
export function renderJunit(report: Report): string {
  const suites = groupReport(report).map((section) => ({ name: section.id, results: displayOrder([section]) }));
  const all = countsOf(report.results);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bothends" ${countAttrs(all)} time="${seconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
    ...suites.map((s) => testsuite(report, s.name, s.results)),
    '</testsuites>',
    '',
  ].join('\n');
}

function countsOf(results: readonly CaseResult[]): OutcomeCounts & { total: number } {
  const counts = emptyCounts();
  for (const r of results) counts[r.outcome] += 1;
  return { ...counts, total: results.length };
}

function countAttrs(c: OutcomeCounts & { total: number }): string {
  return `tests="${c.total}" failures="${c.fail}" errors="${c.error}" skipped="${c.unsupported + c.skipped}"`;
}

function testsuite(report: Report, name: string, results: readonly CaseResult[]): string {
  const time = results.reduce((sum, r) => sum + r.durationMs, 0);
  const props: Array<[string, string]> = [
    ['bothends.version', report.suite.version],
    ['bothends.commit', report.suite.commit ?? 'unknown'],
    ['seed', report.seed],
    ['node', report.environment.node],
    ['openssl', report.environment.openssl],
    ['platform', `${report.environment.platform} ${report.environment.arch}`],
    ['bothends.legend.rejection', IMPLICIT_NOTE],
  ];
  return [
    `  <testsuite name="${attr(name)}" ${countAttrs(countsOf(results))} time="${seconds(time)}" timestamp="${attr(report.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...results.map(testcase),
    '  </testsuite>',
  ].join('\n');
}

function testcase(r: CaseResult): string {
  const open = `    <testcase classname="${attr(`${r.standard}.${r.paramsId}.${r.kind}`)}" name="${attr(r.id)}" time="${seconds(r.durationMs)}"`;
  const known = r.known
    ? `known deviation (${r.known.reason}): `
    : isToleratedTamper(r)
      ? 'not detectable by this standard: '
      : isAllowedDivergence(r)
        ? 'either behaviour allowed by the standard: '
        : '';
  switch (r.outcome) {
    case 'pass':
      if (r.rejection !== 'implicit') return `${open}/>`;
      // A pass by implicit rejection keeps its label: CI shows it apart from a plain pass.
      return `${open}>\n      <properties><property name="bothends.rejection" value="implicit"/></properties>\n      <system-out>${text(r.message)}</system-out>\n    </testcase>`;
    case 'fail': {
      const diagnosis =
        r.failure === 'mismatch' && r.intent?.diagnosis
          ? `${mismatchSummary(r)} — `
          : r.failure === 'divergence' && r.intent?.divergence
            ? `${divergenceSummary(r)} — `
            : '';
      return `${open}>\n      <failure type="${attr(r.failure ?? 'fail')}" message="${attr(known + diagnosis + r.message)}">${text(details(r))}</failure>\n    </testcase>`;
    }
    case 'error':
      return `${open}>\n      <error type="${attr(r.stage ?? 'error')}" message="${attr(known + r.message)}">${text(details(r))}</error>\n    </testcase>`;
    case 'unsupported':
    case 'skipped':
      return `${open}>\n      <skipped message="${attr(`${r.outcome}: ${known}${r.message}`)}"/>\n    </testcase>`;
  }
}

/** The body of a failure or error: everything needed to understand and replay it. */
function details(r: CaseResult): string {
  const lines = [
    `outcome: ${r.failure ? `${r.outcome} (${r.failure})` : r.outcome}`,
    ...(r.known ? [`known deviation: ${r.known.reason}${r.known.link ? ` ${r.known.link}` : ''}`] : []),
    `params: ${r.paramsId} (${formatParams(r.params)})${r.intent ? ', fixed by the intent' : ''}`,
    `producer -> consumer: ${r.producer} -> ${r.consumer}`,
    ...intentLines(r).map(([label, value]) => `${label}: ${value.replace(/\n/g, '; ')}`),
    ...(r.vector ? [`vector: ${r.vector.file} tcId ${r.vector.tcId}: ${r.vector.source}${r.vector.comment ? ` (${r.vector.comment})` : ''}`] : []),
    ...(r.mutation ? [`mutation: ${r.mutation}`] : []),
    ...(r.stage ? [`stage: ${r.stage}`] : []),
    `expected: ${r.expected}, because ${r.expectedBecause}`,
    `message: ${r.message}`,
    ...r.sides.map((s) => `${s.adapter}${s.op ? ` (${s.op})` : ''}: ${[s.message, s.output ? `output ${s.output}` : ''].filter(Boolean).join('; ')}`),
    `replay: ${r.replay}`,
  ];
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Element text: XML 1.0 forbidden characters made visible, markup characters as entities. */
function text(s: string): string {
  return visible(s).replace(/[&<>\r]/g, (c) => XML_ENTITIES[c] ?? c);
}

/** A double-quoted attribute value; whitespace escaped too, which attribute normalisation would otherwise flatten. */
function attr(s: string): string {
  return visible(s).replace(/[&<>"\t\n\r]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
