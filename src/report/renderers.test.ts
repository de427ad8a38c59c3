import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTCOMES, emptyCounts, type CaseResult, type Outcome, type OutcomeCounts } from '../core/model.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../core/report-model.js';
import { cellText, groupReport, summarizeDeclined, type Grid } from './grid.js';
import { renderHtml } from './html.js';
import { REPORT_ENUMS, renderJson, reportSchemaPath, validateReport } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { writeReports } from './write.js';

const HOSTILE = 'tag mismatch <script>alert(1)</script> ]]> & "q" \u0001 end';
const SET = 'k128-iv12-t16';
const PARAMS = { keyBits: 128, ivBytes: 12, tagBytes: 16 };
const BECAUSE_ACCEPT = 'RFC 5116 §2.1: a correct ciphertext decrypts to its plaintext';
const BECAUSE_REJECT = 'NIST SP 800-38D §7.2: GCM-AD returns FAIL on a tag mismatch';

type Extra = Partial<Omit<CaseResult, 'producer' | 'consumer' | 'outcome'>>;

function result(kind: CaseResult['kind'], producer: string, consumer: string, outcome: Outcome, extra: Extra = {}): CaseResult {
  const standard = extra.standard ?? 'aes-gcm';
  const paramsId = extra.paramsId ?? SET;
  const id = `${standard}/${paramsId}/${kind}/${producer}~${consumer}${extra.mutation ? `/${extra.mutation}` : ''}`;
  return {
    id,
    standard,
    kind,
    params: PARAMS,
    paramsId,
    producer,
    consumer,
    expected: kind === 'negative' ? 'reject' : 'accept',
    expectedBecause: kind === 'negative' ? BECAUSE_REJECT : BECAUSE_ACCEPT,
    outcome,
    message: outcome === 'pass' ? 'ok' : `${outcome} in ${id}`,
    sides: [
      { adapter: producer, op: 'encrypt', output: '00112233' },
      { adapter: consumer, op: 'decrypt', message: `${consumer} said no` },
    ],
    durationMs: 12,
    replay: `npx bothends run --only ${id} --seed 42`,
    ...extra,
  };
}

const NACL_GAP = 'beta: nacl-box | not implemented\nsee docs';
const KAT_FILE = 'vector:aes_gcm_128_test.json';
const RESULTS: CaseResult[] = [
  result('matrix', 'alpha', 'alpha', 'pass'),
  result('matrix', 'alpha', 'beta', 'fail', { failure: 'wrong-output', message: HOSTILE, stage: 'compare' }),
  result('matrix', 'beta', 'alpha', 'fail', {
    failure: 'rejected-valid',
    stage: 'decrypt',
    known: { outcome: 'fail', reason: 'beta rejects 0-byte plaintexts (upstream bug)', link: 'https://example.org/issues/1' },
  }),
  result('matrix', 'beta', 'beta', 'error', { stage: 'decrypt', message: 'TimeoutError: timed out after 5000 ms' }),
  result('matrix', 'alpha', 'gamma', 'skipped', { message: 'gamma is not installed: apt-get install gamma' }),
  result('matrix', 'gamma', 'alpha', 'skipped', { message: 'gamma is not installed: apt-get install gamma' }),
  result('negative', 'alpha', 'beta', 'pass', { mutation: 'flip-tag-bit' }),
  result('negative', 'alpha', 'beta', 'pass', { mutation: 'truncate-tag' }),
  result('negative', 'alpha', 'beta', 'fail', { mutation: 'zero-tag', failure: 'accepted-invalid', stage: 'decrypt', message: 'beta accepted a zeroed tag' }),
  result('negative', 'beta', 'alpha', 'pass', { mutation: 'flip-tag-bit' }),
  result('negative', 'beta', 'alpha', 'unsupported', { mutation: 'short-iv', message: 'alpha: ivBytes=8: not expressible' }),
  result('kat', KAT_FILE, 'alpha', 'pass', { vector: { file: 'aes_gcm_128_test.json', tcId: 1, source: 'NIST CAVP gcmDecrypt128' } }),
  result('kat', KAT_FILE, 'beta', 'fail', {
    failure: 'wrong-capability',
    stage: 'decrypt',
    vector: { file: 'aes_gcm_128_test.json', tcId: 2, source: 'Wycheproof aes_gcm_test.json', comment: 'empty plaintext', flags: ['EmptyPt'] },
  }),
  result('matrix', 'alpha', 'beta', 'unsupported', { standard: 'nacl-box', paramsId: 'x25519', message: NACL_GAP }),
  result('matrix', 'beta', 'alpha', 'unsupported', { standard: 'nacl-box', paramsId: 'x25519', message: NACL_GAP }),
];

