import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUnexpected } from '../core/expectations.js';
import { OUTCOMES, emptyCounts, type CaseResult, type Outcome, type OutcomeCounts } from '../core/model.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../core/report-model.js';
import { cellText, groupReport, summarizeDeclined, type Grid } from './grid.js';
import { renderHtml } from './html.js';
import { FAMILY_ENUMS, REPORT_ENUMS, renderJson, reportSchemaPath, validateReport } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { NdjsonWriter } from './ndjson.js';
import { writeReports } from './write.js';
import { cellKey, fragment, pairKey } from './html-grids.js';
import { VECTORS_ROW } from './overview.js';
import { unpackResults, type PackedResults } from './pack.js';
import {
  BECAUSE_ACCEPT,
  BECAUSE_REJECT,
  type Extra,
  DIVERGENCE_RESULT,
  HOSTILE,
  OAEP_SENTENCE,
  KAT_FILE,
  NACL_GAP,
  PARAMS,
  RESULTS,
  SET,
  fixture,
  nonPassing,
  reread,
  result,
} from '../../test/report-fixture.js';

describe('fixture', () => {
  it('covers every outcome, every failure kind, a known deviation and the hostile text', () => {
    expect(new Set(RESULTS.map((r) => r.outcome))).toEqual(new Set(OUTCOMES));
    // A divergence is added by withDivergence (src/report/intents.test.ts covers its rendering).
    expect(new Set([...RESULTS, DIVERGENCE_RESULT].flatMap((r) => (r.failure ? [r.failure] : [])))).toEqual(new Set(REPORT_ENUMS.failureKind));
    expect(RESULTS.some((r) => r.known)).toBe(true);
    expect(RESULTS.some((r) => r.message === HOSTILE)).toBe(true);
  });
});

describe('report.json and its schema', () => {
  it('renders 2-space JSON with a trailing newline that reads back to the same document', () => {
    const text = renderJson(fixture());
    expect(text.startsWith(`{\n  "schemaVersion": ${REPORT_SCHEMA_VERSION},\n  "suite": {\n    "name"`)).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson(reread(fixture()) as Report)).toBe(text);
    expect(JSON.parse(text)).toEqual(fixture());
  });

  it('accepts the fixture as written to disk', () => {
    expect(validateReport(reread(fixture()))).toEqual([]);
  });

  it('names the JSON path and result id of a missing field, a bad enum and an unknown field', () => {
    const doc = reread(fixture());
    delete doc['results'][1].replay;
    doc['results'][2].outcome = 'maybe';
    doc['adapters'][0].colour = 'blue';
    delete doc['adapters'][2].reason;
    doc['summary'].outcomes.pass = -1;
    const errors = validateReport(doc);
    expect(errors).toContain(`$.results[1].replay (result ${RESULTS[1]?.id}): is required`);
    expect(errors).toContain(`$.results[2].outcome (result ${RESULTS[2]?.id}): must be one of: pass, fail, error, unsupported, skipped`);
    expect(errors).toContain('$.adapters[0].colour: is not allowed here');
    expect(errors).toContain('$.adapters[2].reason: is required');
    expect(errors.some((e) => e.startsWith('$.summary.outcomes.pass:'))).toBe(true);
  });

  it('requires a failure kind exactly when the outcome is fail, and unique result ids', () => {
    const doc = reread(fixture());
    delete doc['results'][1].failure;
    doc['results'][0].failure = 'wrong-output';
    doc['results'][3].id = doc['results'][0].id;
    const errors = validateReport(doc);
    expect(errors).toContain(`$.results[1].failure (result ${RESULTS[1]?.id}): is required`);
    expect(errors).toContain(`$.results[0].failure (result ${RESULTS[0]?.id}): is allowed only when outcome is "fail"`);
    expect(errors).toContain(`$.results[3].id: duplicate of $.results[0].id (${RESULTS[0]?.id})`);
  });

  it('rejects documents that are not reports at all', () => {
    expect(validateReport(null)).not.toEqual([]);
    expect(validateReport({ schemaVersion: 3 })).toContain('$.schemaVersion: must be one of: 1, 2');
  });

  it('lists exactly the values of the core types in its enums, and the current schema version', async () => {
    const schema = JSON.parse(await readFile(reportSchemaPath(), 'utf8')) as {
      properties: { schemaVersion: { enum: number[] } };
      definitions: Record<string, { enum?: string[] }>;
    };
    // Every version up to the current one: an older report.json is still read and re-rendered.
    expect(schema.properties.schemaVersion.enum).toEqual(Array.from({ length: REPORT_SCHEMA_VERSION }, (_, i) => i + 1));
    // The operations and stages are the family modules': the validator fills them in.
    const fromFamilies = new Set<string>(FAMILY_ENUMS);
    for (const [name, values] of Object.entries(REPORT_ENUMS))
      expect(schema.definitions[name]?.enum, name).toEqual(fromFamilies.has(name) ? undefined : [...values]);
    expect(schema.definitions['outcome']?.enum).toEqual([...OUTCOMES]);
  });
});

