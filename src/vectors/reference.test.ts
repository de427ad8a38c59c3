import { agreement } from '../core/families/agreement.js';
import { familyOf } from '../core/families/index.js';
import { createCipheriv } from 'node:crypto';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../core/bytes.js';
import type { Params } from '../core/model.js';
import { STANDARD_BY_ID } from '../standards/index.js';
import { opInputs } from './fields.js';
import { DEFAULT_VECTORS_DIR, loadVectorDir } from './load.js';
import { referenceDecrypt, referenceDerive, referenceEncrypt } from './reference.js';
import { referenceAgreement, referencePkeDecrypt } from './reference-pk.js';
import type { VectorFile, VectorTest } from './vector-file.js';

const { files } = loadVectorDir(DEFAULT_VECTORS_DIR);
const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : toHex(b));
const find = (file: string, tcId: number): VectorTest =>
  files
    .find((f) => f.file === file)!
    .groups.flatMap((g) => g.tests)
    .find((t) => t.tcId === tcId)!;

/** What the reference implementation says about one test: a finding, or nothing when it agrees. */
async function disagreement(f: VectorFile, params: Params, t: VectorTest): Promise<string | undefined> {
  const std = STANDARD_BY_ID.get(f.standard)!;
  const where = `${f.file} tcId ${t.tcId}`;
  const refused = <T>(compute: () => T): T | undefined => {
    try {
      return compute();
    } catch {
      return undefined;
    }
  };
  if (familyOf(std) === agreement) {
    const inputs = opInputs(std, 'derive', t.fields)!;
    // tweetnacl for raw X25519 keys; node:crypto from the key encoding for ECDH and encoded X25519 keys.
    const got =
      std.id === 'x25519' && params['keyFormat'] === 'raw' ? referenceDerive(inputs) : await referenceAgreement(std, params, inputs).catch(() => undefined);
    const want = t.fields['sharedSecret'];
    if (t.result === 'valid' && hex(got) !== hex(want)) return `${where}: derive gave ${hex(got)}`;
    if (t.result === 'acceptable' && got && want && hex(got) !== hex(want)) return `${where}: accepted with another secret`;
    if (t.result === 'invalid' && got) return `${where}: the reference accepts an invalid test`;
    return undefined;
  }
  if (std.keys?.keyType === 'rsa') {
    // Decryption only: raw RSA and the RFC 8017 decoding written out in reference-pk.ts.
    const opened = refused(() => referencePkeDecrypt(std, params, opInputs(std, 'decrypt', t.fields)!));
    if (t.result === 'invalid' && opened) return `${where}: the reference accepts an invalid test`;
    if (t.result !== 'invalid' && hex(opened) !== hex(t.fields['plaintext'])) return `${where}: decrypt gave ${hex(opened)}`;
    return undefined;
  }
  const encryptInputs = opInputs(std, 'encrypt', t.fields);
  if (t.result === 'valid' && encryptInputs) {
    const got = await referenceEncrypt(std, params, encryptInputs);
    if (hex(got) !== hex(t.fields['ciphertext'])) return `${where}: encrypt gave ${hex(got)}`;
  }
  const opened = await referenceDecrypt(std, params, opInputs(std, 'decrypt', t.fields)!).catch(() => undefined);
  if (t.result === 'invalid' && opened) return `${where}: the reference accepts an invalid test`;
  if (t.result === 'valid' && hex(opened) !== hex(t.fields['plaintext'])) return `${where}: decrypt gave ${hex(opened)}`;
  if (t.result === 'acceptable' && opened && hex(opened) !== hex(t.fields['plaintext'])) return `${where}: accepted with another plaintext`;
  return undefined;
}

