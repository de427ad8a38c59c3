/**
 * The intents of ChaCha20-Poly1305, XChaCha20-Poly1305, JWE with ECDH-ES and HPKE: each wrong
 * declaration of what a library does as called fails its proof, and the intent grid diagnoses
 * the real departures (libsodium's original construction, PyNaCl's nonce in front, node-jose's
 * JSON, enc in front of an HPKE ciphertext) as mismatches with the parameter, and a fix
 * confirmed by running it where one side has a call in the other's form.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter } from '../src/core/adapter.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution } from '../src/core/families/intent-runner.js';
import type { Intent, IntentResolution } from '../src/core/intent.js';
import type { Params } from '../src/core/model.js';
import type { Standard } from '../src/core/standard.js';
import { concatBytes } from '../src/core/bytes.js';
import { hpkeJs } from '../src/adapters/hpke-js.js';
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
  await Promise.all(['python-ref', 'pyca-pq'].map((id) => adapter(id).dispose?.()));
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

describe('HPKE as called', () => {
  const HPKE_INTENT = 'base-x25519-aes128gcm';
  const HPKE_PQ_INTENT = 'base-mlkem768-aes128gcm';
  const real = hpkeJs.intents!['hpke']![HPKE_INTENT]!;
  /** hpke-js, except that as called it sends enc in front of the ciphertext and reads it from there (as pyca's Suite does). */
  const encInFront = defineAdapter({
    ...hpkeJs,
    id: 'fake-enc-in-front',
    description: 'hpke-js whose call, as called, returns enc ‖ ciphertext in one string',
    intents: {
      hpke: {
        [HPKE_INTENT]: {
          call: 'sender.seal(plaintext) with sender.enc put in front',
          params: { ...real.params, output: 'enc ‖ ciphertext' },
          ops: {
            generateKeyPair: real.ops.generateKeyPair!,
            async encrypt(p, i) {
              const o = await real.ops.encrypt!(p, i);
              return { ciphertext: concatBytes(o['enc']!, o['ciphertext']!) };
            },
            decrypt: (p, i) => real.ops.decrypt!(p, { ...i, enc: i['ciphertext']!.subarray(0, 32), ciphertext: i['ciphertext']!.subarray(32) }),
          },
        },
      },
    },
  });

  it('catches @hpke/core declared as sending enc in front, and proves a library that does (a fake) departs from the explicit layout', async () => {
    const { real: proven, wrong } = await proveChanged('hpke-js', 'hpke', HPKE_INTENT, { output: 'enc ‖ ciphertext' });
    expect(proven).toEqual([]);
    expect(wrong).toHaveLength(1);
    expect(wrong[0]).toMatch(/declares output = enc ‖ ciphertext, yet works both ways with the explicit operations/);
    const std = standard('hpke');
    const intent = std.intents!.find((i) => i.id === HPKE_INTENT)!;
    const fake = encInFront.intents!['hpke']![HPKE_INTENT]!;
    expect(await proveResolution(encInFront, std, intent, fake, familyOf(std).intent!, 'intents-aead-jwe')).toEqual([]);
  });

  it('diagnoses enc apart against enc in front as a mismatch of the output, both ways, fixed by the explicit call of the side that has one', async () => {
    const results = await runFamily(standard('hpke'), [hpkeJs, encInFront], { seed: 'intents-aead-jwe', kinds: ['intent'], cases: ['hpke/intent-*'] });
    for (const [pair, fix] of [
      ['hpke-js~fake-enc-in-front', /^fake-enc-in-front reads what hpke-js makes when called explicitly with output = enc, ciphertext apart/],
      [
        'fake-enc-in-front~hpke-js',
        /^hpke-js reads what fake-enc-in-front makes when fake-enc-in-front is called explicitly with output = enc, ciphertext apart/,
      ],
    ] as const) {
      const r = one(results, `hpke/intent-${HPKE_INTENT}/intent/${pair}`);
      expect([r.outcome, r.failure], r.message).toEqual(['fail', 'mismatch']);
      expect(r.intent?.diagnosis?.differs).toEqual(['output']);
      expect(r.intent?.diagnosis?.because['output']).toMatch(/RFC 9180 §10/);
      expect(r.intent?.diagnosis?.fix).toMatch(fix);
    }
    for (const self of ['hpke-js~hpke-js', 'fake-enc-in-front~fake-enc-in-front'])
      expect(one(results, `hpke/intent-${HPKE_INTENT}/intent/${self}`).outcome).toBe('pass');
  });

  it('diagnoses pyca against @hpke/core as a mismatch with no fix, with X25519 and with ML-KEM-768: neither has a call in the other form', async () => {
    const pyca = adapter('pyca-pq');
    if (!(await pyca.probe()).available) return;
    const results = await runFamily(standard('hpke'), [hpkeJs, pyca], { seed: 'intents-aead-jwe', kinds: ['intent'], cases: ['hpke/intent-*'] });
    for (const intent of [HPKE_INTENT, HPKE_PQ_INTENT]) {
      for (const pair of ['hpke-js~pyca-pq', 'pyca-pq~hpke-js']) {
        const r = one(results, `hpke/intent-${intent}/intent/${pair}`);
        expect([r.outcome, r.failure], r.message).toEqual(['fail', 'mismatch']);
        expect(r.intent?.diagnosis?.differs).toContain('output');
        expect(r.intent?.diagnosis?.fix).toBeUndefined();
      }
      expect(one(results, `hpke/intent-${intent}/intent/pyca-pq~pyca-pq`).outcome).toBe('pass');
      expect(one(results, `hpke/intent-${intent}/intent/hpke-js~hpke-js`).outcome).toBe('pass');
    }
  });

  it.each([HPKE_INTENT, HPKE_PQ_INTENT])("catches pyca's Suite.encrypt declared as returning enc apart (%s)", async (intent) => {
    if (!(await adapter('pyca-pq').probe()).available) return;
    const { real: proven, wrong } = await proveChanged('pyca-pq', 'hpke', intent, { output: 'enc, ciphertext apart' });
    expect(proven).toEqual([]);
    expect(wrong.length).toBeGreaterThan(0);
  });
});
