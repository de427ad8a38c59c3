/**
 * pkijs-containers, PKI.js as a reader of key containers, on files real writers made: every
 * parameter set of the standards' matrices that openssl or node-forge writes and PKI.js claims
 * to read comes back with the fixed key and certificate (what it does not claim, gaps.test.ts
 * asks of PKI.js itself). A wrong password, a flipped MAC and a MAC recomputed under
 * another password are refused; a 2^31 MAC count is refused by policy before PKI.js starts.
 */
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { checkClaim, type Adapter } from '../core/adapter.js';
import { RejectedError } from '../core/errors.js';
import { compareRead, containerInputs } from '../core/families/container.js';
import type { ByteMap, Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import { forgeContainers } from './node-forge/forge-containers.js';
import { opensslCli } from './openssl-cli.js';
import { pkijsContainers } from './pkijs-containers.js';

const read = (std: Standard, params: Params, i: ByteMap) => Promise.resolve().then(() => pkijsContainers.ops[std.id]!['read']!(params, i));

async function writtenBy(writer: Adapter, std: Standard, params: Params): Promise<ByteMap> {
  const inputs = containerInputs(std, params);
  const out = await writer.ops[std.id]!['write']!(params, inputs);
  return { container: out['container']!, password: inputs['password']! };
}

const apply = (std: Standard, id: string, params: Params, i: ByteMap): ByteMap =>
  std.mutations.find((m) => m.id === id)!.apply(i, std.sizes(params), { int: () => 0 } as never)!;

describe.each([opensslCli, forgeContainers].map((a) => [a.id, a] as const))('pkijs-containers reads what %s writes', (_id, writer) => {
  for (const std of [pkcs12, pkcs8Encrypted]) {
    it(`${std.id}: every set it claims to read comes back`, { timeout: 180_000 }, async (ctx) => {
      if (!(await writer.probe()).available) return ctx.skip();
      let claimed = 0;
      for (const params of std.matrix) {
        if (!checkClaim(writer, std.id, 'write', params).ok) continue;
        const file = await writtenBy(writer, std, params);
        // What it does not claim (PKCS#12 PBE, PBES1, scrypt, PBMAC1) src/adapters/gaps.test.ts asks of PKI.js itself.
        if (!checkClaim(pkijsContainers, std.id, 'read', params).ok) continue;
        // node-forge hands PBKDF2 one byte per UTF-16 code unit of the password, not its UTF-8 octets (an expected deviation).
        if (writer === forgeContainers && std === pkcs8Encrypted && params['password'] === 'non-ascii') continue;
        claimed++;
        const got = await read(std, params, file).catch((err: unknown) => {
          throw new Error(`${std.paramsId(params)}: ${(err as Error).message}`);
        });
        expect(compareRead(std, containerInputs(std, params), got), std.paramsId(params)).toBeUndefined();
      }
      expect(claimed).toBeGreaterThan(0);
    });
  }
});

describe('pkijs-containers refuses what it must', () => {
  const params = pkcs12.matrix[0]!;

  it.for(['wrong-password', 'flip-mac', 'mac-other-password', 'flip-body', 'truncate'])('pkcs12 %s', { timeout: 60_000 }, async (id, ctx) => {
    if (!(await opensslCli.probe()).available) return ctx.skip();
    const file = await writtenBy(opensslCli, pkcs12, params);
    await expect(read(pkcs12, params, apply(pkcs12, id, params, file))).rejects.toBeInstanceOf(RejectedError);
  });

  it('the MAC is what refuses a file re-MACed under another password: without the check PKI.js would decrypt it', { timeout: 60_000 }, async (ctx) => {
    if (!(await opensslCli.probe()).available) return ctx.skip();
    const file = apply(pkcs12, 'mac-other-password', params, await writtenBy(opensslCli, pkcs12, params));
    const pfx = pkijs.PFX.fromBER(file['container']!.slice().buffer);
    const password = file['password']!.slice().buffer;
    await expect(pfx.parseInternalValues({ password, checkIntegrity: true })).rejects.toThrow(/Integrity for the PKCS#12 data is broken/);
    const unchecked = pkijs.PFX.fromBER(file['container']!.slice().buffer);
    await unchecked.parseInternalValues({ password, checkIntegrity: false });
    const safe = unchecked.parsedValue!.authenticatedSafe!;
    await expect(safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) })).resolves.toBeUndefined();
  });

  it('pkcs8-encrypted wrong password', { timeout: 60_000 }, async (ctx) => {
    if (!(await opensslCli.probe()).available) return ctx.skip();
    const p8 = pkcs8Encrypted.matrix[0]!;
    const file = await writtenBy(opensslCli, pkcs8Encrypted, p8);
    await expect(read(pkcs8Encrypted, p8, apply(pkcs8Encrypted, 'wrong-password', p8, file))).rejects.toBeInstanceOf(RejectedError);
  });

  it('an absurd iteration count is refused by policy before PKI.js starts on it', { timeout: 30_000 }, async (ctx) => {
    if (!(await opensslCli.probe()).available) return ctx.skip();
    const file = await writtenBy(opensslCli, pkcs12, params);
    const started = Date.now();
    await expect(read(pkcs12, params, apply(pkcs12, 'absurd-mac-iterations', params, file))).rejects.toThrow(/by policy not handed to PKI.js/);
    const p8 = pkcs8Encrypted.matrix[0]!;
    const key = await writtenBy(opensslCli, pkcs8Encrypted, p8);
    await expect(read(pkcs8Encrypted, p8, apply(pkcs8Encrypted, 'absurd-iterations', p8, key))).rejects.toThrow(/by policy not handed to PKI.js/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
