import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, out } from '../../test/capture.js';
import { main } from '../cli/program.js';
import type { CaseResult } from '../core/model.js';
import type { Report } from '../core/report-model.js';
import { mergeReports } from '../core/shard.js';
import { summarize } from '../core/summary.js';
import {
  ALPHA_CALL,
  BETA_CALL,
  INTENTS,
  INTENT_RESULTS,
  LABEL_OPEN,
  MGF1_OPEN,
  OAEP_FIX,
  OAEP_SENTENCE,
  OAEP_SET,
  RESULTS,
  DIVERGENCE_RESULT,
  LOW_ORDER_ALLOWED,
  LOW_ORDER_INPUT,
  X25519_SENTENCE,
  fixture,
  reread,
  result,
  withDivergence,
} from '../../test/report-fixture.js';
import { GLYPHS, VERDICT_LABELS, groupReport, metExpectation, verdictOf } from './grid.js';
import { isUnexpected } from '../core/expectations.js';
import { renderHtml } from './html.js';
import { resolutionRows, standardFigures } from './intents.js';
import { ambiguities } from '../core/intent.js';
import { renderJson, upgradeReport, validateReport, type SavedReport } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { explainResult } from './story.js';

const report = fixture();
const mismatch = INTENT_RESULTS[1] as CaseResult;
const plain = INTENT_RESULTS[3] as CaseResult;

/** The fixture as a report.json written before intents (schema version 1). */
function versionOne(): Record<string, any> {
  const doc = reread({ ...report, results: RESULTS.filter((r) => r.kind !== 'intent') });
  delete doc['intents'];
  delete doc['ambiguities'];
  delete doc['summary'].asCalled;
  doc['schemaVersion'] = 1;
  return doc;
}

describe('report.json with intents', () => {
  it('validates intents, ambiguities, asCalled and an intent case, and names the path of a broken one', () => {
    expect(validateReport(reread(report))).toEqual([]);
    const doc = reread(report);
    const at = RESULTS.indexOf(mismatch);
    delete doc['results'][at].intent.consumer.call;
    doc['ambiguities'][0].parameters[0].values[0].value = null;
    delete doc['intents'][0].open;
    const errors = validateReport(doc);
    expect(errors).toContain(`$.results[${at}].intent.consumer.call (result ${mismatch.id}): is required`);
    expect(errors.some((e) => e.startsWith('$.ambiguities[0].parameters[0].values[0].value: '))).toBe(true);
    expect(errors).toContain('$.intents[0].open: is required');
  });

  it('requires intents, ambiguities and summary.asCalled from version 2 on', () => {
    const doc = reread(report);
    delete doc['intents'];
    delete doc['summary'].asCalled;
    const errors = validateReport(doc);
    expect(errors).toContain('$.intents: is required');
    expect(errors).toContain('$.summary.asCalled: is required');
  });

  it('still reads a version 1 report.json, as having no intents, and renders it as before', () => {
    const old = versionOne();
    expect(validateReport(old)).toEqual([]);
    const upgraded = upgradeReport(old as SavedReport);
    expect(upgraded.intents).toEqual([]);
    expect(upgraded.ambiguities).toEqual([]);
    expect(upgraded.summary.asCalled).toEqual({});
    // What it writes back is a current document.
    expect(validateReport(JSON.parse(renderJson(upgraded)))).toEqual([]);
    const md = renderMarkdown(upgraded);
    expect(md).not.toContain('## As called');
    expect(md).not.toContain('## Ambiguities');
    expect(renderHtml(upgraded)).not.toContain('id="ambiguities"');
    expect(renderJunit(upgraded)).toContain('<testsuite name="aes-gcm"');
  });
});

describe('bothends render and explain on saved reports', () => {
  captureOutput();
  const dir = mkdtempSync(join(tmpdir(), 'bothends-intents-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-renders a version 1 report.json, writing a current one', async () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(versionOne()));
    expect(await main(['render', old, '-o', join(dir, 'out'), '--no-throughput'])).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(validateReport(written)).toEqual([]);
    expect([written.schemaVersion, written.intents, written.ambiguities, written.summary.asCalled]).toEqual([2, [], [], {}]);
    expect(await main(['explain', (RESULTS[1] as CaseResult).id, '--report', old])).toBe(0);
  });

  it('explains an intent case from a saved report', async () => {
    const saved = join(dir, 'report.json');
    writeFileSync(saved, renderJson(report));
    expect(await main(['explain', mismatch.id, '--report', saved])).toBe(0);
    expect(out).toContain('  differs in  mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta)\n');
  });
});

