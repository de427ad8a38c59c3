import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../core/model.js';
import { BECAUSE_REJECT, HOSTILE, KAT_FILE, MGF1_OPEN, OAEP_SENTENCE, RESULTS, fixture, result } from '../../test/report-fixture.js';
import { displayOrder, groupReport } from './grid.js';
import { groupIssues, messageShape } from './issues.js';
import { VECTORS_ROW, overviews, pairCount, type PairCell } from './overview.js';
import { ID_MARK, packResults, unpackResults } from './pack.js';
import { adapterScores, passRate, standardScores } from './scorecard.js';
import { closeMatches, explainResult } from './story.js';

const report = fixture();
const sections = groupReport(report);
const pairs = overviews(report, sections);

function pair(standard: string, row: string, col: string): PairCell | undefined {
  const o = pairs.find((p) => p.section.id === standard);
  return o?.cells[o.rows.indexOf(row)]?.[o.cols.indexOf(col)];
}

describe('pair overview', () => {
  it('has one grid per standard, adapters in report order and the vector files in one last row', () => {
    expect(pairs.map((p) => p.section.id)).toEqual(['aes-gcm', 'nacl-box', 'rsa-oaep']);
    // The pair grids are "configured identically": intent cases ("as called") are left to their own grids.
    expect(pairs[2]?.rows).toEqual([]);
    expect(pairs[0]?.rows).toEqual(['alpha', 'beta', 'gamma', VECTORS_ROW]);
    expect(pairs[0]?.cols).toEqual(['alpha', 'beta', 'gamma']);
    expect(pair('aes-gcm', VECTORS_ROW, 'beta')?.results.map((r) => r.producer)).toEqual([KAT_FILE]);
  });

  it('gathers every kind of a pair and counts the parameter sets that passed everywhere', () => {
    const ab = pair('aes-gcm', 'alpha', 'beta');
    expect(ab?.results.map((r) => r.kind).sort()).toEqual(['matrix', 'negative', 'negative', 'negative']);
    expect([ab?.verdict, ab?.paramSets, ab?.paramSetsOk]).toEqual(['accepted-invalid', 1, 0]);
    expect(ab && pairCount(ab)).toBe('0/1');
    expect(pair('aes-gcm', 'alpha', 'alpha') && pairCount(pair('aes-gcm', 'alpha', 'alpha') as PairCell)).toBe('1/1');
    // A pair where nothing ran has no count; a pair with no case has no cell.
    expect(pair('aes-gcm', 'alpha', 'gamma')?.verdict).toBe('skipped');
    expect(pairCount(pair('aes-gcm', 'alpha', 'gamma') as PairCell)).toBe('');
    expect(pair('aes-gcm', 'gamma', 'beta')).toBeUndefined();
  });

  it('does not count a known deviation as passing, but does count a tamper the standard allows', () => {
    const known = { outcome: 'fail' as const, reason: 'listed' };
    const results = [
      result('matrix', 'alpha', 'beta', 'fail', { paramsId: 's1', failure: 'rejected-valid', known }),
      result('matrix', 'alpha', 'beta', 'pass', { paramsId: 's2' }),
      result('negative', 'alpha', 'beta', 'fail', { paramsId: 's2', mutation: 'flip', expected: 'either', failure: 'undetected-tamper' }),
    ];
    const r2 = { ...report, results };
    const cell = overviews(r2, groupReport(r2))[0]?.cells[0]?.[0];
    expect(cell && [cell.verdict, cell.paramSets, cell.paramSetsOk, cell.met, cell.ran]).toEqual(['fail', 2, 1, 3, 3]);
  });
});

