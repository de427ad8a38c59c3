/**
 * The report sections added around the matrix: the not-run list of report.md grouped by reason
 * with every refusal by policy kept, the corpora section of report.html, and the throughput
 * attached with `--throughput` (report.html chart, report.md table, and the option's handling of
 * an absent, missing or malformed bench.json, through the real CLI).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput, err } from '../../test/capture.js';
import { HOSTILE, fixture, result } from '../../test/report-fixture.js';
import type { ThroughputData } from '../core/throughput-model.js';
import { main } from '../cli/program.js';
import type { CorporaSection } from '../core/corpora-model.js';
import { ConfigError } from '../core/errors.js';
import type { Report } from '../core/report-model.js';
import { renderHtml } from './html.js';
import { renderJson, validateReport } from './json.js';
import { isPolicyRefusal, renderMarkdown } from './markdown.js';
import { throughputFor } from './throughput-data.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-extras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POLICY =
  'consumer alpha: padding=pkcs1: Node refuses RSAES-PKCS1-v1_5 private decryption — unsupported by policy (node --security-revert=CVE-2023-46809)';

/** The fixture with 40 distinct reasons for not running, then one refusal by policy, last. */
function manyReasons(): Report {
  const base = fixture();
  const extra = [
    ...Array.from({ length: 40 }, (_, i) =>
      result('matrix', 'alpha', 'beta', 'unsupported', {
        paramsId: `set-${String(i).padStart(2, '0')}`,
        message: `beta: tagBytes=${i}: not expressible in this toolkit`,
      }),
    ),
    // The same reason in another standard: one line, naming both standards.
    result('matrix', 'alpha', 'gamma', 'skipped', { standard: 'nacl-box', paramsId: 'x25519', message: 'gamma is not installed: apt-get install gamma' }),
    result('matrix', 'beta', 'alpha', 'unsupported', { standard: 'rsaes-pkcs1-v1_5', paramsId: 'rsa2048', message: POLICY }),
  ];
  return { ...base, results: [...base.results, ...extra] };
}

