/**
 * JWE between jose and node-jose: the producer × consumer matrix and the tamper cases run on
 * the real libraries, the capability claims hold both ways, and deliberately broken JWE
 * consumers (one that authenticates only the header members it understands, one that never
 * checks the tag) are caught and classified as security findings.
 */
import { createDecipheriv } from 'node:crypto';
import nodeJose from 'node-jose';
import { describe, expect, it } from 'vitest';
import type { Adapter, OpImpl } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import { loadExpectations } from '../core/expectations.js';
import type { CaseResult } from '../core/model.js';
import { projectPath } from '../core/paths.js';
import { runSuite } from '../suite.js';
import { jwe, jweParts, withParts } from '../standards/jwe.js';
import { parseJwk } from '../standards/key-encoding.js';
import { boundFake } from '../../test/fakes.js';
import { input, oneOf, type ParamRule } from './binding.js';
import { joseAdapter } from './jose.js';
import { nodeJoseAdapter } from './node-jose.js';

const b64 = (s: string): Buffer => Buffer.from(s, 'base64url');
const every = (name: string): ParamRule => oneOf(name, jwe.params.find((s) => s.name === name)!.values, 'every value');

/** A JWE adapter on jose's operations, restricted to `rules`, with its decryption replaced. */
function fakeJwe(id: string, rules: readonly ParamRule[], decrypt: OpImpl): Adapter {
  const real = joseAdapter.ops['jwe']!;
  return boundFake(id, [{ standard: jwe, rules, ops: { generateKeyPair: real.generateKeyPair!, encrypt: real.encrypt!, decrypt } }], joseAdapter);
}

/**
 * Authenticates the header it parsed, not the bytes it received: the protected header is
 * re-encoded from the members it understands before jose decrypts. A header with one more
 * member then decrypts as if it were the original (a real bug class: AAD computed from a
 * re-serialized header).
 */
const KNOWN_MEMBERS = ['alg', 'enc', 'zip', 'epk', 'apu', 'apv', 'p2s', 'p2c', 'iv', 'tag', 'kid'];
const ignoresHeader = fakeJwe(
  'fake-jwe-reencodes-header',
  [every('alg'), every('enc'), every('serialization'), every('keyKind'), every('iterations'), every('zip')],
  (p, i) => {
    const ct = input(i, 'ciphertext');
    const header = JSON.parse(b64(jweParts(ct).protected).toString('utf8')) as Record<string, unknown>;
    const understood = Object.fromEntries(KNOWN_MEMBERS.filter((m) => m in header).map((m) => [m, header[m]]));
    return joseAdapter.ops['jwe']!.decrypt!(p, {
      ...i,
      ciphertext: withParts(ct, { protected: Buffer.from(JSON.stringify(understood)).toString('base64url') }),
    });
  },
);

/** Direct AES-GCM decryption that never checks the tag (no `final()`), for `dir` only. */
const ignoresTag = fakeJwe(
  'fake-jwe-ignores-tag',
  [
    oneOf('alg', ['dir'], 'dir only'),
    oneOf('enc', ['A128GCM', 'A256GCM'], 'GCM only'),
    every('serialization'),
    every('keyKind'),
    every('iterations'),
    oneOf('zip', ['none'], 'no zip'),
  ],
  (p, i) => {
    const parts = jweParts(input(i, 'ciphertext'));
    const key = b64(String(parseJwk(input(i, 'secretKey'))['k']));
    const d = createDecipheriv(`aes-${key.length * 8}-gcm` as 'aes-128-gcm', key, b64(parts.iv));
    d.setAAD(Buffer.from(parts.protected, 'ascii'));
    return { plaintext: Uint8Array.from(d.update(b64(parts.ciphertext))) };
  },
);

async function run(adapters: Adapter[], cases: string[], kinds: ('matrix' | 'negative')[] = ['matrix', 'negative']): Promise<CaseResult[]> {
  const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));
  const report = await runSuite({ standards: [jwe], adapters, kinds, vectors: [], cases, expectations, seed: 'jwe-test', timeoutMs: 30_000 });
  return [...report.results];
}