describe('intents in the grouping and the summary', () => {
  it('puts an intent grid before the explicit ones of its standard, with the intent it shows', () => {
    const explicit = result('matrix', 'alpha', 'beta', 'pass', { standard: 'rsa-oaep', paramsId: 'n2048-sha256-mgf1sha256' });
    // The explicit case comes first in the results; the intent still leads its standard.
    const r2 = { ...report, results: [explicit, ...RESULTS] };
    const oaep = groupReport(r2).find((s) => s.id === 'rsa-oaep');
    expect(oaep?.paramSets.map((p) => p.paramsId)).toEqual([OAEP_SET, 'n2048-sha256-mgf1sha256']);
    expect(oaep?.paramSets[0]?.intent?.sentence).toBe(OAEP_SENTENCE);
    expect(oaep?.paramSets[0]?.params).toEqual({ oaepHash: 'SHA-256' });
    expect(oaep?.paramSets[1]?.intent).toBeUndefined();
  });

  it('leaves a refused resolution out of the Ambiguities: a library that offers no such call takes no side', () => {
    const oaep = INTENTS.find((i) => i.resolutions.length > 1 && ambiguities([i]).length === 1)!;
    expect(ambiguities([oaep])[0]!.parameters.length).toBeGreaterThan(0);
    const [first, ...others] = oaep.resolutions;
    const refusedOthers = { ...oaep, resolutions: [first!, ...others.map((r) => ({ ...r, refused: 'no such call' }))] };
    expect(ambiguities([refusedOthers])).toEqual([]);
    expect(resolutionRows(refusedOthers).flatMap((r) => r.params.filter((p) => p.split))).toEqual([]);
    expect(validateReport(reread({ ...report, intents: [refusedOthers] }))).toEqual([]);
  });

  it('finds the intent of a grid whose first case did not run (an unsupported cell carries no intent)', () => {
    const first = INTENT_RESULTS[0] as CaseResult;
    const { intent: _dropped, ...rest } = first;
    const unsupported: CaseResult = { ...rest, id: `${first.id}-unsupported`, outcome: 'unsupported', message: 'cannot' };
    const oaep = groupReport({ ...report, results: [unsupported, ...RESULTS] }).find((s) => s.id === 'rsa-oaep');
    expect(oaep?.paramSets[0]?.intent?.sentence).toBe(OAEP_SENTENCE);
    expect(renderMarkdown({ ...report, results: [unsupported, ...RESULTS] })).toContain(`Fixes `);
  });

  it('tells a mismatch apart from a plain failure between identical resolutions', () => {
    expect(verdictOf(mismatch)).toBe('mismatch');
    expect(verdictOf(plain)).toBe('fail');
    expect(GLYPHS.mismatch).not.toBe(GLYPHS.fail);
    expect(VERDICT_LABELS.mismatch).toMatch(/^mismatch/);
  });

  it('gives both figures per standard: as called, and configured identically (the rest)', () => {
    const explicit = result('matrix', 'alpha', 'beta', 'pass', { standard: 'rsa-oaep', paramsId: 'n2048-sha256-mgf1sha256' });
    const results = [...RESULTS, explicit];
    const figures = standardFigures({ ...report, results, summary: summarize(results) });
    expect(figures.find((f) => f.standard === 'rsa-oaep')).toEqual({
      standard: 'rsa-oaep',
      asCalled: { passed: 1, ran: 4 },
      configured: { passed: 1, ran: 1 },
    });
    expect(figures.find((f) => f.standard === 'aes-gcm')).toEqual({ standard: 'aes-gcm', configured: { passed: 5, ran: 11 } });
    expect(figures.find((f) => f.standard === 'nacl-box')).toEqual({ standard: 'nacl-box', configured: { passed: 0, ran: 0 } });
  });
});

