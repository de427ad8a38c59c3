import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { DEFAULT_ADAPTERS } from '../adapters/index.js';
import { applyExpectations, expectationMatcher, isUnexpected, loadExpectations, PROJECT_EXPECTATIONS, resolveExpectations } from './expectations.js';
import { entryMatcher, matchesCasePattern } from './wildcard.js';
import type { CaseResult } from './model.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-exp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function result(id: string, outcome: CaseResult['outcome'], failure?: CaseResult['failure']): CaseResult {
  return {
    id,
    standard: 'aes-ctr',
    kind: 'matrix',
    params: {},
    paramsId: 'p',
    producer: 'a',
    consumer: 'b',
    expected: 'accept',
    expectedBecause: 'x',
    outcome,
    ...(failure ? { failure } : {}),
    message: 'm',
    sides: [],
    durationMs: 0,
    replay: 'r',
  };
}

describe('expectations', () => {
  it('marks matching results known, so only unknown failures are unexpected', () => {
    const results = [result('aes-ctr/k128/matrix/a~b', 'fail', 'wrong-output'), result('aes-ctr/k128/matrix/b~a', 'fail', 'wrong-output')];
    const { results: out, stale } = applyExpectations(results, [
      { match: 'aes-ctr/*/matrix/a~*', outcome: 'fail', failure: 'wrong-output', reason: 'SP 800-38A B.1' },
    ]);
    expect(out[0]!.known?.reason).toBe('SP 800-38A B.1');
    expect(isUnexpected(out[0]!)).toBe(false);
    expect(isUnexpected(out[1]!)).toBe(true);
    expect(stale).toEqual([]);
  });

  it('does not excuse a different failure kind, and reports an entry whose cases now pass as stale', () => {
    const results = [result('x/a~b', 'fail', 'accepted-invalid'), result('y/a~b', 'pass')];
    const { results: out, stale } = applyExpectations(results, [
      { match: 'x/*', outcome: 'fail', failure: 'wrong-output', reason: 'r' },
      { match: 'y/*', outcome: 'fail', failure: 'wrong-output', reason: 'fixed since' },
      { match: 'z/*', outcome: 'fail', failure: 'wrong-output', reason: 'not run this time' },
    ]);
    expect(isUnexpected(out[0]!)).toBe(true);
    expect(stale.map((s) => s.match)).toEqual(['x/*', 'y/*']);
  });

  it('marks results one at a time, in any order, as applyExpectations does', () => {
    const results = [result('x/a~b', 'fail', 'wrong-output'), result('x/b~a', 'pass'), result('y/a~b', 'pass')];
    const known = [
      { match: 'x/*', outcome: 'fail' as const, failure: 'wrong-output' as const, reason: 'r' },
      { match: 'y/*', outcome: 'fail' as const, failure: 'wrong-output' as const, reason: 'fixed since' },
    ];
    const all = applyExpectations(results, known);
    const matcher = expectationMatcher(known);
    const one = [...results]
      .reverse()
      .map((r) => matcher.apply(r))
      .reverse();
    expect(one).toEqual(all.results);
    expect(matcher.stale()).toEqual(all.stale);
    expect(all.stale.map((s) => s.match)).toEqual(['y/*']);
  });

  it('rejects a malformed file naming the file and the JSON path', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        entries: [
          { match: 'a', outcome: 'pass', reason: 'ok' },
          { match: 'b', outcome: 'broken', reason: 'r' },
        ],
      }),
    );
    expect(() => loadExpectations(file)).toThrow(ConfigError);
    expect(() => loadExpectations(file)).toThrow(/bad\.json at entries\[1\]\.outcome: must be one of "pass", "fail"/);
    writeFileSync(file, '{ not json');
    expect(() => loadExpectations(file)).toThrow(/bad\.json: cannot read expectations/);
  });

  it('rejects a null file, a null entry and other shapes with the file and the JSON path, not an internal error', () => {
    const file = join(dir, 'shapes.json');
    const cases: Array<[unknown, RegExp]> = [
      [null, /shapes\.json at \$: must be object/],
      [{ entries: [null] }, /shapes\.json at entries\[0\]: must be object/],
      [{ entries: [{ match: 'a/b', outcome: 'fail', reason: 'r' }] }, /shapes\.json at entries\[0\]\.failure: missing required property/],
      [
        { entries: [{ match: 'a/b', outcome: 'pass', failure: 'wrong-output', reason: 'r' }] },
        /shapes\.json at entries\[0\]\.failure: a failure kind is allowed only with outcome "fail"/,
      ],
      [{ entries: [{ match: 'a/{b', outcome: 'pass', reason: 'r' }] }, /shapes\.json at entries\[0\]\.match: unclosed "\{"/],
      [{ entries: [], extra: 1 }, /shapes\.json at extra: unknown property/],
    ];
    for (const [doc, message] of cases) {
      writeFileSync(file, JSON.stringify(doc));
      expect(() => loadExpectations(file)).toThrow(ConfigError);
      expect(() => loadExpectations(file)).toThrow(message);
    }
  });

  it('lets * stop at "/", so an entry absorbs only the mutation, kind and pair it names', () => {
    const results = [
      result('aes-cbc/k128-pkcs7/negative/node-crypto~node-forge/empty', 'fail', 'accepted-invalid'),
      result('aes-cbc/k128-pkcs7/negative/node-crypto~node-forge/truncate', 'fail', 'accepted-invalid'),
      result('aes-cbc/k128-pkcs7/kat/vector:aes_cbc_test~node-forge/tc5/decrypt', 'fail', 'accepted-invalid'),
    ];
    const { results: out } = applyExpectations(results, [
      { match: 'aes-cbc/*/negative/*~node-forge*/empty', outcome: 'fail', failure: 'accepted-invalid', reason: 'empty input' },
    ]);
    expect(out.map(isUnexpected)).toEqual([false, true, true]);
    // The old reading (* crossing /) of the old entry absorbed all three.
    const old = applyExpectations(results, [{ match: 'aes-cbc/*/*~node-forge*', outcome: 'fail', failure: 'accepted-invalid', reason: 'empty input' }]);
    expect(old.results.map(isUnexpected)).toEqual([true, true, true]);
  });

  it('requires the failure kind to match, so an entry for a rejection never hides an accepted forgery', () => {
    const forged = result('aes-gcm/k128-iv12-t4/matrix/node-forge~node-crypto', 'fail', 'accepted-invalid');
    const { results: out } = applyExpectations(
      [forged],
      [{ match: 'aes-gcm/*-t4/matrix/*node-forge*', outcome: 'fail', failure: 'rejected-valid', reason: 'short tags' }],
    );
    expect(isUnexpected(out[0]!)).toBe(true);
  });

  it('reads the project file: every fail entry has a failure kind, and every entry names the adapters whose library its reason blames', () => {
    const entries = loadExpectations(PROJECT_EXPECTATIONS);
    expect(entries.length).toBeGreaterThan(20);
    const ids = DEFAULT_ADAPTERS.map((a) => a.id);
    const named = (reason: string, id: string): boolean => {
      const a = DEFAULT_ADAPTERS.find((x) => x.id === id)!;
      const words = [a.id.split(':')[0]!, a.library.split(/[ ,+]/)[0]!].map((w) => w.toLowerCase());
      return words.some((w) => reason.toLowerCase().includes(w));
    };
    const blamed = entries.filter((e) => {
      const pair = e.match.split('/')[3]!;
      const cut = pair.lastIndexOf('~');
      if (cut < 0) {
        const hits = ids.flatMap((a) => ids.map((b) => [a, b] as const)).filter(([a, b]) => entryMatcher(pair)(`${a}~${b}`));
        return hits.length > 0 && hits.every(([a, b]) => named(e.reason, a) || named(e.reason, b));
      }
      const side = (pattern: string): boolean => {
        const hits = ids.filter((a) => entryMatcher(pattern)(a));
        return hits.length > 0 && hits.length < ids.length && hits.every((a) => named(e.reason, a));
      };
      return side(pair.slice(cut + 1)) || (!pair.startsWith('vector:') && side(pair.slice(0, cut)));
    });
    expect(entries.filter((e) => !blamed.includes(e)).map((e) => e.match)).toEqual([]);
    expect(entries.filter((e) => e.outcome === 'fail' && e.failure === undefined).map((e) => e.match)).toEqual([]);
  });

  it('adds --expectations files to the project file, replaces it on request, and drops all with none', () => {
    const extra = join(dir, 'extra.json');
    writeFileSync(extra, JSON.stringify({ entries: [{ match: 'x/y', outcome: 'pass', reason: 'local' }] }));
    const project = loadExpectations(PROJECT_EXPECTATIONS).length;
    expect(resolveExpectations([extra]).entries).toHaveLength(project + 1);
    expect(resolveExpectations([extra], true).entries).toHaveLength(1);
    expect(resolveExpectations(['none']).entries).toHaveLength(0);
  });
});