describe('scorecards', () => {
  it('counts per implementation, security findings only where it consumed', () => {
    const [alpha, beta, gamma] = adapterScores(report);
    expect(alpha?.standards).toEqual(['aes-gcm']);
    expect(alpha?.tally).toMatchObject({ passed: 6, ran: 11, known: 1, unexpected: 4, findings: 0, allowed: 0 });
    expect(beta?.tally).toMatchObject({ passed: 3, ran: 12, known: 1, unexpected: 7, findings: 1, allowed: 1 });
    expect(beta?.deviations).toEqual([{ reason: 'beta rejects 0-byte plaintexts (upstream bug)', link: 'https://example.org/issues/1', count: 1 }]);
    expect(beta && passRate(beta.tally)).toBe('27.2%');
    expect(gamma && [gamma.tally.ran, passRate(gamma.tally)]).toEqual([0, '—']);
  });

  it('counts per standard the pairs and known-answer consumers that pass everywhere', () => {
    const [gcm, box] = standardScores(pairs);
    expect(gcm && [gcm.adapters, gcm.pairs, gcm.pairsOk, gcm.katConsumers, gcm.katConsumersOk]).toEqual([['alpha', 'beta', 'gamma'], 4, 1, 2, 1]);
    expect(gcm?.tally).toMatchObject({ findings: 1, unexpected: 4, known: 1 });
    expect(box && [box.pairs, box.tally.ran]).toEqual([0, 0]);
  });
});

describe('issues', () => {
  it('groups failures and errors, unexpected first, worst first, each with its cells', () => {
    const issues = groupIssues(displayOrder(sections));
    expect(issues.map((i) => [i.verdict, i.status])).toEqual([
      ['accepted-invalid', 'unexpected'],
      ['fail', 'unexpected'],
      ['fail', 'unexpected'],
      ['fail', 'unexpected'],
      ['mismatch', 'unexpected'],
      ['error', 'unexpected'],
      ['fail', 'known deviation'],
      ['undetected-tamper', 'allowed by the standard'],
    ]);
    // Both directions of one intent's mismatch in one parameter are one issue, told by that parameter.
    const mismatch = issues.find((i) => i.verdict === 'mismatch');
    expect(mismatch?.cells.map((c) => `${c.producer}~${c.consumer}`)).toEqual(['alpha~beta', 'beta~alpha']);
    expect(mismatch?.reason).toBe(`told “${OAEP_SENTENCE}”, the two ends resolve mgf1Hash differently (left open by mgf1Hash: ${MGF1_OPEN})`);
    expect(issues[0]?.cells).toEqual([{ paramsId: 'k128-iv12-t16', kind: 'negative', producer: 'alpha', consumer: 'beta', count: 1 }]);
    expect(issues.flatMap((i) => i.results).length).toBe(RESULTS.filter((r) => r.outcome === 'fail' || r.outcome === 'error').length);
  });

  it('keeps one known deviation in one issue whatever failure kinds it takes, and splits different messages', () => {
    const known = { outcome: 'fail' as const, reason: 'forge tags are 16 bytes' };
    const results: CaseResult[] = [
      result('kat', KAT_FILE, 'beta', 'fail', { failure: 'wrong-output', known, mutation: 'e' }),
      result('kat', KAT_FILE, 'beta', 'fail', { failure: 'rejected-valid', known, mutation: 'd' }),
      result('matrix', 'alpha', 'beta', 'error', { message: 'TypeError: x is undefined' }),
      result('matrix', 'beta', 'alpha', 'error', { message: 'RangeError: out of memory' }),
    ];
    const issues = groupIssues(results);
    expect(issues).toHaveLength(3);
    const forge = issues.find((i) => i.known);
    expect(forge && [forge.failures, forge.results.length, forge.example.failure]).toEqual([['wrong-output', 'rejected-valid'], 2, 'rejected-valid']);
  });

  it('reads messages by their shape: numbers and hex do not split a group', () => {
    expect(messageShape('differs at byte 4 (expected 4 bytes, got 16); expected 11a5dd2d, got 0b3c4d5e6f')).toBe(
      messageShape('differs at byte 9 (expected 12 bytes, got 1); expected 00ff00ff, got 1234567890'),
    );
    expect(messageShape('rejected valid input')).not.toBe(messageShape('accepted invalid input'));
  });
});

