/**
 * The harness must catch and classify every broken fake adapter. If any of these tests
 * passed with a harness that ignored the fault, the suite would be worthless.
 */
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import type { CaseResult } from '../src/core/model.js';
import { runSuite } from '../src/suite.js';
import { STANDARD_BY_ID } from '../src/standards/index.js';
import { loadVectorDir, DEFAULT_VECTORS_DIR } from '../src/vectors/load.js';
import { FAKES, real } from './fakes.js';

const gcm = STANDARD_BY_ID.get('aes-gcm')!;
const vectors = loadVectorDir(DEFAULT_VECTORS_DIR).files.filter((f) => f.standard === 'aes-gcm');

async function runWith(fakeAdapter: Adapter, kinds: ('kat' | 'matrix' | 'negative')[] = ['kat', 'matrix', 'negative']): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [gcm],
    adapters: [real(), fakeAdapter],
    kinds,
    vectors,
    seed: 'harness-test',
    timeoutMs: 500,
    cases: ['aes-gcm/k128-iv12-t16/*', 'aes-gcm/k128-iv12-t12/*'],
  });
  return [...report.results];
}

function pick(results: CaseResult[], pattern: RegExp): CaseResult[] {
  const hits = results.filter((r) => pattern.test(r.id));
  expect(hits.length, `no result matches ${pattern}`).toBeGreaterThan(0);
  return hits;
}

describe('negative controls: broken adapters are caught and classified', () => {
  it('a consumer that ignores AAD accepts tampered AAD (security finding) and disagrees with a correct producer', async () => {
    const id = FAKES.ignoresAad.id;
    const results = await runWith(FAKES.ignoresAad);
    for (const r of pick(results, new RegExp(`/negative/${id}~${id}/(flip|drop)-aad$`))) {
      expect(r.outcome).toBe('fail');
      expect(r.failure).toBe('accepted-invalid');
    }
    for (const r of pick(results, new RegExp(`/matrix/node-crypto~${id}$`))) {
      expect(r.outcome).toBe('fail');
      expect(['rejected-valid', 'wrong-output']).toContain(r.failure);
    }
    // The real adapter still rejects the same tampering: the finding is the fake's alone.
    for (const r of pick(results, /\/negative\/node-crypto~node-crypto\/flip-aad$/)) expect(r.outcome).toBe('pass');
  });

  it('a producer that truncates the tag is rejected by a correct consumer and fails its known answers', async () => {
    const id = FAKES.truncatesTag.id;
    const results = await runWith(FAKES.truncatesTag);
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) expect(r.failure).toBe('rejected-valid');
    for (const r of pick(results, new RegExp(`/kat/.*~${id}/tc\\d+/encrypt$`))) expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-output']);
    // Its negative cases cannot run: the skip names the producer's ciphertext, not the consumer, as the cause.
    for (const r of pick(results, new RegExp(`/negative/${id}~node-crypto/`))) {
      expect(r.outcome).toBe('skipped');
      expect(r.message).toMatch(new RegExp(`^control failed: ${id}'s untampered ciphertext does not decrypt with node-crypto`));
    }
  });

  it('a tag put in front of the ciphertext interoperates only with itself', async () => {
    const id = FAKES.tagInFront.id;
    const results = await runWith(FAKES.tagInFront);
    for (const r of pick(results, new RegExp(`/matrix/${id}~${id}$`))) expect(r.outcome).toBe('pass');
    for (const r of pick(results, new RegExp(`/matrix/(node-crypto~${id}|${id}~node-crypto)$`))) expect(r.outcome).toBe('fail');
    // With an empty plaintext tag-first and tag-last are the same bytes; every other answer differs.
    const kat = pick(results, new RegExp(`/kat/.*~${id}/tc\\d+/encrypt$`));
    expect(kat.filter((r) => r.failure === 'wrong-output').length).toBeGreaterThan(0);
    expect(kat.every((r) => r.outcome === 'pass' || r.failure === 'wrong-output')).toBe(true);
  });

  it('a consumer that accepts any tag is a security finding on every tag and ciphertext mutation', async () => {
    const id = FAKES.acceptsAnyTag.id;
    const results = await runWith(FAKES.acceptsAnyTag);
    for (const r of pick(results, new RegExp(`/negative/[^/]+~${id}/(flip-tag|flip-ciphertext)$`))) {
      expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
      expect(r.message).toMatch(/SECURITY/);
    }
  });

  it('a producer that flips a byte gives wrong output in known answers and a mismatch in the matrix', async () => {
    const id = FAKES.flipsByte.id;
    const results = await runWith(FAKES.flipsByte);
    for (const r of pick(results, new RegExp(`/kat/.*~${id}/tc\\d+/encrypt$`))) expect(r.failure).toBe('wrong-output');
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) expect(r.failure).toBe('rejected-valid');
  });

  it('a throwing producer is an error at the encrypt stage, and the run goes on', async () => {
    const id = FAKES.throws.id;
    const results = await runWith(FAKES.throws);
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) {
      expect(r.outcome).toBe('error');
      expect(r.stage).toBe('encrypt');
      expect(r.message).toMatch(/boom/);
    }
    for (const r of pick(results, /\/matrix\/node-crypto~node-crypto$/)) expect(r.outcome).toBe('pass');
  });

  it('a hanging consumer times out at the decrypt stage, and the run goes on', async () => {
    const id = FAKES.hangs.id;
    const results = await runWith(FAKES.hangs, ['matrix']);
    for (const r of pick(results, new RegExp(`/matrix/node-crypto~${id}$`))) {
      expect(r.outcome).toBe('error');
      expect(r.stage).toBe('decrypt');
      expect(r.message).toMatch(/timed out/);
    }
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) expect(r.outcome).toBe('pass');
  });

  it('garbage instead of bytes is an error naming what came back', async () => {
    const id = FAKES.returnsGarbage.id;
    const results = await runWith(FAKES.returnsGarbage, ['matrix']);
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) {
      expect(r.outcome).toBe('error');
      expect(r.message).toMatch(/not a Uint8Array|not an object/);
    }
  });

  it('a capability claimed and then refused is wrong-capability', async () => {
    const id = FAKES.liesAboutCapability.id;
    const results = await runWith(FAKES.liesAboutCapability, ['matrix']);
    for (const r of pick(results, new RegExp(`/matrix/${id}~node-crypto$`))) expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-capability']);
  });
});
