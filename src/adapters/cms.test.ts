/**
 * CMS EnvelopedData across forge-cms, pkijs-cms and openssl-cms: the real 3×3 matrix and its
 * negative cases, claims that hold both ways, broken fakes that the harness must catch, and an
 * absent openssl that comes out `skipped` with its install command.
 */
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, OpImpl } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import { isUnexpected, loadExpectations } from '../core/expectations.js';
import type { ByteMap, CaseResult, Params } from '../core/model.js';
import { projectPath } from '../core/paths.js';
import { runSuite } from '../suite.js';
import { cmsEnveloped, cmsFields } from '../standards/cms.js';
import { boundFake } from '../../test/fakes.js';
import { input, oneOf } from './binding.js';
import { forgeCms } from './node-forge/forge-cms.js';
import { bin, bytesOfBin } from './node-forge/node-forge-rsa.js';
import { opensslCms, opensslCmsAdapter } from './openssl-cms.js';
import { pkijsCms } from './pkijs-cms.js';

const REAL = [forgeCms, pkijsCms, opensslCms];
/** The real matrix needs the openssl peer (bash .ci/install-peers); the rest runs without it. */
const hasOpenssl = (await opensslCms.probe()).available;

const expectations = loadExpectations(projectPath('vectors', 'expectations.json'));

async function run(adapters: readonly Adapter[], kinds: Array<'matrix' | 'negative'>, cases?: string[]): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [cmsEnveloped],
    adapters,
    kinds,
    vectors: [],
    expectations,
    seed: 'cms-test',
    timeoutMs: 60_000,
    isolation: 'none',
    ...(cases ? { cases } : {}),
  });
  return [...report.results];
}