/** The `## Not run` section of a report.md. */
function notRun(md: string): string {
  const start = md.indexOf('## Not run');
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

describe('report.md: what did not run', () => {
  it('recognises refusals by policy, by the wording the planner and the adapters use', () => {
    expect(isPolicyRefusal(POLICY)).toBe(true);
    expect(isPolicyRefusal('tagBytes 4 ∈ {16}: fixed tag (policy: some --flag)')).toBe(true);
    expect(isPolicyRefusal('beta: tagBytes=4: not expressible')).toBe(false);
  });

  it('always lists every refusal by policy, caps the other reasons, and says how many were left out and where', () => {
    const section = notRun(renderMarkdown(manyReasons()));
    expect(section).toContain('### Refused by policy (1 reason, always listed)');
    expect(section).toContain('CVE-2023-46809');
    const policyTable = section.slice(section.indexOf('### Refused by policy'), section.indexOf('### Other reasons'));
    expect(policyTable).toContain('`rsaes-pkcs1-v1_5`');
    // 40 + the fixture's own reasons, 30 shown: the rest counted, with where to find them.
    const others = section.slice(section.indexOf('### Other reasons'));
    const rows = others.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| outcome') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(30);
    const left =
      /… and (\d+) more reasons covering (\d+) cases left out here: report\.html lists every one \(section "Not run"\), and report\.json has each case/.exec(
        others,
      );
    expect(left).not.toBeNull();
    const total = new Set(
      manyReasons()
        .results.filter((r) => r.outcome === 'unsupported' || r.outcome === 'skipped')
        .map((r) => `${r.outcome} ${r.message.replace(/^(producer|consumer) (?=\S+: )/, '')}`),
    ).size;
    expect(Number(left![1])).toBe(total - 1 - 30);
  });

  it('groups by reason across standards: one line per reason', () => {
    const section = notRun(renderMarkdown(manyReasons()));
    const gamma = section.split('\n').filter((l) => l.includes('gamma is not installed'));
    expect(gamma).toHaveLength(1);
    expect(gamma[0]).toContain('`aes-gcm`, `nacl-box`');
  });

  it('lists no policy part when nothing was refused by policy, and nothing left out when all fit', () => {
    const section = notRun(renderMarkdown(fixture()));
    expect(section).not.toContain('Refused by policy');
    expect(section).not.toContain('left out');
    expect(section).toContain('not expressible');
  });
});

/** A corpora section with an accepted invalid input, a corpus nobody has heard of, and hostile text. */
function corpora(): CorporaSection {
  const finding = {
    caseId: 'aes-gcm/k128-iv12-t16/negative/alpha~beta/zero-tag',
    tcId: 7,
    comment: HOSTILE,
    flags: ['ModifiedTag'],
    bugTypes: ['AUTH_BYPASS'],
    cves: ['CVE-2000-0001'],
    known: false,
  };
  const row = (file: string, extra: object = {}) => ({
    file,
    standard: 'aes-gcm',
    cases: 10,
    ran: 8,
    passed: 8,
    failed: 0,
    errors: 0,
    declined: 2,
    known: 0,
    acceptedInvalid: [],
    ...extra,
  });
  return {
    files: [
      {
        corpus: 'wycheproof',
        file: 'wycheproof/aes_gcm_test.json',
        format: 'aead_test_schema_v1.json',
        algorithm: 'AES-GCM',
        tests: 12,
        imported: 10,
        standards: ['aes-gcm'],
        excluded: [{ kind: 'no-parameter-set', reason: 'ivBytes 15 is not declared', groups: 1, tests: 2 }],
        unknownFlags: [],
      },
      {
        corpus: 'acme-kit' as 'hpke',
        file: 'acme-kit/vectors.json',
        format: 'acme',
        algorithm: 'AES-GCM',
        tests: 3,
        imported: 3,
        standards: ['aes-gcm'],
        excluded: [],
        unknownFlags: ['Strange'],
      },
    ],
    conformance: [
      { adapter: 'alpha', files: [row('wycheproof/aes_gcm_test.json'), row('acme-kit/vectors.json', { cases: 3, ran: 3, passed: 3, declined: 0 })] },
      { adapter: 'beta', files: [row('wycheproof/aes_gcm_test.json', { passed: 7, failed: 1, acceptedInvalid: [finding] })] },
    ],
    uncovered: [{ file: 'wycheproof/aes_gcm_test.json', standard: 'aes-gcm', paramsId: 'k128-iv8-t16', cases: 2, reason: 'no adapter takes 8-byte IVs' }],
    acceptablePolicy: [{ flag: 'ShortIv', policy: 'either', because: 'SP 800-38D §5.2.1.1 allows it' }],
  };
}

describe('report.html: conformance against published vectors', () => {
  it('renders a matrix per adapter and file, the findings linked to their cases, and a collapsed inventory', () => {
    const html = renderHtml({ ...fixture(), corpora: corpora() });
    const section = html.slice(html.indexOf('<section id="corpora"'), html.indexOf('</section>', html.indexOf('<section id="corpora"')));
    expect(html).toContain('<a href="#corpora">Conformance against published vectors</a>');
    expect(section).toContain('<th scope="col" data-a="alpha"><code>alpha</code></th><th scope="col" data-a="beta"><code>beta</code></th>');
    expect(section).toMatch(
      /<td class="v-accepted-invalid num" data-a="beta" data-v="accepted-invalid"[^>]*>7\/8<br><small>2 declined<\/small><br><b>‼ 1 accepted invalid<\/b><\/td>/,
    );
    expect(section).toMatch(/<td class="v-pass num" data-a="alpha" data-v="pass"[^>]*>8\/8/);
    // A corpus the renderer does not know is shown by its name; a file no adapter row covers is a dash.
    expect(section).toContain('<th scope="rowgroup" colspan="4">acme-kit</th>');
    expect(section).toMatch(/<td class="none" data-a="beta"[^>]*>—<\/td>/);
    expect(section).toContain('<a href="#aes-gcm/k128-iv12-t16/negative/alpha~beta/zero-tag"><code>');
    expect(section).toMatch(/<td class="v-accepted-invalid"><b>new<\/b><\/td>/);
    expect(section).toMatch(/<details class="corpora-part"><summary><h3 id="corpora-inventory">/);
    expect(section).toContain('id="corpora/file/wycheproof/aes_gcm_test.json"');
    expect(section).toContain('unknown flags (taken as either): Strange');
    expect(section).not.toContain('<script>');
    expect(section).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('adds nothing when the report imported no corpus', () => {
    const html = renderHtml(fixture());
    expect(html).not.toContain('id="corpora"');
    expect(html).not.toContain('href="#corpora"');
  });
});

/** A bench.json as `bothends bench` writes it: two adapters and the reference on one standard. */
function bench(): ThroughputData {
  const cell = (subject: string, size: number, mbPerSec: number) => ({
    subject,
    reference: subject === 'openssl speed',
    standard: 'aes-gcm',
    paramsId: 'k128-iv12-t16',
    op: 'encrypt' as const,
    size,
    status: 'measured' as const,
    ops: 100,
    seconds: 0.1,
    opsPerSec: (mbPerSec * 1e6) / size,
    mbPerSec,
  });
  return {
    schemaVersion: 1,
    startedAt: '2026-11-22T12:00:00.000Z',
    durationMs: 1000,
    environment: { node: 'v20.20.0', openssl: '3.0.15', platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'test cpu' },
    timeBoxMs: 100,
    sizes: [64, 1024],
    seed: 'bothends',
    subjects: [
      { id: 'alpha', library: 'node:crypto', kind: 'in-process', version: '20.20.0', available: true },
      { id: 'openssl speed', library: 'openssl', kind: 'cli', version: '3.0.15', available: true },
    ],
    standards: [{ id: 'aes-gcm', title: 'AES-GCM', paramsId: 'k128-iv12-t16', params: { keyBits: 128, ivBytes: 12, tagBytes: 16 } }],
    cells: [
      cell('alpha', 64, 0.3),
      cell('alpha', 1024, 1.5),
      cell('openssl speed', 64, 105),
      cell('openssl speed', 1024, 1030),
      {
        subject: 'beta',
        reference: false,
        standard: 'aes-gcm',
        paramsId: 'k128-iv12-t16',
        op: 'encrypt',
        size: 64,
        status: 'unsupported',
        message: 'no aes-gcm',
      },
    ],
  };
}

describe('throughput in the reports', () => {
  captureOutput();
  const saved = join(dir, 'report.json');
  writeFileSync(saved, renderJson(fixture()));

  it('renders an inline SVG chart and a table in report.html, a table in report.md, and validates', () => {
    const report = { ...fixture(), throughput: bench() };
    expect(validateReport(JSON.parse(renderJson(report)))).toEqual([]);
    const html = renderHtml(report);
    const section = html.slice(html.indexOf('<section id="throughput"'), html.indexOf('</section>', html.indexOf('<section id="throughput"')));
    expect(section).toMatch(/<figure class="throughput-chart"><svg [^>]*role="img"/);
    expect(section.match(/<rect /g)).toHaveLength(4);
    expect(section).not.toMatch(/xmlns|href=|url\(|<script/);
    expect(section).toContain('<caption>aes-gcm · k128-iv12-t16 — encrypt</caption>');
    expect(html).toContain('<li><a href="#throughput">Throughput</a></li>');
    const md = renderMarkdown(report);
    expect(md).toContain('## Throughput');
    expect(md).toMatch(/\| `alpha` \| 300 kB\/s \(4\.69 k ops\/s\) \| 1\.50 MB\/s \(1\.46 k ops\/s\) \|/);
    expect(md).toContain('| `beta` | unsupported |');
    expect(renderMarkdown(fixture())).not.toContain('## Throughput');
  });

  it('attaches OUT/throughput/bench.json when it exists, and nothing (and no error) when it does not', async () => {
    const none = join(dir, 'none');
    expect(throughputFor(undefined, none)).toBeUndefined();
    expect(await main(['render', saved, '-o', none, '-f', 'json', 'md'])).toBe(0);
    expect(err).toBe('');
    expect(JSON.parse(readFileSync(join(none, 'report.json'), 'utf8'))).not.toHaveProperty('throughput');
    const out = join(dir, 'with');
    mkdirSync(join(out, 'throughput'), { recursive: true });
    writeFileSync(join(out, 'throughput', 'bench.json'), JSON.stringify(bench()));
    expect(await main(['render', saved, '-o', out])).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).throughput).toEqual(bench());
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<section id="throughput"');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Throughput');
    // --no-throughput drops it.
    expect(await main(['render', join(out, 'report.json'), '-o', join(dir, 'dropped'), '--no-throughput', '-f', 'json'])).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'dropped', 'report.json'), 'utf8'))).not.toHaveProperty('throughput');
  });

  it('refuses a malformed bench.json with a ConfigError naming the file and the JSON path', async () => {
    const bad = join(dir, 'bad.json');
    const data = bench();
    writeFileSync(bad, JSON.stringify({ ...data, cells: [{ ...data.cells[0], status: 'fast' }] }));
    expect(() => throughputFor(bad, dir)).toThrow(ConfigError);
    expect(() => throughputFor(bad, dir)).toThrow(
      /bad\.json: --throughput: not the bench\.json of `bothends bench`:\n {2}\$\.cells\[0\]\.status: must be one of: measured, unsupported, skipped, error/,
    );
    expect(await main(['render', saved, '-o', join(dir, 'bad-out'), '--throughput', bad])).toBe(2);
    expect(err).toMatch(/bad\.json: --throughput: not the bench\.json[\s\S]*\$\.cells\[0\]\.status/);
    writeFileSync(bad, '{ not json');
    expect(() => throughputFor(bad, dir)).toThrow(/bad\.json: --throughput: cannot read it: .*JSON/);
    // The default file is held to the same standard: a broken one is an error, not silence.
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'throughput'), { recursive: true });
    writeFileSync(join(broken, 'throughput', 'bench.json'), JSON.stringify({ ...data, schemaVersion: 2 }));
    expect(() => throughputFor(undefined, broken)).toThrow(/bench\.json: --throughput: [\s\S]*\$\.schemaVersion: must be 1/);
    // A file named on the command line must exist.
    expect(() => throughputFor(join(dir, 'no-such.json'), dir)).toThrow(/no-such\.json: --throughput: no such file/);
  });

  it('is read by `bothends run` before running: a malformed file stops the run with exit 2', async () => {
    const bad = join(dir, 'bad-run.json');
    writeFileSync(bad, JSON.stringify({ ...bench(), cells: 'many' }));
    const started = Date.now();
    expect(await main(['run', '-s', 'aes-gcm', '-a', 'node-crypto', '-o', join(dir, 'run-out'), '--throughput', bad, '-q'])).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err).toMatch(/bad-run\.json: --throughput: [\s\S]*\$\.cells: must be array/);
  });
});

describe('scorecards: only the adapters that took part, in their own words', () => {
  it('leaves out an adapter with no result in the run (a run with --standard), and report.md says what each one is', () => {
    const base = fixture();
    const idle = { ...base.adapters[0]!, id: 'idle-adapter', description: 'an adapter of another standard' };
    const md = renderMarkdown({ ...base, adapters: [...base.adapters, idle] });
    const section = md.slice(md.indexOf('## Implementations'), md.indexOf('\n## ', md.indexOf('## Implementations') + 1));
    expect(section).not.toContain('idle-adapter');
    for (const a of base.adapters.filter((x) => base.results.some((r) => r.producer === x.id || r.consumer === x.id))) {
      expect(section).toContain(`: ${a.description}`);
    }
  });
});
