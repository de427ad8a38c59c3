/**
 * A small report that covers every outcome, every failure kind, a known deviation, a tamper the
 * standard allows, an unavailable adapter and hostile text, and intents: a pair as called that
 * passes, a mismatch with its diagnosis, a plain failure between identical resolutions, an
 * intent the libraries resolve in more than one way. The renderers' tests share it;
 * {@link withDivergence} adds a divergence (two ends that behave differently where the standard
 * allows either) to it.
 */
import { isUnexpected } from '../src/core/expectations.js';
import { ambiguities, type IntentInfo } from '../src/core/intent.js';
import { emptyCounts, type CaseResult, type IntentCase, type Outcome, type OutcomeCounts, type Params } from '../src/core/model.js';
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

/** The intent of the fixture: "RSA-OAEP with SHA-256", which leaves the MGF1 hash open. */
export const OAEP_SENTENCE = 'RSA-OAEP with SHA-256';
export const OAEP_SET = 'intent-sha256';
export const OAEP_FIXES: Params = { oaepHash: 'SHA-256' };
export const MGF1_OPEN = 'RFC 8017 §7.1: the mask generation function is an option of its own, "typically MGF1 with the same hash" <not required>';
export const LABEL_OPEN = 'RFC 8017 §7.1.1: the label L defaults to the empty string';
export const ALPHA_CALL = "crypto.publicEncrypt({ key, oaepHash: 'sha256' }, data)";
export const BETA_CALL = 'Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding")';
export const ALPHA_OAEP: Params = { modulusBits: 2048, oaepHash: 'SHA-256', mgf1Hash: 'SHA-256', label: '' };
export const BETA_OAEP: Params = { modulusBits: 2048, oaepHash: 'SHA-256', mgf1Hash: 'SHA-1', label: '' };
export const OAEP_FIX =
  'beta: Cipher.getInstance("RSA/ECB/OAEPPadding") with new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)';
const resolutions: Record<string, { call: string; params: Params }> = {
  alpha: { call: ALPHA_CALL, params: ALPHA_OAEP },
  beta: { call: BETA_CALL, params: BETA_OAEP },
};

/** An intent case of the fixture's OAEP intent, between two of its resolutions. */
function asCalled(
  producer: 'alpha' | 'beta',
  consumer: 'alpha' | 'beta',
  outcome: Outcome,
  extra: Extra = {},
  diagnosis?: IntentCase['diagnosis'],
): CaseResult {
  const intent: IntentCase = {
    id: 'sha256',
    sentence: OAEP_SENTENCE,
    producer: resolutions[producer]!,
    consumer: resolutions[consumer]!,
    ...(diagnosis ? { diagnosis } : {}),
  };
  return result('intent', producer, consumer, outcome, {
    standard: 'rsa-oaep',
    paramsId: OAEP_SET,
    params: OAEP_FIXES,
    expectedBecause: 'RFC 8017 §7.1.2: a ciphertext of the same parameters decrypts',
    intent,
    ...extra,
  });
}

export const INTENT_RESULTS: CaseResult[] = [
  asCalled('alpha', 'alpha', 'pass'),
  asCalled(
    'alpha',
    'beta',
    'fail',
    { failure: 'mismatch', stage: 'decrypt', message: 'beta could not decrypt what alpha produced as called: they resolve mgf1Hash differently' },
    {
      differs: ['mgf1Hash'],
      fix: OAEP_FIX,
      because: { mgf1Hash: MGF1_OPEN },
    },
  ),
  asCalled(
    'beta',
    'alpha',
    'fail',
    { failure: 'mismatch', stage: 'decrypt', message: 'alpha could not decrypt what beta produced as called' },
    { differs: ['mgf1Hash'], because: { mgf1Hash: MGF1_OPEN } },
  ),
  asCalled('beta', 'beta', 'fail', { failure: 'rejected-valid', stage: 'decrypt', message: 'beta rejected its own ciphertext: OAEP decoding error' }),
];

/** The intents of the run: the OAEP one is ambiguous (mgf1Hash), the SHA-1 one is not. */
export const INTENTS: IntentInfo[] = [
  {
    standard: 'rsa-oaep',
    id: 'sha256',
    sentence: OAEP_SENTENCE,
    fixes: OAEP_FIXES,
    open: { mgf1Hash: MGF1_OPEN, label: LABEL_OPEN },
    resolutions: [
      { adapter: 'alpha', call: ALPHA_CALL, params: ALPHA_OAEP },
      { adapter: 'beta', call: BETA_CALL, params: BETA_OAEP },
    ],
  },
  {
    standard: 'rsa-oaep',
    id: 'sha1',
    sentence: 'RSA-OAEP',
    fixes: {},
    open: { oaepHash: 'RFC 8017 §7.1: Hash is an option', mgf1Hash: MGF1_OPEN },
    resolutions: [
      { adapter: 'alpha', call: 'crypto.publicEncrypt(key, data)', params: { modulusBits: 2048, oaepHash: 'SHA-1', mgf1Hash: 'SHA-1', label: '' } },
      { adapter: 'beta', call: 'Cipher.getInstance("RSA/ECB/OAEPPadding")', params: { modulusBits: 2048, oaepHash: 'SHA-1', mgf1Hash: 'SHA-1', label: '' } },
    ],
  },
];

