/**
 * The key-container intents: declarations the generic proof (test/intents.test.ts) must catch when
 * they are wrong. A resolution the explicit operations cannot express (the JDK's 10,000 iterations,
 * GnuTLS's salts drawn per file) is still held to what its files state; a reader-only resolution
 * (Node's TLS context) is proven on what the other ends make, and a broken reader fails.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import { RejectedError } from '../src/core/errors.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution } from '../src/core/families/intent-runner.js';
import { drawnPerOutput, statedAgrees, type IntentResolution } from '../src/core/intent.js';
import type { ByteMap, Params } from '../src/core/model.js';
import { DEFAULT_ADAPTERS } from '../src/adapters/index.js';
import { STANDARDS } from '../src/standards/index.js';

const adapter = (id: string): Adapter => DEFAULT_ADAPTERS.find((a) => a.id === id)!;
const standard = (id: string) => STANDARDS.find((s) => s.id === id)!;

/** The proof of `r` as `id` resolves `intentId` of `stdId`, with `others` as the ends a reader is proven on. */
async function prove(id: string, stdId: string, intentId: string, r: IntentResolution, others: readonly Adapter[] = DEFAULT_ADAPTERS): Promise<string[]> {
  const std = standard(stdId);
  return proveResolution(adapter(id), std, std.intents!.find((i) => i.id === intentId)!, r, familyOf(std).intent!, 'intents-containers.test', others);
}

afterAll(async () => {
  await Promise.all(DEFAULT_ADAPTERS.map((a) => a.dispose?.()));
});

describe('a value drawn per output', () => {
  it('agrees with every stated value within its bounds, and with nothing else', () => {
    const salt = drawnPerOutput(12, 21);
    expect(statedAgrees(salt, 12)).toBe(true);
    expect(statedAgrees(salt, '21/17')).toBe(true);
    expect(statedAgrees(salt, 8)).toBe(false);
    expect(statedAgrees(salt, '16/22')).toBe(false);
    expect(statedAgrees(salt, 'no key bag')).toBe(false);
    expect(statedAgrees(16, 16)).toBe(true);
    expect(statedAgrees(16, '16/16')).toBe(false);
  });
});

describe('container resolutions beyond the explicit operations', () => {
  it("catches a wrong declaration of the JDK's KeyStore.store: 2048 iterations, which its files do not state", async () => {
    const java = adapter('java-ref');
    if (!(await java.probe()).available) return;
    const real = java.intents!['pkcs12']!['export-p256']!;
    const failures = await prove('java-ref', 'pkcs12', 'export-p256', { ...real, params: { ...real.params, iterations: 2048 } });
    expect(failures.length, failures.join('\n')).toBeGreaterThan(0);
    expect(
      failures.some((f) => /the output states iterations = 10000, declared iterations = 2048/.test(f)),
      failures.join('\n'),
    ).toBe(true);
    expect(await prove('java-ref', 'pkcs12', 'export-p256', real)).toEqual([]);
  });

  it("catches certtool's salts declared as drawn from a range its files leave", async () => {
    const certtool = adapter('certtool');
    if (!(await certtool.probe()).available) return;
    const real = certtool.intents!['pkcs8-encrypted']!['encrypt-key-p256']!;
    const failures = await prove('certtool', 'pkcs8-encrypted', 'encrypt-key-p256', { ...real, params: { ...real.params, saltBytes: drawnPerOutput(8, 11) } });
    expect(failures.length).toBeGreaterThan(0);
    expect(
      failures.every((f) => /the output states saltBytes = \d+, declared saltBytes = drawn per output: 8-11/.test(f)),
      failures.join('\n'),
    ).toBe(true);
  });
});

describe('a reader-only resolution', () => {
  const node = adapter('node-containers');
  const real = node.intents!['pkcs12']!['export']!;
  const makers = ['openssl-cli', 'python-ref'].map(adapter);

  it("is proven on what the other ends make: Node's TLS context reads what openssl and pyca export", async () => {
    if (!(await adapter('openssl-cli').probe()).available) return;
    expect(await prove('node-containers', 'pkcs12', 'export', real, makers)).toEqual([]);
  });

  it('fails with no other end to read (nothing proves it)', async () => {
    const failures = await prove('node-containers', 'pkcs12', 'export', real, []);
    expect(failures).toEqual([expect.stringMatching(/as called reads nothing another end makes as called/)]);
  });

  it('catches a broken reader (a fake that refuses passwords beyond ASCII, which its explicit operations read)', async () => {
    if (!(await adapter('openssl-cli').probe()).available) return;
    const read = real.ops.read!;
    const asciiOnly = async (p: Params, i: ByteMap): Promise<ByteMap> => {
      if (i['password']!.some((b) => b > 0x7e)) throw new RejectedError('fake: only ASCII passwords');
      return read(p, i);
    };
    const failures = await prove('node-containers', 'pkcs12', 'export', { ...real, ops: { read: asciiOnly } }, makers);
    expect(failures.length).toBeGreaterThan(0);
    expect(
      failures.every((f) => /Müller€.*as called fails \(RejectedError: fake: only ASCII passwords\).*explicit operations .* read it/.test(f)),
      failures.join('\n'),
    ).toBe(true);
  });
});
