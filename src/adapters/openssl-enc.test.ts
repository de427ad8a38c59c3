/**
 * The `openssl enc` bindings of openssl-cli against their capability tables both ways, and the
 * facts about the openssl command and crypto-js that the passphrase format's grids rest on,
 * each asserted by running the programs: called as documented, they fail both ways,
 * `-md md5` meets crypto-js, `-pbkdf2` means 10,000 iterations, `-S` drops the header, `-a`
 * cannot read one long line, `-K` zero-pads a short key, and a failed decryption still writes
 * to stdout.
 */
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import CryptoJS from 'crypto-js';
import { describe, expect, it } from 'vitest';
import { type Adapter, checkClaim } from '../core/adapter.js';
import { concatBytes, fromHex, toHex } from '../core/bytes.js';
import { pbeInputs } from '../core/families/pbe.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { ByteMap, OpName, Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { tripleDesCbc } from '../standards/3des-cbc.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { opensslEnc, SALTED_MAGIC } from '../standards/openssl-enc.js';
import { boundaryParams } from '../core/families/message-boundary.js';
import { referencePbeDecrypt } from '../vectors/reference-pbe.js';
import { ambiguities } from '../core/intent.js';
import { cryptoJs } from './crypto-js.js';
import { opensslCli } from './openssl-cli.js';
import { runProgram } from './subprocess.js';

const available = (await opensslCli.probe()).available;
const utf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

function op(a: Adapter, std: Standard, name: OpName): (p: Params, i: ByteMap) => Promise<ByteMap> {
  const impl = a.ops[std.id]?.[name];
  if (!impl) throw new Error(`${a.id} has no ${std.id} ${name}`);
  return async (p, i) => impl(p, i);
}

/** Three-key TDEA-CBC by node:crypto under IV 0001…07. */
function tdes(keyHex: string, plaintext: Uint8Array): string {
  const c = createCipheriv('des-ede3-cbc', fromHex(keyHex), fromHex('0001020304050607'));
  return toHex(concatBytes(c.update(plaintext), c.final()));
}

/** The openssl-enc parameter sets of the boundary files: each declared value at least once. */
const PBE_SETS = boundaryParams(opensslEnc);
const set = (o: Readonly<Record<string, string | number>>): Params => ({ ...opensslEnc.matrix[0]!, ...o });
const CRYPTO_JS_DEFAULTS = set({});

describe.runIf(available)('openssl-cli raw-key bindings', () => {
  it.each(
    [aesCbc, aesCtr, tripleDesCbc].map((s) => [s.id, s] as const),
  )('%s: every claimed set round-trips; every other is refused with UnsupportedError', async (_id, std) => {
    for (const p of boundaryParams(std)) {
      const s = std.sizes(p);
      const key = new Uint8Array(s.key).fill(3);
      const iv = new Uint8Array(s.nonce).fill(5);
      const attempt = op(opensslCli, std, 'encrypt')(p, { key, iv, plaintext: utf8('seventeen bytes!!') });
      if (!checkClaim(opensslCli, std.id, 'encrypt', p).ok) {
        await expect(attempt, std.paramsId(p)).rejects.toBeInstanceOf(UnsupportedError);
        continue;
      }
      const { ciphertext } = await attempt;
      const opened = await op(opensslCli, std, 'decrypt')(p, { key, iv, ciphertext: ciphertext! });
      expect(latin1(opened['plaintext']!), std.paramsId(p)).toBe('seventeen bytes!!');
    }
  });

  it('turns a padding error into RejectedError, although openssl has already written garbage to stdout', async () => {
    const key = new Uint8Array(16);
    const raw = await runProgram('openssl', ['enc', '-d', '-aes-128-cbc', '-K', toHex(key), '-iv', toHex(key)], { input: new Uint8Array(32).fill(9) });
    expect(raw.code).not.toBe(0);
    expect(raw.stdout.length).toBeGreaterThan(0);
    const attempt = op(opensslCli, aesCbc, 'decrypt')({ keyBits: 128, padding: 'pkcs7' }, { key, iv: key, ciphertext: new Uint8Array(32).fill(9) });
    await expect(attempt).rejects.toBeInstanceOf(RejectedError);
  });

  it('has no AEAD, as its gaps say: openssl enc refuses aes-128-gcm', async () => {
    const r = await runProgram('openssl', ['enc', '-aes-128-gcm', '-K', '00'.repeat(16), '-iv', '00'.repeat(12)], { input: utf8('x') });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/AEAD ciphers not supported/);
  });

  it('zero-pads a 16-byte -K for des-ede3-cbc, which is why two-key TDEA goes to -des-ede-cbc', async () => {
    const key = '0123456789abcdef23456789abcdef01';
    const run = (cipher: string) => runProgram('openssl', ['enc', '-e', `-${cipher}`, '-K', key, '-iv', '0001020304050607'], { input: utf8('x') });
    const [ede3, ede] = await Promise.all([run('des-ede3-cbc'), run('des-ede-cbc')]);
    expect(ede3.stderr).toMatch(/padding with zero bytes/);
    expect(toHex(ede3.stdout)).toBe(tdes(`${key}${'00'.repeat(8)}`, utf8('x')));
    expect(toHex(ede.stdout)).toBe(tdes(`${key}${key.slice(0, 16)}`, utf8('x')));
  });
});

