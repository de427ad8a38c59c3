/**
 * The HPKE standard and its two adapters: the parameter sweep is well formed, both adapters
 * round-trip with each other in every mode and KEM, refuse what is not a parameter set, reject
 * what RFC 9180 says must fail, and broken fake HPKE adapters (one ignores the AAD, one the
 * info) are caught by the matrix, the negative cases and the RFC's vectors.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim, defineAdapter, type Adapter, type OpImpl } from '../core/adapter.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, CaseResult, OpName, Params } from '../core/model.js';
import { buildPlan } from '../core/plan.js';
import { runSuite } from '../suite.js';
import { exportLengthBytes, indexed } from '../core/families/hpke.js';
import { hpke, HPKE_KEMS, type HpkeKem } from '../standards/hpke.js';
import { importHpkeJson } from '../vectors/importers/hpke.js';
import { hpkeJs } from './hpke-js.js';
import { hpkeNoble } from './hpke-noble.js';
import { RFC9180_A11 } from '../../test/hpke-rfc9180-a11.js';

const ADAPTERS = [hpkeJs, hpkeNoble] as const;

const base = (kem: HpkeKem, extra: Partial<Record<string, string | number>> = {}): Params => ({
  mode: 'base',
  kem,
  kdf: 'HKDF-SHA256',
  aead: 'AES-128-GCM',
  api: 'context',
  infoBytes: 0,
  aadBytes: 0,
  pskBytes: 0,
  ...extra,
});

async function call(a: Adapter, op: OpName, p: Params, i: ByteMap): Promise<ByteMap> {
  return a.ops['hpke']![op]!(p, i);
}

describe('the hpke standard', () => {
  it('sweeps every mode with X25519 and P-256, the other KEMs once, in a few hundred cases', () => {
    const modes = new Set(hpke.matrix.map((p) => p['mode']));
    expect([...modes].sort()).toEqual(['auth', 'auth_psk', 'base', 'psk']);
    for (const kem of Object.keys(HPKE_KEMS))
      expect(
        hpke.matrix.some((p) => p['kem'] === kem),
        kem,
      ).toBe(true);
    for (const p of hpke.matrix) expect(hpke.excludes?.(p), hpke.paramsId(p)).toBeUndefined();
    const states = ADAPTERS.map((adapter) => ({ adapter, probe: { available: true as const, version: 'test' } }));
    const plan = buildPlan({ standards: [hpke], adapters: states, vectors: [], kinds: ['matrix', 'negative'] });
    expect(plan.length).toBeGreaterThan(100);
    expect(plan.length).toBeLessThan(600);
    // Mutations that need a PSK or a sender key are planned only in the modes that have them.
    expect(plan.some((c) => c.mutation === 'wrong-psk' && !String(c.params['mode']).includes('psk'))).toBe(false);
    expect(plan.some((c) => c.mutation === 'wrong-sender-key' && !String(c.params['mode']).startsWith('auth'))).toBe(false);
    expect(plan.filter((c) => c.mutation === 'wrong-sender-key').length).toBeGreaterThan(0);
  });

  it('rules out PSK sizes that contradict the mode, and single-shot export-only', () => {
    expect(hpke.excludes?.(base('DHKEM(X25519, HKDF-SHA256)', { mode: 'psk', pskBytes: 0 }))).toMatch(/VerifyPSKInputs/);
    expect(hpke.excludes?.(base('DHKEM(X25519, HKDF-SHA256)', { pskBytes: 32 }))).toMatch(/VerifyPSKInputs/);
    expect(hpke.excludes?.(base('DHKEM(X25519, HKDF-SHA256)', { aead: 'Export-only', api: 'single-shot' }))).toBeDefined();
  });

  it('every mutation cites RFC 9180', () => {
    for (const m of hpke.mutations) expect(m.because, m.id).toMatch(/RFC 9180 §\d/);
  });
});

describe.each(ADAPTERS.map((a) => [a.id, a] as const))('%s', (_id, adapter) => {
  it('probes the versions of its packages at run time', async () => {
    const probe = await adapter.probe();
    expect(probe.available).toBe(true);
    if (probe.available) expect(probe.version).toMatch(/\d+\.\d+\.\d+/);
  });

  it.each(Object.entries(HPKE_KEMS))('%s keys have the sizes of RFC 9180 §7.1', async (kem, sizes) => {
    const kp = await call(adapter, 'generateKeyPair', base(kem as HpkeKem), {});
    expect([kp['publicKey']!.length, kp['secretKey']!.length]).toEqual([sizes.npk, sizes.nsk]);
  });

  it('refuses a parameter set the standard rules out, and a missing parameter (no defaults)', async () => {
    const p = base('DHKEM(X25519, HKDF-SHA256)', { mode: 'psk', pskBytes: 0 });
    await expect(Promise.resolve().then(() => call(adapter, 'generateKeyPair', p, {}))).rejects.toThrow(/VerifyPSKInputs/);
    const { kdf: _, ...noKdf } = base('DHKEM(X25519, HKDF-SHA256)');
    await expect(Promise.resolve().then(() => call(adapter, 'generateKeyPair', noKdf, {}))).rejects.toThrow(/kdf is missing/);
  });

  it('export-only: seals nothing, exports to the requested length', async () => {
    const p = base('DHKEM(X25519, HKDF-SHA256)', { aead: 'Export-only' });
    const kp = await call(adapter, 'generateKeyPair', p, {});
    const info = new Uint8Array(0);
    const e = await call(adapter, 'encrypt', p, { publicKey: kp['publicKey']!, info, exporterContext: Uint8Array.of(1), exportLength: exportLengthBytes(7) });
    expect(e['exported']!.length).toBe(7);
    expect(e['ciphertext']!.length).toBe(0);
    await expect(call(adapter, 'encrypt', p, { publicKey: kp['publicKey']!, info, plaintext: Uint8Array.of(1), aad: info })).rejects.toThrow();
  });

  it('refuses to encrypt to a compressed P-256 key (RFC 9180 §7.1.1: DeserializePublicKey is the uncompressed conversion)', async () => {
    const p = base('DHKEM(P-256, HKDF-SHA256)');
    const pk = (await call(adapter, 'generateKeyPair', p, {}))['publicKey']!;
    const compressed = Uint8Array.of(2 + (pk[64]! & 1), ...pk.subarray(1, 33));
    await expect(
      call(adapter, 'encrypt', p, { publicKey: compressed, info: new Uint8Array(0), plaintext: Uint8Array.of(1), aad: new Uint8Array(0) }),
    ).rejects.toThrow(/public key/i);
  });

  it('a wrong enc length or garbage enc is a rejection, not a crash', async () => {
    const p = base('DHKEM(P-256, HKDF-SHA256)');
    const kp = await call(adapter, 'generateKeyPair', p, {});
    for (const enc of [new Uint8Array(64), Uint8Array.of(4, ...new Uint8Array(64).fill(7))]) {
      await expect(
        call(adapter, 'decrypt', p, { secretKey: kp['secretKey']!, enc, info: new Uint8Array(0), ciphertext: new Uint8Array(17), aad: new Uint8Array(0) }),
      ).rejects.toBeInstanceOf(RejectedError);
    }
  });
});

describe('a 16-byte PSK', () => {
  const p = base('DHKEM(X25519, HKDF-SHA256)', { mode: 'psk', pskBytes: 16 });
  it('hpke-js declines it by policy, and @hpke/core really refuses it', async () => {
    const claim = checkClaim(hpkeJs, 'hpke', 'encrypt', p);
    expect(claim.ok).toBe(false);
    if (!claim.ok) expect(claim.policy).toMatch(/@hpke\/core/);
    await expect(Promise.resolve().then(() => call(hpkeJs, 'encrypt', p, {}))).rejects.toBeInstanceOf(UnsupportedError);
    // Past the guard (with the 32-byte claim), the library itself refuses the short PSK.
    const kp = await call(hpkeJs, 'generateKeyPair', { ...p, pskBytes: 32 }, {});
    const inputs = {
      publicKey: kp['publicKey']!,
      info: new Uint8Array(0),
      psk: new Uint8Array(16).fill(1),
      pskId: Uint8Array.of(1),
      plaintext: Uint8Array.of(1),
      aad: new Uint8Array(0),
    };
    await expect(call(hpkeJs, 'encrypt', { ...p, pskBytes: 32 }, inputs)).rejects.toThrow(/at least 32 bytes/);
  });
  it('hpke-noble takes it: RFC 9180 VerifyPSKInputs checks no length', () => {
    expect(checkClaim(hpkeNoble, 'hpke', 'encrypt', p).ok).toBe(true);
  });
});

/** A copy of hpke-noble with one operation's inputs changed before the library sees them. */
function fakeHpke(id: string, change: (op: OpName, inputs: ByteMap) => ByteMap): Adapter {
  const ops = Object.fromEntries(Object.entries(hpkeNoble.ops['hpke']!).map(([op, impl]) => [op, ((p, i) => impl(p, change(op as OpName, i))) as OpImpl]));
  return defineAdapter({ ...hpkeNoble, id, description: `broken on purpose: ${id}`, ops: { hpke: ops } });
}