describe('every committed vector', () => {
  it('agrees with the reference implementations (node:crypto, WebCrypto, tweetnacl; RFC 8017 decoding over raw RSA)', async () => {
    const findings: string[] = [];
    let checked = 0;
    for (const f of files) {
      for (const g of f.groups) {
        for (const t of g.tests) {
          const finding = await disagreement(f, g.params, t);
          if (finding) findings.push(finding);
          checked++;
        }
      }
    }
    expect(findings).toEqual([]);
    expect(checked).toBeGreaterThan(400);
  });

  it('of AES-CTR agrees with a counter of exactly counterBits bits, computed block by block', () => {
    // Independent of WebCrypto: E(K, counter block) with the low counterBits bits incremented
    // modulo 2^counterBits and the rest of the block left alone (SP 800-38A Appendix B.1).
    const keystreamXor = (key: Uint8Array, iv: Uint8Array, bits: number, data: Uint8Array): Uint8Array => {
      const ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
      ecb.setAutoPadding(false);
      const block = BigInt(`0x${toHex(iv)}`);
      const mask = (1n << BigInt(bits)) - 1n;
      const out = new Uint8Array(data.length);
      for (let i = 0; i * 16 < data.length; i++) {
        const counter = (block & ~mask) | ((block + BigInt(i)) & mask);
        const pad = ecb.update(fromHex(counter.toString(16).padStart(32, '0')));
        for (let j = 0; j < 16 && i * 16 + j < data.length; j++) out[i * 16 + j] = data[i * 16 + j]! ^ pad[j]!;
      }
      return out;
    };
    let wrapped = 0;
    for (const f of files.filter((x) => x.standard === 'aes-ctr')) {
      for (const g of f.groups) {
        for (const t of g.tests) {
          const { key, iv, plaintext, ciphertext } = t.fields;
          expect(toHex(keystreamXor(key!, iv!, Number(g.params['counterBits']), plaintext!)), `${f.file} tcId ${t.tcId}`).toBe(toHex(ciphertext!));
          if (t.flags.includes('CounterWrap')) wrapped++;
        }
      }
    }
    expect(wrapped).toBeGreaterThan(0);
  });
});

describe('the published known answers', () => {
  // Typed a second time from the documents, independently of the files, and recomputed here.
  it('hold McGrew & Viega Test Case 4 and recompute it with node:crypto', () => {
    const t = find('aes-gcm/aes_gcm_spec_test.json', 4);
    const key = fromHex('feffe9928665731c6d6a8f9467308308');
    const iv = fromHex('cafebabefacedbaddecaf888');
    const aad = fromHex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
    const pt = fromHex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
    const c = createCipheriv('aes-128-gcm', key, iv).setAAD(aad);
    const ct = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    expect(toHex(ct)).toBe(
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' +
        '5bc94fbc3221a5db94fae95ae7121a47',
    );
    expect([t.fields['key'], t.fields['iv'], t.fields['aad'], t.fields['plaintext'], t.fields['ciphertext']].map(hex)).toEqual([key, iv, aad, pt, ct].map(hex));
  });

  it('hold the NaCl secretbox answer and recompute it with tweetnacl', () => {
    const t = find('nacl-secretbox/nacl_secretbox_nacl_test.json', 1);
    const key = fromHex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
    const nonce = fromHex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
    const boxed = nacl.secretbox(t.fields['plaintext']!, nonce, key);
    expect(toHex(boxed.subarray(0, 16))).toBe('f3ffc7703f9400e52a7dfb4b3d3305d9');
    expect(hex(boxed)).toBe(hex(t.fields['ciphertext']));
    expect([hex(t.fields['key']), hex(t.fields['nonce'])]).toEqual([hex(key), hex(nonce)]);
  });

  it('hold the RFC 7748 §6.1 shared secret, computed both ways with tweetnacl', () => {
    const alice = find('x25519/x25519_rfc7748_test.json', 5);
    const bob = find('x25519/x25519_rfc7748_test.json', 6);
    const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(toHex(nacl.scalarMult(alice.fields['secretKey']!, alice.fields['publicKey']!))).toBe(k);
    expect(toHex(nacl.scalarMult(bob.fields['secretKey']!, bob.fields['publicKey']!))).toBe(k);
    expect([hex(alice.fields['sharedSecret']), hex(bob.fields['sharedSecret'])]).toEqual([k, k]);
  });
});