describe('JWE between jose and node-jose', () => {
  it('the whole default matrix and every tamper case behave as the standard or the expectations file says', async () => {
    const results = await run([joseAdapter, nodeJoseAdapter], ['jwe/*']);
    const matrix = results.filter((r) => r.kind === 'matrix');
    expect(matrix).toHaveLength(jwe.matrix.length * 4);
    for (const r of matrix) expect([r.id, r.outcome]).toEqual([r.id, 'pass']);
    const negative = results.filter((r) => r.kind === 'negative');
    expect(negative).toHaveLength(jwe.negativeMatrix!.length * 4 * jwe.mutations.length);
    const unexplained = negative.filter((r) => r.outcome !== 'pass' && !r.known);
    expect(unexplained.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    // node-jose's two findings: it ignores a non-empty Encrypted Key under dir and ECDH-ES
    // (RFC 7516 §5.2 step 10), and it takes an AES-CBC-HMAC tag with bytes appended (RFC 7518 §5.2.2.2).
    const findings = negative.filter((r) => r.failure === 'accepted-invalid').map((r) => r.id);
    const keyFindings = findings.filter((id) => /^jwe\/(dir|ECDH-ES)-A[^/]*\/negative\/[^~]+~node-jose\/encrypted-key$/.test(id));
    const tagFindings = findings.filter((id) => /^jwe\/[^/]*CBC-HS[^/]*\/negative\/[^~]+~node-jose\/extended-tag$/.test(id));
    expect(keyFindings.length).toBeGreaterThan(0);
    expect(tagFindings.length).toBeGreaterThan(0);
    expect(findings.length).toBe(keyFindings.length + tagFindings.length);
  }, 120_000);

  it('declares its gaps truthfully: outside its table each adapter throws UnsupportedError before any work', async () => {
    const rsa15 = { ...jwe.matrix[0]!, alg: 'RSA1_5' };
    await expect(
      Promise.resolve().then(() => joseAdapter.ops['jwe']!.encrypt!(rsa15, { publicKey: new Uint8Array(1), plaintext: new Uint8Array(1) })),
    ).rejects.toBeInstanceOf(UnsupportedError);
    const okp = { ...jwe.matrix[0]!, alg: 'ECDH-ES', keyKind: 'OKP-X25519' };
    await expect(Promise.resolve().then(() => nodeJoseAdapter.ops['jwe']!.generateKeyPair!(okp, {}))).rejects.toBeInstanceOf(UnsupportedError);
    await expect(
      Promise.resolve().then(() =>
        nodeJoseAdapter.ops['jwe']!.decrypt!({ ...rsa15, keyKind: 'RSA-2048' }, { secretKey: new Uint8Array(1), ciphertext: new Uint8Array(1) }),
      ),
    ).rejects.toBeInstanceOf(UnsupportedError);
    // The declared gap is real: node-jose itself cannot decrypt its own RSA1_5 JWE on Node 20.
    const key = await nodeJose.JWK.createKey('RSA', 2048, {});
    const token = (await nodeJose.JWE.createEncrypt({ format: 'compact', fields: { enc: 'A128GCM' } }, {
      key,
      header: { alg: 'RSA1_5' },
    } as unknown as nodeJose.JWK.Key)
      .update(Buffer.of(1))
      .final()) as unknown as string;
    await expect(nodeJose.JWE.createDecrypt(key).decrypt(token)).rejects.toThrow(/no key found/);
    // And what the table claims really works: jose does X25519.
    const x = await joseAdapter.ops['jwe']!.generateKeyPair!(okp, {});
    expect(parseJwk(x['publicKey']!)['crv']).toBe('X25519');
  }, 30_000);
});

describe('broken JWE consumers are caught', () => {
  it('a consumer that authenticates a re-encoded header accepts a changed protected header: a security finding', async () => {
    const id = ignoresHeader.id;
    const results = await run([joseAdapter, ignoresHeader], [`jwe/A128KW-A128GCM-compact-oct-128/*`]);
    const hit = results.filter((r) => r.id.endsWith(`~${id}/protected-header`));
    expect(hit).toHaveLength(2);
    for (const r of hit) expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    // It still interoperates, and jose rejects the same tampering: the finding is the fake's alone.
    for (const r of results.filter((x) => x.kind === 'matrix')) expect(r.outcome).toBe('pass');
    for (const r of results.filter((x) => x.id.endsWith('~jose/protected-header'))) expect(r.outcome).toBe('pass');
  }, 60_000);

  it('a consumer that never checks the tag accepts flipped and truncated tags and tampered ciphertexts', async () => {
    const id = ignoresTag.id;
    const results = await run([joseAdapter, ignoresTag], ['jwe/dir-A256GCM-compact-oct-256/*']);
    for (const m of ['tag', 'truncated-tag']) {
      const r = results.find((x) => x.id === `jwe/dir-A256GCM-compact-oct-256/negative/jose~${id}/${m}`)!;
      expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    }
    expect(results.find((x) => x.id === `jwe/dir-A256GCM-compact-oct-256/matrix/jose~${id}`)!.outcome).toBe('pass');
    // Parameter sets outside its table are unsupported, not failures.
    const other = await run([joseAdapter, ignoresTag], ['jwe/A128KW-A128GCM-compact-oct-128/matrix/*'], ['matrix']);
    expect(other.find((r) => r.consumer === id)!.outcome).toBe('unsupported');
  }, 60_000);
});