describe('wildcards', () => {
  it('match runs of * in linear time, in --case patterns and in entries', () => {
    const id = `${'a'.repeat(5000)}/${'b'.repeat(5000)}`;
    const started = performance.now();
    expect(matchesCasePattern('************Z', id)).toBe(false);
    expect(matchesCasePattern(`${'*a'.repeat(40)}*Z`, id)).toBe(false);
    expect(entryMatcher('************Z/*')(id)).toBe(false);
    expect(entryMatcher(`${'*a'.repeat(40)}*/*`)(id)).toBe(true);
    // Each would take longer than the age of the universe as a backtracking RegExp.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('keep their meaning: * crosses "/" in --case, not in entries; {a,b} is either', () => {
    expect(matchesCasePattern('aes-gcm/k128-iv12-t16/*', 'aes-gcm/k128-iv12-t16/matrix/a~b')).toBe(true);
    expect(matchesCasePattern('aes-gcm/*/matrix/a~b', 'aes-gcm/k128/matrix/a~bc')).toBe(false);
    expect(entryMatcher('aes-gcm/*/matrix/*')('aes-gcm/k128/matrix/a~b')).toBe(true);
    expect(entryMatcher('aes-gcm/*')('aes-gcm/k128/matrix/a~b')).toBe(false);
    expect(entryMatcher('x/*~{a,b}/tc{1,2}')('x/v~b/tc2')).toBe(true);
    expect(entryMatcher('x/*~{a,b}/tc{1,2}')('x/v~c/tc2')).toBe(false);
    expect(() => entryMatcher('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}')).toThrow(/more than 64 alternatives/);
  });
});
