/**
 * The post-quantum KEM intents beyond what test/intents.test.ts proves of every declaration: the
 * X-Wing key pair "from this seed", which the @hpke package derives through HPKE's DeriveKeyPair
 * (a departure its proof must see), and the hybrid named by its components, which the
 * pre-standard X25519Kyber768Draft00 resolves against X-Wing: a mismatch, with the right kind,
 * both ways, and a draft end that declares itself X-Wing is caught.
 */
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import type { CaseContext } from '../src/core/case.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution, runIntent, type End } from '../src/core/families/intent-runner.js';
import type { IntentResolution } from '../src/core/intent.js';
import { buildPlan } from '../src/core/plan.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';
import { X_WING_SEED_AS_SECRET_KEY } from '../src/standards/x-wing.js';

const std = STANDARDS.find((s) => s.id === 'x-wing')!;
const adapter = (id: string): Adapter => DEFAULT_ADAPTERS.find((a) => a.id === id)!;
const [noble, hpkeKem, draft] = ['noble-pq', 'hpke-kem', 'hpke-kyber-draft'].map(adapter) as [Adapter, Adapter, Adapter];
const intentOf = (id: string) => std.intents!.find((i) => i.id === id)!;

const memo = new Map<string, Promise<unknown>>();
const ctx: CaseContext = {
  seed: 'intents-pq.test',
  progress: { stage: undefined },
  adapter: (id) => adapter(id),
  memo: <T>(key: string, make: () => Promise<T>) => (memo.get(key) ?? memo.set(key, make()).get(key)!) as Promise<T>,
};
const end = (a: Adapter, intentId: string, resolution = a.intents!['x-wing']![intentId]!): End => ({ adapter: a, resolution });
const run = (intentId: string, p: End, c: End) => runIntent(ctx, std, intentOf(intentId), p, c, familyOf(std).intent!);
const prove = (a: Adapter, intentId: string, r: IntentResolution) => proveResolution(a, std, intentOf(intentId), r, familyOf(std).intent!, 'intents-pq.test');

describe('"Derive the X-Wing key pair from this seed"', () => {
  it("exchanges a seed of X-Wing's 32 bytes, and @hpke's deriveKeyPair against the seed taken as the secret key is a mismatch with its fix", async () => {
    expect((await run('seed', end(noble, 'seed'), end(noble, 'seed'))).message).toMatch(/one 32-byte seed/);
    for (const [p, c] of [
      [noble, hpkeKem],
      [hpkeKem, noble],
    ] as const) {
      const v = await run('seed', end(p, 'seed'), end(c, 'seed'));
      expect([v.outcome, v.failure], `${p.id}~${c.id}`).toEqual(['fail', 'mismatch']);
      expect(v.intent?.diagnosis?.differs).toEqual(['seedDerivation']);
      expect(v.intent?.diagnosis?.because['seedDerivation']).toMatch(/SHAKE256\(ikm, 32\)/);
      // The fix is on the @hpke side either way: its explicit operations (generateKeyPairDerand) take the seed as the secret key.
      expect(v.intent?.diagnosis?.fix).toMatch(
        p === noble
          ? /^hpke-kem reads what noble-pq makes when called explicitly with seedDerivation = the seed is the secret key/
          : /^noble-pq reads what hpke-kem makes when hpke-kem is called explicitly with seedDerivation = the seed is the secret key/,
      );
    }
  });

  it("catches hpke-kem's deriveKeyPair declared as taking the seed as the secret key", async () => {
    const real = hpkeKem.intents!['x-wing']!['seed']!;
    expect(real.params['seedDerivation']).not.toBe(X_WING_SEED_AS_SECRET_KEY);
    expect(await prove(hpkeKem, 'seed', real)).toEqual([]);
    const wrong: IntentResolution = { ...real, params: { ...real.params, seedDerivation: X_WING_SEED_AS_SECRET_KEY } };
    const failures = await prove(hpkeKem, 'seed', wrong);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toMatch(/wrong publicKey/);
  });
});

describe('"A hybrid X25519 + ML-KEM-768 (Kyber-768) KEM": one end still on X25519Kyber768Draft00', () => {
  it('plans the draft adapter, which claims no X-Wing operation, in this intent and no other X-Wing cell', () => {
    const states = [draft, noble].map((a) => ({ adapter: a, probe: { available: true as const, version: 'test' } }));
    const ids = buildPlan({ standards: [std], adapters: states, vectors: [], kinds: ['intent', 'matrix', 'negative'] }).map((c) => c.id);
    expect(ids).toContain('x-wing/intent-hybrid/intent/hpke-kyber-draft~noble-pq');
    expect(ids).toContain('x-wing/intent-hybrid/intent/noble-pq~hpke-kyber-draft');
    expect(ids.filter((id) => id.includes('hpke-kyber-draft') && !id.startsWith('x-wing/intent-hybrid/'))).toEqual([]);
  });

  it('diagnoses both ways as a mismatch of the construction with no fix: a wrong secret without an error one way, a refused key the other', async () => {
    const fromDraft = await run('hybrid', end(draft, 'hybrid'), end(noble, 'hybrid'));
    expect([fromDraft.outcome, fromDraft.failure]).toEqual(['fail', 'mismatch']);
    expect(fromDraft.stage).toBe('compare');
    expect(fromDraft.message).toMatch(/noble-pq as called gives a wrong sharedSecret/);
    const toDraft = await run('hybrid', end(noble, 'hybrid'), end(draft, 'hybrid'));
    expect([toDraft.outcome, toDraft.failure]).toEqual(['fail', 'mismatch']);
    expect(toDraft.message).toMatch(/noble-pq as called fails \(RejectedError/);
    for (const v of [fromDraft, toDraft]) {
      expect(v.intent?.diagnosis?.differs).toEqual(['parameterSet', 'revision', 'secretKeyFormat']);
      expect(v.intent?.diagnosis?.fix).toBeUndefined();
      expect(v.intent?.diagnosis?.because['revision']).toMatch(/FIPS 203 §1\.3/);
      expect(v.message).toMatch(/noble-pq cannot: revision = round-3 Kyber \(the standard's explicit operations have revision = FIPS 203 only\)/);
      expect(v.message).toMatch(/hpke-kyber-draft cannot: @hpke\/hybridkem-x25519-kyber768 is the pre-standard X25519Kyber768Draft00/);
    }
    expect((await run('hybrid', end(draft, 'hybrid'), end(draft, 'hybrid'))).outcome).toBe('pass');
    expect((await run('hybrid', end(hpkeKem, 'hybrid'), end(noble, 'hybrid'))).outcome).toBe('pass');
  });

  it('fails, not as a mismatch, a draft end that declares itself X-Wing (a broken fake), and its proof fails too', async () => {
    const real = draft.intents!['x-wing']!['hybrid']!;
    const lying: IntentResolution = { ...real, params: { parameterSet: 'X-Wing', secretKeyFormat: 'seed', publicKeyFormat: 'raw', revision: 'FIPS 203' } };
    const v = await run('hybrid', end(draft, 'hybrid', lying), end(noble, 'hybrid'));
    expect([v.outcome, v.failure]).toEqual(['fail', 'wrong-output']);
    expect(await prove(draft, 'hybrid', lying)).not.toEqual([]);
    expect(await prove(draft, 'hybrid', real)).toEqual([]);
  });
});