/** How an adapter resolves "AES-256-CBC with a passphrase, OpenSSL format". */
const asCalled = (a: Adapter) => a.intents![opensslEnc.id]!['aes256-passphrase']!;

describe.runIf(available)('openssl-cli, the passphrase format', () => {
  it.each([opensslCli].map((a) => [a.id, a] as const))('%s: every claimed set matches the reference; every other is refused', async (_id, adapter) => {
    let claimed = 0;
    for (const p of PBE_SETS) {
      const inputs = pbeInputs('openssl-enc.test', opensslEnc, p, 17);
      const attempt = op(adapter, opensslEnc, 'encrypt')(p, inputs);
      if (!checkClaim(adapter, opensslEnc.id, 'encrypt', p).ok) {
        await expect(attempt, opensslEnc.paramsId(p)).rejects.toBeInstanceOf(UnsupportedError);
        continue;
      }
      claimed++;
      const { ciphertext } = await attempt;
      const decryptInputs = { passphrase: inputs['passphrase']!, ciphertext: ciphertext! };
      expect(toHex(referencePbeDecrypt(p, decryptInputs)), opensslEnc.paramsId(p)).toBe(toHex(inputs['plaintext']!));
      expect(toHex((await op(adapter, opensslEnc, 'decrypt')(p, decryptInputs))['plaintext']!)).toBe(toHex(inputs['plaintext']!));
    }
    expect(claimed).toBeGreaterThan(8);
  });

  it('writes no Salted__ header when given -S, so the adapter writes the one openssl writes with a salt of its own', async () => {
    const args = ['enc', '-e', '-aes-256-cbc', '-md', 'md5', '-pass', 'pass:secret'];
    const [own, given] = await Promise.all([
      runProgram('openssl', args, { input: utf8('x') }),
      runProgram('openssl', [...args, '-S', '0102030405060708'], { input: utf8('x') }),
    ]);
    expect(latin1(own.stdout.subarray(0, 8))).toBe('Salted__');
    expect(own.stdout.length).toBe(32);
    expect(given.stdout.length).toBe(16);
    const p = set({ encoding: 'binary' });
    const { ciphertext } = await op(
      opensslCli,
      opensslEnc,
      'encrypt',
    )(p, { passphrase: utf8('secret'), salt: fromHex('0102030405060708'), plaintext: utf8('x') });
    expect(toHex(ciphertext!)).toBe(toHex(concatBytes(SALTED_MAGIC, fromHex('0102030405060708'), given.stdout)));
  });

  it('derives with -pbkdf2 exactly as with -pbkdf2 -iter 10000: PBKDF2-HMAC-SHA-256, 10,000 iterations', async () => {
    const show = (extra: string[]) =>
      runProgram('openssl', ['enc', '-aes-256-cbc', '-pbkdf2', ...extra, '-S', '0102030405060708', '-pass', 'pass:secret', '-P'], { input: new Uint8Array(0) });
    const [implicit, explicit] = await Promise.all([show([]), show(['-iter', '10000', '-md', 'sha256'])]);
    const key = (r: { stdout: Uint8Array }): string => /key=([0-9A-F]+)/.exec(latin1(r.stdout))![1]!.toLowerCase();
    expect(key(implicit)).toBe(key(explicit));
    expect(key(implicit)).toBe(toHex(pbkdf2Sync('secret', fromHex('0102030405060708'), 10000, 48, 'sha256').subarray(0, 32)));
    // crypto-js's PBKDF2, asked nothing, would use 250,000 iterations instead.
    expect((CryptoJS.algo.PBKDF2.create() as unknown as { cfg: { iterations: number } }).cfg.iterations).toBe(250000);
  });

  it('cannot read one long base64 line with -a alone (crypto-js writes one line; -A is needed)', async () => {
    const inputs = pbeInputs('openssl-enc.test', opensslEnc, CRYPTO_JS_DEFAULTS, 100);
    const { ciphertext } = await asCalled(cryptoJs).ops.encrypt!(asCalled(cryptoJs).params, inputs);
    const pass = `pass:${latin1(inputs['passphrase']!)}`;
    const withoutA = await runProgram('openssl', ['enc', '-d', '-aes-256-cbc', '-md', 'md5', '-a', '-pass', pass], { input: ciphertext! });
    expect(withoutA.code).not.toBe(0);
    const withA = await runProgram('openssl', ['enc', '-d', '-aes-256-cbc', '-md', 'md5', '-a', '-A', '-pass', pass], { input: ciphertext! });
    expect([withA.code, toHex(withA.stdout)]).toEqual([0, toHex(inputs['plaintext']!)]);
  });
});