describe('report.md with intents', () => {
  const md = renderMarkdown(report);
  const asCalled = md.slice(md.indexOf('## As called'), md.indexOf('## Ambiguities'));
  const ambiguities = md.slice(md.indexOf('## Ambiguities'), md.indexOf('## Standards'));

  it('leads with the intent grids, then the ambiguities, then the grids configured identically', () => {
    expect(md.indexOf('## As called')).toBeGreaterThan(0);
    expect(md.indexOf('## As called')).toBeLessThan(md.indexOf('## Ambiguities'));
    expect(md.indexOf('## Ambiguities')).toBeLessThan(md.indexOf('## Standards: which pairs work together'));
    expect(asCalled).toContain('| RSA-OAEP `rsa-oaep` | 1 of 4 passed | — |');
    expect(md).toContain('| RSA-OAEP `rsa-oaep` | 1 of 4 passed | — | 1 | 0 | — | — | 0 | 0 | 0 |');
  });

  it('draws one grid per intent, its sentence as the caption, and the resolutions with the open parameters in bold', () => {
    expect(asCalled).toContain(`### RSA-OAEP (\`rsa-oaep\`): “${OAEP_SENTENCE}” (\`${OAEP_SET}\`)`);
    expect(asCalled).toContain('| `alpha` | ✓ | ≠ |');
    expect(asCalled).toContain('| `beta` | ≠ | ✗ |');
    expect(asCalled).toContain(`| \`alpha\` | \`${ALPHA_CALL}\` | modulusBits=2048, oaepHash=SHA-256, **mgf1Hash=SHA-256**, **label=** |`);
    expect(asCalled).toContain(`| \`beta\` | \`${BETA_CALL}\` | modulusBits=2048, oaepHash=SHA-256, **mgf1Hash=SHA-1**, **label=** |`);
  });

  it('says under the grid why each failing pair failed: a mismatch with its parameter, fix and normative text', () => {
    expect(asCalled).toContain(
      '- ≠ `alpha` → `beta`: mismatch in mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta); fix: beta: Cipher.getInstance("RSA/ECB/OAEPPadding")',
    );
    expect(asCalled).toContain(
      'mgf1Hash is left open by RFC 8017 §7.1: the mask generation function is an option of its own, "typically MGF1 with the same hash" \\<not required\\>',
    );
    expect(asCalled).toContain('- ≠ `beta` → `alpha`: mismatch in mgf1Hash: SHA-1 (beta) vs SHA-256 (alpha); fix: none confirmed');
    expect(asCalled).toContain('- ✗ `beta` → `beta`: beta rejected its own ciphertext: OAEP decoding error');
    expect(asCalled).not.toContain('`alpha` → `alpha`');
  });

  it('lists each ambiguity with the values side by side, who uses each and the calls, and nothing that is not one', () => {
    expect(ambiguities).toContain(`### \`rsa-oaep\`: “${OAEP_SENTENCE}” (\`sha256\`)`);
    expect(ambiguities).toContain('**`mgf1Hash`** is left open by: RFC 8017 §7.1');
    expect(ambiguities).toContain(`| \`SHA-256\` | \`alpha\` | \`${ALPHA_CALL}\` |`);
    expect(ambiguities).toContain(`| \`SHA-1\` | \`beta\` | \`${BETA_CALL}\` |`);
    // label is open but resolved alike; the SHA-1 intent is resolved alike by everyone.
    expect(ambiguities).not.toContain('label');
    expect(ambiguities).not.toContain('(`sha1`)');
  });

  it('tells an intent case in full in its issue: both calls, the differing parameter, the fix and the text', () => {
    expect(md).toContain('- **params:** `rsa-oaep` `intent-sha256` (oaepHash=SHA-256), fixed by the intent; each side resolves the rest as called');
    expect(md).toContain(`- **producer as called:** alpha: ${ALPHA_CALL}; modulusBits=2048, oaepHash=SHA-256, mgf1Hash=SHA-256, label=`);
    expect(md).toContain('- **differs in:** mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta)');
    expect(md).toContain(`- **fix:** ${OAEP_FIX}`);
  });

  it('explains at most a dozen failing pairs under one intent grid, and says how many more', () => {
    const sides = ['p1', 'p2', 'p3', 'p4'];
    const many = sides.flatMap((p) => sides.map((c) => ({ ...mismatch, id: `rsa-oaep/${OAEP_SET}/intent/${p}~${c}`, producer: p, consumer: c })));
    const text = renderMarkdown({ ...report, results: many, summary: summarize(many) });
    const grid = text.slice(text.indexOf('## As called'), text.indexOf('## Ambiguities'));
    expect(grid.match(/^- ≠ /gm)).toHaveLength(12);
    expect(grid).toContain('- … and 4 more failing pairs: see report.html');
  });

  it('says so when every intent is resolved alike', () => {
    const alike = renderMarkdown({ ...report, ambiguities: [] });
    expect(alike).toContain('## Ambiguities\n\nEvery intent of this run is resolved the same way by every implementation that took part.');
  });
});