describe('grouping', () => {
  const sections = groupReport(fixture());
  const gcm = sections[0]?.paramSets[0];
  const grid = (kind: string): Grid => gcm?.grids.find((g) => g.kind === kind) as Grid;

  it('orders standards, kinds and adapters as the report lists them', () => {
    expect(sections.map((s) => s.id)).toEqual(['aes-gcm', 'nacl-box', 'rsa-oaep']);
    expect(gcm?.grids.map((g) => g.kind)).toEqual(['kat', 'matrix', 'negative']);
    expect(grid('matrix').rows).toEqual(['alpha', 'beta', 'gamma']);
    expect(grid('matrix').cols).toEqual(['alpha', 'beta', 'gamma']);
    expect(grid('kat').rows).toEqual([KAT_FILE]);
  });

  it('shows the worst result of a cell, accepted-invalid above everything', () => {
    const cell = grid('negative').cells[0]?.[1];
    expect([cell?.producer, cell?.consumer, cell?.verdict, cell?.ran, cell?.met]).toEqual(['alpha', 'beta', 'accepted-invalid', 3, 2]);
    const mixed = grid('negative').cells[1]?.[0];
    expect([mixed?.verdict, mixed?.ran, mixed?.met]).toEqual(['pass', 1, 1]);
  });

  it('counts known deviations as met but not as passed, and lets an unexpected result outrank a known one', () => {
    const known = { outcome: 'fail' as const, reason: 'listed' };
    const cellOf = (results: CaseResult[]) => groupReport({ ...fixture(), results }).at(0)?.paramSets[0]?.grids[0]?.cells[0]?.[0];
    const a = cellOf([
      result('negative', 'alpha', 'beta', 'pass', { mutation: 'm1' }),
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm2', failure: 'rejected-valid', known }),
    ]);
    // Met counts the known deviation; the shown count is of passes, so the failure stays visible.
    expect(a && [cellText(a), a.met, a.ok, a.ran]).toEqual(['✗ᵏ 1/2', 2, 1, 2]);
    const b = cellOf([
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm1', failure: 'rejected-valid', known }),
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm2', failure: 'wrong-output' }),
      result('negative', 'alpha', 'beta', 'unsupported', { mutation: 'm3' }),
    ]);
    expect(b && [cellText(b), b.met, b.worst.mutation]).toEqual(['✗ 0/2', 1, 'm2']);
  });

  it('summarises declined cases per reason and names the adapter common to all of them', () => {
    const declined = summarizeDeclined(fixture(), sections);
    expect(declined).toContainEqual({
      standard: 'aes-gcm',
      outcome: 'skipped',
      reason: 'gamma is not installed: apt-get install gamma',
      adapters: ['gamma'],
      paramsIds: [SET],
      cases: 2,
    });
    expect(declined).toContainEqual({
      standard: 'aes-gcm',
      outcome: 'unsupported',
      reason: 'alpha: ivBytes=8: not expressible',
      adapters: ['alpha'],
      paramsIds: [SET],
      cases: 1,
    });
    expect(declined).toContainEqual({ standard: 'nacl-box', outcome: 'unsupported', reason: NACL_GAP, adapters: ['beta'], paramsIds: ['x25519'], cases: 2 });
    expect(declined).toHaveLength(3);
  });

  it('reads "producer X: …" and "consumer X: …" as one reason', () => {
    const results = [
      result('matrix', 'alpha', 'beta', 'unsupported', { message: 'producer beta: ivBytes=1: too short' }),
      result('matrix', 'beta', 'alpha', 'unsupported', { message: 'consumer beta: ivBytes=1: too short' }),
    ];
    const r2 = { ...fixture(), results };
    expect(summarizeDeclined(r2, groupReport(r2))).toEqual([
      { standard: 'aes-gcm', outcome: 'unsupported', reason: 'beta: ivBytes=1: too short', adapters: ['beta'], paramsIds: [SET], cases: 2 },
    ]);
  });
});

