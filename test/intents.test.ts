/**
 * Every intent resolution an adapter declares is proven against the adapter's own explicit
 * operations, both ways: what the library makes as called, its explicit operations read under
 * the declared parameters, and what they make, it reads as called; a deterministic standard's
 * outputs are equal byte for byte. A declaration that names the wrong parameters fails here, as
 * the last test shows with a deliberately wrong one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaim, type Adapter } from '../src/core/adapter.js';
import { bytesEqual } from '../src/core/bytes.js';
import type { CaseContext } from '../src/core/case.js';
import { familyOf } from '../src/core/families/index.js';
import { runIntent, type End } from '../src/core/families/intent-runner.js';
import type { Intent, IntentResolution } from '../src/core/intent.js';
import type { Standard } from '../src/core/standard.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';

const context = (adapters: readonly Adapter[]): CaseContext => {
  const byId = new Map(adapters.map((a) => [a.id, a]));
  const memo = new Map<string, Promise<unknown>>();
  return {
    seed: 'intents.test',
    progress: { stage: undefined },
    adapter: (id) => byId.get(id)!,
    memo: <T>(key: string, make: () => Promise<T>) => (memo.get(key) ?? memo.set(key, make()).get(key)!) as Promise<T>,
  };
};

/** The adapter's explicit operations under the declared parameters, as an end of an intent case. */
const explicit = (adapter: Adapter, std: Standard, r: IntentResolution): End => ({ adapter, resolution: { call: 'explicit', params: r.params, ops: adapter.ops[std.id] ?? {} } });

/** Runs the intent between as called and explicit, both ways; returns the failures. */
async function prove(adapter: Adapter, std: Standard, intent: Intent, r: IntentResolution): Promise<string[]> {
  const ctx = context([adapter]);
  const asCalled: End = { adapter, resolution: r };
  const exact = explicit(adapter, std, r);
  const failures: string[] = [];
  for (const [p, c, way] of [[asCalled, exact, 'as called → explicit'], [exact, asCalled, 'explicit → as called']] as const) {
    const v = await runIntent(ctx, std, intent, p, c, familyOf(std).intent!);
    if (v.outcome !== 'pass') failures.push(`${way}: ${v.message}`);
  }
  if (std.deterministic && r.ops.encrypt) {
    const enc = familyOf(std).messages!.encryptInputs(ctx.seed, std, r.params, std.plaintextSizes[0] ?? 16);
    const [a, b] = await Promise.all([r.ops.encrypt(r.params, enc), adapter.ops[std.id]!.encrypt!(r.params, enc)]);
    if (!bytesEqual(a['ciphertext']!, b['ciphertext']!)) failures.push('as called and explicit encrypt the same inputs differently');
  }
  return failures;
}

// External adapters declare their resolutions in their hello: read them before listing.
await Promise.all(DEFAULT_ADAPTERS.filter((a) => a.kind === 'external').map((a) => a.probe()));

const declared = DEFAULT_ADAPTERS.flatMap((adapter) =>
  STANDARDS.flatMap((std) => (std.intents ?? []).flatMap((intent) => (adapter.intents?.[std.id]?.[intent.id] ? [{ adapter, std, intent }] : []))),
);

afterAll(async () => {
  await Promise.all(DEFAULT_ADAPTERS.map((a) => a.dispose?.()));
});

describe('intent resolutions', () => {
  it('are declared by every adapter that claims a standard with intents (external ones: once their hello is read)', async () => {
    const missing: string[] = [];
    for (const adapter of DEFAULT_ADAPTERS) {
      if (!(await adapter.probe()).available) continue;
      for (const std of STANDARDS.filter((s) => s.intents?.length && adapter.capabilities.claims[s.id])) {
        for (const intent of std.intents!) if (!adapter.intents?.[std.id]?.[intent.id]) missing.push(`${adapter.id} ${std.id} ${intent.id}`);
      }
    }
    // Standards whose intents the adapters do not resolve yet: listed here, so that the list can only shrink.
    expect(missing.filter((m) => !/^(age-cli|sqop|gosop|pgpainless-cli|gpg|rnp|openssl-cms) /.test(m))).toEqual([]);
  });

  it.each(declared.map((d) => [`${d.adapter.id} ${d.std.id} ${d.intent.id}`, d] as const))('%s: declares every parameter, agrees with the sentence, and is proven both ways', async (_name, { adapter, std, intent }) => {
    const probe = await adapter.probe();
    if (!probe.available) return; // a peer not installed: .ci/install-peers installs it
    const r = adapter.intents![std.id]![intent.id]!;
    expect(Object.keys(r.params).sort()).toEqual(std.params.map((p) => p.name).sort());
    for (const [name, value] of Object.entries(intent.fixes)) expect(r.params[name], name).toBe(value);
    for (const op of familyOf(std).roles.producer) expect(checkClaim(adapter, std.id, op, r.params), `${op} ${std.paramsId(r.params)}`).toEqual({ ok: true });
    expect(await prove(adapter, std, intent, r)).toEqual([]);
  });

  it('catches a wrong declaration: node:crypto publicEncrypt(key, data) declared as SHA-256 throughout', async () => {
    const node = DEFAULT_ADAPTERS.find((a) => a.id === 'node-crypto')!;
    const std = STANDARDS.find((s) => s.id === 'rsa-oaep')!;
    const intent = std.intents!.find((i) => i.id === 'oaep')!;
    const real = node.intents!['rsa-oaep']!['oaep']!;
    const wrong: IntentResolution = { ...real, params: { ...real.params, oaepHash: 'SHA-256', mgf1Hash: 'SHA-256' } };
    const failures = await prove(node, std, intent, wrong);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/as called → explicit/);
  });
});
