/**
 * The kem family against real ML-KEM libraries (@noble/post-quantum and mlkem) and against
 * deliberately broken wrappers of them: a wrong shared secret is a `fail` (wrong-output), never
 * an error; an implicit-rejection secret that differs between implementations is caught; a
 * decapsulator that throws on a tampered ciphertext (an oracle) is caught; an encapsulator that
 * skips the FIPS 203 §7.2 modulus check is a security finding.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter, type OpImpl } from '../adapter.js';
import { RejectedError } from '../errors.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { bytesEqual } from '../bytes.js';
import type { ByteMap, CaseResult, OpName, Params } from '../model.js';
import { one, runFamily } from '../../../test/family-runs.js';
import { crystalsKyber } from '../../adapters/crystals-kyber.js';
import { hpkeKem } from '../../adapters/hpke-kem.js';
import { hpkeKyberDraft } from '../../adapters/hpke-kyber-draft.js';
import { mlkemAdapter } from '../../adapters/mlkem.js';
import { noblePostQuantum } from '../../adapters/noble/noble-post-quantum.js';
import { mlKem } from '../../standards/ml-kem.js';
import { kyberR3 } from '../../standards/kyber-r3.js';
import { xWing } from '../../standards/x-wing.js';
import { x25519Kyber768Draft00 } from '../../standards/x25519-kyber768-draft00.js';
import type { Standard } from '../standard.js';

/** noble-pq under a new id, with some ML-KEM operations replaced. */
function broken(id: string, overrides: Partial<Record<OpName, (orig: OpImpl) => OpImpl>>): Adapter {
  const base = noblePostQuantum.ops['ml-kem']!;
  const table: Partial<Record<OpName, OpImpl>> = { ...base };
  for (const [op, wrap] of Object.entries(overrides) as Array<[OpName, (orig: OpImpl) => OpImpl]>) table[op] = wrap(base[op]!);
  return defineAdapter({
    ...noblePostQuantum,
    id,
    description: `broken on purpose: ${id}`,
    capabilities: { claims: { 'ml-kem': noblePostQuantum.capabilities.claims['ml-kem']! }, gaps: {} },
    ops: { 'ml-kem': table },
  });
}

/** Decapsulates, then flips a bit of the secret: a wrong answer without an error. */
const wrongSecret = broken('fake-wrong-secret', {
  decapsulate: (orig) => async (p, i) => {
    const s = Uint8Array.from((await orig(p, i))['sharedSecret']!);
    s[0]! ^= 1;
    return { sharedSecret: s };
  },
});

/** Whether noble-pq's answer for these inputs is the implicit-rejection secret J(z‖c) (FIPS 203 §6.3). */
function isImplicitRejection(p: Params, i: ByteMap, secret: Uint8Array): boolean {
  const sk = i['secretKey']!;
  const dk = p['secretKeyFormat'] === 'seed' ? ml_kem768.keygen(sk).secretKey : sk;
  return bytesEqual(shake256(Uint8Array.of(...dk.subarray(dk.length - 32), ...i['ciphertext']!), { dkLen: 32 }), secret);
}

/** Answers a tampered ciphertext with a secret of its own (SHA-256 of c), not J(z‖c). */
const ownRejection = broken('fake-own-rejection', {
  decapsulate: (orig) => async (p, i) => {
    const secret = (await orig(p, i))['sharedSecret']!;
    return { sharedSecret: isImplicitRejection(p, i, secret) ? Uint8Array.from(createHash('sha256').update(i['ciphertext']!).digest()) : secret };
  },
});

/** Throws on a tampered ciphertext: a decryption oracle where FIPS 203 answers with J(z‖c). */
const oracle = broken('fake-oracle', {
  decapsulate: (orig) => async (p, i) => {
    const secret = (await orig(p, i))['sharedSecret']!;
    if (isImplicitRejection(p, i, secret)) throw new RejectedError('re-encryption check failed');
    return { sharedSecret: secret };
  },
});

