import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../core/bytes.js';
import { makeRegistry } from '../core/registry.js';
import { rngFor } from '../core/rng.js';
import { aead } from '../core/families/aead.js';
import { agreement } from '../core/families/agreement.js';
import { cipher } from '../core/families/cipher.js';
import { familyOf } from '../core/families/index.js';
import { nearWrapCounterBlock } from './aes-ctr.js';
import { STANDARDS } from './index.js';

describe('standards registry', () => {
  it("accepts a family's own parameter only in that family's standards", () => {
    const mlKem = STANDARDS.find((x) => x.id === 'ml-kem')!;
    const gcm = STANDARDS.find((x) => x.id === 'aes-gcm')!;
    expect(makeRegistry([mlKem]).get('ml-kem')).toBe(mlKem);
    const borrowing = { ...gcm, params: [...gcm.params, mlKem.params.find((p) => p.name === 'parameterSet')!] };
    expect(() => makeRegistry([borrowing])).toThrow(/aes-gcm uses parameter parameterSet, which is neither in the registry nor one of the aead family's own/);
  });

  it.each(STANDARDS.map((s) => [s.id, s] as const))('%s: every matrix parameter set is complete, declared and has a unique slug', (_id, s) => {
    const ids = new Set<string>();
    for (const params of s.matrix) {
      expect(Object.keys(params).sort()).toEqual(s.params.map((p) => p.name).sort());
      for (const p of s.params) expect(p.values).toContain(params[p.name]);
      ids.add(s.paramsId(params));
    }
    expect(ids.size).toBe(s.matrix.length);
  });

  it.each(
    STANDARDS.filter((s) => familyOf(s) === aead || familyOf(s) === cipher).map((s) => [s.id, s] as const),
  )('%s: every mutation really changes the decrypt inputs', (_id, s) => {
    for (const params of s.matrix) {
      const sizes = s.sizes(params);
      const enc = familyOf(s).messages!.encryptInputs('seed', s, params, sizes.block + 1);
      const { plaintext, ...rest } = enc;
      const clean: Record<string, Uint8Array> = { ...rest, ciphertext: new Uint8Array(plaintext!.length + sizes.tag + (s.id === 'aes-cbc' ? 15 : 0)).fill(7) };
      for (const m of s.mutations) {
        const t = m.apply(clean, sizes, rngFor('seed', m.id));
        expect(t, `${s.id} ${m.id}`).toBeDefined();
        const changed = Object.keys({ ...clean, ...t }).some((k) => !bytesEqual(clean[k] ?? new Uint8Array(), t![k] ?? new Uint8Array()));
        expect(changed, `${s.id} ${m.id} changed nothing`).toBe(true);
      }
    }
  });

  it('aes-ctr counter blocks start two blocks before the counter field wraps, leaving the rest random', () => {
    for (const counterBits of [32, 64, 128]) {
      const block = nearWrapCounterBlock({ keyBits: 128, counterBits }, rngFor('s', String(counterBits)));
      const value = BigInt(`0x${Buffer.from(block).toString('hex')}`) & ((1n << BigInt(counterBits)) - 1n);
      expect(value).toBe((1n << BigInt(counterBits)) - 2n);
    }
  });

  it('authenticated standards have tamper mutations; unauthenticated ones claim no tag', () => {
    for (const s of STANDARDS) {
      if (s.authenticated) expect(s.mutations.length, s.id).toBeGreaterThanOrEqual(5);
      else if (familyOf(s) !== agreement) expect(s.sizes(s.matrix[0]!).tag).toBe(0);
    }
  });
});
