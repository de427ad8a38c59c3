/**
 * The pke family against deliberately broken RSA adapters: a pair that does not interoperate
 * is diagnosed down to the mismatched parameter, implicit rejection is told apart from an
 * accepted forgery, and a refusal by policy is `unsupported`, naming the setting.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Adapter, OpImpl } from '../adapter.js';
import { RejectedError } from '../errors.js';
import type { ByteMap, CaseResult, Params } from '../model.js';
import { one, runFamily } from '../../../test/family-runs.js';
import { runSuite } from '../../suite.js';
import { diffReports } from '../diff.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from '../../vectors/load.js';
import { boundFake } from '../../../test/fakes.js';
import { input, oneOf, type Binding } from '../../adapters/binding.js';
import { BUILTIN_ADAPTERS } from '../../adapters/index.js';
import { bin, FORGE_FORMATS, FORGE_HASHES, FORGE_MODULUS, forgeMd, forgeRsaOps } from '../../adapters/node-forge/node-forge-rsa.js';
import { GLYPHS, VERDICT_LABELS } from '../../report/grid.js';
import { renderHtml } from '../../report/html.js';
import { renderJson, validateReport } from '../../report/json.js';
import { renderJunit } from '../../report/junit.js';
import { renderMarkdown } from '../../report/markdown.js';
import { rsaOaep } from '../../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../../standards/rsaes-pkcs1-v1_5.js';

const forgeAdapter = BUILTIN_ADAPTERS.find((a) => a.id === 'node-forge')!;
const nodeCrypto = BUILTIN_ADAPTERS.find((a) => a.id === 'node-crypto')!;

/** An RSA-OAEP adapter on forge that claims what forge claims but builds its options its own way. */
function oaepFake(id: string, options: (p: Params, i: ByteMap) => object, wrapDecrypt?: (orig: OpImpl) => OpImpl): Adapter {
  const ops = forgeRsaOps('RSA-OAEP', 'RSA-OAEP', options);
  const binding: Binding = {
    standard: rsaOaep,
    rules: [
      FORGE_MODULUS,
      oneOf('oaepHash', FORGE_HASHES, 'forge'),
      oneOf('mgf1Hash', FORGE_HASHES, 'forge'),
      oneOf('labelBytes', [0, 20], 'any'),
      FORGE_FORMATS,
    ],
    ops: wrapDecrypt ? { ...ops, decrypt: wrapDecrypt(ops.decrypt!) } : ops,
  };
  return make(id, [binding]);
}

const make = (id: string, bindings: readonly Binding[]): Adapter => boundFake(id, bindings, forgeAdapter);

const explicit = (p: Params, i: ByteMap): object => ({ md: forgeMd(p['oaepHash']), mgf1: { md: forgeMd(p['mgf1Hash']) }, label: bin(input(i, 'label')) });

/** Java's OAEPWith<H>AndMGF1Padding, claiming to honour mgf1Hash: MGF1 is always SHA-1. */
const mgf1Sha1 = oaepFake('fake-mgf1-sha1', (p, i) => ({ ...explicit(p, i), mgf1: { md: forgeMd('SHA-1') } }));
/** A library that drops the label on both sides while claiming to take it. */
const dropsLabel = oaepFake('fake-drops-label', (p) => ({ md: forgeMd(p['oaepHash']), mgf1: { md: forgeMd(p['mgf1Hash']) } }));
/** A decryptor that always uses SHA-512 for OAEP and MGF1, whatever it is told. */
const decryptsSha512 = oaepFake('fake-sha512', explicit, (orig) => (p, i) => orig({ ...p, oaepHash: 'SHA-512', mgf1Hash: 'SHA-512' }, i));
/** A decryptor that flips the first byte of the ciphertext: nothing nearby can fix that. */
const garbles = oaepFake('fake-garbles', explicit, (orig) => (p, i) => {
  const c = Uint8Array.from(input(i, 'ciphertext'));
  c[0] = c[0]! ^ 0xff;
  return orig(p, { ...i, ciphertext: c });
});

/**
 * A decryptor that, instead of failing, answers an invalid ciphertext with a message derived
 * from the key and the ciphertext (implicit rejection), or with random bytes (`random`);
 * `declared`: its claim says so (rejection: 'implicit').
 */