/** Every `aad`, `aad#1`… set to empty: the AAD is not authenticated. */
const withoutAad = (_op: OpName, i: ByteMap): ByteMap =>
  Object.fromEntries(Object.entries(i).map(([k, v]) => [k, k === 'aad' || k.startsWith('aad#') ? new Uint8Array(0) : v]));
/** The info replaced by an empty one: it is not bound into the key schedule. */
const withoutInfo = (_op: OpName, i: ByteMap): ByteMap => (i['info'] ? { ...i, info: new Uint8Array(0) } : i);

const RFC_A11 = [RFC9180_A11];

describe('broken fake HPKE adapters are caught', () => {
  const corpus = importHpkeJson(RFC_A11, 'hpke/rfc9180_a11.json');

  async function runWith(fakeAdapter: Adapter): Promise<CaseResult[]> {
    const report = await runSuite({
      standards: [hpke],
      adapters: [hpkeJs, fakeAdapter],
      kinds: ['matrix', 'negative', 'import'],
      vectors: [],
      procedures: corpus.procedures,
      seed: 'hpke-fakes',
      isolation: 'none',
      timeoutMs: 5000,
      cases: ['hpke/base-x25519-sha256-aes128gcm-ctx-i20-a16-p0/*', 'hpke/authpsk-p256-sha256-aes128gcm-ctx-i20-a16-p32/*', 'hpke/*/import/*'],
    });
    return [...report.results];
  }

  function pick(results: readonly CaseResult[], pattern: RegExp): CaseResult[] {
    const hits = results.filter((r) => pattern.test(r.id));
    expect(hits.length, `no result matches ${pattern}`).toBeGreaterThan(0);
    return hits;
  }

  it('the RFC vector passes on both real adapters (control)', async () => {
    expect(corpus.errors).toEqual([]);
    const results = await runWith(fakeHpke('fake-hpke-control', (_op, i) => i));
    for (const r of results) expect([r.id, r.outcome]).toEqual([r.id, 'pass']);
  });

  it('one that ignores the AAD: accepts a changed AAD (security finding), disagrees with hpke-js, fails the RFC vector', async () => {
    const id = 'fake-hpke-ignores-aad';
    const results = await runWith(fakeHpke(id, withoutAad));
    for (const r of pick(results, new RegExp(`/negative/${id}~${id}/flip-aad$`))) expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    for (const r of pick(results, new RegExp(`/matrix/(hpke-js~${id}|${id}~hpke-js)$`))) expect(r.outcome).toBe('fail');
    for (const r of pick(results, new RegExp(`/import/.*~${id}/`))) expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-output']);
    for (const r of pick(results, /\/negative\/hpke-js~hpke-js\/flip-aad$/)) expect(r.outcome).toBe('pass');
  });

  it('one that ignores the info: accepts a changed info, disagrees with hpke-js, fails the RFC vector', async () => {
    const id = 'fake-hpke-ignores-info';
    const results = await runWith(fakeHpke(id, withoutInfo));
    for (const r of pick(results, new RegExp(`/negative/${id}~${id}/flip-info$`))) expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    for (const r of pick(results, new RegExp(`/matrix/(hpke-js~${id}|${id}~hpke-js)$`))) expect(r.outcome).toBe('fail');
    for (const r of pick(results, new RegExp(`/import/.*~${id}/`))) expect(r.outcome).toBe('fail');
  });

  it('one that ignores the exporter context: its exports disagree with hpke-js and the RFC vector', async () => {
    const id = 'fake-hpke-ignores-exporter-context';
    const results = await runWith(
      fakeHpke(id, (_op, i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, k.startsWith('exporterContext') ? new Uint8Array(0) : v]))),
    );
    for (const r of pick(results, new RegExp(`/matrix/(hpke-js~${id}|${id}~hpke-js)$`))) {
      expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-output']);
      expect(r.message).toMatch(/exported#1/);
    }
    for (const r of pick(results, new RegExp(`/import/.*~${id}/`))) expect([r.outcome, r.failure]).toEqual(['fail', 'wrong-output']);
  });

  it('one that opens every message at sequence number 0 is caught by the context sweep and the RFC vector', async () => {
    const id = 'fake-hpke-no-sequence';
    // Opens each message in a fresh context: as if the recipient never advanced its sequence number.
    const noble = hpkeNoble.ops['hpke']!;
    const decrypt: OpImpl = async (p, i) => {
      const single = Object.fromEntries(Object.entries(i).filter(([k]) => !/^(ciphertext|aad)#/.test(k)));
      const out: Record<string, Uint8Array> = {};
      for (let n = 0; i[indexed('ciphertext', n)]; n++) {
        const one = await noble.decrypt!(p, { ...single, ciphertext: i[indexed('ciphertext', n)]!, aad: i[indexed('aad', n)]! });
        if (n === 0) Object.assign(out, one);
        out[indexed('plaintext', n)] = one['plaintext']!;
      }
      return out;
    };
    const broken = defineAdapter({ ...hpkeNoble, id, description: 'broken on purpose', ops: { hpke: { ...noble, decrypt } } });
    const results = await runWith(broken);
    for (const r of pick(results, new RegExp(`/matrix/hpke-js~${id}$`))) expect(r.outcome).toBe('fail');
    for (const r of pick(results, new RegExp(`/import/.*~${id}/`))) expect(r.outcome).toBe('fail');
  });
});

describe('HPKE-PQ (draft-ietf-hpke-pq)', () => {
  it('ML-KEM-768, ML-KEM-1024 and X-Wing open between @hpke/core and hpke-noble both ways; a tampered enc or message is refused', async () => {
    const report = await runSuite({
      standards: [hpke],
      adapters: [hpkeJs, hpkeNoble],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'hpke-pq',
      isolation: 'none',
      cases: ['hpke/*-mlkem*', 'hpke/*-xwing*'],
    });
    const matrix = report.results.filter((r) => r.kind === 'matrix');
    expect(matrix.length).toBe(4 * 4);
    for (const r of report.results) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    expect(report.results.some((r) => r.kind === 'negative' && r.producer === 'hpke-js' && r.consumer === 'hpke-noble')).toBe(true);
  });

  it('has no auth modes: they are not parameter sets of the post-quantum KEMs', () => {
    expect(hpke.excludes?.({ ...base('ML-KEM-768'), mode: 'auth' })).toMatch(/no AuthEncap/);
    expect(
      hpke.matrix.filter((p) => ['ML-KEM-768', 'ML-KEM-1024', 'X-Wing'].includes(String(p['kem']))).every((p) => p['mode'] === 'base' || p['mode'] === 'psk'),
    ).toBe(true);
  });
});
