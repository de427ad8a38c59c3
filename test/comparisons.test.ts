/**
 * Every comparison of every family's matrix can fail. A consumer that returns wrong bytes
 * without an error is caught by the comparison of what it returns (plaintext, shared secret,
 * exports) with what was sent; a deterministic producer whose ciphertext differs from everyone
 * else's, but which decrypts its own and everyone else's, is caught only by the byte-for-byte
 * comparison of deterministic producers. Disabling either comparison fails this file.
 */
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import type { CaseResult, OpName } from '../src/core/model.js';
import { runSuite } from '../src/suite.js';
import { STANDARD_BY_ID } from '../src/standards/index.js';
import { breakStandard, ownCiphertext, real, wrongOutput, wrongWithKeys } from './fakes.js';

/** The matrix cells of the first parameter set of `standard` between `base` and `fake`. */
async function matrix(standard: string, base: Adapter, fake: Adapter): Promise<Map<string, CaseResult>> {
  const std = STANDARD_BY_ID.get(standard)!;
  const set = std.paramsId(std.matrix[0]!);
  const report = await runSuite({
    standards: [std],
    adapters: [base, fake],
    kinds: ['matrix'],
    vectors: [],
    seed: 'comparisons',
    timeoutMs: 60_000,
    isolation: 'none',
    cases: [`${standard}/${set}/matrix/*`],
  });
  return new Map(report.results.map((r) => [r.id.split('/').at(-1)!, r]));
}

/** Family, standard, the real adapter, and the operation and outputs its consumer side returns. */
const WRONG: ReadonlyArray<[family: string, standard: string, adapter: string, op: OpName, outputs: RegExp]> = [
  ['aead', 'aes-gcm', 'node-crypto', 'decrypt', /^plaintext$/],
  ['cipher', 'aes-cbc', 'node-crypto', 'decrypt', /^plaintext$/],
  ['box', 'nacl-box', 'tweetnacl', 'decrypt', /^plaintext$/],
  ['agreement', 'x25519', 'node-crypto', 'derive', /^sharedSecret$/],
  ['pke', 'rsa-oaep', 'node-crypto', 'decrypt', /^plaintext$/],
  ['pbe', 'openssl-enc', 'crypto-js', 'decrypt', /^plaintext$/],
  ['pbes', 'pbes2', 'node-crypto', 'decrypt', /^plaintext$/],
  ['hpke (messages)', 'hpke', 'hpke-js', 'decrypt', /^plaintext/],
  ['hpke (exports)', 'hpke', 'hpke-js', 'decrypt', /^exported/],
];

describe('a consumer that returns wrong bytes without an error is a wrong-output failure, in every family', () => {
  it.each(WRONG)(
    '%s (%s, %s)',
    async (_family, standard, adapter, op, outputs) => {
      const base = real(adapter);
      const fake = wrongOutput(base, standard, op, outputs);
      const cells = await matrix(standard, base, fake);
      const cell = cells.get(`${base.id}~${fake.id}`)!;
      expect([cell.outcome, cell.failure, cell.stage], cell.message).toEqual(['fail', 'wrong-output', 'compare']);
      // The real pair still passes: the finding is the fake's alone.
      expect(cells.get(`${base.id}~${base.id}`)!.outcome).toBe('pass');
    },
    120_000,
  );
});

/** Deterministic standards of the families with a byte-for-byte comparison, and a real adapter. */
const OWN: ReadonlyArray<[family: string, standard: string, adapter: string]> = [
  ['aead', 'aes-gcm', 'node-crypto'],
  ['cipher', 'aes-cbc', 'node-crypto'],
  ['box', 'nacl-box', 'tweetnacl'],
  ['pbe', 'openssl-enc', 'crypto-js'],
  ['pbes', 'pbes2', 'node-crypto'],
];