describe('report.html with intents', () => {
  const html = renderHtml(report);
  const section = (id: string): string => html.slice(html.indexOf(`<section id="${id}"`), html.indexOf('</section>', html.indexOf(`<section id="${id}"`)));

  it('leads the standard with the intent grid, its sentence as the caption, and the resolutions under it', () => {
    const std = html.slice(html.indexOf('<section class="std" id="rsa-oaep"'));
    const pset = std.slice(0, std.indexOf('</section>'));
    expect(pset).toContain(`<p class="group-head" id="rsa-oaep/as-called">As called`);
    expect(pset).toContain(`<section class="pset intent" id="rsa-oaep/${OAEP_SET}" data-drill-scope><h3>“${OAEP_SENTENCE}” <code>${OAEP_SET}</code></h3>`);
    expect(pset).toMatch(new RegExp(`<caption title="As called[^"]*">${OAEP_SENTENCE}</caption>`));
    expect(pset).toContain('<td class="v-mismatch" data-v="mismatch" data-a="beta"><a class="cell" href="#rsa-oaep/intent-sha256/intent/alpha~beta"');
    expect(pset).toContain('<td class="v-fail" data-v="fail" data-a="beta"><a class="cell" href="#rsa-oaep/intent-sha256/intent/beta~beta"');
    expect(pset).toContain('<caption>How each library resolves it, as called (open parameters marked)</caption>');
    expect(pset).toContain(
      `<tr data-a="beta"><th scope="row"><code>beta</code></th><td><code>${BETA_CALL.replace(/"/g, '&quot;')}</code></td><td><code>modulusBits=2048</code> <code>oaepHash=SHA-256</code> <mark class="open" title="resolved in more than one way: see Ambiguities">mgf1Hash=SHA-1</mark> <mark class="open">label=</mark></td></tr>`,
    );
    // The intent grid comes before the explicit ones and the pair grid leaves it out.
    expect(html).not.toContain('id="pairs-rsa-oaep"');
  });

  it('gives both figures per standard in the scorecard and a filter for mismatches', () => {
    const standards = section('standards');
    expect(standards).toContain('<th scope="col" title="each end calls its library as its documentation does for the sentence">as called</th>');
    expect(standards).toContain('<td class="num"><a href="#rsa-oaep/as-called">1 of 4 passed</a></td><td class="num">—</td>');
    expect(standards).toContain('<td class="num">—</td><td class="num">5 of 11 passed</td>');
    expect(html).toContain('name="verdict" value="mismatch" checked');
    expect(html).toContain('"problems":["accepted-invalid","fail","mismatch","error"]');
  });

  it('has an Ambiguities section: the values side by side, who uses each with the call, the text that leaves it open', () => {
    const amb = section('ambiguities');
    expect(html).toContain('<li><a href="#ambiguities">Ambiguities</a></li>');
    expect(html.indexOf('<section id="ambiguities"')).toBeLessThan(html.indexOf('<section id="issues"'));
    expect(amb).toContain('<div class="ambiguity" id="ambiguity/rsa-oaep/sha256" data-std="rsa-oaep">');
    expect(amb).toContain('<th scope="col">mgf1Hash = SHA-256</th><th scope="col">mgf1Hash = SHA-1</th>');
    expect(amb).toContain(`<li data-a="alpha"><code>alpha</code>: <code>${ALPHA_CALL.replace(/'/g, '&#39;')}</code></li>`);
    expect(amb).toContain('&lt;not required&gt;');
    expect(amb).not.toContain('<not required>');
    expect(amb).not.toContain(LABEL_OPEN);
    expect(amb).not.toContain('ambiguity/rsa-oaep/sha1');
  });
});

describe('junit.xml with intents', () => {
  const xml = renderJunit(report);

  it('makes every intent case a test case, a mismatch a failure whose message leads with the diagnosis', () => {
    for (const r of INTENT_RESULTS) expect(xml).toContain(`<testcase classname="rsa-oaep.${OAEP_SET}.intent" name="${r.id}"`);
    expect(xml).toContain(
      '<failure type="mismatch" message="mismatch in mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta); fix: beta: Cipher.getInstance(&quot;RSA/ECB/OAEPPadding&quot;)',
    );
    expect(xml).toContain(
      'mgf1Hash is left open by RFC 8017 §7.1: the mask generation function is an option of its own, &quot;typically MGF1 with the same hash&quot; &lt;not required&gt; — beta could not decrypt',
    );
    expect(xml).toContain(`consumer as called: beta: ${BETA_CALL}; modulusBits=2048, oaepHash=SHA-256, mgf1Hash=SHA-1, label=`);
    // A plain failure between identical resolutions is a failure of its kind, with no diagnosis.
    expect(xml).toContain('<failure type="rejected-valid" message="beta rejected its own ciphertext: OAEP decoding error">');
  });
});

