/**
 * GnuPG's and RNP's resolutions of the OpenPGP intents. `intents.test.ts` proves each declaration
 * both ways and by what the message states (armor, encrypted data packet, the PKESK's key
 * algorithm and RSA size); here a deliberately wrong declaration of each fails that proof. The
 * parameters a SEIPDv1 message hides inside its encryption (the session cipher, the compression)
 * the proof cannot see: they are read from the as-called output by decrypting it with `gpg
 * --list-packets --show-session-key`, and compared with the declaration, which a wrong one fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../src/core/adapter.js';
import { familyOf } from '../src/core/families/index.js';
import { proveResolution } from '../src/core/families/intent-runner.js';
import type { IntentResolution } from '../src/core/intent.js';
import type { ByteMap, Params } from '../src/core/model.js';
import type { Standard } from '../src/core/standard.js';
import { gpgAdapter } from '../src/adapters/gpg.js';
import { rnpAdapter } from '../src/adapters/rnp.js';
import { openpgp, openpgpPassword } from '../src/standards/openpgp.js';

const prove = (adapter: Adapter, std: Standard, r: IntentResolution): Promise<string[]> =>
  proveResolution(adapter, std, std.intents![0]!, r, familyOf(std).intent!, 'intents-openpgp.test');
const resolution = (adapter: Adapter, std: Standard): IntentResolution => adapter.intents![std.id]![std.intents![0]!.id]!;

afterAll(async () => {
  await Promise.all([gpgAdapter.dispose?.(), rnpAdapter.dispose?.()]);
});

/** RFC 9580 §9.3 and §9.4 ids, as gpg prints them, of the canonical cipher and compression names. */
const CIPHERS: Readonly<Record<string, string>> = { 2: '3des', 3: 'cast5', 7: 'aes128', 8: 'aes192', 9: 'aes256', 10: 'twofish' };
const COMPRESSIONS: Readonly<Record<string, string>> = { 1: 'zip', 2: 'zlib', 3: 'bzip2' };

/**
 * The session cipher and compression of a message, as gpg shows them once it has decrypted it in
 * a private home holding `secretKey`, or with `passphrase`: compression `none` without a
 * compressed packet.
 */
function hidden(ciphertext: Uint8Array, how: { secretKey: Uint8Array } | { passphrase: Uint8Array }): Params {
  const home = mkdtempSync(join(tmpdir(), 'bothends-test-gnupg-'));
  const gpg = (args: readonly string[], input?: Uint8Array) =>
    spawnSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--no-symkey-cache', ...args], {
      ...(input ? { input } : {}),
      timeout: 60_000,
      encoding: 'utf8',
    });
  try {
    writeFileSync(join(home, 'msg.gpg'), ciphertext);
    const secret = 'secretKey' in how ? how.secretKey : undefined;
    if (secret) expect(gpg(['--import'], secret).status).toBe(0);
    else writeFileSync(join(home, 'pw'), (how as { passphrase: Uint8Array }).passphrase);
    const r = gpg([
      ...(secret ? ['--passphrase', ''] : ['--passphrase-file', join(home, 'pw')]),
      '--list-packets',
      '--show-session-key',
      join(home, 'msg.gpg'),
    ]);
    const cipher = /session key: '(\d+):/.exec(r.stderr)?.[1];
    const compression = /:compressed packet: algo=(\d+)/.exec(r.stdout)?.[1];
    expect(cipher, r.stderr).toBeDefined();
    return {
      sessionCipher: CIPHERS[cipher!] ?? `algorithm ${cipher}`,
      compression: compression ? (COMPRESSIONS[compression] ?? `algorithm ${compression}`) : 'none',
    };
  } finally {
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'all'], { timeout: 10_000 });
    rmSync(home, { recursive: true, force: true });
  }
}

/** Where a declaration's hidden parameters differ from what the message made as called has inside, as `name: declared ≠ inside`. */
function differences(r: IntentResolution, inside: Params): string[] {
  return Object.entries(inside)
    .filter(([k, v]) => r.params[k] !== v)
    .map(([k, v]) => `${k}: ${String(r.params[k])} ≠ ${String(v)}`);
}