/** Encapsulates to any key: the modulus and length checks skipped. */
const noModulusCheck = broken('fake-no-modulus-check', {
  encapsulate: (orig) => async (p, i) => {
    const pk = Uint8Array.from(i['publicKey']!);
    if (pk.length === 1184 && (pk[0]! | ((pk[1]! & 0x0f) << 8)) >= 3329) {
      pk[0] = 0;
      pk[1]! &= 0xf0;
    }
    return orig(p, { publicKey: pk });
  },
});

const run = (std: Standard, adapters: readonly Adapter[], kinds: Array<'matrix' | 'negative'>, cases?: string[]): Promise<CaseResult[]> =>
  runFamily(std, adapters, { seed: 'kem-test', kinds, ...(cases ? { cases } : {}) });

describe('kem family', () => {
  it('noble-pq and mlkem interoperate on every ML-KEM parameter set, both ways, and derive the same keys from one seed', async () => {
    const all = await run(mlKem, [noblePostQuantum, mlkemAdapter], ['matrix']);
    // Neither has a PKCS#8 or SPKI codec: those cells are declared unsupported.
    expect(all.filter((r) => r.outcome === 'unsupported').every((r) => r.paramsId === 'ML-KEM-768-sk-pkcs8-seed-pk-spki')).toBe(true);
    const results = all.filter((r) => r.outcome !== 'unsupported');
    expect(results.length).toBe(16);
    for (const r of results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    expect(one(results, 'ml-kem/ML-KEM-768-sk-seed-pk-raw/matrix/noble-pq~mlkem').message).toMatch(/same seed gives both the same key pair/);
  });

  it('a wrong shared secret without an error is a fail (wrong-output), never an error', async () => {
    const results = await run(mlKem, [noblePostQuantum, wrongSecret], ['matrix'], ['ml-kem/ML-KEM-768-sk-seed-pk-raw/matrix/noble-pq~fake-wrong-secret']);
    const r = one(results, 'ml-kem/ML-KEM-768-sk-seed-pk-raw/matrix/noble-pq~fake-wrong-secret');
    expect(r.outcome).toBe('fail');
    expect(r.failure).toBe('wrong-output');
  });

  it('implicit rejection gives the same secret in both libraries; a decapsulator answering otherwise is caught', async () => {
    const good = await run(mlKem, [noblePostQuantum, mlkemAdapter], ['negative'], ['*/ciphertext-bit']);
    expect(good.length).toBe(8);
    // The one label of implicit rejection, as in the pke family's negative cases and known answers.
    for (const r of good) expect([r.outcome, r.rejection], `${r.id}: ${r.message}`).toEqual(['pass', 'implicit']);
    expect(one(good, 'ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~mlkem/ciphertext-bit').message).toMatch(/noble-pq computes the same/);
    const bad = await run(mlKem, [noblePostQuantum, wrongSecret], ['negative'], ['ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~fake-wrong-secret/*']);
    // Its control decapsulation is already wrong: the pair does not interoperate, so tampering proves nothing.
    for (const r of bad) expect(r.outcome).toBe('skipped');
    const own = await run(mlKem, [noblePostQuantum, ownRejection], ['negative'], ['ml-kem/ML-KEM-768-*/negative/*/ciphertext-bit']);
    const mixed = own.filter((r) => r.producer !== r.consumer);
    expect(mixed.length).toBe(4);
    for (const r of mixed) expect([r.outcome, r.failure, r.message]).toEqual(['fail', 'wrong-output', expect.stringMatching(/J\(z‖c\)/)]);
  });

  it('a decapsulator that throws on a tampered ciphertext (an oracle) fails as rejected-valid', async () => {
    const results = await run(mlKem, [noblePostQuantum, oracle], ['negative'], ['ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~fake-oracle/*']);
    const r = one(results, 'ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~fake-oracle/ciphertext-bit');
    expect([r.outcome, r.failure]).toEqual(['fail', 'rejected-valid']);
    const refused = one(results, 'ml-kem/ML-KEM-768-sk-seed-pk-raw/negative/noble-pq~fake-oracle/ciphertext-truncated');
    expect([refused.outcome, refused.rejection]).toEqual(['pass', undefined]);
  });

  it('an encapsulator that skips the §7.2 modulus check is a security finding; the real ones refuse', async () => {
    const results = await run(mlKem, [noblePostQuantum, mlkemAdapter, noModulusCheck], ['negative'], ['*/public-key-modulus']);
    for (const r of results.filter((x) => x.consumer !== 'fake-no-modulus-check')) expect(r.outcome, r.id).toBe('pass');
    const caught = results.filter((x) => x.consumer === 'fake-no-modulus-check');
    expect(caught.length).toBeGreaterThan(0);
    for (const r of caught) expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
  });

  it('X-Wing: noble-pq and the @hpke X-Wing agree on keys from one seed, secrets and implicit rejection, and refuse the same inputs', async () => {
    const results = await run(xWing, [noblePostQuantum, hpkeKem], ['matrix', 'negative']);
    expect(results.length).toBe(4 * 8);
    expect(one(results, 'x-wing/X-Wing-sk-seed-pk-raw/matrix/hpke-kem~noble-pq').message).toMatch(
      /hpke-kem also decapsulates with noble-pq's secret key; the same seed/,
    );
    for (const r of results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
  });

  it('the pre-standard KEMs run as their own standards: round-3 Kyber (crystals-kyber, which takes inputs of any length) and X25519Kyber768Draft00', async () => {
    const kyber = await run(kyberR3, [crystalsKyber], ['matrix', 'negative']);
    expect(one(kyber, 'kyber-r3/Kyber768-sk-expanded-pk-raw/matrix/crystals-kyber~crystals-kyber').outcome).toBe('pass');
    expect(one(kyber, 'kyber-r3/Kyber768-sk-expanded-pk-raw/negative/crystals-kyber~crystals-kyber/ciphertext-bit').outcome).toBe('pass');
    const short = one(kyber, 'kyber-r3/Kyber768-sk-expanded-pk-raw/negative/crystals-kyber~crystals-kyber/ciphertext-truncated');
    expect([short.outcome, short.failure]).toEqual(['fail', 'accepted-invalid']);
    const hybrid = await run(x25519Kyber768Draft00, [hpkeKyberDraft], ['matrix', 'negative']);
    expect(hybrid.length).toBe(7);
    for (const r of hybrid) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
  });
});

describe('KEM intents', () => {
  /** The DER header of an ML-KEM-768 SubjectPublicKeyInfo (draft-ietf-lamps-kyber-certificates, OID 2.16.840.1.101.3.4.4.2). */
  const SPKI_768 = Uint8Array.from([
    0x30, 0x82, 0x04, 0xb2, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02, 0x03, 0x82, 0x04, 0xa1, 0x00,
  ]);
  const asCalled = noblePostQuantum.intents!['ml-kem']!['public-key']!;
  /** noble-pq, except that as called it sends its public key in an SPKI (as node:crypto's documentation does). */
  const sendsSpki = defineAdapter({
    ...noblePostQuantum,
    id: 'fake-sends-spki',
    description: 'noble-pq whose public key, as called, travels in an SPKI',
    intents: {
      'ml-kem': {
        'public-key': {
          call: 'keygen(), the public key wrapped in an SPKI',
          params: { ...asCalled.params, publicKeyFormat: 'spki' },
          ops: {
            ...asCalled.ops,
            generateKeyPair: async (p, i) => {
              const kp = await asCalled.ops.generateKeyPair!(p, i);
              return { ...kp, publicKey: Uint8Array.from([...SPKI_768, ...kp['publicKey']!]) };
            },
          },
        },
      },
    },
  });

  it('a producer that refuses the public key the consumer sends as called is a diagnosed mismatch, not a plain failure', async () => {
    const results = await runFamily(mlKem, [noblePostQuantum, sendsSpki], { seed: 'kem-intents', kinds: ['intent'], cases: ['ml-kem/intent-public-key/*'] });
    const r = one(results, 'ml-kem/intent-public-key/intent/noble-pq~fake-sends-spki');
    expect([r.outcome, r.failure], r.message).toEqual(['fail', 'mismatch']);
    expect(r.intent?.diagnosis?.differs).toEqual(['publicKeyFormat']);
    expect(r.message).toMatch(/noble-pq as called fails .*length 1184, got length=1206/);
    expect(one(results, 'ml-kem/intent-public-key/intent/noble-pq~noble-pq').outcome).toBe('pass');
  });
});
