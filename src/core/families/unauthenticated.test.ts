/**
 * Tampering with an unauthenticated standard: a mutation the standard cannot detect (expected
 * `either`) passes when the consumer notices (a padding error) and is `undetected-tamper` —
 * explained, never a pass, not unexpected — when it decrypts to a wrong plaintext; a mutation
 * every consumer must reject stays a security finding. Proven with a fake consumer that skips
 * the padding check, which must be caught where a correct one is not.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../adapters/node-crypto.js';
import { assemble, input, oneOf } from '../../adapters/binding.js';
import { defineAdapter } from '../adapter.js';
import { concatBytes } from '../bytes.js';
import { isUnexpected } from '../expectations.js';
import type { CaseResult } from '../model.js';
import { runSuite } from '../../suite.js';
import { aesCbc } from '../../standards/aes-cbc.js';

/** AES-CBC that strips "padding" without checking it, as crypto-js does. */
const noPaddingCheck = (() => {
  const { claims, ops } = assemble('no-padding-check', [
    {
      standard: aesCbc,
      rules: [oneOf('keyBits', [128, 192, 256], 'AES'), oneOf('padding', ['pkcs7'], 'PKCS#7')],
      ops: {
        encrypt(p, i) {
          const c = createCipheriv(`aes-${String(p['keyBits'])}-cbc`, input(i, 'key'), input(i, 'iv'));
          return { ciphertext: concatBytes(c.update(input(i, 'plaintext')), c.final()) };
        },
        decrypt(p, i) {
          const ct = input(i, 'ciphertext');
          const whole = ct.subarray(0, ct.length - (ct.length % 16));
          const d = createDecipheriv(`aes-${String(p['keyBits'])}-cbc`, input(i, 'key'), input(i, 'iv')).setAutoPadding(false);
          const out = concatBytes(d.update(whole), d.final());
          return { plaintext: out.subarray(0, Math.max(0, out.length - (out[out.length - 1] ?? 0))) };
        },
      },
    },
  ]);
  return defineAdapter({
    id: 'no-padding-check',
    library: 'test fake',
    kind: 'in-process',
    variant: 'explicit',
    description: 'AES-CBC without a padding check',
    probe: async () => ({ available: true, version: '0.0.0' }),
    capabilities: { claims, gaps: {} },
    ops,
  });
})();

async function negatives(): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [aesCbc],
    adapters: [nodeCrypto, noPaddingCheck],
    kinds: ['negative'],
    vectors: [],
    seed: 'unauthenticated-test',
    timeoutMs: 2000,
    isolation: 'none',
    cases: ['aes-cbc/k128-pkcs7/*'],
  });
  return [...report.results];
}

const results = await negatives();
const of = (consumer: string, mutation: string): CaseResult => {
  const r = results.find((x) => x.id === `aes-cbc/k128-pkcs7/negative/node-crypto~${consumer}/${mutation}`);
  if (!r) throw new Error(`no result for ${consumer} ${mutation}`);
  return r;
};

describe('tampering with an unauthenticated standard', () => {
  it('expects either outcome of the mutations CBC cannot detect, and a rejection of the others', () => {
    for (const m of ['flip-ciphertext', 'flip-iv', 'wrong-key']) expect(of('node-crypto', m).expected).toBe('either');
    for (const m of ['truncate', 'extend', 'empty']) expect(of('node-crypto', m).expected).toBe('reject');
  });

  it('reports a flipped IV bit, which no CBC consumer can notice, as undetected-tamper: not a pass, not unexpected', () => {
    for (const consumer of ['node-crypto', 'no-padding-check']) {
      const r = of(consumer, 'flip-iv');
      expect([r.outcome, r.failure]).toEqual(['fail', 'undetected-tamper']);
      expect(r.message).toMatch(/^decrypted to the wrong plaintext [0-9a-f]+.* without error \(one bit of the IV flipped\): NIST SP 800-38A/);
      expect(isUnexpected(r)).toBe(false);
    }
  });

  it('passes a wrong key that a padding check catches, and reports it undetected where the check is missing', () => {
    const caught = of('node-crypto', 'wrong-key');
    expect(caught.outcome).toBe('pass');
    expect(caught.message).toMatch(/^detected although the standard does not require it: one bit of key flipped$/);
    const missed = of('no-padding-check', 'wrong-key');
    expect([missed.outcome, missed.failure, isUnexpected(missed)]).toEqual(['fail', 'undetected-tamper', false]);
  });

  it('keeps a malformed length a security finding, and unexpected, where the padding check is missing', () => {
    for (const m of ['truncate', 'extend', 'empty']) {
      expect(of('node-crypto', m).outcome, m).toBe('pass');
      const r = of('no-padding-check', m);
      expect([r.outcome, r.failure, isUnexpected(r)], m).toEqual(['fail', 'accepted-invalid', true]);
    }
  });
});