describe.runIf(available)('as called against as called: why the two tools do not meet', () => {
  const message = utf8('The quick brown fox jumps over the lazy dog');
  const inputs = { passphrase: utf8('Secret Passphrase'), salt: fromHex('a1a2a3a4a5a6a7a8'), plaintext: message };

  it('crypto-js as called (EVP-MD5) written, openssl as called (EVP-SHA-256) read: bad decrypt', async () => {
    const { ciphertext } = await asCalled(cryptoJs).ops.encrypt!(asCalled(cryptoJs).params, inputs);
    const r = await runProgram('openssl', ['enc', '-d', '-aes-256-cbc', '-a', '-A', '-pass', 'pass:Secret Passphrase'], { input: ciphertext! });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad decrypt/);
    // The one setting that makes them meet: -md md5.
    const md5 = await runProgram('openssl', ['enc', '-d', '-aes-256-cbc', '-md', 'md5', '-a', '-A', '-pass', 'pass:Secret Passphrase'], { input: ciphertext! });
    expect([md5.code, latin1(md5.stdout)]).toEqual([0, latin1(message)]);
  });

  it('openssl as called written (base64 on one line, as crypto-js reads text), crypto-js as called read: no error, and not the message', async () => {
    const { ciphertext } = await asCalled(opensslCli).ops.encrypt!(asCalled(opensslCli).params, inputs);
    const oneLine = utf8(Buffer.from(ciphertext!).toString('base64'));
    const { plaintext } = await asCalled(cryptoJs).ops.decrypt!(asCalled(cryptoJs).params, { passphrase: inputs.passphrase, ciphertext: oneLine });
    expect(toHex(plaintext!)).not.toBe(toHex(message));
  });

  it('the two resolutions differ in the digest and the encoding, which the sentence leaves open: an ambiguity', () => {
    const intent = opensslEnc.intents!.find((i) => i.id === 'aes256-passphrase')!;
    const resolutions = [opensslCli, cryptoJs].map((a) => ({ adapter: a.id, call: asCalled(a).call, params: asCalled(a).params }));
    const [found] = ambiguities([{ standard: opensslEnc.id, id: intent.id, sentence: intent.sentence, fixes: intent.fixes, open: intent.open, resolutions }]);
    expect(found!.parameters.map((p) => p.name)).toEqual(['kdfHash', 'encoding']);
    expect(found!.parameters[0]!.values).toEqual([
      { value: 'SHA-256', adapters: ['openssl-cli'] },
      { value: 'MD5', adapters: ['crypto-js'] },
    ]);
  });
});
