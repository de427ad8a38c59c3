/**
 * The intents of ChaCha20-Poly1305, XChaCha20-Poly1305 and JWE with ECDH-ES: each wrong
 * declaration of what a library does as called fails its proof, and the intent grid diagnoses
 * the real departures (libsodium's original construction, PyNaCl's nonce in front, node-jose's
 * JSON) as mismatches with the parameter and a fix confirmed by running it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter } from '../src/core/adapter.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution } from '../src/core/families/intent-runner.js';
import type { Intent, IntentResolution } from '../src/core/intent.js';
import type { Params } from '../src/core/model.js';
import type { Standard } from '../src/core/standard.js';
import { libsodiumAdapter } from '../src/adapters/libsodium.js';
import { noble } from '../src/adapters/noble/noble.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';
import { one, runFamily } from './family-runs.js';

const adapter = (id: string): Adapter => DEFAULT_ADAPTERS.find((a) => a.id === id)!;
const standard = (id: string): Standard => STANDARDS.find((s) => s.id === id)!;

/** The standard, its intent and the adapter's real resolution of it. */
function declared(adapterId: string, stdId: string, intentId: string): { a: Adapter; std: Standard; intent: Intent; real: IntentResolution } {
  const a = adapter(adapterId);
  const std = standard(stdId);
  return { a, std, intent: std.intents!.find((i) => i.id === intentId)!, real: a.intents![stdId]![intentId]! };
}

/** The proof of the real resolution with `change` made to its parameters. */
async function proveChanged(adapterId: string, stdId: string, intentId: string, change: Params): Promise<{ real: string[]; wrong: string[] }> {
  const { a, std, intent, real } = declared(adapterId, stdId, intentId);
  const prove = (r: IntentResolution): Promise<string[]> => proveResolution(a, std, intent, r, familyOf(std).intent!, 'intents-aead-jwe');
  return { real: await prove(real), wrong: await prove({ ...real, params: { ...real.params, ...change } }) };
}

afterAll(async () => {
  await adapter('python-ref').dispose?.();
});

describe('ChaCha20-Poly1305 as called', () => {
  it("catches libsodium's crypto_aead_chacha20poly1305_encrypt declared as RFC 8439's construction", async () => {
    const { real, wrong } = await proveChanged('libsodium', 'chacha20-poly1305', 'chacha20-poly1305', { construction: 'RFC 8439', nonceBytes: 12 });
    expect(real).toEqual([]);
    // Declared as the explicit operations, it is tried both ways against them: the 12-byte nonce is refused.
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.join('\n')).toMatch(/as called → explicit: .*invalid public_nonce length/);
  });

  it('catches an RFC 8439 library (noble) declared as the original construction: it works both ways with the explicit operations', async () => {
    const { real, wrong } = await proveChanged('noble', 'chacha20-poly1305', 'chacha20-poly1305', { construction: 'original' });
    expect(real).toEqual([]);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatch(/declares construction = original, yet works both ways with the explicit operations/);
  });

  it('diagnoses libsodium against noble as a mismatch of the construction, fixed by calling the _ietf_ function, both ways', async () => {
    const results = await runFamily(standard('chacha20-poly1305'), [libsodiumAdapter, noble], {
      seed: 'intents-aead-jwe',
      kinds: ['intent'],
      cases: ['chacha20-poly1305/intent-chacha20-poly1305/*'],
    });
    for (const [p, c] of [
      ['libsodium', 'noble'],
      ['noble', 'libsodium'],
    ] as const) {
      const r = one(results, `chacha20-poly1305/intent-chacha20-poly1305/intent/${p}~${c}`);
      expect([r.outcome, r.failure], r.message).toEqual(['fail', 'mismatch']);
      expect(r.intent?.diagnosis?.differs).toEqual(['construction', 'nonceBytes']);
      // libsodium cannot be told noble's construction as called; its explicit operations (the _ietf_ functions) can.
      expect(r.intent?.diagnosis?.fix).toMatch(/construction = RFC 8439, nonceBytes = 12/);
      expect(r.intent?.diagnosis?.because['construction']).toMatch(/RFC 8439 §2\.3/);
    }
    for (const self of ['libsodium~libsodium', 'noble~noble'])
      expect(one(results, `chacha20-poly1305/intent-chacha20-poly1305/intent/${self}`).outcome).toBe('pass');
  });

  it('fails, as a plain failure, a fake that declares RFC 8439 but calls the original construction with the nonce cut to 8 bytes', async () => {
    const original = libsodiumAdapter.intents!['chacha20-poly1305']!['chacha20-poly1305']!;
    const fake = defineAdapter({
      ...libsodiumAdapter,
      id: 'fake-chacha-original',
      description: 'libsodium whose "RFC 8439" call is the original construction on the first 8 nonce bytes',
      intents: {
        'chacha20-poly1305': {
          'chacha20-poly1305': {
            call: 'crypto_aead_chacha20poly1305_encrypt on nonce[0..8] (a broken fake)',
            params: { keyBits: 256, nonceBytes: 12, tagBytes: 16, construction: 'RFC 8439' },
            ops: {
              encrypt: (p, i) => original.ops.encrypt!(p, { ...i, nonce: i['nonce']!.subarray(0, 8) }),
              decrypt: (p, i) => original.ops.decrypt!(p, { ...i, nonce: i['nonce']!.subarray(0, 8) }),
            },
          },
        },
      },
    });
    const results = await runFamily(standard('chacha20-poly1305'), [noble, fake], {
      seed: 'intents-aead-jwe',
      kinds: ['intent'],
      cases: ['chacha20-poly1305/intent-chacha20-poly1305/intent/noble~fake-chacha-original'],
    });
    const r = one(results, 'chacha20-poly1305/intent-chacha20-poly1305/intent/noble~fake-chacha-original');
    // Both resolve the sentence alike, so the failure is the fake's own, not a mismatch.
    expect(r.outcome).toBe('fail');
    expect(r.failure).not.toBe('mismatch');
    expect(r.message).toMatch(/although both ends resolve the intent alike/);
  });
});

