/**
 * A small report that covers every outcome, every failure kind, a known deviation, a tamper the
 * standard allows, an unavailable adapter and hostile text: the renderers' tests share it.
 */
import { isUnexpected } from '../src/core/expectations.js';
import { emptyCounts, type CaseResult, type Outcome, type OutcomeCounts } from '../src/core/model.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../src/core/report-model.js';
import { renderJson } from '../src/report/json.js';

export const HOSTILE = 'tag mismatch <script>alert(1)</script> ]]> & "q" \u0001 end';
export const SET = 'k128-iv12-t16';
export const PARAMS = { keyBits: 128, ivBytes: 12, tagBytes: 16 };
export const BECAUSE_ACCEPT = 'RFC 5116 §2.1: a correct ciphertext decrypts to its plaintext';
export const BECAUSE_REJECT = 'NIST SP 800-38D §7.2: GCM-AD returns FAIL on a tag mismatch';

export type Extra = Partial<Omit<CaseResult, 'producer' | 'consumer' | 'outcome'>>;

export function result(kind: CaseResult['kind'], producer: string, consumer: string, outcome: Outcome, extra: Extra = {}): CaseResult {
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

export const NACL_GAP = 'beta: nacl-box | not implemented\nsee docs';
export const KAT_FILE = 'vector:aes_gcm_128_test.json';
export const RESULTS: CaseResult[] = [
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
  result('negative', 'beta', 'beta', 'fail', {
    mutation: 'flip-iv',
    expected: 'either',
    failure: 'undetected-tamper',
    stage: 'decrypt',
    message: 'decrypted to the wrong plaintext 00ff without error (one bit of the IV flipped): CBC has no integrity',
  }),
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

export function fixture(): Report {
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
      unexpected: RESULTS.filter(isUnexpected).length,
      securityFindings: RESULTS.filter((r) => r.failure === 'accepted-invalid').length,
      byAdapter: countBy(RESULTS, (r) => [...new Set([r.producer, r.consumer])].filter((a) => !a.startsWith('vector:'))),
      byStandard: countBy(RESULTS, (r) => [r.standard]),
    },
  };
}

/** A deep, mutable copy through JSON, as a saved report.json would be read back. */
export function reread(report: Report): Record<string, any> {
  return JSON.parse(renderJson(report)) as Record<string, any>;
}

export const nonPassing = RESULTS.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