function answersInvalid(id: string, how: 'derived' | 'random', std: typeof rsaOaep, declared = true): Adapter {
  const real = forgeAdapter.ops[std.id]!;
  const answer = (i: ByteMap): Uint8Array =>
    how === 'derived'
      ? Uint8Array.from(createHmac('sha256', input(i, 'secretKey')).update(input(i, 'ciphertext')).digest())
      : crypto.getRandomValues(new Uint8Array(32));
  const decrypt: OpImpl = async (p, i) => {
    try {
      return await real.decrypt!(p, i);
    } catch (err) {
      if (err instanceof RejectedError) return { plaintext: answer(i) };
      throw err;
    }
  };
  const claim = forgeAdapter.capabilities.claims[std.id]!;
  const rules = std.params.map((s) => oneOf(s.name, claim.params?.[s.name]?.values ?? s.values, 'as node-forge'));
  return make(id, [{ standard: std, rules, ops: { ...real, decrypt }, ...(declared ? { rejection: 'implicit' as const } : {}) }]);
}

/** node-forge declaring implicit rejection that it does not do: it refuses bad padding with an error. */
function declaresButRefuses(id: string): Adapter {
  const claim = forgeAdapter.capabilities.claims[rsaesPkcs1v15.id]!;
  const rules = rsaesPkcs1v15.params.map((s) => oneOf(s.name, claim.params?.[s.name]?.values ?? s.values, 'as node-forge'));
  return make(id, [{ standard: rsaesPkcs1v15, rules, ops: forgeAdapter.ops[rsaesPkcs1v15.id]!, rejection: 'implicit' }]);
}

const run = (adapters: readonly Adapter[], std: typeof rsaOaep, cases: string[]): Promise<CaseResult[]> =>
  runFamily(std, adapters, { seed: 'pke-test', cases });

describe('diagnosis of a pair that does not interoperate', () => {
  it('names MGF1 = SHA-1 on whichever side uses it, and stays quiet where the parameters match', async () => {
    const results = await run([forgeAdapter, mgf1Sha1], rsaOaep, [
      'rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/*',
      'rsa-oaep/2048-sha256-mgf1sha1-l0-der/matrix/*',
    ]);
    const asProducer = one(results, 'rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/fake-mgf1-sha1~node-forge');
    expect([asProducer.outcome, asProducer.failure]).toEqual(['fail', 'rejected-valid']);
    expect(asProducer.message).toContain(
      "diagnosis: node-forge decrypts fake-mgf1-sha1's output when told mgf1Hash = SHA-1: fake-mgf1-sha1 uses mgf1Hash = SHA-1",
    );
    expect(asProducer.sides.some((s) => s.adapter === 'diagnosis')).toBe(true);
    const asConsumer = one(results, 'rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/node-forge~fake-mgf1-sha1');
    expect(asConsumer.message).toContain(
      'diagnosis: fake-mgf1-sha1 decrypts what node-forge makes when told mgf1Hash = SHA-1: fake-mgf1-sha1 uses mgf1Hash = SHA-1',
    );
    // Where the grid asks for MGF1-SHA-1, the fake is right by accident and everything passes.
    expect(one(results, 'rsa-oaep/2048-sha256-mgf1sha1-l0-der/matrix/fake-mgf1-sha1~node-forge').outcome).toBe('pass');
    expect(one(results, 'rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/node-forge~node-forge').message).not.toContain('diagnosis');
  });

  it('names both hashes when they differ together, with a message short enough for the other hash', async () => {
    // The SHA-1 grid's longest message (214 bytes) is too long for SHA-512 (126): the finding needs a shorter one.
    const results = await run([forgeAdapter, decryptsSha512], rsaOaep, ['rsa-oaep/2048-sha1-mgf1sha1-l20-der/matrix/node-forge~fake-sha512']);
    expect(one(results, 'rsa-oaep/2048-sha1-mgf1sha1-l20-der/matrix/node-forge~fake-sha512').message).toContain(
      'diagnosis: fake-sha512 decrypts what node-forge makes when told oaepHash = SHA-512, mgf1Hash = SHA-512: fake-sha512 uses oaepHash = SHA-512, mgf1Hash = SHA-512',
    );
  });

  it('names the label when one side drops it', async () => {
    const results = await run([forgeAdapter, dropsLabel], rsaOaep, ['rsa-oaep/2048-sha256-mgf1sha256-l20-der/matrix/fake-drops-label~node-forge']);
    expect(one(results, 'rsa-oaep/2048-sha256-mgf1sha256-l20-der/matrix/fake-drops-label~node-forge').message).toContain(
      'fake-drops-label uses labelBytes = 0',
    );
  });

  it('says so when no neighbouring value makes the pair work', async () => {
    const results = await run([forgeAdapter, garbles], rsaOaep, ['rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/node-forge~fake-garbles']);
    const r = one(results, 'rsa-oaep/2048-sha256-mgf1sha256-l0-der/matrix/node-forge~fake-garbles');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/diagnosis: no neighbouring value of .*mgf1Hash.* makes the pair work/);
  });
});

