/**
 * node24: bothends' node:crypto bindings in Node 24 (OpenSSL 3.5), served over the adapter
 * protocol by node-host.ts. Its ML-KEM must interoperate with the in-process libraries (raw
 * keys) and with pyca (PKCS#8 seed-form keys and SPKI public keys, byte for byte alike from one
 * seed); under this runtime's Node 20 the same bindings declare the gap. Its RSAES-PKCS1-v1_5
 * decryption, refused by Node 20, answers bad padding by implicit rejection, as it declares.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runSuite } from '../suite.js';
import { mlKem } from '../standards/ml-kem.js';
import { rsaesPkcs1v15 } from '../standards/rsaes-pkcs1-v1_5.js';
import { nodeForge as forge } from './node-forge/node-forge.js';
import { nodeCrypto } from './node-crypto.js';
import { noblePostQuantum } from './noble/noble-post-quantum.js';
import { node24 } from './node24.js';
import { pycaPq } from './python-ref/pyca-pq.js';

const probe = await node24.probe();
const pyca = await pycaPq.probe();

afterAll(async () => {
  await node24.dispose?.();
  await pycaPq.dispose?.();
});

describe('node-crypto under this runtime', () => {
  it(`has no ML-KEM in Node ${process.versions.node} and says why`, () => {
    if (Number(process.versions.node.split('.')[0]) >= 24) return;
    expect(nodeCrypto.capabilities.claims['ml-kem']).toBeUndefined();
    expect(nodeCrypto.capabilities.gaps['ml-kem']).toMatch(/OpenSSL 3\.5 and Node 24/);
  });
});

describe.runIf(probe.available)('node24', () => {
  it('reports Node 24 and OpenSSL 3.5 or later', () => {
    if (probe.available) expect(probe.version).toMatch(/^24\.\d+\.\d+, openssl 3\.[5-9]/);
  });

  it('interoperates with noble-pq on raw keys and with pyca on PKCS#8 and SPKI, both ways', async () => {
    const adapters = pyca.available ? [noblePostQuantum, node24, pycaPq] : [noblePostQuantum, node24];
    const report = await runSuite({ standards: [mlKem], adapters, kinds: ['matrix', 'negative'], vectors: [], seed: 'node24', isolation: 'none' });
    const mine = report.results.filter((r) => (r.producer === 'node24' || r.consumer === 'node24') && r.outcome !== 'unsupported');
    expect(mine.length).toBeGreaterThan(20);
    for (const r of mine) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    const raw = report.results.find((r) => r.id === 'ml-kem/ML-KEM-768-sk-seed-pk-raw/matrix/noble-pq~node24');
    expect(raw?.message).toMatch(/the same seed gives both the same key pair/);
    if (pyca.available) {
      const der = report.results.find((r) => r.id === 'ml-kem/ML-KEM-768-sk-pkcs8-seed-pk-spki/matrix/pyca-pq~node24');
      expect(der?.message).toMatch(/pyca-pq also decapsulates with node24's secret key; the same seed gives both the same key pair/);
    }
  });

  it('decrypts RSAES-PKCS1-v1_5, declares implicit rejection, and keeps the declaration on every tampered ciphertext', async () => {
    expect(node24.capabilities.claims['rsaes-pkcs1-v1_5']).toMatchObject({ ops: expect.arrayContaining(['decrypt']), rejection: 'implicit' });
    // The same bindings under Node 20 (OpenSSL 3.0) neither decrypt nor declare it.
    if (Number(process.versions.node.split('.')[0]) < 22) expect(nodeCrypto.capabilities.claims['rsaes-pkcs1-v1_5']?.rejection).toBeUndefined();
    const report = await runSuite({
      standards: [rsaesPkcs1v15],
      adapters: [forge, node24],
      kinds: ['matrix', 'negative'],
      vectors: [],
      seed: 'node24',
      isolation: 'none',
      cases: ['*~node24*'],
    });
    const negative = report.results.filter((r) => r.kind === 'negative');
    expect(negative.length).toBe(2 * rsaesPkcs1v15.mutations.length);
    // The harness holds the declaration: a tampered ciphertext that decryption gets past its first
    // checks (RFC 8017 §7.2.2 steps 1 and 2a) answered with an error fails the case.
    for (const r of negative) expect(r.outcome, `${r.id}: ${r.message}`).toBe('pass');
    expect(negative.filter((r) => r.id.endsWith('/flip-ciphertext')).map((r) => r.rejection)).toEqual(['implicit', 'implicit']);
    for (const r of report.results.filter((x) => x.kind === 'matrix')) expect(r.outcome, r.id).toBe('pass');
  });
});