describe('report.md', () => {
  const md = renderMarkdown(fixture());
  const issues = md.slice(md.indexOf('## What failed, and why'), md.indexOf('## Not run'));

  it('opens with the run, a verdict line and scorecards per implementation and per standard', () => {
    expect(md).toContain('bothends 0.1.0 · commit `abc1234` · run 2025-01-31T12:00:00.000Z (4.32 s) · seed `42`');
    expect(md).toContain(
      '**✗ 7 unexpected results.** 20 results: 6 pass · 8 fail · 1 error · 3 unsupported · 2 skipped; 1 known deviation; ‼ 1 security finding.',
    );
    expect(md).toContain('| `beta` | node-forge 1.4.3 | `aes-gcm` | 27.2% | 3 / 11 | **‼ 1** | 1 (1 reason) | **7** | 3 |');
    expect(md).toContain('| `gamma` | not installed: gamma not found on PATH; install: apt-get install gamma | — | — | 0 / 0 | 0 | 0 | 0 | 2 |');
    expect(md).toContain('| AES-GCM `aes-gcm` | — | 5 of 11 passed | 1 | 3 | 1 of 4 | 1 of 2 | **‼ 1** | 1 | **4** |');
    expect(md).toContain('| NaCl box `nacl-box` | — | nothing ran | 1 | 2 | — | — | 0 | 0 | 0 |');
  });

  it('draws one pair grid per standard, every parameter set and kind in a cell, the vectors in one row', () => {
    expect(md).toContain('| `alpha` | ✓ 1/1 | ‼ 0/1 | ○ |');
    expect(md).toContain('| `beta` | ✗ᵏ 0/1 | ! 0/1 | · |');
    expect(md).toContain('| `gamma` | ○ | · | · |');
    expect(md).toContain('| `known-answer vectors` | ✓ 1/1 | ✗ 0/1 | · |');
    expect(md).toContain('| `alpha` | · | – |');
  });

  it('shows only what did not pass: every failed or errored result is placed in an issue, no passing case is named', () => {
    for (const r of nonPassing) expect(issues, r.id).toContain(`\`${r.paramsId}\` ${r.kind} \`${r.producer.replace(/^vector:/, '')}\` → \`${r.consumer}\``);
    for (const r of RESULTS.filter((x) => x.outcome === 'pass')) expect(md).not.toContain(r.id);
    expect(md).not.toMatch(/^## AES-GCM/m);
  });

  it('tells each issue with its reason, its expectation and a full example with the replay command', () => {
    expect(issues).toContain('### 1. ‼ accepted-invalid · `aes-gcm` · 1 result · **unexpected**');
    expect(issues).toContain(`- **expected:** reject, because ${BECAUSE_REJECT}`);
    expect(issues).toContain('- **reason:** beta rejects 0-byte plaintexts (upstream bug) (https://example.org/issues/1)');
    expect(issues).toContain('≈ undetected-tamper · `aes-gcm` · 1 result · allowed by the standard');
    expect(issues).toContain('- `beta` (decrypt): beta said no');
    expect(issues).toContain('- **stage:** compare');
    // Each issue's example in full: every result is one, but for the two directions of one mismatch, told as one issue.
    for (const r of nonPassing.filter((x) => !x.id.endsWith('intent/beta~alpha'))) expect(issues).toContain(`- **replay:** \`${r.replay}\``);
    expect(issues).toContain('≠ mismatch · `rsa-oaep` · 2 results in 2 cells · **unexpected**');
    expect(issues).toContain(`- **diagnosis:** told “${OAEP_SENTENCE}”, the two ends resolve mgf1Hash differently`);
    // Unexpected issues come first and open; known ones stay folded.
    expect(issues.indexOf('**unexpected**')).toBeLessThan(issues.indexOf('known deviation'));
    expect(issues).toContain('<details open><summary>Example: aes-gcm/k128-iv12-t16/negative/alpha~beta/zero-tag</summary>');
    expect(issues).toContain('<details><summary>Example: aes-gcm/k128-iv12-t16/matrix/beta~alpha</summary>');
  });

  it('groups a hundred results with one reason into one issue with one example', () => {
    const known = { outcome: 'fail' as const, reason: 'beta truncates nothing', link: 'https://example.org/2' };
    const many = Array.from({ length: 100 }, (_, i) =>
      result('negative', i % 2 ? 'alpha' : 'beta', 'beta', 'fail', {
        paramsId: `set${i % 10}`,
        mutation: `m${i}`,
        failure: 'rejected-valid',
        known,
        message: `beta rejected byte ${i} of ${(0xabcdef00 + i).toString(16)}`,
      }),
    );
    const text = renderMarkdown({ ...fixture(), results: many });
    expect(text.match(/^### \d+\. /gm)).toHaveLength(1);
    expect(text).toContain('### 1. ✗ᵏ fail (rejected-valid) · `aes-gcm` · 100 results in 10 cells · known deviation');
    expect(text.match(/\*\*replay:\*\*/g)).toHaveLength(1);
    expect(text).toContain(', and 4 more cells');
    // Without a known entry, messages that differ only in numbers and hex still group.
    const unknown = renderMarkdown({ ...fixture(), results: many.map(({ known: _, ...r }) => r) });
    expect(unknown.match(/^### \d+\. /gm)).toHaveLength(1);
  });

  it('tells issues in full within a budget, the rest one line each, and caps the not-run table, to fit a pull-request comment', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      result('matrix', 'alpha', 'beta', 'error', {
        paramsId: `s${i}`,
        stage: 'decrypt',
        message: `crash kind ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} ${'x'.repeat(300)}`,
      }),
    );
    const declined = Array.from({ length: 50 }, (_, i) =>
      result('matrix', 'beta', 'alpha', 'unsupported', {
        paramsId: `d${i}`,
        message: `beta: reason ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
      }),
    );
    const text = renderMarkdown({ ...fixture(), results: [...many, ...declined] });
    const full = text.match(/^### \d+\. /gm)?.length ?? 0;
    const oneLine = text.match(/^\| ! error · `aes-gcm` · 1 result · unexpected \|/gm)?.length ?? 0;
    expect(full).toBeGreaterThan(3);
    expect(oneLine).toBe(60);
    expect(text).toContain(`${200 - full} more issues, one line each`);
    expect(text).toContain(`… and ${200 - full - 60} more issues covering ${200 - full - 60} results: see the HTML report.`);
    expect(text).toContain(
      '… and 20 more reasons covering 20 cases left out here: report.html lists every one (section "Not run"), and report.json has each case (results with outcome unsupported or skipped).',
    );
    expect(text.length).toBeLessThan(65_536);
  });

  it('escapes hostile text and makes control characters visible', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toContain('\u0001');
    expect(md).toContain('\\\\u0001');
  });

  it('summarises declined cases, keeping a reason with a pipe and a newline inside its table cell', () => {
    expect(md.match(/gamma is not installed/g)).toHaveLength(1);
    expect(md).toContain('| ○ skipped | gamma is not installed: apt-get install gamma | `aes-gcm` | `k128-iv12-t16` | `gamma` | 2 |');
    expect(md).toContain('| – unsupported | beta: nacl-box \\| not implemented ⏎ see docs | `nacl-box` | `x25519` | `beta` | 2 |');
    expect(md).toContain('- **vector:** aes-gcm/bad\\_test.json at groups\\[0\\].tests\\[1\\].key (tcId 2): odd-length hex string');
  });

  it('fences code spans around backticks', () => {
    const r = result('matrix', 'alpha', 'beta', 'error', { replay: 'run `x` ``y``' });
    expect(renderMarkdown({ ...fixture(), results: [r] })).toContain('**replay:** ``` run `x` ``y`` ```');
  });

  it('renders the same text from a saved report.json', () => {
    expect(renderMarkdown(reread(fixture()) as Report)).toBe(md);
  });
});

describe('report.html', () => {
  const html = renderHtml(fixture());
  const dataText = /<script type="application\/json" id="bothends-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';

  it('loads nothing from anywhere', () => {
    const withoutKnownLink = html.replaceAll('https://example.org/issues/1', '');
    expect(withoutKnownLink).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b|\bsrc\s*=|url\(|@import|fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|<img\b|<iframe\b|<object\b|<embed\b/i);
    // The one web address in the fixture, a known deviation's bug link, is a plain navigation link.
    expect(html).toContain('<a href="https://example.org/issues/1" rel="noreferrer">');
  });

  it('pins its only style and script by hash in a policy that forbids everything else', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).toContain(`script-src ${hash(script)}`);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('embeds every result once, as data that cannot close its element, and decodes to the same results', () => {
    expect(dataText).not.toContain('<');
    const data = JSON.parse(dataText) as { results: PackedResults };
    const decoded = unpackResults(data.results).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('$'))));
    expect(decoded).toHaveLength(RESULTS.length);
    // A passing case travels without its bytes (report.json keeps them); everything else is whole.
    const asEmbedded = (r: CaseResult): CaseResult => (r.outcome === 'pass' ? { ...r, sides: r.sides.map(({ input: _i, output: _o, ...side }) => side) } : r);
    for (const r of RESULTS) expect(decoded).toContainEqual(JSON.parse(JSON.stringify(asEmbedded(r))));
    expect(dataText).toContain('"$bytesTrimmed"');
  });

  it('never turns a non-web known link into a link', () => {
    const r = result('matrix', 'alpha', 'beta', 'fail', { failure: 'wrong-output', known: { outcome: 'fail', reason: 'r', link: 'javascript:alert(1)' } });
    const page = renderHtml({ ...fixture(), results: [r] });
    expect(page).toContain('javascript:alert(1)');
    expect(page).not.toMatch(/href="javascript:/i);
  });

  it('escapes hostile text', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('tag mismatch &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;q&quot; \\u0001 end');
    expect(html).not.toContain('\u0001');
  });

  it('links every grid cell by the id prefix of its cases, and every pair by its --case pattern', () => {
    for (const r of RESULTS) {
      const key = cellKey(r.standard, r.paramsId, r.kind, r.producer, r.consumer);
      expect(html, key).toContain(`<a class="cell" href="${fragment(key)}"`);
      const pair = pairKey(r.standard, r.producer.startsWith('vector:') ? VECTORS_ROW : r.producer, r.consumer);
      // The pair grids are "configured identically": intent cases have grids of their own.
      if (r.kind === 'intent') expect(html, pair).not.toContain(`<a class="cell" href="${fragment(pair)}"`);
      else expect(html, pair).toContain(`<a class="cell" href="${fragment(pair)}"`);
    }
    expect(fragment('a b/c~d#e')).toBe('#a%20b/c~d%23e');
    for (const section of groupReport(fixture())) {
      for (const set of section.paramSets) {
        for (const grid of set.grids) {
          const table = html.slice(html.indexOf(`id="${section.id}/${set.paramsId}/${grid.kind}"`));
          const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</table>'));
          expect(body.match(/<td/g), `${section.id} ${grid.kind}`).toHaveLength(grid.rows.length * grid.cols.length);
        }
      }
    }
  });

  it('marks cells for the filters: verdicts present, known deviations, adapters of rows and columns', () => {
    expect(html).toContain('data-v="accepted-invalid pass" data-a="beta"><a class="cell" href="#aes-gcm/k128-iv12-t16/negative/alpha~beta"');
    expect(html).toContain('data-v="fail:k" data-a="alpha"><a class="cell" href="#aes-gcm/k128-iv12-t16/matrix/beta~alpha"');
    expect(html).toContain('<tr data-a="gamma">');
    for (const v of ['accepted-invalid', 'fail', 'mismatch', 'error', 'undetected-tamper', 'pass', 'unsupported', 'skipped'])
      expect(html).toContain(`name="verdict" value="${v}" checked`);
    for (const a of ['alpha', 'beta', 'gamma']) expect(html).toContain(`name="adapter" value="${a}" checked`);
    for (const s of ['aes-gcm', 'nacl-box']) expect(html).toContain(`name="standard" value="${s}" checked`);
  });

  it('has a summary, scorecards, grouped issues, a contents list and stable unique anchors; renders deterministically', () => {
    expect(html).toContain('<b>7 unexpected results.</b>');
    expect(html).toContain('<li class="v-fail"><span class="glyph">✗</span> fail <b>8</b></li>');
    expect(html).toContain('not installed: gamma not found on PATH; install: apt-get install gamma');
    expect(html).toContain('<p><b>Reason:</b> beta rejects 0-byte plaintexts (upstream bug) <a href="https://example.org/issues/1" rel="noreferrer">');
    expect(html).toContain(`<p><b>Expected:</b> reject, because ${BECAUSE_REJECT}</p>`);
    expect(html).toContain('<b>vector</b>: aes-gcm/bad_test.json at groups[0].tests[1].key (tcId 2): odd-length hex string');
    for (const id of [
      'summary',
      'implementations',
      'standards',
      'ambiguities',
      'issues',
      'aes-gcm',
      `aes-gcm/${SET}`,
      'pairs-aes-gcm',
      'rsa-oaep/as-called',
      'adapter-gamma',
      'provenance',
    ]) {
      expect(html, id).toContain(`id="${id}"`);
      expect(html, id).toContain(`href="#${id}"`);
    }
    expect(html).toContain(`<figure class="grid-block" id="aes-gcm/${SET}/matrix">`);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(renderHtml(reread(fixture()) as Report)).toBe(html);
  });

  it('stays lean: thousands of similar results cost a few hundred bytes each', () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      result(i % 3 ? 'negative' : 'matrix', ['alpha', 'beta'][i % 2] as string, ['alpha', 'beta'][(i >> 1) % 2] as string, 'pass', {
        paramsId: `set${i % 30}`,
        mutation: `m${i}`,
        sides: [
          {
            adapter: 'alpha',
            op: 'encrypt',
            input: `key=${(i * 7919).toString(16).padStart(32, '0')}`,
            output: `ciphertext=${(i * 104729).toString(16).padStart(64, '0')}`,
          },
          { adapter: 'beta', op: 'decrypt', message: 'ok', output: 'plaintext=00' },
        ],
      }),
    );
    const page = renderHtml({ ...fixture(), results: many });
    expect(page.length / many.length).toBeLessThan(600);
  });
});

describe('junit.xml', () => {
  const xml = renderJunit(fixture());

  /** Checks tags balance, attribute values and text are escaped, and no forbidden characters remain. */
  function wellFormed(doc: string): void {
    expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const stack: string[] = [];
    const tokens = doc.slice(doc.indexOf('?>') + 2).split(/(<[^>]*>)/);
    for (const token of tokens) {
      if (!token.startsWith('<')) {
        expect(token).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#\d+);)/);
        continue;
      }
      const m = /^<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|#\d+);[^"<&]*)*")*)\s*(\/?)>$/.exec(token);
      expect(m, token).not.toBeNull();
      const [, close, name, , selfClose] = m as RegExpExecArray;
      if (close) expect(stack.pop()).toBe(name);
      else if (!selfClose) stack.push(name as string);
    }
    expect(stack).toEqual([]);
  }

  it('is well-formed and escapes hostile text', () => {
    wellFormed(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('message="tag mismatch &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;q&quot; \\u0001 end"');
  });

  it('counts testcases, failures, errors and skips as the results do', () => {
    const count = (re: RegExp): number => xml.match(re)?.length ?? 0;
    const by = (o: Outcome): number => RESULTS.filter((r) => r.outcome === o).length;
    expect(count(/<testsuite /g)).toBe(3);
    expect(count(/<testcase /g)).toBe(RESULTS.length);
    expect(count(/<failure /g)).toBe(by('fail'));
    expect(count(/<error /g)).toBe(by('error'));
    expect(count(/<skipped /g)).toBe(by('unsupported') + by('skipped'));
    expect(xml).toContain(`<testsuites name="bothends" tests="${RESULTS.length}" failures="8" errors="1" skipped="5" time="4.321"`);
    expect(xml).toContain('<testsuite name="aes-gcm" tests="14" failures="5" errors="1" skipped="3" time="0.168"');
    expect(xml).toContain('<testsuite name="nacl-box" tests="2" failures="0" errors="0" skipped="2" time="0.024"');
    expect(xml).toContain('<testsuite name="rsa-oaep" tests="4" failures="3" errors="0" skipped="0" time="0.048"');
  });

  it('names each testcase by its id, classifies failures by kind and carries the replay command', () => {
    const r = RESULTS[8] as CaseResult;
    expect(xml).toContain(`<testcase classname="aes-gcm.${SET}.negative" name="${r.id}" time="0.012">`);
    expect(xml).toContain('<failure type="accepted-invalid" message="beta accepted a zeroed tag">');
    expect(xml).toContain('message="known deviation (beta rejects 0-byte plaintexts (upstream bug)): fail in');
    expect(xml).toContain('<skipped message="unsupported: beta: nacl-box | not implemented&#10;see docs"/>');
    for (const n of nonPassing) expect(xml).toContain(`replay: ${n.replay}`);
  });
});

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bothends-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the four files, leaves no temporary file, and the json re-renders the same reports', async () => {
    const out = join(dir, 'nested', 'out');
    const written = await writeReports(fixture(), out);
    expect(written).toEqual(['report.json', 'report.md', 'report.html', 'junit.xml'].map((f) => join(out, f)));
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    const saved = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(validateReport(saved)).toEqual([]);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toBe(renderMarkdown(saved));
    expect(await readFile(join(out, 'report.html'), 'utf8')).toBe(renderHtml(saved));
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toBe(renderJunit(saved));
  });

  it('writes only the formats asked for', async () => {
    expect(await writeReports(fixture(), dir, ['junit'])).toEqual([join(dir, 'junit.xml')]);
    expect(await readdir(dir)).toEqual(['junit.xml']);
  });

  it('leaves the previous report untouched when a renderer throws, and names the format', async () => {
    await writeReports(fixture(), dir);
    await writeFile(join(dir, 'report.json'), 'previous json');
    const before = await Promise.all(
      ['report.json', 'report.md', 'report.html', 'junit.xml'].map(async (f) => [await readFile(join(dir, f), 'utf8'), (await stat(join(dir, f))).mtimeMs]),
    );

    // JSON serialises these sides through toJSON, but Markdown iterates them and blows up:
    // the json renderer succeeds, the md renderer throws, and nothing may be written.
    const poisoned = Object.assign([], {
      toJSON: () => [],
      [Symbol.iterator]: () => {
        throw new Error('boom');
      },
    });
    const report = fixture();
    const broken = { ...report, results: report.results.map((r, i) => (i === 1 ? { ...r, sides: poisoned } : r)) } as Report;
    expect(() => renderJson(broken)).not.toThrow();
    await expect(writeReports(broken, dir)).rejects.toThrow(/cannot render the md report: boom/);

    const after = await Promise.all(
      ['report.json', 'report.md', 'report.html', 'junit.xml'].map(async (f) => [await readFile(join(dir, f), 'utf8'), (await stat(join(dir, f))).mtimeMs]),
    );
    expect(after).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  });

  it('renders results.ndjson from a saved report, one line per result in its order', async () => {
    const report = fixture();
    expect(await writeReports(report, dir, ['ndjson'])).toEqual([join(dir, 'results.ndjson')]);
    const lines = (await readFile(join(dir, 'results.ndjson'), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(renderJson(report)).results);
  });

  it('publishes a live results.ndjson with the others, and summary.json without the results', async () => {
    const report = fixture();
    const live = new NdjsonWriter(join(dir, 'results.ndjson.partial'));
    for (const r of [...report.results].reverse()) live.write(r);
    const written = await writeReports({ ...report, results: [] }, dir, ['ndjson'], { ndjson: live, summary: true });
    expect(written).toEqual(['summary.json', 'results.ndjson'].map((f) => join(dir, f)));
    expect((await readdir(dir)).sort()).toEqual(['results.ndjson', 'summary.json']);
    expect((await readFile(join(dir, 'results.ndjson'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(report.results.length);
    const { results: _r, ...rest } = JSON.parse(renderJson(report)) as Report;
    expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'))).toEqual(rest);
  });

  it('rejects an unknown format before writing anything', async () => {
    await expect(writeReports(fixture(), join(dir, 'x'), ['pdf' as 'json'])).rejects.toThrow(/unknown report format "pdf"/);
    expect(await readdir(dir)).toEqual([]);
  });
});
