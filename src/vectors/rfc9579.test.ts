/**
 * The RFC 9579 PBMAC1 vectors (vectors/pkcs12/pkcs12_pbmac1_rfc9579_test.json) as typed in: the
 * valid files decrypt (MAC unchecked) to the key the file states, the invalid ones are A.1 with
 * only the MacData changed, and a reader that skips the MAC, as a broken fake, is caught
 * accepting A.4–A.6 while a reader that checks it passes them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyAndCertificate } from '../adapters/container-common.js';
import { forgeContainers } from '../adapters/node-forge/forge-containers.js';
import { defineAdapter } from '../core/adapter.js';
import { bytesEqual } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap } from '../core/model.js';
import { pkcs12 } from '../standards/pkcs12.js';
import { runSuite } from '../suite.js';
import { loadVectorFile } from './load.js';
import { DEFAULT_VECTORS_DIR } from './paths.js';

const FILE = join(DEFAULT_VECTORS_DIR, 'pkcs12', 'pkcs12_pbmac1_rfc9579_test.json');
const { files, errors } = loadVectorFile(FILE, DEFAULT_VECTORS_DIR);
const tests = files[0]!.groups.flatMap((g) => g.tests.map((t) => ({ ...t, params: g.params })));
const byTc = (tc: number) => tests.find((t) => t.tcId === tc)!;

let haveOpenssl = true;
try {
  execFileSync('openssl', ['version'], { stdio: 'ignore' });
} catch {
  haveOpenssl = false;
}

/** `openssl pkcs12 -nomacver`: the bags decrypted, the MAC never looked at. */
function readIgnoringMac(container: Uint8Array, password: Uint8Array): ByteMap {
  const dir = mkdtempSync(join(tmpdir(), 'bothends-rfc9579-'));
  try {
    writeFileSync(join(dir, 'in.p12'), container);
    const out = execFileSync('openssl', ['pkcs12', '-in', 'in.p12', '-nomacver', '-nodes', '-passin', `pass:${Buffer.from(password).toString('utf8')}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return keyAndCertificate(out.toString('utf8'), 'openssl pkcs12 -nomacver', true);
  } catch (err) {
    throw new RejectedError(`openssl pkcs12 -nomacver: ${(err as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('RFC 9579 Appendix A', () => {
  it('loads: three valid files with the key, three invalid ones', () => {
    expect(errors).toEqual([]);
    expect(tests.map((t) => [t.tcId, t.result, String(t.params['mac'])])).toEqual([
      [1, 'valid', 'pbmac1-hmac-sha256'],
      [4, 'invalid', 'pbmac1-hmac-sha256'],
      [5, 'invalid', 'pbmac1-hmac-sha256'],
      [6, 'invalid', 'pbmac1-hmac-sha256'],
      [2, 'valid', 'pbmac1-hmac-sha256-prf-sha512'],
      [3, 'valid', 'pbmac1-hmac-sha512'],
    ]);
    expect(Buffer.from(byTc(1).fields['password']!).toString()).toBe('1234');
  });

  it('the invalid files are A.1 with only the MacData changed', () => {
    const a1 = byTc(1).fields['container']!;
    // After the PFX header (4 bytes), version and authSafe run to offset 2576, where MacData starts in each.
    const authSafeEnd = 2576;
    for (const tc of [4, 5, 6]) {
      const c = byTc(tc).fields['container']!;
      expect(bytesEqual(c.subarray(4, authSafeEnd), a1.subarray(4, authSafeEnd)), `tcId ${tc}`).toBe(true);
      expect(bytesEqual(c, a1), `tcId ${tc}`).toBe(false);
    }
  });

  it.skipIf(!haveOpenssl)('the valid files hold the key they state', () => {
    for (const tc of [1, 2, 3]) {
      const t = byTc(tc);
      expect(bytesEqual(readIgnoringMac(t.fields['container']!, t.fields['password']!)['secretKey']!, t.fields['secretKey']!), `tcId ${tc}`).toBe(true);
    }
  });

  it.skipIf(!haveOpenssl)(
    'catch a reader that skips the MAC',
    async () => {
      const skipsMac = defineAdapter({
        ...forgeContainers,
        id: 'skips-mac',
        capabilities: { claims: { pkcs12: { ops: ['read'] } }, gaps: {} },
        ops: { pkcs12: { read: async (_p, i) => readIgnoringMac(i['container']!, i['password']!) } },
      });
      const report = await runSuite({
        standards: [pkcs12],
        adapters: [skipsMac],
        kinds: ['kat'],
        vectors: files,
        seed: 'rfc9579',
        isolation: 'none',
        timeoutMs: 60_000,
      });
      const outcome = Object.fromEntries(report.results.map((r) => [r.vector!.tcId, `${r.outcome} ${r.failure ?? ''}`.trim()]));
      expect(outcome).toEqual({ 1: 'pass', 2: 'pass', 3: 'pass', 4: 'fail accepted-invalid', 5: 'fail accepted-invalid', 6: 'fail accepted-invalid' });
    },
    60_000,
  );
});