describe('implicit rejection is told apart from an accepted forgery', () => {
  const ids = (std: typeof rsaOaep, id: string): string[] => [
    `${std.id}/${std.paramsId(std.negativeMatrix?.[0] ?? std.matrix[0]!)}/negative/node-forge~${id}/*`,
  ];

  it('RSAES-PKCS1-v1_5: a deterministic pseudo-random answer is implicit rejection, and passes with the citation', async () => {
    const fake = answersInvalid('fake-implicit', 'derived', rsaesPkcs1v15);
    const results = await run([forgeAdapter, fake], rsaesPkcs1v15, ids(rsaesPkcs1v15, fake.id));
    expect(results.length).toBe(rsaesPkcs1v15.mutations.length);
    for (const r of results) {
      expect(r.outcome, r.id).toBe('pass');
      expect(r.message).toMatch(/^implicit rejection, not an error: .*same pseudo-random message.*draft-irtf-cfrg-rsa-guidance/);
    }
  });

  it('RSAES-PKCS1-v1_5: random bytes instead of an error are called what they are', async () => {
    const fake = answersInvalid('fake-random', 'random', rsaesPkcs1v15);
    const results = await run([forgeAdapter, fake], rsaesPkcs1v15, ids(rsaesPkcs1v15, fake.id));
    for (const r of results) expect(r.message).toContain('a different message on a second call');
  });

  it('RSAES-PKCS1-v1_5: one outcome, label and field for implicit rejection, in negative cases and known answers alike, and diff sees the change', async () => {
    const fake = answersInvalid('fake-implicit', 'derived', rsaesPkcs1v15);
    const vectors = loadVectorDir(DEFAULT_VECTORS_DIR).files.filter((f) => f.standard === rsaesPkcs1v15.id);
    const report = (adapters: Adapter[]) =>
      runSuite({
        standards: [rsaesPkcs1v15],
        adapters,
        kinds: ['kat', 'negative'],
        vectors,
        seed: 'pke-test',
        timeoutMs: 30_000,
        isolation: 'none',
        cases: ['*~fake-implicit/*'],
      });
    const after = await report([forgeAdapter, fake]);
    const kat = after.results.filter((r) => r.kind === 'kat' && r.vector && r.expected === 'reject');
    const negative = after.results.filter((r) => r.kind === 'negative');
    expect(kat.length).toBeGreaterThan(0);
    expect(negative.length).toBeGreaterThan(0);
    for (const r of [...kat, ...negative]) {
      expect([r.outcome, r.failure, r.rejection], `${r.id}: ${r.message}`).toEqual(['pass', undefined, 'implicit']);
      expect(r.message, r.id).toMatch(/^implicit rejection, not an error: fake-implicit answered .* same pseudo-random message.*draft-irtf-cfrg-rsa-guidance/);
    }
    // The same adapter rejecting with an error: diff lists the move to implicit rejection.
    const rejecting = { ...forgeAdapter, id: 'fake-implicit' } as Adapter;
    const before = await report([forgeAdapter, rejecting]);
    const d = diffReports(before, after);
    expect(d.changed.map((c) => c.id)).toEqual(expect.arrayContaining([...kat, ...negative].map((r) => r.id)));
    expect(d.changed.find((c) => c.id === kat[0]!.id)).toMatchObject({ before: 'pass', after: 'pass (implicit rejection)' });
    // One glyph and legend in every rendering; JUnit marks the passing testcase with a property.
    const legend = `${GLYPHS['implicit-rejection']} ${VERDICT_LABELS['implicit-rejection']}`;
    expect(renderMarkdown(after)).toContain(legend);
    expect(renderMarkdown(before)).toContain(legend);
    expect(renderMarkdown(after)).toMatch(new RegExp(`\\| ${GLYPHS['implicit-rejection']} `));
    expect(renderMarkdown(before)).not.toMatch(new RegExp(`\\| ${GLYPHS['implicit-rejection']} `));
    expect(renderHtml(after)).toContain(`class="badge v-implicit-rejection">${GLYPHS['implicit-rejection']}`);
    const junit = renderJunit(after);
    expect(junit.match(/<property name="bothends.rejection" value="implicit"\/>/g)?.length).toBe(kat.length + negative.length);
    expect(renderJunit(before)).not.toContain('<property name="bothends.rejection"');
    // The report keeps the declaration with the adapter's claims, and its schema takes both.
    expect(after.adapters.find((a) => a.id === 'fake-implicit')!.claims[rsaesPkcs1v15.id]!.rejection).toBe('implicit');
    expect(validateReport(JSON.parse(renderJson(after)))).toEqual([]);
    expect(junit).toContain('<property name="bothends.legend.rejection" value="a passing testcase with the property bothends.rejection=implicit');
  });

  it('RSAES-PKCS1-v1_5: implicit rejection without the declaration is caught, in negative cases and known answers', async () => {
    const fake = answersInvalid('fake-undeclared', 'derived', rsaesPkcs1v15, false);
    expect(fake.capabilities.claims[rsaesPkcs1v15.id]!.rejection).toBeUndefined();
    const vectors = loadVectorDir(DEFAULT_VECTORS_DIR).files.filter((f) => f.standard === rsaesPkcs1v15.id);
    const report = await runSuite({
      standards: [rsaesPkcs1v15],
      adapters: [forgeAdapter, fake],
      kinds: ['kat', 'negative'],
      vectors,
      seed: 'pke-test',
      timeoutMs: 30_000,
      isolation: 'none',
      cases: ['*~fake-undeclared/*'],
    });
    const answered = report.results.filter((r) => r.rejection === 'implicit');
    expect(answered.filter((r) => r.kind === 'kat').length).toBeGreaterThan(0);
    expect(answered.filter((r) => r.kind === 'negative').length).toBeGreaterThan(0);
    for (const r of answered) {
      expect([r.outcome, r.failure], r.id).toEqual(['fail', 'wrong-capability']);
      expect(r.message, r.id).toMatch(/^implicit rejection, not declared: fake-undeclared answered .*does not declare it/);
    }
  });

  it('RSAES-PKCS1-v1_5: a declaration of implicit rejection that the adapter does not keep is caught where the input is well formed', async () => {
    const fake = declaresButRefuses('fake-declares');
    const results = await run([forgeAdapter, fake], rsaesPkcs1v15, ids(rsaesPkcs1v15, fake.id));
    const flipped = results.find((r) => r.id.endsWith('/flip-ciphertext'))!;
    expect([flipped.outcome, flipped.failure]).toEqual(['fail', 'wrong-capability']);
    expect(flipped.message).toMatch(
      /fake-declares declares implicit rejection .* but refused the tampered input \(lowest bit of the ciphertext flipped\) with an error/,
    );
    // A ciphertext of the wrong length is refused with an error by implicit rejectors too.
    expect(results.find((r) => r.id.endsWith('/truncate'))!.outcome).toBe('pass');
    // The same library without the declaration passes every tampered input.
    const honest = await run([forgeAdapter], rsaesPkcs1v15, ids(rsaesPkcs1v15, 'node-forge'));
    expect(honest.map((r) => r.outcome)).toEqual(honest.map(() => 'pass'));
  });

  it('RSA-OAEP has no implicit rejection: the same answer is an accepted forgery', async () => {
    const fake = answersInvalid('fake-implicit', 'derived', rsaOaep);
    const results = await run([forgeAdapter, fake], rsaOaep, ids(rsaOaep, fake.id));
    expect(results.length).toBe(rsaOaep.mutations.length);
    for (const r of results) expect([r.outcome, r.failure], r.id).toEqual(['fail', 'accepted-invalid']);
  });
});

it('a refusal by policy is unsupported, naming the setting, not a failure', async () => {
  const results = await run([forgeAdapter, nodeCrypto], rsaesPkcs1v15, ['rsaes-pkcs1-v1_5/2048-der/matrix/*']);
  const refused = one(results, 'rsaes-pkcs1-v1_5/2048-der/matrix/node-forge~node-crypto');
  expect(refused.outcome).toBe('unsupported');
  expect(refused.message).toContain('unsupported by policy (node --security-revert=CVE-2023-46809)');
  // Encryption is not refused: node-crypto produces for node-forge.
  expect(one(results, 'rsaes-pkcs1-v1_5/2048-der/matrix/node-crypto~node-forge').outcome).toBe('pass');
});