describe('bothends explain with intents', () => {
  it("tells an intent case's story: both resolutions, the differing parameters, the fix and the normative text", () => {
    const story = explainResult(report, mismatch.id) ?? '';
    for (const line of [
      `  outcome     ${GLYPHS.mismatch} fail (mismatch) — unexpected`,
      `  params      ${OAEP_SET}: oaepHash=SHA-256 (fixed by the intent; each side resolves the rest as called)`,
      `  intent      “${OAEP_SENTENCE}” (sha256)`,
      `  producer as called\n              alpha: ${ALPHA_CALL}\n              modulusBits=2048, oaepHash=SHA-256, mgf1Hash=SHA-256, label=`,
      `  consumer as called\n              beta: ${BETA_CALL}\n              modulusBits=2048, oaepHash=SHA-256, mgf1Hash=SHA-1, label=`,
      '  differs in  mgf1Hash: SHA-256 (alpha) vs SHA-1 (beta)',
      `  fix         ${OAEP_FIX}`,
      `  left open (mgf1Hash)\n              ${MGF1_OPEN}`,
    ]) {
      expect(story).toContain(`${line}\n`);
    }
    const unfixed = explainResult(report, (INTENT_RESULTS[2] as CaseResult).id) ?? '';
    expect(unfixed).toContain('  fix         none confirmed: no explicit call on either side made the pair work\n');
    const bug = explainResult(report, plain.id) ?? '';
    expect(bug).toContain('  producer as called\n');
    expect(bug).not.toContain('differs in');
  });
});

describe('merging shards with intents', () => {
  /** The fixture split into `count` shards the way `--shard i/n` plans them, each seeing `intents(i)`. */
  function shards(count: number, intents: (index: number) => Report['intents']): Report[] {
    const config = { ...report.config, caseCount: RESULTS.length };
    return Array.from({ length: count }, (_, i) => {
      const results = RESULTS.filter((_, j) => j % count === i);
      return { ...report, config: { ...config, shard: `${i + 1}/${count}` }, results, intents: intents(i), ambiguities: [], summary: summarize(results) };
    });
  }

  it('carries every intent once with every resolution any shard saw, and recomputes the ambiguities', () => {
    const oaep = INTENTS[0] as Report['intents'][number];
    const parts = shards(2, (i) => [{ ...oaep, resolutions: oaep.resolutions.filter((_, k) => k === i) }, ...INTENTS.slice(1)]);
    // Given in any order, the shards merge in shard order.
    const merged = mergeReports([...parts].reverse(), []);
    expect(merged.intents.map((x) => [x.id, x.resolutions.map((r) => r.adapter)])).toEqual([
      ['sha256', ['alpha', 'beta']],
      ['sha1', ['alpha', 'beta']],
    ]);
    expect(merged.ambiguities).toEqual(report.ambiguities);
    expect(merged.summary.asCalled).toEqual(report.summary.asCalled);
  });

  it('reads a shard without intents (written before them) as having none', () => {
    const parts = shards(2, (i) => (i === 0 ? INTENTS : (undefined as unknown as Report['intents'])));
    const merged = mergeReports(parts, []);
    expect(merged.intents).toEqual(INTENTS);
  });
});