describe('a deterministic producer with its own, self-consistent ciphertext fails the byte-for-byte comparison', () => {
  it.each(OWN)(
    '%s (%s, %s)',
    async (_family, standard, adapter) => {
      expect(STANDARD_BY_ID.get(standard)!.deterministic).toBe(true);
      const base = real(adapter);
      const fake = ownCiphertext(base, standard);
      const cells = await matrix(standard, base, fake);
      // It opens its own messages, and the real adapter's: no round trip shows the difference...
      expect(cells.get(`${fake.id}~${fake.id}`)!.outcome).toBe('pass');
      // ...only its own encryption of the same inputs, compared byte for byte, does.
      const cell = cells.get(`${base.id}~${fake.id}`)!;
      expect([cell.outcome, cell.failure, cell.stage], cell.message).toEqual(['fail', 'wrong-output', 'compare']);
      expect(cell.message).toMatch(/identical inputs differently/);
    },
    120_000,
  );
});

describe('the key-exchange comparisons of agreement and pke each catch what the others cannot', () => {
  it('x25519: wrong with its own keys fails "both derive the same secret"; wrong with the other side\'s secret key fails the re-derivation', async () => {
    const base = real('node-crypto');
    for (const [whose, what] of [
      ['own', /^shared secret/],
      ['foreign', /derivation from node-crypto's secret key/],
    ] as const) {
      const fake = wrongWithKeys(base, 'x25519', 'derive', /^sharedSecret$/, whose);
      const cell = (await matrix('x25519', base, fake)).get(`${base.id}~${fake.id}`)!;
      expect([cell.outcome, cell.failure, cell.stage], cell.message).toEqual(['fail', 'wrong-output', 'compare']);
      expect(cell.message).toMatch(what);
    }
  }, 120_000);

  it("rsa-oaep: wrong with its own keys fails the consumer's decryption; a producer wrong with the consumer's secret key fails the secret-key exchange", async () => {
    const base = real('node-crypto');
    const own = wrongWithKeys(base, 'rsa-oaep', 'decrypt', /^plaintext$/, 'own');
    const asConsumer = (await matrix('rsa-oaep', base, own)).get(`${base.id}~${own.id}`)!;
    expect([asConsumer.outcome, asConsumer.failure], asConsumer.message).toEqual(['fail', 'wrong-output']);
    expect(asConsumer.message).toMatch(/^decrypted plaintext/);
    const foreign = wrongWithKeys(base, 'rsa-oaep', 'decrypt', /^plaintext$/, 'foreign');
    const asProducer = (await matrix('rsa-oaep', base, foreign)).get(`${foreign.id}~${base.id}`)!;
    expect([asProducer.outcome, asProducer.failure], asProducer.message).toEqual(['fail', 'wrong-output']);
    expect(asProducer.message).toMatch(/decryption with node-crypto's secret key/);
  }, 120_000);
});

describe('negative controls that a text-mangling consumer still passes (gosop)', () => {
  it('openpgp-password: a consumer that passes plaintext through a UTF-8 string has its tamper handling exercised, not skipped', async () => {
    const base = real('openpgp-js');
    // As gosop 0.0.0 decrypts: the plaintext through a JavaScript string (invalid UTF-8 becomes U+FFFD).
    const utf8 = breakStandard(base, 'fake-utf8-decrypt', 'openpgp-password', {
      decrypt: (orig) => async (p, i) => {
        const out = await orig(p, i);
        return { ...out, plaintext: new TextEncoder().encode(new TextDecoder().decode(out['plaintext']!)) };
      },
    });
    const std = STANDARD_BY_ID.get('openpgp-password')!;
    const set = std.paramsId(std.negativeMatrix![0]!);
    const report = await runSuite({
      standards: [std],
      adapters: [base, utf8],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'comparisons',
      timeoutMs: 60_000,
      isolation: 'none',
      cases: [
        `openpgp-password/${set}/negative/openpgp-js~fake-utf8-decrypt/*`,
        `openpgp-password/${std.paramsId(std.matrix[0]!)}/matrix/openpgp-js~fake-utf8-decrypt`,
      ],
    });
    // Its deviation shows in the matrix (a binary plaintext comes back changed)…
    const cell = report.results.find((r) => r.kind === 'matrix')!;
    expect([cell.outcome, cell.failure], cell.message).toEqual(['fail', 'wrong-output']);
    // …and does not hide its rejection of tampered messages.
    const negatives = report.results.filter((r) => r.kind === 'negative');
    expect(negatives.length).toBe(std.mutations.length);
    for (const r of negatives) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
  }, 120_000);
});
