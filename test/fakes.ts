/**
 * Deliberately broken adapters, built by wrapping a real one. Each breaks one thing the
 * harness must catch and classify; the tests prove the harness can fail.
 */
import { createDecipheriv } from 'node:crypto';
import { defineAdapter, type Adapter, type OpImpl, type StandardClaim } from '../src/core/adapter.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import type { ByteMap, OpName, Params } from '../src/core/model.js';
import { UnsupportedError } from '../src/core/errors.js';
import { assemble, type Binding } from '../src/adapters/binding.js';

/** The real adapter the fakes wrap. */
export function real(id = 'node-crypto'): Adapter {
  const a = DEFAULT_ADAPTERS.find((x) => x.id === id);
  if (!a) throw new Error(`no adapter ${id}`);
  return a;
}

type Override = (orig: OpImpl) => OpImpl;

/** A copy of `base` under a new id with some aes-gcm operations replaced. */
export function fake(
  id: string,
  overrides: Partial<Record<OpName, Override>>,
  extraClaims: Record<string, StandardClaim> = {},
  extraOps: Adapter['ops'] = {},
): Adapter {
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
    decrypt:
      () =>
      (p, i): ByteMap => {
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

/**
 * A fake adapter, a library of its own, made of `bindings` (claims and operations as
 * `assemble` makes them) and probed as `probedAs` is: for a fake that narrows what a real
 * adapter claims or builds an operation its own way.
 */
export function boundFake(id: string, bindings: readonly Binding[], probedAs: Adapter): Adapter {
  const { claims, ops } = assemble(id, bindings);
  return defineAdapter({
    id,
    library: `fake ${id}`,
    kind: 'in-process',
    variant: 'explicit',
    description: `broken on purpose: ${id}`,
    probe: probedAs.probe,
    capabilities: { claims, gaps: {} },
    ops,
  });
}

/**
 * `base` under a new id, with some operations of `standard` replaced (any standard, any
 * family); everything else, claims included, is the real adapter's.
 */
export function breakStandard(base: Adapter, id: string, standard: string, overrides: Partial<Record<OpName, Override>>): Adapter {
  const own = base.ops[standard];
  if (!own) throw new Error(`${base.id} has no ${standard}`);
  const wrapped = { ...own };
  for (const [op, wrap] of Object.entries(overrides) as [OpName, Override][]) wrapped[op] = wrap(own[op]!);
  // A library of its own: key pairs are shared per library, and the fake must make its own.
  return defineAdapter({
    ...base,
    id,
    library: `${base.library}, broken: ${id}`,
    description: `broken on purpose: ${id}`,
    probe: base.probe,
    capabilities: base.capabilities,
    ops: { ...base.ops, [standard]: wrapped },
  });
}

/** Each output named by `names` with its last byte flipped (a byte added to an empty one). */
function flipOutputs(out: ByteMap, names: RegExp): ByteMap {
  return Object.fromEntries(
    Object.entries(out).map(([k, v]) => {
      if (!names.test(k)) return [k, v];
      if (v.length === 0) return [k, Uint8Array.of(0x42)];
      const w = Uint8Array.from(v);
      w[w.length - 1] = w[w.length - 1]! ^ 0x01;
      return [k, w];
    }),
  );
}

/** A consumer whose `op` returns wrong bytes in the outputs `names`, without an error. */
export function wrongOutput(base: Adapter, standard: string, op: OpName, names: RegExp): Adapter {
  return breakStandard(base, `fake-wrong-${op}`, standard, { [op]: (orig: OpImpl) => async (p: Params, i: ByteMap) => flipOutputs(await orig(p, i), names) });
}

const MARK = Uint8Array.from(Buffer.from('FAKE'));
const marked = (c: Uint8Array): boolean => c.length >= MARK.length && MARK.every((b, n) => c[c.length - MARK.length + n] === b);

/**
 * A deterministic producer whose ciphertext differs from everyone else's (a 4-byte mark
 * appended) but which decrypts its own and everyone else's correctly: it interoperates as a
 * consumer, so only the byte-for-byte comparison of deterministic producers can catch it.
 */
export function ownCiphertext(base: Adapter, standard: string): Adapter {
  return breakStandard(base, 'fake-own-ciphertext', standard, {
    encrypt: (orig) => async (p, i) => {
      const out = await orig(p, i);
      return { ...out, ciphertext: Uint8Array.from([...out['ciphertext']!, ...MARK]) };
    },
    decrypt: (orig) => (p, i) => {
      const c = i['ciphertext']!;
      return orig(p, marked(c) ? { ...i, ciphertext: c.subarray(0, c.length - MARK.length) } : i);
    },
  });
}

/**
 * A consumer whose `op` returns wrong bytes only with its own secret keys (those its
 * generateKeyPair made), or only with someone else's: a broken key import. Each is caught by
 * a different comparison of the agreement and pke matrices.
 */
export function wrongWithKeys(base: Adapter, standard: string, op: OpName, names: RegExp, whose: 'own' | 'foreign'): Adapter {
  const mine = new Set<string>();
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return breakStandard(base, `fake-wrong-${op}-${whose}-keys`, standard, {
    generateKeyPair: (orig) => async (p, i) => {
      const out = await orig(p, i);
      mine.add(hex(out['secretKey']!));
      return out;
    },
    [op]: (orig: OpImpl) => async (p: Params, i: ByteMap) => {
      const out = await orig(p, i);
      return mine.has(hex(i['secretKey']!)) === (whose === 'own') ? flipOutputs(out, names) : out;
    },
  });
}
