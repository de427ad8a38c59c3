/** The summary counts the same, with keys in the same order, whatever order results arrive in. */
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/report-fixture.js';
import { Summarizer, summarize } from './summary.js';

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