function countBy(results: readonly CaseResult[], key: (r: CaseResult) => string[]): Record<string, OutcomeCounts> {
  const out: Record<string, OutcomeCounts> = {};
  for (const r of results) for (const k of key(r)) (out[k] ??= emptyCounts())[r.outcome] += 1;
  return out;
}

function fixture(): Report {
  const outcomes = emptyCounts();
  for (const r of RESULTS) outcomes[r.outcome] += 1;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    suite: { name: 'bothends', version: '0.1.0', commit: 'abc1234' },
    environment: { node: 'v20.20.0', openssl: '3.0.15', platform: 'linux', arch: 'x64' },
    startedAt: '2025-01-31T12:00:00.000Z',
    durationMs: 4321,
    seed: '42',
    config: { standards: ['aes-gcm', 'nacl-box'], timeoutMs: 5000 },
    adapters: [
      { id: 'alpha', library: 'node:crypto', kind: 'in-process', variant: 'explicit', description: 'Node crypto', version: '20.20.0', available: true, claims: { 'aes-gcm': { ops: ['encrypt', 'decrypt'], limits: ['ivBytes=12 only: OpenSSL EVP fast path'] } }, gaps: {} },
      { id: 'beta', library: 'node-forge', kind: 'in-process', variant: 'explicit', description: 'forge', version: '1.4.3', available: true, claims: { 'aes-gcm': { ops: ['encrypt', 'decrypt'], limits: [] } }, gaps: { 'nacl-box': 'forge has no Curve25519 box' } },
      { id: 'gamma', library: 'gamma', kind: 'cli', variant: 'explicit', description: 'gamma CLI', version: null, available: false, reason: 'gamma not found on PATH; install: apt-get install gamma', claims: {}, gaps: {} },
    ],
    standards: [
      { id: 'aes-gcm', title: 'AES-GCM', family: 'aead', references: ['NIST SP 800-38D'], layout: 'ciphertext ‖ tag', paramSets: [{ id: SET, params: PARAMS }] },
      { id: 'nacl-box', title: 'NaCl box', family: 'box', references: ['NaCl'], layout: 'tag ‖ ciphertext', paramSets: [{ id: 'x25519', params: { curve: 'X25519' } }] },
    ],
    results: RESULTS,
    problems: [{ kind: 'vector', message: 'aes-gcm/bad_test.json at groups[0].tests[1].key (tcId 2): odd-length hex string' }],
    summary: {
      total: RESULTS.length,
      outcomes,
      unexpected: RESULTS.filter((r) => (r.outcome === 'fail' || r.outcome === 'error') && !r.known).length,
      securityFindings: RESULTS.filter((r) => r.failure === 'accepted-invalid').length,
      byAdapter: countBy(RESULTS, (r) => [...new Set([r.producer, r.consumer])].filter((a) => !a.startsWith('vector:'))),
      byStandard: countBy(RESULTS, (r) => [r.standard]),
    },
  };
}

/** A deep, mutable copy through JSON, as a saved report.json would be read back. */
function reread(report: Report): Record<string, any> {
  return JSON.parse(renderJson(report)) as Record<string, any>;
}

const nonPassing = RESULTS.filter((r) => r.outcome === 'fail' || r.outcome === 'error');

describe('fixture', () => {
  it('covers every outcome, every failure kind, a known deviation and the hostile text', () => {
    expect(new Set(RESULTS.map((r) => r.outcome))).toEqual(new Set(OUTCOMES));
    expect(new Set(RESULTS.flatMap((r) => (r.failure ? [r.failure] : [])))).toEqual(new Set(REPORT_ENUMS.failureKind));
    expect(RESULTS.some((r) => r.known)).toBe(true);
    expect(RESULTS.some((r) => r.message === HOSTILE)).toBe(true);
  });
});

