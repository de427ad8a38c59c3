/**
 * "Encrypt to this post-quantum certificate" (openpgp `encrypt-to-pqc-cert`): the stock ends,
 * which declare the intent refused, are run all the same as they encrypt to any certificate,
 * against Proton's fork's post-quantum key, and each must refuse it clearly. The check is shown
 * able to fail: broken fakes that silently encrypt to another key, return garbage, really can
 * encrypt, crash or hang are each caught, with what the post-quantum end made of their output.
 */
import * as stock from 'openpgp';
import { afterAll, describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter } from '../src/core/adapter.js';
import type { CaseContext } from '../src/core/case.js';
import { familyOf } from '../src/core/families/index.js';
import { runIntent, type End } from '../src/core/families/intent-runner.js';
import type { IntentResolution } from '../src/core/intent.js';
import type { OpImpl } from '../src/core/model.js';
import { buildPlan } from '../src/core/plan.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { openpgpJs } from '../src/adapters/openpgp/openpgp-js.js';
import { openpgpPqc } from '../src/adapters/openpgp/openpgp-pqc.js';
import { SQOP, sopAdapter } from '../src/adapters/sop/sop.js';
import { renderHtml } from '../src/report/html.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { runSuite } from '../src/suite.js';
import { openpgp } from '../src/standards/openpgp.js';

const INTENT = openpgp.intents!.find((i) => i.id === 'encrypt-to-pqc-cert')!;

/** Each stock end's own words for the fork's post-quantum certificate (read from the real programs). */
const WORDS: Readonly<Record<string, RegExp>> = {
  'openpgp-js': /^openpgp\.js encrypt: No key packet found$/,
  sqop: /^sqop encrypt exited with \d+: Invalid data type$/,
  gosop: /^gosop encrypt exited with \d+: .*(first packet was not a public\/private key|tag byte does not have MSB set)/,
  pgpainless: /^pgpainless encrypt exited with \d+: Input '<dir>\/cert' does not contain an OpenPGP certificate\.$/,
  // By hand (their resolutions of "encrypt to this certificate" are another change's): gpg --encrypt --recipient-file
  // answers "encryption failed: Invalid keyring"; rnpkeys --import "wrong key packet version", then rnp -e "Cannot find key".
  gpg: /Invalid (packet|keyring)/,
  rnp: /wrong key packet version|failed to import|Cannot find key/,
};

const memo = new Map<string, Promise<unknown>>();
const ctx: CaseContext = {
  seed: 'intents-openpgp-pqc.test',
  progress: { stage: undefined },
  adapter: (id) => DEFAULT_ADAPTERS.find((a) => a.id === id)!,
  memo: <T>(key: string, make: () => Promise<T>) => (memo.get(key) ?? memo.set(key, make()).get(key)!) as Promise<T>,
};
const end = (adapter: Adapter): End => ({ adapter, resolution: adapter.intents!['openpgp']![INTENT.id]! });
const run = (producer: Adapter) => runIntent(ctx, openpgp, INTENT, end(producer), end(openpgpPqc), familyOf(openpgp).intent!);

/** openpgp.js as a stock end whose encrypt as called is `encrypt` instead (a broken fake). */
function fakeStock(id: string, encrypt: OpImpl): Adapter {
  const real = openpgpJs.intents!['openpgp']!;
  const asCalled: IntentResolution = { ...real['encrypt-to-cert']!, ops: { ...real['encrypt-to-cert']!.ops, encrypt } };
  return defineAdapter({ ...openpgpJs, id, intents: { openpgp: { 'encrypt-to-cert': asCalled, [INTENT.id]: real[INTENT.id]! } } });
}

const bytes = (t: string): Uint8Array => Uint8Array.from(Buffer.from(t, 'utf8'));

afterAll(async () => {
  await Promise.all(DEFAULT_ADAPTERS.map((a) => a.dispose?.()));
});