/** The fixture's divergence: alpha refuses a low-order X25519 key, beta derives the all-zero secret. */
export const LOW_ORDER_INPUT = 'public key of order 8';
export const LOW_ORDER_ALLOWED = 'RFC 7748 §6.1: an implementation MAY check for the all-zero secret and abort';
export const X25519_SENTENCE = "X25519 shared secret from the peer's public key";
const X25519_RAW = { call: 'x25519(secretKey, theirPublicKey)', params: { curve: 'X25519', keyFormat: 'raw' } };
export const DIVERGENCE_RESULT: CaseResult = result('intent', 'alpha', 'beta', 'fail', {
  standard: 'x25519',
  paramsId: 'intent-shared-secret',
  params: { curve: 'X25519' },
  failure: 'divergence',
  stage: 'compare',
  message: `divergence: on ${LOW_ORDER_INPUT}, alpha refused and beta derived the all-zero secret`,
  intent: {
    id: 'shared-secret',
    sentence: X25519_SENTENCE,
    producer: X25519_RAW,
    consumer: X25519_RAW,
    divergence: [
      {
        input: LOW_ORDER_INPUT,
        because: LOW_ORDER_ALLOWED,
        producer: { behaviour: 'refused', detail: 'weak public key' },
        consumer: { behaviour: 'derived the all-zero secret' },
      },
    ],
  },
});
export const X25519_INTENT: IntentInfo = {
  standard: 'x25519',
  id: 'shared-secret',
  sentence: X25519_SENTENCE,
  fixes: { curve: 'X25519' },
  open: { keyFormat: 'RFC 7748 §5 and RFC 8410 name two encodings' },
  resolutions: [
    { adapter: 'alpha', ...X25519_RAW },
    { adapter: 'beta', ...X25519_RAW },
  ],
};

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
  ...INTENT_RESULTS,
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
    config: { standards: ['aes-gcm', 'nacl-box', 'rsa-oaep'], timeoutMs: 5000 },
    adapters: [
      {
        id: 'alpha',
        library: 'node:crypto',
        kind: 'in-process',
        variant: 'explicit',
        description: 'Node crypto',
        version: '20.20.0',
        available: true,
        claims: { 'aes-gcm': { ops: ['encrypt', 'decrypt'], limits: ['ivBytes=12 only: OpenSSL EVP fast path'] } },
        gaps: {},
      },
      {
        id: 'beta',
        library: 'node-forge',
        kind: 'in-process',
        variant: 'explicit',
        description: 'forge',
        version: '1.4.3',
        available: true,
        claims: { 'aes-gcm': { ops: ['encrypt', 'decrypt'], limits: [] } },
        gaps: { 'nacl-box': 'forge has no Curve25519 box' },
      },
      {
        id: 'gamma',
        library: 'gamma',
        kind: 'cli',
        variant: 'explicit',
        description: 'gamma CLI',
        version: null,
        available: false,
        reason: 'gamma not found on PATH; install: apt-get install gamma',
        claims: {},
        gaps: {},
      },
    ],
    standards: [
      {
        id: 'aes-gcm',
        title: 'AES-GCM',
        family: 'aead',
        references: ['NIST SP 800-38D'],
        layout: 'ciphertext ‖ tag',
        paramSets: [{ id: SET, params: PARAMS }],
      },
      {
        id: 'nacl-box',
        title: 'NaCl box',
        family: 'box',
        references: ['NaCl'],
        layout: 'tag ‖ ciphertext',
        paramSets: [{ id: 'x25519', params: { curve: 'X25519' } }],
      },
      {
        id: 'rsa-oaep',
        title: 'RSA-OAEP',
        family: 'pke',
        references: ['RFC 8017 §7.1'],
        layout: 'ciphertext',
        paramSets: [{ id: 'n2048-sha256-mgf1sha256', params: ALPHA_OAEP }],
      },
    ],
    results: RESULTS,
    intents: INTENTS,
    ambiguities: ambiguities(INTENTS),
    problems: [{ kind: 'vector', message: 'aes-gcm/bad_test.json at groups[0].tests[1].key (tcId 2): odd-length hex string' }],
    summary: {
      total: RESULTS.length,
      outcomes,
      unexpected: RESULTS.filter(isUnexpected).length,
      securityFindings: RESULTS.filter((r) => r.failure === 'accepted-invalid').length,
      byAdapter: countBy(RESULTS, (r) => [...new Set([r.producer, r.consumer])].filter((a) => !a.startsWith('vector:'))),
      byStandard: countBy(RESULTS, (r) => [r.standard]),
      asCalled: countBy(RESULTS, (r) => (r.kind === 'intent' ? [r.standard] : [])),
    },
  };
}

/** A deep, mutable copy through JSON, as a saved report.json would be read back. */
export function reread(report: Report): Record<string, any> {
  return JSON.parse(renderJson(report)) as Record<string, any>;
}

export const nonPassing = RESULTS.filter((r) => r.outcome === 'fail' || r.outcome === 'error');

/** The fixture with an X25519 intent and its divergence: the result, the intent and the Ambiguities recomputed from both. */
export function withDivergence(report: Report = fixture()): Report {
  const results = [...report.results, DIVERGENCE_RESULT];
  const intents = [...report.intents, X25519_INTENT];
  const counts = { ...report.summary.outcomes, fail: report.summary.outcomes.fail + 1 };
  const standard: Report['standards'][number] = {
    id: 'x25519',
    title: 'X25519',
    family: 'agreement',
    references: ['RFC 7748 §5, §6.1'],
    layout: 'shared secret: 32 bytes',
    paramSets: [{ id: 'X25519-raw', params: { curve: 'X25519', keyFormat: 'raw' } }],
  };
  const one = { ...emptyCounts(), fail: 1 };
  return {
    ...report,
    standards: [...report.standards, standard],
    results,
    intents,
    ambiguities: ambiguities(intents, results),
    summary: {
      ...report.summary,
      total: results.length,
      outcomes: counts,
      byStandard: { ...report.summary.byStandard, x25519: one },
      asCalled: { ...report.summary.asCalled, x25519: one },
    },
  };
}
