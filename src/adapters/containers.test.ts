/**
 * The key-container adapters against their own claims, both ways: every parameter set of the
 * standards' matrices an adapter claims to write, it writes and reads back (its own file, the
 * fixed key and certificate unchanged); every one it does not claim, its write refuses with
 * UnsupportedError. A restriction of writing leaves reading alone. Real libraries and real
 * command lines; a peer that is not installed is skipped.
 */
import { describe, expect, it } from 'vitest';
import { checkClaim, type Adapter } from '../core/adapter.js';
import { UnsupportedError } from '../core/errors.js';
import { compareRead, containerInputs } from '../core/families/container.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import { certtoolAdapter } from './certtool.js';
import { forgeContainers } from './node-forge/forge-containers.js';
import { nodeContainers } from './node-containers.js';
import { opensslCli } from './openssl-cli.js';
import { pk12utilAdapter } from './pk12util.js';

const ADAPTERS: readonly Adapter[] = [opensslCli, nodeContainers, forgeContainers, certtoolAdapter, pk12utilAdapter];

describe.each(ADAPTERS.map((a) => [a.id, a] as const))('%s', (_id, adapter) => {
  for (const std of [pkcs12, pkcs8Encrypted]) {
    it(`${std.id}: writes and reads back what it claims, refuses what it does not`, { timeout: 180_000 }, async (ctx) => {
      const probe = await adapter.probe();
      if (!probe.available) return ctx.skip();
      const ops = adapter.ops[std.id];
      if (!ops) return ctx.skip();
      for (const params of std.matrix) {
        const inputs = containerInputs(std, params);
        const write = ops['write'];
        if (!write) continue;
        if (!checkClaim(adapter, std.id, 'write', params).ok) {
          await expect(
            Promise.resolve().then(() => write(params, inputs)),
            std.paramsId(params),
          ).rejects.toBeInstanceOf(UnsupportedError);
          continue;
        }
        const written = await write(params, inputs);
        if (!checkClaim(adapter, std.id, 'read', params).ok) continue;
        const read = await ops['read']!(params, { container: written['container']!, password: inputs['password']! });
        expect(compareRead(std, inputs, read), std.paramsId(params)).toBeUndefined();
      }
    });
  }
});

describe('claims restricted to writing', () => {
  it('leave reading alone: Node writes only 8-byte salts but reads a 16-byte one', () => {
    const s16 = pkcs8Encrypted.matrix.find((p) => p['saltBytes'] === 16)!;
    expect(checkClaim(nodeContainers, 'pkcs8-encrypted', 'write', s16)).toMatchObject({ ok: false, reason: expect.stringMatching(/saltBytes=16/) });
    expect(checkClaim(nodeContainers, 'pkcs8-encrypted', 'read', s16).ok).toBe(true);
  });
});

describe('an absurd iteration count', () => {
  it('is refused by policy before forge starts on it (it would hold the thread for hours)', { timeout: 30_000 }, async () => {
    const params = pkcs12.matrix[0]!;
    const inputs = containerInputs(pkcs12, params);
    const written = await opensslCli.ops['pkcs12']!['write']!(params, inputs);
    const absurd = pkcs12.mutations
      .find((m) => m.id === 'absurd-mac-iterations')!
      .apply({ container: written['container']!, password: inputs['password']! }, pkcs12.sizes(params), { int: () => 0 } as never)!;
    await expect(Promise.resolve().then(() => forgeContainers.ops['pkcs12']!['read']!(params, absurd))).rejects.toThrow(/by policy not handed to forge/);
    const p8 = pkcs8Encrypted.matrix[0]!;
    const key = await opensslCli.ops['pkcs8-encrypted']!['write']!(p8, containerInputs(pkcs8Encrypted, p8));
    const absurd8 = pkcs8Encrypted.mutations
      .find((m) => m.id === 'absurd-iterations')!
      .apply({ container: key['container']!, password: inputs['password']! }, pkcs8Encrypted.sizes(p8), { int: () => 0 } as never)!;
    await expect(Promise.resolve().then(() => forgeContainers.ops['pkcs8-encrypted']!['read']!(p8, absurd8))).rejects.toThrow(/by policy not handed to forge/);
  });
});
