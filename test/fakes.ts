/**
 * Deliberately broken adapters, built by wrapping a real one. Each breaks one thing the
 * harness must catch and classify; the tests prove the harness can fail.
 */
import { createDecipheriv } from 'node:crypto';
import { defineAdapter, type Adapter, type OpImpl, type StandardClaim } from '../src/core/adapter.js';
import { BUILTIN_ADAPTERS } from '../src/adapters/index.js';
import type { ByteMap, OpName, Params } from '../src/core/model.js';
import { UnsupportedError } from '../src/core/errors.js';

/** The real adapter the fakes wrap. */
export function real(id = 'node-crypto'): Adapter {
  const a = BUILTIN_ADAPTERS.find((x) => x.id === id);
  if (!a) throw new Error(`no built-in adapter ${id}`);
  return a;
}

type Override = (orig: OpImpl) => OpImpl;

/** A copy of `base` under a new id with some aes-gcm operations replaced. */
export function fake(id: string, overrides: Partial<Record<OpName, Override>>, extraClaims: Record<string, StandardClaim> = {}, extraOps: Adapter['ops'] = {}): Adapter {
  const base = real();
  const gcm = base.ops['aes-gcm']!;
  const ops = { ...base.ops, ...extraOps, 'aes-gcm': { ...gcm } } as Record<string, Partial<Record<OpName, OpImpl>>>;
  for (const [op, wrap] of Object.entries(overrides) as [OpName, Override][]) ops['aes-gcm']![op] = wrap(gcm[op]!);
  return defineAdapter({
    ...base,
    id,
    description: `broken on purpose: ${id}`,
    probe: base.probe,
    capabilities: { claims: { ...base.capabilities.claims, ...extraClaims }, gaps: base.capabilities.gaps },
    ops,
  });
}

const tagBytes = (p: Params): number => Number(p['tagBytes']);

/** Every broken adapter, by what it breaks. */
export const FAKES = {
  ignoresAad: fake('fake-ignores-aad', {
    encrypt: (orig) => (p, i) => orig(p, { ...i, aad: new Uint8Array(0) }),
    decrypt: (orig) => (p, i) => orig(p, { ...i, aad: new Uint8Array(0) }),
  }),
  truncatesTag: fake('fake-truncates-tag', {
    encrypt: (orig) => async (p, i) => {
      const ct = (await orig(p, i))['ciphertext']!;
      return { ciphertext: ct.subarray(0, ct.length - 1) };
    },
    decrypt: (orig) => (p, i) => orig({ ...p }, i),
  }),
  tagInFront: fake('fake-tag-in-front', {
    encrypt: (orig) => async (p, i) => {
      const ct = (await orig(p, i))['ciphertext']!;
      const t = tagBytes(p);
      return { ciphertext: Uint8Array.from([...ct.subarray(ct.length - t), ...ct.subarray(0, ct.length - t)]) };
    },
    decrypt: (orig) => (p, i) => {
      const ct = i['ciphertext']!;
      const t = tagBytes(p);
      return orig(p, { ...i, ciphertext: Uint8Array.from([...ct.subarray(t), ...ct.subarray(0, t)]) });
    },
  }),
  acceptsAnyTag: fake('fake-accepts-any-tag', {
    decrypt: () => (p, i): ByteMap => {
      // Decrypts without ever checking the tag: the classic forgery acceptor.
      const t = tagBytes(p);
      const ct = i['ciphertext']!;
      const d = createDecipheriv(`aes-${Number(p['keyBits'])}-gcm` as 'aes-128-gcm', i['key']!, i['iv']!, { authTagLength: 16 });
      return { plaintext: Uint8Array.from(d.update(ct.subarray(0, Math.max(0, ct.length - t)))) };
    },
  }),
  flipsByte: fake('fake-flips-byte', {
    encrypt: (orig) => async (p, i) => {
      const ct = Uint8Array.from((await orig(p, i))['ciphertext']!);
      ct[0] = ct[0]! ^ 0x80;
      return { ciphertext: ct };
    },
  }),
  throws: fake('fake-throws', {
    encrypt: () => () => {
      throw new TypeError('boom: the library crashed');
    },
  }),
  hangs: fake('fake-hangs', {
    decrypt: () => () => new Promise<ByteMap>(() => undefined),
  }),
  returnsGarbage: fake('fake-returns-garbage', {
    encrypt: () => () => 'not bytes' as unknown as ByteMap,
  }),
  liesAboutCapability: fake('fake-lies', {
    encrypt: () => () => {
      throw new UnsupportedError('actually, no');
    },
  }),
} as const;