describe('a divergence: two ends behaving differently where the standard allows either', () => {
  const diverging = withDivergence();
  const md = renderMarkdown(diverging);

  it('is neither a pass nor an unexpected failure: its own glyph, allowed by the standard', () => {
    expect(verdictOf(DIVERGENCE_RESULT)).toBe('divergence');
    expect(GLYPHS.divergence).not.toBe(GLYPHS.pass);
    expect(new Set(Object.values(GLYPHS)).size).toBe(Object.keys(GLYPHS).length);
    expect([metExpectation(DIVERGENCE_RESULT), isUnexpected(DIVERGENCE_RESULT)]).toEqual([true, false]);
    // Any other failure of an intent case stays unexpected.
    expect(isUnexpected({ ...DIVERGENCE_RESULT, failure: 'wrong-output' })).toBe(true);
  });

  it('is valid report.json, and the schema names the path of a broken divergence and behaviour', () => {
    expect(validateReport(reread(diverging))).toEqual([]);
    const doc = reread(diverging);
    const at = doc['results'].length - 1;
    delete doc['results'][at].intent.divergence[0].consumer.behaviour;
    doc['ambiguities'].at(-1).behaviours[0].values[0].adapters = 'alpha';
    const errors = validateReport(doc);
    expect(errors).toContain(`$.results[${at}].intent.divergence[0].consumer.behaviour (result ${DIVERGENCE_RESULT.id}): is required`);
    expect(errors.some((e) => /^\$\.ambiguities\[\d+\]\.behaviours\[0\]\.values\[0\]\.adapters: /.test(e))).toBe(true);
  });

  it('lists who did what in the Ambiguities section, from the results, although both resolve the intent alike', () => {
    const amb = diverging.ambiguities.find((a) => a.standard === 'x25519');
    expect(amb?.parameters).toEqual([]);
    expect(amb?.behaviours).toEqual([
      {
        input: LOW_ORDER_INPUT,
        because: LOW_ORDER_ALLOWED,
        values: [
          { behaviour: 'refused', adapters: ['alpha'] },
          { behaviour: 'derived the all-zero secret', adapters: ['beta'] },
        ],
      },
    ]);
    // Without the divergent result, nothing is ambiguous about the X25519 intent.
    expect(withDivergence({ ...report }).ambiguities.length).toBe(report.ambiguities.length + 1);
    const section = md.slice(md.indexOf('## Ambiguities'), md.indexOf('## Standards'));
    expect(section).toContain(`### \`x25519\`: “${X25519_SENTENCE}” (\`shared-secret\`)`);
    expect(section).toContain(`On **${LOW_ORDER_INPUT}** the implementations behave in more than one way, each allowed by: ${LOW_ORDER_ALLOWED}`);
    expect(section).toContain('| refused | `alpha` |');
    expect(section).toContain('| derived the all-zero secret | `beta` |');
  });

  it('shows its glyph in the intent grid and the legend, and says under the grid who did what', () => {
    const grid = md.slice(md.indexOf('## As called'), md.indexOf('## Ambiguities'));
    expect(grid).toContain(`| \`alpha\` | ${GLYPHS.divergence} |`);
    expect(md).toContain(`${GLYPHS.divergence} ${VERDICT_LABELS.divergence}`);
    expect(grid).toContain(
      `- ${GLYPHS.divergence} \`alpha\` → \`beta\`: on ${LOW_ORDER_INPUT}: alpha refused, beta derived the all-zero secret (either allowed: ${LOW_ORDER_ALLOWED})`,
    );
  });

  it('has its behaviours in the HTML Ambiguities section, its glyph in the legend, and its class', () => {
    const html = renderHtml(diverging);
    const amb = html.slice(html.indexOf('<section id="ambiguities"'), html.indexOf('</section>', html.indexOf('<section id="ambiguities"')));
    expect(amb).toContain('<div class="ambiguity" id="ambiguity/x25519/shared-secret" data-std="x25519">');
    expect(amb).toContain(`<h4 class="behaviour">${LOW_ORDER_INPUT}</h4>`);
    expect(amb).toContain('<td><b>refused</b><ul><li data-a="alpha"><code>alpha</code></li></ul></td>');
    expect(html).toContain('.v-divergence{');
  });

  it('is a JUnit failure whose message says either behaviour is allowed, and who did what', () => {
    const xml = renderJunit(diverging);
    expect(xml).toContain(
      `<failure type="divergence" message="either behaviour allowed by the standard: on ${LOW_ORDER_INPUT}: alpha refused, beta derived the all-zero secret`,
    );
  });

  it('is told by bothends explain: the input, what each end did in its own words, and the text that allows both', () => {
    const story = explainResult(diverging, DIVERGENCE_RESULT.id) ?? '';
    for (const line of [
      `  outcome     ${GLYPHS.divergence} fail (divergence) — allowed by the standard`,
      `  diverges on ${LOW_ORDER_INPUT}`,
      '  producer did\n              alpha: refused (weak public key)',
      '  consumer did\n              beta: derived the all-zero secret',
      `  either allowed by\n              ${LOW_ORDER_ALLOWED}`,
    ]) {
      expect(story).toContain(`${line}\n`);
    }
  });
});