describe('packing the results for the page', () => {
  it('round-trips every field, stores each repeated value once and the id once', () => {
    const packed = packResults(RESULTS);
    expect(unpackResults(JSON.parse(JSON.stringify(packed)))).toEqual(JSON.parse(JSON.stringify(RESULTS)));
    expect(packed.values.filter((v) => v === BECAUSE_REJECT)).toHaveLength(1);
    // Ids are stored without the cell prefix the row already names; replays without the id.
    expect(packed.values.filter((v) => typeof v === 'string' && v.includes('/matrix/alpha~'))).toEqual([]);
    expect(packed.values).toContain(`${ID_MARK}/zero-tag`);
    expect(packed.values).toContain(`npx bothends run --only ${ID_MARK} --seed 42`);
    const foreign = { ...(RESULTS[0] as CaseResult), id: 'not/the/usual~shape' };
    expect(unpackResults(packResults([foreign]))[0]?.id).toBe('not/the/usual~shape');
  });

  it('keeps numbers, booleans and strings that look alike apart, and carries fields the model does not know yet', () => {
    const odd = [{ ...(RESULTS[0] as CaseResult), params: { a: 1, b: '1', c: true, d: 'true' }, extra: { nested: [1, '1'] } }];
    expect(unpackResults(packResults(odd))).toEqual(odd);
  });
});

describe('explain', () => {
  it("tells a case's full story", () => {
    const r = RESULTS.find((x) => x.mutation === 'zero-tag') as CaseResult;
    const story = explainResult(report, r.id) ?? '';
    for (const line of [
      r.id,
      '  outcome     ‼ fail (accepted-invalid) — unexpected',
      '  diagnosis   beta accepted a zeroed tag',
      `  expected    reject, because ${BECAUSE_REJECT}`,
      '  stage       decrypt',
      '  standard    AES-GCM (aes-gcm)',
      '  params      k128-iv12-t16: keyBits=128, ivBytes=12, tagBytes=16 (given to both sides)',
      '  producer    alpha: node:crypto 20.20.0, in-process, explicit',
      '  consumer    beta: node-forge 1.4.3, in-process, explicit',
      '  mutation    zero-tag',
      '  sides       alpha encrypt: (nothing said)',
      '              produced 00112233',
      '              beta decrypt: beta said no',
      `  replay      ${r.replay}`,
      '  same cell   3 results: accepted-invalid 1, pass 2',
      '  declares    alpha for aes-gcm: ivBytes=12 only: OpenSSL EVP fast path',
    ]) {
      expect(story).toContain(`${line}\n`);
    }
  });

  it('shows known deviations with their link, vectors, and hostile text made visible', () => {
    const known = RESULTS.find((x) => x.known) as CaseResult;
    expect(explainResult(report, known.id)).toContain(
      '  known       beta rejects 0-byte plaintexts (upstream bug)\n              https://example.org/issues/1\n',
    );
    const kat = RESULTS.find((x) => x.vector?.comment) as CaseResult;
    expect(explainResult(report, kat.id)).toContain(
      '  vector      aes_gcm_128_test.json tcId 2\n              Wycheproof aes_gcm_test.json\n              empty plaintext\n              flags: EmptyPt\n',
    );
    const hostile = explainResult(report, (RESULTS.find((x) => x.message === HOSTILE) as CaseResult).id) ?? '';
    expect(hostile).not.toContain('\u0001');
    expect(hostile).toContain('\\u0001');
  });

  it('offers close matches for an unknown id: containing ids first, then shared segments, then edit distance', () => {
    expect(explainResult(report, 'nope')).toBeUndefined();
    expect(closeMatches(report, 'negative/alpha~beta/zero')[0]).toBe('aes-gcm/k128-iv12-t16/negative/alpha~beta/zero-tag');
    expect(closeMatches(report, 'aes-gcm/k128-iv12-t16/matrix/alfa~beta')[0]).toBe('aes-gcm/k128-iv12-t16/matrix/alpha~beta');
    expect(closeMatches(report, 'x', 3)).toHaveLength(3);
  });
});
