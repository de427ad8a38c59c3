/**
 * The container family against deliberately broken readers built on the real openssl CLI and
 * Node: a reader that returns another key, or a certificate of its own, is `wrong-output`; a
 * reader that skips the MAC check is an accepted-invalid security finding; a reader that proves
 * it holds the key (Node's TLS context) passes on the certificate alone.
 */
import { describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter, type OpImpl } from '../adapter.js';
import type { CaseResult } from '../model.js';
import { one, runFamily } from '../../../test/family-runs.js';
import { nodeContainers } from '../../adapters/node-containers.js';
import { opensslCli } from '../../adapters/openssl-cli.js';
import { pkcs12 } from '../../standards/pkcs12.js';
import { pkcs8Encrypted } from '../../standards/pkcs8-encrypted.js';
import type { Standard } from '../standard.js';
import { CONTAINER_FIXTURES } from './container-fixtures.js';
import { compareRead, containerInputs } from './container.js';

/** openssl-cli with its `read` of `std` replaced. */
function brokenReader(id: string, std: Standard, read: (orig: OpImpl) => OpImpl): Adapter {
  const ops = { ...opensslCli.ops, [std.id]: { ...opensslCli.ops[std.id]!, read: read(opensslCli.ops[std.id]!.read!) } };
  return defineAdapter({ ...opensslCli, id, description: `broken on purpose: ${id}`, ops });
}

const other = Uint8Array.from(Buffer.from(CONTAINER_FIXTURES['p-256']!.secretKey, 'base64'));

/** Returns the P-256 fixture's key whatever the file holds. */
const swapsKey = (std: Standard) => brokenReader('fake-swaps-key', std, (orig) => async (p, i) => ({ ...(await orig(p, i)), secretKey: other }));
/** Reads with `-nomacver`: decrypts the bags without checking the MAC. */
const skipsMac = brokenReader('fake-skips-mac', pkcs12, () => async (p, i) => {
  const { inDir, keyAndCertificate, passwordText, runIn } = await import('../../adapters/container-common.js');
  const pass = passwordText(i, 'fake');
  return inDir({ 'in.p12': i['container']! }, async (dir) =>
    keyAndCertificate(await runIn('openssl', ['pkcs12', '-nomacver', '-in', 'in.p12', '-passin', `pass:${pass}`, '-nodes'], dir, true), 'fake', true),
  );
});

const run = (adapters: readonly Adapter[], std: Standard, cases: string[]): Promise<CaseResult[]> =>
  runFamily(std, adapters, { seed: 'container-test', cases });

const MODERN = pkcs12.paramsId(pkcs12.matrix[0]!);

describe('container family', () => {
  it('compares the key as canonical DER and the certificate byte for byte', () => {
    const written = containerInputs(pkcs12, pkcs12.matrix[0]!);
    expect(compareRead(pkcs12, written, written)).toBeUndefined();
    expect(compareRead(pkcs12, written, { ...written, secretKey: other })).toMatch(/secret key read back/);
    expect(compareRead(pkcs12, written, { ...written, certificate: other })).toMatch(/certificate read back/);
    expect(compareRead(pkcs12, written, { certificate: written['certificate']! })).toMatch(/no secret key/);
    expect(compareRead(pkcs12, written, { certificate: written['certificate']!, keyHeld: Uint8Array.of(1) })).toBeUndefined();
    expect(compareRead(pkcs8Encrypted, written, { keyHeld: Uint8Array.of(1) })).toMatch(/no secret key/);
  });

  it('fails a reader that returns another key (pkcs12 and pkcs8-encrypted)', async () => {
    for (const std of [pkcs12, pkcs8Encrypted]) {
      const results = await run([opensslCli, swapsKey(std)], std, [`${std.id}/${std.paramsId(std.matrix[0]!)}/matrix/openssl-cli~*`]);
      expect(one(results, `${std.id}/${std.paramsId(std.matrix[0]!)}/matrix/openssl-cli~openssl-cli`).outcome).toBe('pass');
      const bad = one(results, `${std.id}/${std.paramsId(std.matrix[0]!)}/matrix/openssl-cli~fake-swaps-key`);
      expect([bad.outcome, bad.failure]).toEqual(['fail', 'wrong-output']);
      expect(bad.message).toMatch(/secret key read back/);
    }
  });

  it('reports a reader that skips the MAC as a security finding, and openssl as refusing', async () => {
    const results = await run([opensslCli, skipsMac], pkcs12, [
      `pkcs12/${MODERN}/negative/openssl-cli~*/mac-other-password`,
      `pkcs12/${MODERN}/negative/openssl-cli~*/flip-mac`,
    ]);
    for (const m of ['mac-other-password', 'flip-mac']) {
      expect(one(results, `pkcs12/${MODERN}/negative/openssl-cli~openssl-cli/${m}`).outcome).toBe('pass');
      const finding = one(results, `pkcs12/${MODERN}/negative/openssl-cli~fake-skips-mac/${m}`);
      expect([finding.outcome, finding.failure]).toEqual(['fail', 'accepted-invalid']);
    }
  });

  it("passes Node's TLS reader on the certificate it proved it holds the key of, and shows its RC2-40 refusal", async () => {
    const legacy = pkcs12.paramsId(pkcs12.matrix[1]!);
    const results = await run([opensslCli, nodeContainers], pkcs12, [
      `pkcs12/${MODERN}/matrix/openssl-cli~node-containers`,
      `pkcs12/${legacy}/matrix/openssl-cli~node-containers`,
    ]);
    expect(one(results, `pkcs12/${MODERN}/matrix/openssl-cli~node-containers`).outcome).toBe('pass');
    const rc2 = one(results, `pkcs12/${legacy}/matrix/openssl-cli~node-containers`);
    expect([rc2.outcome, rc2.failure]).toEqual(['fail', 'rejected-valid']);
    expect(rc2.message).toMatch(/Unsupported PKCS12 PFX data/);
  });
});