describe('encrypt to this post-quantum certificate', () => {
  it('plans each stock end as a producer that must refuse the fork, and leaves it unsupported as a consumer, with its reason', () => {
    const states = [openpgpJs, openpgpPqc].map((adapter) => ({ adapter, probe: { available: true as const, version: 'test' } }));
    const plan = buildPlan({ standards: [openpgp], adapters: states, vectors: [], kinds: ['intent'] }).filter((c) => c.intent === INTENT.id);
    const cell = (p: string, c: string) => plan.find((x) => x.producer === p && x.consumer === c)!;
    expect([cell('openpgp-js', 'openpgp-pqc').expected, cell('openpgp-js', 'openpgp-pqc').preset]).toEqual(['reject', undefined]);
    expect(cell('openpgp-js', 'openpgp-pqc').expectedBecause).toMatch(/must refuse openpgp-pqc's input as its library is called \(RFC 9580 §5\.1/);
    expect([cell('openpgp-pqc', 'openpgp-pqc').expected, cell('openpgp-pqc', 'openpgp-pqc').preset]).toEqual(['accept', undefined]);
    for (const p of ['openpgp-js', 'openpgp-pqc']) {
      expect(cell(p, 'openpgp-js').preset?.outcome).toBe('unsupported');
      expect(cell(p, 'openpgp-js').preset?.message).toMatch(/consumer openpgp-js: openpgp\.js 6\.3 has no post-quantum algorithms/);
    }
  });

  it('is resolved by every end that resolves "encrypt to this certificate": an end without the algorithm takes part by refusing', () => {
    const missing = DEFAULT_ADAPTERS.filter((a) => a.intents?.['openpgp']?.['encrypt-to-cert'] && !a.intents['openpgp'][INTENT.id]).map((a) => a.id);
    expect(missing).toEqual([]);
  });

  it('declares a SOP program refused only where its spec says it reads no post-quantum certificate, not one given by path', () => {
    expect(sopAdapter(SQOP).intents?.['openpgp']?.[INTENT.id]?.refused).toMatch(/no draft-ietf-openpgp-pqc/);
    const byPath = sopAdapter({ id: 'by-path', program: 'by-path-sop', produces: SQOP.produces });
    expect(Object.keys(byPath.intents?.['openpgp'] ?? {})).toEqual(['encrypt-to-cert']);
  });

  it('runs every installed stock end as it encrypts to any certificate: each refuses the post-quantum one, in its own words', async () => {
    const stockEnds = DEFAULT_ADAPTERS.filter((a) => a.intents?.['openpgp']?.[INTENT.id]?.refused !== undefined && a.intents['openpgp']['encrypt-to-cert']);
    expect(stockEnds.map((a) => a.id)).toEqual(expect.arrayContaining(['openpgp-js', 'sqop', 'gosop', 'pgpainless']));
    for (const a of stockEnds) {
      if (!(await a.probe()).available) continue; // a peer not installed: .ci/install-peers installs it
      const v = await run(a);
      expect([a.id, v.outcome, v.failure]).toEqual([a.id, 'pass', undefined]);
      const words = /answered openpgp-pqc's input with "(.*)"$/.exec(v.message)?.[1];
      expect(words, v.message).toMatch(WORDS[a.id]!);
      // The report shows the call that was really made: the end's resolution of "encrypt to this certificate".
      expect(v.intent?.producer.call).toBe(a.intents!['openpgp']!['encrypt-to-cert']!.call);
    }
  });

  it("shows each refusal's words under the grid of the markdown report, and in the html report", async () => {
    const report = await runSuite({
      standards: [openpgp],
      adapters: [openpgpJs, openpgpPqc],
      kinds: ['intent'],
      vectors: [],
      seed: 'intents-openpgp-pqc.test',
      cases: [`openpgp/intent-${INTENT.id}/*`],
      isolation: 'none',
    });
    expect(report.results.map((r) => `${r.producer}~${r.consumer} ${r.outcome}`).sort()).toEqual([
      'openpgp-js~openpgp-js unsupported',
      'openpgp-js~openpgp-pqc pass',
      'openpgp-pqc~openpgp-js unsupported',
      'openpgp-pqc~openpgp-pqc pass',
    ]);
    const line =
      '- ✓ `openpgp-js` → `openpgp-pqc`: refused as it must: openpgp-js as called answered openpgp-pqc\'s input with "openpgp.js encrypt: No key packet found"';
    expect(renderMarkdown(report).split('\n')).toContain(line);
    expect(renderHtml(report)).toContain('openpgp.js encrypt: No key packet found');
  });

  it('fails a stock end that silently encrypts to another key (a broken fake), and says the post-quantum end cannot read it', async () => {
    const other = await stock.generateKey({ userIDs: [{ name: 'not the recipient' }] });
    const silent = fakeStock('fake-silent', async (_p, i) => {
      const message = await stock.createMessage({ binary: i['plaintext']! });
      return { ciphertext: bytes(String(await stock.encrypt({ message, encryptionKeys: await stock.readKey({ armoredKey: other.publicKey }) }))) };
    });
    const v = await run(silent);
    expect([v.outcome, v.failure, v.stage]).toEqual(['fail', 'wrong-capability', 'encrypt']);
    expect(v.message).toMatch(
      /^fake-silent as called made a message on 16-byte plaintext instead of refusing \(fake-silent cannot: openpgp\.js 6\.3 has no post-quantum/,
    );
    expect(v.message).toMatch(/openpgp-pqc as called cannot read it \(.*\): a message its recipient cannot read$/);
  });

  it('fails a stock end that returns garbage instead of refusing (a broken fake)', async () => {
    const v = await run(
      fakeStock('fake-garbage', async () => ({ ciphertext: bytes('-----BEGIN PGP MESSAGE-----\n\nbm90IGEgbWVzc2FnZQ==\n-----END PGP MESSAGE-----\n') })),
    );
    expect([v.outcome, v.failure]).toEqual(['fail', 'wrong-capability']);
    expect(v.message).toMatch(/made a message .* instead of refusing .*openpgp-pqc as called cannot read it/);
  });

  it('fails an end that declares it refused yet encrypts to the post-quantum key (a broken fake: the fork declared as stock)', async () => {
    const v = await run(fakeStock('fake-can', openpgpPqc.intents!['openpgp']!['encrypt-to-cert']!.ops.encrypt!));
    expect([v.outcome, v.failure]).toEqual(['fail', 'wrong-capability']);
    expect(v.message).toMatch(/openpgp-pqc as called reads it: the refusal fake-can declares does not hold$/);
  });

  it('calls an end that crashes on the certificate an error, not a refusal (a broken fake)', async () => {
    const v = await run(
      fakeStock('fake-crash', () => {
        throw new TypeError("Cannot read properties of undefined (reading 'keyPacket')");
      }),
    );
    expect(v.outcome).toBe('error');
    expect(v.message).toMatch(/fake-crash as called neither refused openpgp-pqc's input nor made a message .*TypeError: Cannot read properties/);
  });

  it('calls an end that hangs on the certificate an error at the time limit, through the planned grid (a broken fake)', async () => {
    const hang = fakeStock('fake-hang', () => new Promise(() => undefined));
    const report = await runSuite({
      standards: [openpgp],
      adapters: [hang, openpgpPqc],
      kinds: ['intent'],
      vectors: [],
      seed: 'intents-openpgp-pqc.test',
      timeoutMs: 3_000,
      cases: [`openpgp/intent-${INTENT.id}/intent/fake-hang~openpgp-pqc`],
      isolation: 'none',
    });
    const [r] = report.results;
    expect([r?.outcome, r?.expected]).toEqual(['error', 'reject']);
    expect(r?.message).toMatch(/timed out/);
  });
});
