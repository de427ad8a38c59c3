/**
 * crypto-js's behaviour that the adapters pass through and the report shows, asserted so that a
 * new crypto-js release that changes it makes this file fail (then update the expectations):
 * decryption never fails, a padding byte larger than the data yields an empty result, a file
 * without the Salted__ magic decrypts under a random salt, and the passphrase mode reads and
 * writes the AES-128 files of openssl enc once AES is configured with keySize 128/32.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CryptoJS from 'crypto-js';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../core/adapter.js';
import { concatBytes, toHex } from '../core/bytes.js';
import type { ByteMap, Params } from '../core/model.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { opensslEnc } from '../standards/openssl-enc.js';
import { cryptoJs } from './crypto-js.js';

const key = new Uint8Array(16).fill(1);
const iv = new Uint8Array(16).fill(2);
const CBC: Params = { keyBits: 128, padding: 'pkcs7' };
const FILE: Params = opensslEnc.matrix[0]!;

/** AES-128-CBC of whole blocks, without padding. */
function rawCbc(blocks: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return concatBytes(c.update(blocks), c.final());
}

const decryptCbc = async (ciphertext: Uint8Array): Promise<Uint8Array> => (await cryptoJs.ops['aes-cbc']!.decrypt!(CBC, { key, iv, ciphertext }))['plaintext']!;

describe('crypto-js decryption never fails (pad.Pkcs7.unpad checks nothing)', () => {
  it('returns the block minus "padding" when the last byte is 3 but the two before it are not', async () => {
    const block = new Uint8Array(16).fill(0x41);
    block[15] = 3;
    expect(toHex(await decryptCbc(rawCbc(block)))).toBe('41'.repeat(13));
  });

  it('returns nothing when the last byte exceeds the data: sigBytes goes negative, which crypto-js prints as an empty string', async () => {
    const block = new Uint8Array(16).fill(0x41);
    block[15] = 0xff;
    expect((await decryptCbc(rawCbc(block))).length).toBe(0);
    const words = CryptoJS.AES.decrypt(
      CryptoJS.lib.CipherParams.create({ ciphertext: CryptoJS.lib.WordArray.create(rawCbc(block)) }),
      CryptoJS.lib.WordArray.create(key),
      {
        iv: CryptoJS.lib.WordArray.create(iv),
      },
    );
    expect(words.sigBytes).toBeLessThan(0);
    expect(words.toString(CryptoJS.enc.Hex)).toBe('');
  });

  it('accepts a ciphertext that is not whole blocks, and an empty one', async () => {
    await expect(decryptCbc(rawCbc(new Uint8Array(32)).subarray(0, 31))).resolves.toBeInstanceOf(Uint8Array);
    await expect(decryptCbc(new Uint8Array(0))).resolves.toBeInstanceOf(Uint8Array);
  });

  it('decrypts a file without the Salted__ magic under a random salt: two calls, two answers', async () => {
    const file = cryptoJs.ops['openssl-enc']!.encrypt!(FILE, {
      passphrase: new Uint8Array([0x70]),
      salt: new Uint8Array(8),
      plaintext: new Uint8Array(40),
    }) as ByteMap;
    const bad = Uint8Array.from(file['ciphertext']!);
    bad[0] = 0x56; // 'U2Fs…' (base64 of "Salted__") becomes 'V2Fs…'
    const open = async (): Promise<string> =>
      toHex((await cryptoJs.ops['openssl-enc']!.decrypt!(FILE, { passphrase: new Uint8Array([0x70]), ciphertext: bad }))['plaintext']!);
    // Garbage unpads to nothing whenever its last byte exceeds its length (about 4 times in 5),
    // so calls agree on an empty answer by chance: all of 16 did once in 30 runs, all of 96
    // would once in 10^9.
    const answers = new Set<string>();
    for (let i = 0; i < 96; i++) answers.add(await open());
    expect(answers.size).toBeGreaterThan(1);
  });
});

describe('crypto-js passphrase mode', () => {
  it('writes AES-128 files that openssl enc -aes-128-cbc -md md5 reads, and reads theirs (AES.extend({ keySize: 4 }))', async () => {
    const aes128: Params = { cipher: 'aes-128-cbc', kdf: 'evp-bytes-to-key', kdfHash: 'MD5', iterations: 1, encoding: 'binary' };
    expect(checkClaim(cryptoJs, opensslEnc.id, 'encrypt', aes128).ok).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'bothends-cryptojs-'));
    try {
      const plaintext = Uint8Array.from(Buffer.from('forty bytes of plaintext, not one block'));
      const pass = join(dir, 'pass');
      writeFileSync(pass, 'pw');
      const mine = (
        await cryptoJs.ops['openssl-enc']!.encrypt!(aes128, { passphrase: Uint8Array.from(Buffer.from('pw')), salt: new Uint8Array(8).fill(3), plaintext })
      )['ciphertext']!;
      writeFileSync(join(dir, 'mine'), mine);
      const openssl = (...args: string[]): Buffer => execFileSync('openssl', ['enc', '-aes-128-cbc', '-md', 'md5', '-pass', `file:${pass}`, ...args]);
      expect(toHex(openssl('-d', '-in', join(dir, 'mine')))).toBe(toHex(plaintext));
      writeFileSync(join(dir, 'plain'), plaintext);
      const theirs = Uint8Array.from(openssl('-e', '-in', join(dir, 'plain')));
      expect(
        toHex((await cryptoJs.ops['openssl-enc']!.decrypt!(aes128, { passphrase: Uint8Array.from(Buffer.from('pw')), ciphertext: theirs }))['plaintext']!),
      ).toBe(toHex(plaintext));
      // An AES-256 reading of the same file does not give the plaintext: the cipher claim matters.
      const as256 = (
        await cryptoJs.ops['openssl-enc']!.decrypt!(
          { ...aes128, cipher: 'aes-256-cbc' },
          { passphrase: Uint8Array.from(Buffer.from('pw')), ciphertext: theirs },
        )
      )['plaintext']!;
      expect(toHex(as256)).not.toBe(toHex(plaintext));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('as called, CryptoJS.AES.encrypt(message, passphrase) is EvpKDF-MD5 on one base64 line, byte for byte the explicit adapter with those parameters', async () => {
    const inputs = { passphrase: Uint8Array.from(Buffer.from('Secret Passphrase')), salt: new Uint8Array(8).fill(7), plaintext: new Uint8Array(33).fill(9) };
    const asCalled = cryptoJs.intents!['openssl-enc']!['aes256-passphrase']!;
    expect(asCalled.params).toEqual(FILE);
    const a = toHex((await cryptoJs.ops['openssl-enc']!.encrypt!(FILE, inputs))['ciphertext']!);
    const b = toHex((await asCalled.ops.encrypt!(asCalled.params, inputs))['ciphertext']!);
    expect(a).toBe(b);
    expect(Buffer.from(a!, 'hex').toString('latin1')).toMatch(/^U2FsdGVkX1/);
    expect(checkClaim(cryptoJs, aesCbc.id, 'decrypt', CBC).ok).toBe(true);
  });
});