/** A message made as called: to the adapter's own key made as called, or with a passphrase; and what gpg finds inside. */
async function madeAsCalled(adapter: Adapter, std: Standard): Promise<Params> {
  const ops = resolution(adapter, std).ops;
  const plaintext = Uint8Array.from(Buffer.from('What each end really does, as called.\n'));
  if (std === openpgp) {
    const keys = (await ops.generateKeyPair!({}, {})) as ByteMap;
    const { ciphertext } = (await ops.encrypt!({}, { publicKey: keys['publicKey']!, plaintext })) as ByteMap;
    return hidden(ciphertext!, { secretKey: keys['secretKey']! });
  }
  const passphrase = Uint8Array.from(Buffer.from('correct horse'));
  const { ciphertext } = (await ops.encrypt!({}, { passphrase, plaintext })) as ByteMap;
  return hidden(ciphertext!, { passphrase });
}

const CASES = [
  [gpgAdapter, openpgp],
  [gpgAdapter, openpgpPassword],
  [rnpAdapter, openpgp],
  [rnpAdapter, openpgpPassword],
] as const;

describe('gpg and rnp as called', () => {
  it.each(
    CASES.map(([a, s]) => [`${a.id} ${s.id}`, a, s] as const),
  )('%s: the cipher and compression hidden in the message are the declared ones, and a declaration of others is caught', async (_name, adapter, std) => {
    const probe = await adapter.probe();
    if (!probe.available) return; // a peer not installed: .ci/install-peers installs it
    const real = resolution(adapter, std);
    const inside = await madeAsCalled(adapter, std);
    expect(differences(real, inside)).toEqual([]);
    // A broken fake: another cipher and no compression (what the SOP implementations write, but AES-128) are told apart.
    const wrong: IntentResolution = { ...real, params: { ...real.params, compression: 'none', sessionCipher: 'aes128' } };
    expect(differences(wrong, inside)).toEqual([
      `sessionCipher: aes128 ≠ ${String(real.params['sessionCipher'])}`,
      `compression: none ≠ ${String(real.params['compression'])}`,
    ]);
  });

  it('catches a wrong declaration of GnuPG 2.3’s default key: gpg --quick-generate-key … default declared as Ed25519/Cv25519, armored', async (ctx) => {
    const probe = await gpgAdapter.probe();
    if (!probe.available) ctx.skip(`gpg not installed: ${probe.reason}`);
    const real = resolution(gpgAdapter, openpgp);
    expect(real.params['keyAlgo']).toBe('rsa3072');
    const failures = await prove(gpgAdapter, openpgp, { ...real, params: { ...real.params, keyAlgo: 'cv25519-legacy', armor: 'armored' } });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toMatch(/the output states armor = binary, keyAlgo = rsa3072, declared armor = armored, keyAlgo = cv25519-legacy/);
  });

  it('catches a wrong declaration of the RSA size: rnpkeys --generate-key declared as making RSA-3072 keys, as gpg does', async (ctx) => {
    const probe = await rnpAdapter.probe();
    if (!probe.available) ctx.skip(`rnp not installed: ${probe.reason}`);
    const real = resolution(rnpAdapter, openpgp);
    const failures = await prove(rnpAdapter, openpgp, { ...real, params: { ...real.params, keyAlgo: 'rsa3072' } });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toMatch(/the output states keyAlgo = rsa2048, declared keyAlgo = rsa3072/);
  });

  it('catches a wrong declaration of rnp -c: declared as armoring what it writes', async (ctx) => {
    const probe = await rnpAdapter.probe();
    if (!probe.available) ctx.skip(`rnp not installed: ${probe.reason}`);
    const real = resolution(rnpAdapter, openpgpPassword);
    const failures = await prove(rnpAdapter, openpgpPassword, { ...real, params: { ...real.params, armor: 'armored' } });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.join('\n')).toMatch(/the output states armor = binary, declared armor = armored/);
  });
});
