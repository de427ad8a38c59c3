import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { applyExpectations, expectationMatcher, isUnexpected, loadExpectations } from './expectations.js';
import type { CaseResult } from './model.js';

const dir = mkdtempSync(join(tmpdir(), 'bothends-exp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function result(id: string, outcome: CaseResult['outcome'], failure?: CaseResult['failure']): CaseResult {
  return {
    id, standard: 'aes-ctr', kind: 'matrix', params: {}, paramsId: 'p', producer: 'a', consumer: 'b', expected: 'accept',
    expectedBecause: 'x', outcome, ...(failure ? { failure } : {}), message: 'm', sides: [], durationMs: 0, replay: 'r',
  };
}

describe('expectations', () => {
  it('marks matching results known, so only unknown failures are unexpected', () => {
    const results = [result('aes-ctr/k128/matrix/a~b', 'fail', 'wrong-output'), result('aes-ctr/k128/matrix/b~a', 'fail', 'wrong-output')];
    const { results: out, stale } = applyExpectations(results, [{ match: 'aes-ctr/*/matrix/a~*', outcome: 'fail', failure: 'wrong-output', reason: 'SP 800-38A B.1' }]);
    expect(out[0]!.known?.reason).toBe('SP 800-38A B.1');
    expect(isUnexpected(out[0]!)).toBe(false);
    expect(isUnexpected(out[1]!)).toBe(true);
    expect(stale).toEqual([]);
  });

  it('does not excuse a different failure kind, and reports an entry whose cases now pass as stale', () => {
    const results = [result('x/a~b', 'fail', 'accepted-invalid'), result('y/a~b', 'pass')];
    const { results: out, stale } = applyExpectations(results, [
      { match: 'x/*', outcome: 'fail', failure: 'wrong-output', reason: 'r' },
      { match: 'y/*', outcome: 'fail', reason: 'fixed since' },
      { match: 'z/*', outcome: 'fail', reason: 'not run this time' },
    ]);
    expect(isUnexpected(out[0]!)).toBe(true);
    expect(stale.map((s) => s.match)).toEqual(['x/*', 'y/*']);
  });

  it('marks results one at a time, in any order, as applyExpectations does', () => {
    const results = [result('x/a~b', 'fail', 'wrong-output'), result('x/b~a', 'pass'), result('y/a~b', 'pass')];
    const known = [
      { match: 'x/*', outcome: 'fail' as const, reason: 'r' },
      { match: 'y/*', outcome: 'fail' as const, reason: 'fixed since' },
    ];
    const all = applyExpectations(results, known);
    const matcher = expectationMatcher(known);
    const one = [...results].reverse().map((r) => matcher.apply(r)).reverse();
    expect(one).toEqual(all.results);
    expect(matcher.stale()).toEqual(all.stale);
    expect(all.stale.map((s) => s.match)).toEqual(['y/*']);
  });

  it('rejects a malformed file naming the file and the JSON path', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ entries: [{ match: 'a', outcome: 'pass', reason: 'ok' }, { match: 'b', outcome: 'broken', reason: 'r' }] }));
    expect(() => loadExpectations(file)).toThrow(ConfigError);
    expect(() => loadExpectations(file)).toThrow(/bad\.json at entries\[1\]\.outcome: unknown outcome "broken"/);
    writeFileSync(file, '{ not json');
    expect(() => loadExpectations(file)).toThrow(/bad\.json: cannot read expectations/);
  });
});
