/**
 * A KEM whose encapsulation draws its own randomness declares, in its claim, that it takes no
 * caller-chosen m (`refusedInputs`): a known answer that fixes m is then planned `unsupported`
 * with the library's reason, not run into a `wrong-capability` failure. The declaration is held
 * both ways: each adapter that declares it must really refuse m, as a broken fake shows.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaim, defineAdapter, type Adapter } from '../src/core/adapter.js';
import { UnsupportedError } from '../src/core/errors.js';
import { buildPlan, type KatFile } from '../src/core/plan.js';
import type { Params } from '../src/core/model.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { capabilitiesOf } from '../src/adapters/external/capabilities.js';
import { STANDARDS } from '../src/standards/index.js';
import { runSuite } from '../src/suite.js';

const adapter = (id: string): Adapter => DEFAULT_ADAPTERS.find((a) => a.id === id)!;
const ML_KEM_768: Params = { parameterSet: 'ML-KEM-768', secretKeyFormat: 'seed', publicKeyFormat: 'raw' };

/**
 * Every refused input an adapter declares, tried on its own operation with valid inputs: the
 * failures, none when each is really refused with UnsupportedError.
 */
async function refusalsHold(a: Adapter): Promise<string[]> {
  const failures: string[] = [];
  for (const [stdId, claim] of Object.entries(a.capabilities.claims)) {
    for (const [op, inputs] of Object.entries(claim.refusedInputs ?? {})) {
      const std = STANDARDS.find((s) => s.id === stdId)!;
      const params = std.matrix.find((p) => checkClaim(a, stdId, 'generateKeyPair', p).ok)!;
      const { publicKey } = await a.ops[stdId]!.generateKeyPair!(params, {});
      for (const name of Object.keys(inputs ?? {})) {
        try {
          await a.ops[stdId]![op as 'encapsulate']!(params, { publicKey: publicKey!, [name]: new Uint8Array(32).fill(7) });
          failures.push(`${a.id} ${stdId} ${op} took the ${name} its claim refuses`);
        } catch (e) {
          if (!(e instanceof UnsupportedError) && (e as { code?: string }).code !== 'UNSUPPORTED')
            failures.push(`${a.id} ${stdId} ${op} given ${name} failed otherwise: ${String(e)}`);
        }
      }
    }
  }
  return failures;
}

afterAll(async () => {
  await Promise.all(['pyca-pq', 'node24'].map((id) => adapter(id).dispose?.()));
});