describe('XChaCha20-Poly1305 as called', () => {
  it("catches PyNaCl's nacl.secret.Aead declared as returning ciphertext ‖ tag", async () => {
    if (!(await adapter('python-ref').probe()).available) return;
    const { real, wrong } = await proveChanged('python-ref', 'xchacha20-poly1305', 'xchacha20-poly1305', { output: 'ciphertext ‖ tag' });
    expect(real).toEqual([]);
    expect(wrong.join('\n')).toMatch(/as called → explicit/);
  });

  it("catches libsodium's crypto_aead_xchacha20poly1305_ietf_encrypt declared as putting the nonce in front", async () => {
    const { real, wrong } = await proveChanged('libsodium', 'xchacha20-poly1305', 'xchacha20-poly1305', { output: 'nonce ‖ ciphertext ‖ tag' });
    expect(real).toEqual([]);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatch(/declares output = nonce ‖ ciphertext ‖ tag, yet works both ways with the explicit operations/);
  });
});

describe('JWE with ECDH-ES as called', () => {
  it("catches node-jose's createEncrypt to an EC key declared as general JSON, or as ECDH-ES+A256KW: the JWE states what it is", async () => {
    for (const [change, states] of [
      [{ serialization: 'json-general' }, /the output states serialization = json-flattened, declared serialization = json-general/],
      [{ alg: 'ECDH-ES+A256KW' }, /the output states alg = ECDH-ES, declared alg = ECDH-ES\+A256KW/],
    ] as const) {
      const { real, wrong } = await proveChanged('node-jose', 'jwe', 'ecdh-es-a256gcm', change);
      expect(real).toEqual([]);
      expect(
        wrong.some((f) => states.test(f)),
        wrong.join('\n'),
      ).toBe(true);
    }
  });

  it('diagnoses node-jose → jose as a mismatch of the serialization with the fix on the jose side; jose → node-jose works', async () => {
    const results = await runFamily(standard('jwe'), [adapter('jose'), adapter('node-jose')], {
      seed: 'intents-aead-jwe',
      kinds: ['intent'],
      cases: ['jwe/intent-ecdh-es-a256gcm/*'],
    });
    const r = one(results, 'jwe/intent-ecdh-es-a256gcm/intent/node-jose~jose');
    expect([r.outcome, r.failure], r.message).toEqual(['fail', 'mismatch']);
    expect(r.intent?.diagnosis?.differs).toEqual(['serialization']);
    expect(r.intent?.diagnosis?.fix).toMatch(/^jose reads what node-jose makes when called explicitly with serialization = json-flattened/);
    expect(one(results, 'jwe/intent-ecdh-es-a256gcm/intent/jose~node-jose').outcome).toBe('pass');
  });
});
