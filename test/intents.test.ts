/**
 * Every intent resolution an adapter declares is proven against the adapter's own explicit
 * operations, both ways: what the library makes as called, its explicit operations read under
 * the declared parameters, and what they make, it reads as called; a deterministic standard's
 * outputs are equal byte for byte. A declaration that names the wrong parameters fails here, as
 * the last test shows with a deliberately wrong one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { checkClaim, type Adapter } from '../src/core/adapter.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution } from '../src/core/families/intent-runner.js';
import type { Intent, IntentResolution } from '../src/core/intent.js';
import type { Standard } from '../src/core/standard.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';

/** The proof of one declaration, through the family's exchanges. */
const prove = (adapter: Adapter, std: Standard, intent: Intent, r: IntentResolution): Promise<string[]> =>
  proveResolution(adapter, std, intent, r, familyOf(std).intent!, 'intents.test');

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
    expect(
      missing.filter(
        (m) =>
          !/^(age-cli|sqop|gosop|pgpainless-cli|gpg|rnp|openssl-cms) /.test(m) &&
          !/^(node-containers|forge-containers|certtool|python-ref|java-ref) pkcs12 /.test(m),
      ),
    ).toEqual([]);
  });

  it.each(
    declared.map((d) => [`${d.adapter.id} ${d.std.id} ${d.intent.id}`, d] as const),
  )('%s: declares every parameter, agrees with the sentence, and is proven both ways', async (_name, { adapter, std, intent }) => {
    const probe = await adapter.probe();
    if (!probe.available) return; // a peer not installed: .ci/install-peers installs it
    const r = adapter.intents![std.id]![intent.id]!;
    expect(Object.keys(r.params).sort()).toEqual(std.params.map((p) => p.name).sort());
    for (const [name, value] of Object.entries(intent.fixes)) expect(r.params[name], name).toBe(value);
    for (const op of familyOf(std).roles.producer) expect(checkClaim(adapter, std.id, op, r.params), `${op} ${std.paramsId(r.params)}`).toEqual({ ok: true });
    expect(await prove(adapter, std, intent, r)).toEqual([]);
  });

  it('catches a wrong declaration of a container default: openssl pkcs12 -export declared with a SHA-1 MAC and 600,000 iterations', async () => {
    const openssl = DEFAULT_ADAPTERS.find((a) => a.id === 'openssl-cli')!;
    if (!(await openssl.probe()).available) return;
    const std = STANDARDS.find((s) => s.id === 'pkcs12')!;
    const intent = std.intents!.find((i) => i.id === 'export')!;
    const real = openssl.intents!['pkcs12']!['export']!;
    // Both sides read either file, as the files state their algorithms: only what the file states can tell.
    const wrong: IntentResolution = { ...real, params: { ...real.params, mac: 'hmac-sha1', iterations: 600000, macIterations: 600000 } };
    const failures = await prove(openssl, std, intent, wrong);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => /as called, the output states iterations = 2048, mac = hmac-sha256, macIterations = 2048/.test(f))).toBe(true);
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