describe('an encapsulation that takes no caller-chosen m', () => {
  it('is refused by the claim with the library reason, and only when m is given', () => {
    const kyber = adapter('crystals-kyber');
    const params = { parameterSet: 'Kyber768', secretKeyFormat: 'expanded', publicKeyFormat: 'raw' };
    expect(checkClaim(kyber, 'kyber-r3', 'encapsulate', params, ['publicKey'])).toEqual({ ok: true });
    expect(checkClaim(kyber, 'kyber-r3', 'encapsulate', params, ['publicKey', 'm'])).toEqual({
      ok: false,
      reason: 'encapsulate with a given m: crystals-kyber Encrypt draws its own m: it takes none',
    });
    expect(checkClaim(kyber, 'kyber-r3', 'decapsulate', params, ['secretKey', 'ciphertext', 'm']).ok).toBe(true);
  });

  it('plans a known answer that fixes m unsupported for such an adapter, and runs the others', async () => {
    const std = STANDARDS.find((s) => s.id === 'ml-kem')!;
    const bytes = (n: number) => new Uint8Array(n).fill(1);
    const vectors: KatFile[] = [
      {
        file: 'fixture/mlkem_768_test.json',
        standard: 'ml-kem',
        groups: [
          {
            params: ML_KEM_768,
            tests: [
              {
                tcId: 1,
                comment: 'encapsulation with m',
                flags: [],
                result: 'valid',
                source: 'fixture',
                fields: { publicKey: bytes(1184), m: bytes(32), sharedSecret: bytes(32), seed: bytes(64) },
              },
            ],
          },
        ],
      },
    ];
    const states = [adapter('noble-pq'), adapter('pyca-pq')].map((a) => ({ adapter: a, probe: { available: true as const, version: 'test' } }));
    await adapter('pyca-pq').probe(); // its claims come with its hello
    if (!adapter('pyca-pq').capabilities.claims['ml-kem']) return; // no pyca 48 here: .ci/install-peers
    const plan = buildPlan({ standards: [std], adapters: states, vectors, kinds: ['kat'] });
    const cell = (id: string) => plan.find((c) => c.id === `ml-kem/ML-KEM-768-sk-seed-pk-raw/kat/vector:mlkem_768_test~${id}/tc1/encapsulate`)!;
    expect(cell('noble-pq').preset).toBeUndefined();
    expect(cell('pyca-pq').preset).toMatchObject({ outcome: 'unsupported' });
    expect(cell('pyca-pq').preset?.message).toMatch(/encapsulate with a given m: pyca's encapsulate\(\) draws its own randomness/);
    // Key generation from the seed is no encapsulation: it runs.
    expect(plan.find((c) => c.id.endsWith('~pyca-pq/tc1/generateKeyPair'))?.preset).toBeUndefined();
  });

  it('asks an invalid encapsulation key without the m it refuses (FIPS 203 §7.2 checks ek alone), and catches an adapter that then accepts the key', async () => {
    const std = STANDARDS.find((s) => s.id === 'ml-kem')!;
    const { publicKey } = await adapter('noble-pq').ops['ml-kem']!.generateKeyPair!(ML_KEM_768, {});
    // The first coefficient set to 4095 (≥ q = 3329): the key is not reduced, the modulus check must refuse it.
    const notReduced = Uint8Array.from(publicKey!);
    notReduced[0] = 0xff;
    notReduced[1] = notReduced[1]! | 0x0f;
    const test = (tcId: number, m: number) => ({
      tcId,
      comment: 'Public key not reduced',
      flags: ['ModulusOverflow'],
      result: 'invalid' as const,
      source: 'fixture',
      fields: { publicKey: notReduced, m: new Uint8Array(m).fill(3), sharedSecret: new Uint8Array(32) },
    });
    const vectors: KatFile[] = [
      { file: 'fixture/mlkem_768_encaps_test.json', standard: 'ml-kem', groups: [{ params: ML_KEM_768, tests: [test(1, 32), test(2, 16)] }] },
    ];
    // A broken fake: takes no m, and skips the modulus check (encapsulates to the key as given).
    const noble = adapter('noble-pq');
    const claim = noble.capabilities.claims['ml-kem']!;
    const unchecked = defineAdapter({
      ...noble,
      id: 'fake-no-modulus-check',
      capabilities: { ...noble.capabilities, claims: { 'ml-kem': { ...claim, refusedInputs: { encapsulate: { m: 'draws its own' } } } } },
      ops: {
        'ml-kem': {
          ...noble.ops['ml-kem']!,
          encapsulate: async () => ({ ciphertext: new Uint8Array(1088).fill(1), sharedSecret: new Uint8Array(32).fill(2) }),
        },
      },
    });
    const report = await runSuite({
      standards: [std],
      adapters: [noble, unchecked],
      kinds: ['kat'],
      vectors,
      seed: 'refused-inputs',
      timeoutMs: 30_000,
      isolation: 'none',
    });
    const r = (id: string, tc: number) =>
      report.results.find((x) => x.id === `ml-kem/ML-KEM-768-sk-seed-pk-raw/kat/vector:mlkem_768_encaps_test~${id}/tc${tc}/encapsulate`)!;
    // noble-pq takes m: asked with it, it refuses the key.
    expect([r('noble-pq', 1).outcome, r('noble-pq', 1).expectedBecause]).toEqual(['pass', 'fixture: must be rejected']);
    // The fake takes none: asked without it, and its acceptance is a security finding.
    expect([r('fake-no-modulus-check', 1).outcome, r('fake-no-modulus-check', 1).failure]).toEqual(['fail', 'accepted-invalid']);
    expect(r('fake-no-modulus-check', 1).expectedBecause).toMatch(/asked without m, which fake-no-modulus-check takes no value for/);
    // An m of the wrong length may be what makes the vector invalid: not dropped, so not run.
    expect(r('fake-no-modulus-check', 2).outcome).toBe('unsupported');
  });

  it('is really refused by every adapter that declares it (held both ways), and a false declaration is caught', async () => {
    for (const id of ['crystals-kyber', 'pyca-pq', 'node24']) {
      const a = adapter(id);
      if (!(await a.probe()).available) continue;
      expect(
        Object.keys(a.capabilities.claims).some((s) => a.capabilities.claims[s]!.refusedInputs?.encapsulate?.['m']),
        id,
      ).toBe(true);
      expect(await refusalsHold(a), id).toEqual([]);
    }
    // A broken fake: noble-pq, which takes m, declared as refusing it.
    const noble = adapter('noble-pq');
    const claim = noble.capabilities.claims['ml-kem']!;
    const liar = defineAdapter({
      ...noble,
      id: 'fake-refuses-m',
      capabilities: { ...noble.capabilities, claims: { 'ml-kem': { ...claim, refusedInputs: { encapsulate: { m: 'said to take none' } } } } },
    });
    expect(await refusalsHold(liar)).toEqual(['fake-refuses-m ml-kem encapsulate took the m its claim refuses']);
  });

  it("keeps an external adapter's declaration for the standard's optional inputs only, with a note for the rest", () => {
    const hello = {
      protocol: 1,
      implementation: 'fake',
      version: '1',
      claims: {
        'ml-kem': {
          ops: ['generateKeyPair', 'encapsulate', 'decapsulate'] as const,
          params: { parameterSet: { values: ['ML-KEM-768'] }, secretKeyFormat: { values: ['seed'] }, publicKeyFormat: { values: ['raw'] } },
          refusedInputs: { encapsulate: { m: 'no m', publicKey: 'nonsense' }, encrypt: { nonce: 'not a KEM operation' } },
        },
      },
      gaps: {},
    };
    const { capabilities, notes } = capabilitiesOf(hello as never, STANDARDS);
    expect(capabilities.claims['ml-kem']?.refusedInputs).toEqual({ encapsulate: { m: 'no m' } });
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/refused input publicKey of encapsulate ignored/),
        expect.stringMatching(/refusedInputs of encrypt ignored/),
      ]),
    );
  });
});