const one = (results: readonly CaseResult[], id: string): CaseResult => {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result ${id} among ${results.map((x) => x.id).join(', ')}`);
  return r;
};

const claimed = (a: Adapter, p: Params): boolean => {
  const c = a.capabilities.claims['cms-enveloped']!;
  return Object.entries(c.params ?? {}).every(([name, r]) => r.values.includes(p[name]!));
};

describe.runIf(hasOpenssl)('the real implementations', () => {
  let results: CaseResult[] = [];
  beforeAll(async () => {
    results = await run(REAL, ['matrix', 'negative']);
  }, 300_000);

  it('interoperate in every claimed cell of the 3×3 matrix, and say why not elsewhere', () => {
    const matrix = results.filter((r) => r.kind === 'matrix');
    expect(matrix.length).toBe(cmsEnveloped.matrix.length * 9);
    for (const r of matrix) {
      const both = claimed(REAL.find((a) => a.id === r.producer)!, r.params) && claimed(REAL.find((a) => a.id === r.consumer)!, r.params);
      expect(r.outcome, `${r.id}: ${r.message}`).toBe(both ? 'pass' : 'unsupported');
    }
    // Every pair of libraries meets where their claims overlap; forge (PKCS#1 v1.5 only) and pkijs (OAEP only) never do.
    const meets = (p: Adapter, c: Adapter): boolean => matrix.some((r) => r.producer === p.id && r.consumer === c.id && r.outcome === 'pass');
    for (const p of REAL)
      for (const c of REAL) expect(meets(p, c), `${p.id}~${c.id}`).toBe(![p.id, c.id].includes('forge-cms') || ![p.id, c.id].includes('pkijs-cms'));
  });

  it('rejects every tampered message that the standard protects, and never errs', () => {
    const negative = results.filter((r) => r.kind === 'negative' && r.outcome !== 'unsupported');
    expect(negative.length).toBeGreaterThan(30);
    for (const r of negative) {
      expect(isUnexpected(r), `${r.id}: ${r.message}`).toBe(false);
      if (r.expected === 'reject' && r.outcome !== 'pass') expect(r.known?.reason, r.id).toMatch(/RFC 5084|RFC 5652/);
    }
    // The known deviations are the ones vectors/expectations.json explains, and they are still there.
    const known = negative.filter((r) => r.known).map((r) => `${r.consumer}/${r.mutation}`);
    expect(known).toEqual(expect.arrayContaining(['openssl-cms/short-mac', 'forge-cms/empty-content']));
    // The GCM mutations exist only where there is a tag, the CBC one only where there is none.
    expect(negative.some((r) => r.mutation === 'flip-mac' && r.paramsId.includes('gcm'))).toBe(true);
    expect(negative.some((r) => r.mutation === 'flip-content-cbc' && r.paramsId.includes('gcm'))).toBe(false);
  });
});

describe('claims hold both ways', () => {
  const p = (keyTransport: string, contentEncryption: string, recipientId = 'issuerAndSerialNumber'): Params => ({
    modulusBits: 2048,
    keyTransport,
    contentEncryption,
    recipientId,
  });
  const some: ByteMap = { publicKey: new Uint8Array(8), secretKey: new Uint8Array(8), plaintext: new Uint8Array(1), ciphertext: new Uint8Array(32) };
  it.each([
    [forgeCms, p('RSAES-OAEP-SHA-256', 'AES-128-CBC')],
    [forgeCms, p('RSAES-PKCS1-v1_5', 'AES-128-GCM')],
    [forgeCms, p('RSAES-PKCS1-v1_5', 'AES-128-CBC', 'subjectKeyIdentifier')],
    [pkijsCms, p('RSAES-PKCS1-v1_5', 'AES-128-CBC')],
    [pkijsCms, p('RSAES-OAEP-SHA-1', 'AES-256-GCM')],
  ])('%s refuses what it does not claim', async (a, params) => {
    for (const op of ['encrypt', 'decrypt'] as const)
      await expect(Promise.resolve().then(() => a.ops['cms-enveloped']![op]!(params, some))).rejects.toBeInstanceOf(UnsupportedError);
  });
});

describe.runIf(hasOpenssl)('the reasons of the gaps are real', () => {
  it('pkijs EnvelopedData with AES-GCM (a bare IV, no AuthEnvelopedData) is refused by openssl cms', async () => {
    const p: Params = { modulusBits: 2048, keyTransport: 'RSAES-OAEP-SHA-256', contentEncryption: 'AES-128-GCM', recipientId: 'issuerAndSerialNumber' };
    const openssl = opensslCms.ops['cms-enveloped']!;
    const keys = await openssl.generateKeyPair!(p, {});
    const env = new pkijs.EnvelopedData();
    env.addRecipientByCertificate(pkijs.Certificate.fromBER(keys['publicKey']!.slice()), { oaepHashAlgorithm: 'SHA-256' });
    await env.encrypt({ name: 'AES-GCM', length: 128 } as pkijs.ContentEncryptionAlgorithm, new TextEncoder().encode('attack at dawn').buffer);
    const ciphertext = new Uint8Array(
      new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.ENVELOPED_DATA, content: env.toSchema() }).toSchema().toBER(false),
    );
    await expect(Promise.resolve(openssl.decrypt!(p, { ...keys, ciphertext }))).rejects.toThrow(/get_octetstring_int:data is wrong/);
  }, 60_000);
});

/** A forge-cms variant whose operations are replaced. */
function fake(id: string, replace: Partial<Record<'encrypt' | 'decrypt', OpImpl>>): Adapter {
  const real = forgeCms.ops['cms-enveloped']!;
  const claim = forgeCms.capabilities.claims['cms-enveloped']!;
  const rules = cmsEnveloped.params.map((s) => oneOf(s.name, claim.params?.[s.name]?.values ?? s.values, 'as forge-cms'));
  return boundFake(id, [{ standard: cmsEnveloped, rules, ops: { ...real, ...replace } }], forgeCms);
}

const forgeMessage = (i: ByteMap): forge.pkcs7.PkcsEnvelopedData =>
  forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(bin(input(i, 'ciphertext')))) as unknown as forge.pkcs7.PkcsEnvelopedData;
const forgeKey = (i: ByteMap): forge.pki.rsa.PrivateKey =>
  forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(bin(input(i, 'secretKey')))) as forge.pki.rsa.PrivateKey;

/** Decrypts with the first RecipientInfo, whatever it names. */
const ignoresRid = fake('fake-ignores-rid', {
  decrypt(_p, i) {
    const msg = forgeMessage(i);
    msg.decrypt(msg.recipients[0]!, forgeKey(i));
    return { plaintext: bytesOfBin((msg as unknown as { content: forge.util.ByteStringBuffer }).content.getBytes()) };
  },
});

/** Writes the plaintext where the encrypted content belongs, and reads it back without decrypting. */
const cleartext = fake('fake-cleartext', {
  encrypt(_p, i) {
    const msg = forge.pkcs7.createEnvelopedData();
    msg.addRecipient(forge.pki.certificateFromAsn1(forge.asn1.fromDer(bin(input(i, 'publicKey')))));
    msg.encrypt(undefined, forge.pki.oids['aes128-CBC']);
    (msg as unknown as { encryptedContent: { content: forge.util.ByteStringBuffer } }).encryptedContent.content = forge.util.createBuffer(
      bin(input(i, 'plaintext')),
    );
    return { ciphertext: bytesOfBin(forge.asn1.toDer(msg.toAsn1()).getBytes()) };
  },
  decrypt(_p, i) {
    const ct = input(i, 'ciphertext');
    const f = cmsFields(ct);
    return { plaintext: Uint8Array.from(f.content.flatMap((s) => [...ct.subarray(s.body, s.end)])) };
  },
});

describe('broken fakes are caught', () => {
  const v15 = '2048-v15-aes-128-cbc-ias';

  it('a consumer that ignores the recipient identifier accepts a message not addressed to it', async () => {
    const results = await run([forgeCms, ignoresRid], ['negative'], [`cms-enveloped/${v15}/negative/forge-cms~*/flip-rid`]);
    const r = one(results, `cms-enveloped/${v15}/negative/forge-cms~fake-ignores-rid/flip-rid`);
    expect([r.outcome, r.failure]).toEqual(['fail', 'accepted-invalid']);
    expect(one(results, `cms-enveloped/${v15}/negative/forge-cms~forge-cms/flip-rid`).outcome).toBe('pass');
  }, 60_000);

  it('a pair that sends the plaintext unencrypted agrees with itself and with no one else', async () => {
    const results = await run([forgeCms, cleartext], ['matrix'], [`cms-enveloped/${v15}/matrix/*`]);
    expect(one(results, `cms-enveloped/${v15}/matrix/fake-cleartext~fake-cleartext`).outcome).toBe('pass');
    for (const id of ['fake-cleartext~forge-cms', 'forge-cms~fake-cleartext']) {
      const r = one(results, `cms-enveloped/${v15}/matrix/${id}`);
      expect(r.outcome, `${id}: ${r.message}`).toBe('fail');
      expect(['rejected-valid', 'wrong-output']).toContain(r.failure);
    }
  }, 60_000);
});

it('an absent openssl is skipped with the install command', async () => {
  const absent = opensslCmsAdapter('/nonexistent/bin/openssl');
  const results = await run([forgeCms, absent], ['matrix'], ['cms-enveloped/2048-v15-aes-128-cbc-ias/matrix/*']);
  for (const id of ['forge-cms~openssl-cms', 'openssl-cms~forge-cms', 'openssl-cms~openssl-cms']) {
    const r = one(results, `cms-enveloped/2048-v15-aes-128-cbc-ias/matrix/${id}`);
    expect(r.outcome).toBe('skipped');
    expect(r.message).toContain('apt-get install -y openssl');
  }
  expect(one(results, 'cms-enveloped/2048-v15-aes-128-cbc-ias/matrix/forge-cms~forge-cms').outcome).toBe('pass');
}, 60_000);