describe('report.json and its schema', () => {
  it('renders 2-space JSON with a trailing newline that reads back to the same document', () => {
    const text = renderJson(fixture());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "suite": {\n    "name"')).toBe(true);
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
    expect(validateReport({ schemaVersion: 2 })).toContain('$.schemaVersion: must be 1');
  });

  it('lists exactly the values of the core types in its enums, and the current schema version', async () => {
    const schema = JSON.parse(await readFile(reportSchemaPath(), 'utf8')) as {
      properties: { schemaVersion: { const: number } };
      definitions: Record<string, { enum?: string[] }>;
    };
    expect(schema.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
    for (const [name, values] of Object.entries(REPORT_ENUMS)) expect(schema.definitions[name]?.enum, name).toEqual([...values]);
    expect(schema.definitions['outcome']?.enum).toEqual([...OUTCOMES]);
  });
});

describe('grouping', () => {
  const sections = groupReport(fixture());
  const gcm = sections[0]?.paramSets[0];
  const grid = (kind: string): Grid => gcm?.grids.find((g) => g.kind === kind) as Grid;

  it('orders standards, kinds and adapters as the report lists them', () => {
    expect(sections.map((s) => s.id)).toEqual(['aes-gcm', 'nacl-box']);
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

  it('counts known deviations as met, and lets an unexpected result outrank a known one', () => {
    const known = { outcome: 'fail' as const, reason: 'listed' };
    const cellOf = (results: CaseResult[]) => groupReport({ ...fixture(), results }).at(0)?.paramSets[0]?.grids[0]?.cells[0]?.[0];
    const a = cellOf([
      result('negative', 'alpha', 'beta', 'pass', { mutation: 'm1' }),
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm2', failure: 'rejected-valid', known }),
    ]);
    expect(a && [cellText(a), a.met, a.ran]).toEqual(['✗ᵏ 2/2', 2, 2]);
    const b = cellOf([
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm1', failure: 'rejected-valid', known }),
      result('negative', 'alpha', 'beta', 'fail', { mutation: 'm2', failure: 'wrong-output' }),
      result('negative', 'alpha', 'beta', 'unsupported', { mutation: 'm3' }),
    ]);
    expect(b && [cellText(b), b.worst.mutation]).toEqual(['✗ 1/2', 'm2']);
  });

  it('summarises declined cases per reason and names the adapter common to all of them', () => {
    const declined = summarizeDeclined(fixture(), sections);
    expect(declined).toContainEqual({ standard: 'aes-gcm', outcome: 'skipped', reason: 'gamma is not installed: apt-get install gamma', adapters: ['gamma'], paramsIds: [SET], cases: 2 });
    expect(declined).toContainEqual({ standard: 'aes-gcm', outcome: 'unsupported', reason: 'alpha: ivBytes=8: not expressible', adapters: ['alpha'], paramsIds: [SET], cases: 1 });
    expect(declined).toContainEqual({ standard: 'nacl-box', outcome: 'unsupported', reason: NACL_GAP, adapters: ['beta'], paramsIds: ['x25519'], cases: 2 });
    expect(declined).toHaveLength(3);
  });
});

describe('report.md', () => {
  const md = renderMarkdown(fixture());

  it('draws the grids with the right glyphs, counts and known markers', () => {
    expect(md).toContain('| `alpha` | ✓ | ✗ | ○ |');
    expect(md).toContain('| `beta` | ✗ᵏ | ! | · |');
    expect(md).toContain('| `gamma` | ○ | · | · |');
    expect(md).toContain('| `alpha` | · | ‼ 2/3 |');
    expect(md).toContain('| `beta` | ✓ 1/1 | · |');
    expect(md).toContain('| `vector:aes_gcm_128_test.json` | ✓ | ✗ |');
  });

  it('lists every non-passing result with its reason, its stage and its replay command', () => {
    const section = md.slice(md.indexOf('## Non-passing cells'));
    for (const r of nonPassing) {
      expect(section).toContain(`\`${r.id}\``);
      expect(section).toContain(`**replay:** \`${r.replay}\``);
    }
    expect(section).toContain(`because ${BECAUSE_REJECT}`);
    expect(section).toContain('**stage:** compare');
    expect(section).toContain('**known deviation**: beta rejects 0-byte plaintexts (upstream bug)');
    expect(section).toContain('`beta` (decrypt): beta said no');
  });

  it('puts security findings before the grids', () => {
    const finding = RESULTS.find((r) => r.failure === 'accepted-invalid') as CaseResult;
    const findings = md.indexOf('## Security findings');
    expect(md.indexOf(`\`${finding.id}\``, findings)).toBeGreaterThan(findings);
    expect(md.indexOf(`\`${finding.id}\``, findings)).toBeLessThan(md.indexOf('## AES-GCM'));
  });

  it('escapes hostile text and makes control characters visible', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toContain('\u0001');
    expect(md).toContain('\\\\u0001');
  });

  it('shows adapters with versions and unavailable reasons, and summarises declined cases', () => {
    expect(md).toContain('| `gamma` | gamma | cli | explicit | — | **unavailable**: gamma not found on PATH; install: apt-get install gamma |');
    expect(md).toContain('| `beta` | `nacl-box` | not implemented: forge has no Curve25519 box |');
    expect(md.match(/gamma is not installed/g)).toHaveLength(1);
    expect(md).toContain('| `aes-gcm` | `k128-iv12-t16` | `gamma` | ○ skipped | gamma is not installed: apt-get install gamma | 2 |');
  });

  it('keeps a reason with a pipe and a newline inside its table cell', () => {
    expect(md).toContain('| `nacl-box` | `x25519` | `beta` | – unsupported | beta: nacl-box \\| not implemented ⏎ see docs | 2 |');
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

  it('loads nothing from anywhere', () => {
    const withoutKnownLink = html.replaceAll('https://example.org/issues/1', '');
    expect(withoutKnownLink).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<link\b|\bsrc\s*=|url\(|@import|fetch\(|XMLHttpRequest|<img\b|<iframe\b/i);
    // The one URL in the fixture, a known deviation's bug link, is a plain navigation link.
    expect(html.match(/https:\/\/example\.org\/issues\/1/g)).toHaveLength(2);
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
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
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

  it('has a linked, expandable cell for every producer × consumer pair with a case', () => {
    for (const section of groupReport(fixture())) {
      for (const set of section.paramSets) {
        for (const grid of set.grids) {
          const table = html.slice(html.indexOf(`id="${section.id}.${set.paramsId}.${grid.kind}"`));
          const body = table.slice(0, table.indexOf('</table>'));
          expect(body.match(/<td/g), `${section.id} ${grid.kind}`).toHaveLength(grid.rows.length * grid.cols.length);
        }
      }
    }
    const pairs = RESULTS.map((r) => `cell.${r.standard}.${r.paramsId}.${r.kind}.${r.producer.replace(/[:._]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}.${r.consumer}`);
    for (const id of new Set(pairs)) {
      expect(html).toContain(`href="#${id}"`);
      expect(html).toContain(`<details class="cell`);
      expect(html).toMatch(new RegExp(`<details class="cell [^"]*" id="${id.replace(/\./g, '\\.')}">`));
    }
  });

  it('drills down to params, both sides, failure kind, expectation, stage and replay', () => {
    const r = RESULTS[1] as CaseResult;
    const start = html.indexOf(`id="r.${r.id.replace(/[/~]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}"`);
    expect(start).toBeGreaterThan(0);
    const drill = html.slice(start, html.indexOf('</details>', start));
    for (const piece of [
      '<dt>outcome</dt><dd>fail (wrong-output)</dd>',
      '<th scope="row">keyBits</th><td>128</td>',
      `<dt>expected</dt><dd>accept, because ${BECAUSE_ACCEPT}</dd>`,
      '<dt>stage</dt><dd>compare</dd>',
      '<pre class="hex">00112233</pre>',
      '<pre>beta said no</pre>',
      `<pre><code>${r.replay}</code></pre>`,
    ]) {
      expect(drill).toContain(piece);
    }
  });

  it('has a summary, adapter table, stable unique anchors, and renders deterministically', () => {
    expect(html).toContain('<li class="v-fail"><span class="glyph">✗</span> fail <b>4</b></li>');
    expect(html).toContain('<b>unavailable</b>: gamma not found on PATH; install: apt-get install gamma');
    expect(html).toContain('id="aes-gcm"');
    expect(html).toContain(`id="aes-gcm.${SET}"`);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(renderHtml(reread(fixture()) as Report)).toBe(html);
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
    expect(count(/<testsuite /g)).toBe(2);
    expect(count(/<testcase /g)).toBe(RESULTS.length);
    expect(count(/<failure /g)).toBe(by('fail'));
    expect(count(/<error /g)).toBe(by('error'));
    expect(count(/<skipped /g)).toBe(by('unsupported') + by('skipped'));
    expect(xml).toContain(`<testsuites name="bothends" tests="${RESULTS.length}" failures="4" errors="1" skipped="5" time="4.321"`);
    expect(xml).toContain('<testsuite name="aes-gcm" tests="13" failures="4" errors="1" skipped="3" time="0.156"');
    expect(xml).toContain('<testsuite name="nacl-box" tests="2" failures="0" errors="0" skipped="2" time="0.024"');
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
    const before = await Promise.all(['report.json', 'report.md', 'report.html', 'junit.xml'].map(async (f) => [await readFile(join(dir, f), 'utf8'), (await stat(join(dir, f))).mtimeMs]));

    // JSON serialises these sides through toJSON, but Markdown iterates them and blows up:
    // the json renderer succeeds, the md renderer throws, and nothing may be written.
    const poisoned = Object.assign([], { toJSON: () => [], [Symbol.iterator]: () => { throw new Error('boom'); } });
    const report = fixture();
    const broken = { ...report, results: report.results.map((r, i) => (i === 1 ? { ...r, sides: poisoned } : r)) } as Report;
    expect(() => renderJson(broken)).not.toThrow();
    await expect(writeReports(broken, dir)).rejects.toThrow(/cannot render the md report: boom/);

    const after = await Promise.all(['report.json', 'report.md', 'report.html', 'junit.xml'].map(async (f) => [await readFile(join(dir, f), 'utf8'), (await stat(join(dir, f))).mtimeMs]));
    expect(after).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
  });

  it('rejects an unknown format before writing anything', async () => {
    await expect(writeReports(fixture(), join(dir, 'x'), ['pdf' as 'json'])).rejects.toThrow(/unknown report format "pdf"/);
    expect(await readdir(dir)).toEqual([]);
  });
});
