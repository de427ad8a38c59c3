/** The summary counts the same, with keys in the same order, whatever order results arrive in. */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/report-fixture.js';
import type { CaseResult, Outcome } from './model.js';
import { Summarizer, closingLines, summarize } from './summary.js';

describe('Summarizer', () => {
  it('gives summarize()’s summary, JSON included, for results added in any order', () => {
    const results = fixture().results;
    expect(results.length).toBeGreaterThan(3);
    const reference = JSON.stringify(summarize(results));
    for (const order of [[...results.keys()].reverse(), [...results.keys()].sort((a, b) => (a % 3) - (b % 3) || b - a)]) {
      const s = new Summarizer();
      for (const i of order) s.add(results[i]!, i);
      expect(JSON.stringify(s.summary())).toBe(reference);
    }
  });
});

describe('closingLines', () => {
  it('counts unsupported apart from skipped, and ends with the plain line CI reads', () => {
    const outcomes: Outcome[] = ['pass', 'pass', 'pass', 'fail', 'error', 'unsupported', 'unsupported', 'skipped'];
    const results = outcomes.map((outcome, i) => ({ ...fixture().results[0]!, id: `x/p/matrix/a~b${i}`, outcome }) as CaseResult);
    const [full, plain] = closingLines(summarize(results));
    expect(full).toBe('3 passed, 2 failed, 2 unsupported, 1 skipped');
    expect(plain).toBe('3 passed, 2 failed, 1 skipped');
    expect(plain).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
  });
});
