/**
 * node-forge, pure JavaScript. Binary strings (one char per byte) exist only inside this file.
 *
 * Library facts this adapter relies on (node-forge 1.4.3, lib/cipherModes.js):
 * - CTR increments only the low 32 bits of the counter block (`inc32`): counterBits 32.
 * - CBC pads with PKCS#7 (`modes.cbc.pad`) unless `finish()` is given another function.
 *   `unpad` returns true for an empty ciphertext ("nothing to unpad"), so forge decrypts an
 *   empty CBC ciphertext to an empty plaintext. Not hidden here: the matrix shows it.
 * - GCM takes any IV length (non-96-bit IVs go through GHASH) and `tagLength` of 32, 64, 96,
 *   104, 112, 120 or 128 bits. Decryption compares the whole computed tag with the given one,
 *   which must be exactly `tagLength / 8` bytes. But the tag is cut with
 *   `tag.truncate(tag.length() % (tagLength / 8))`, which removes nothing when tagLength is
 *   64 or 32: forge then outputs a 16-byte tag and no 4- or 8-byte tag ever verifies. The
 *   adapter passes forge's tag through as produced, so this defect shows in the matrix.
 * - On a failed check `finish()` returns false after the plaintext is already in `output`;
 *   the adapter never returns it.
 */
import forge from 'node-forge';
import type { cipher as forgeCipher, util as forgeUtil } from 'node-forge';
import { defineAdapter, inProcessProbe, type OpImpl } from '../../core/adapter.js';
import { concatBytes } from '../../core/bytes.js';
import { RejectedError } from '../../core/errors.js';
import type { ByteMap, OpName, Params } from '../../core/model.js';
import { packageVersion } from '../../core/version.js';
import { aesCbc } from '../../standards/aes-cbc.js';
import { aesCtr } from '../../standards/aes-ctr.js';
import { aesGcm } from '../../standards/aes-gcm.js';
import { threeKeyForm, tripleDesCbc } from '../../standards/3des-cbc.js';
import { pbes2 } from '../../standards/pbes2.js';
import { assemble, documentedCall, input, intRange, num, oneOf, splitTag } from '../binding.js';
import { forgeRsaBindings, forgeRsaIntents } from './node-forge-rsa.js';
import { rejecting } from '../key-import.js';

/** Bytes as a forge binary string. */
function bin(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A forge byte buffer holding `bytes`. */
function forgeBuffer(bytes: Uint8Array): forgeUtil.ByteStringBuffer {
  return forge.util.createBuffer(bin(bytes));
}

/** The bytes of a forge buffer, detached. */
function bytesOf(buffer: forgeUtil.ByteStringBuffer): Uint8Array {
  return Uint8Array.from(Buffer.from(buffer.getBytes(), 'latin1'));
}

type AesAlgorithm = 'AES-GCM' | 'AES-CBC' | 'AES-CTR' | '3DES-CBC';

/** One complete forge cipher run: start, update, finish. Forge picks AES-128/192/256 from the key length. */
function run(algorithm: AesAlgorithm, direction: 'encrypt' | 'decrypt', i: ByteMap, options: forgeCipher.StartOptions, data: Uint8Array) {
  const key = bin(input(i, 'key'));
  const c = direction === 'encrypt' ? forge.cipher.createCipher(algorithm, key) : forge.cipher.createDecipher(algorithm, key);
  c.start({ iv: bin(input(i, 'iv')), ...options });
  c.update(forgeBuffer(data));
  const ok = c.finish();
  return { ok, output: c.output, mode: c.mode };
}

/** A refusal by `finish()`; the output forge already wrote is dropped. */
function rejected(algorithm: AesAlgorithm): never {
  throw new RejectedError(`node-forge ${algorithm} finish() returned false`);
}

/** AES-CBC or AES-CTR: no tag, no AAD. */
function blockMode(
  algorithm: 'AES-CBC' | 'AES-CTR' | '3DES-CBC',
  keyFor: (p: Params, key: Uint8Array) => Uint8Array = (_p, k) => k,
): Partial<Record<OpName, OpImpl>> {
  const keyed = (p: Params, i: ByteMap): ByteMap => ({ ...i, key: keyFor(p, input(i, 'key')) });
  return {
    encrypt(p, i) {
      const r = run(algorithm, 'encrypt', keyed(p, i), {}, input(i, 'plaintext'));
      if (!r.ok) throw new Error(`node-forge ${algorithm} encryption finish() returned false`);
      return { ciphertext: bytesOf(r.output) };
    },
    decrypt(p, i) {
      const r = run(algorithm, 'decrypt', keyed(p, i), {}, input(i, 'ciphertext'));
      return r.ok ? { plaintext: bytesOf(r.output) } : rejected(algorithm);
    },
  };
}

const gcmOptions = (p: Params, i: ByteMap): forgeCipher.StartOptions => ({
  additionalData: bin(input(i, 'aad')),
  tagLength: num(p, 'tagBytes') * 8,
});

const gcmOps: Partial<Record<OpName, OpImpl>> = {
  encrypt(p, i) {
    const r = run('AES-GCM', 'encrypt', i, gcmOptions(p, i), input(i, 'plaintext'));
    if (!r.ok) throw new Error('node-forge AES-GCM encryption finish() returned false');
    return { ciphertext: concatBytes(bytesOf(r.output), bytesOf(r.mode.tag)) };
  },
  decrypt(p, i) {
    const [body, tag] = splitTag(input(i, 'ciphertext'), num(p, 'tagBytes'));
    const r = run('AES-GCM', 'decrypt', i, { ...gcmOptions(p, i), tag: forgeBuffer(tag) }, body);
    return r.ok ? { plaintext: bytesOf(r.output) } : rejected('AES-GCM');
  },
};

const AES_KEY_BITS = oneOf('keyBits', [128, 192, 256], 'node-forge AES takes 16-, 24- or 32-byte keys');

/** forge.md's HMAC hashes for PBKDF2 (forge.md.algorithms: it has no SHA-224; `sha512/224` is SHA-512/224, another hash). */
const PBKDF2_MDS: Readonly<Record<string, () => forge.md.MessageDigest>> = {
  'SHA-1': () => forge.md.sha1.create(),
  'SHA-256': () => forge.md.sha256.create(),
  'SHA-384': () => forge.md.sha384.create(),
  'SHA-512': () => forge.md.sha512.create(),
};

/** PBES2 (RFC 8018 §6.2): forge.pkcs5.pbkdf2 over the password's binary string, then AES-CBC (PKCS#7) as above. */
function pbes2Ops(): Partial<Record<OpName, OpImpl>> {
  const cbc = blockMode('AES-CBC');
  const withKey = (p: Params, i: ByteMap): ByteMap => {
    const key = forge.pkcs5.pbkdf2(
      bin(input(i, 'password')),
      bin(input(i, 'salt')),
      num(p, 'iterations'),
      num(p, 'keyBits') / 8,
      PBKDF2_MDS[String(p['kdfHash'])]!(),
    );
    return { ...i, key: Uint8Array.from(Buffer.from(key, 'latin1')) };
  };
  return { encrypt: (p, i) => cbc.encrypt!(p, withKey(p, i)), decrypt: (p, i) => cbc.decrypt!(p, withKey(p, i)) };
}

const { claims, ops } = assemble('node-forge', [
  {
    standard: aesGcm,
    rules: [
      AES_KEY_BITS,
      intRange('ivBytes', 1, 2 ** 31 - 1, 'node-forge GCM hashes any non-empty IV other than 96 bits with GHASH'),
      // forge's own list (SP 800-38D §5.2.1.2); 4 and 8 are accepted by its API but broken, see the header.
      oneOf('tagBytes', [4, 8, 12, 13, 14, 15, 16], 'node-forge GCM accepts tagLength 32, 64, 96, 104, 112, 120 or 128 bits only'),
    ],
    ops: gcmOps,
  },
  {
    standard: aesCbc,
    rules: [AES_KEY_BITS, oneOf('padding', ['pkcs7'], 'node-forge CBC pads with PKCS#7 (modes.cbc.pad)')],
    ops: blockMode('AES-CBC'),
  },
  {
    standard: aesCtr,
    rules: [
      AES_KEY_BITS,
      oneOf(
        'counterBits',
        [32],
        'node-forge CTR increments only the low 32 bits of the counter block (inc32 in lib/cipherModes.js); other widths cannot be expressed',
      ),
    ],
    ops: blockMode('AES-CTR'),
  },
  {
    standard: tripleDesCbc,
    rules: [
      oneOf(
        'keying',
        ['three-key', 'two-key-k1k2k1'],
        'node-forge 3DES takes a 24-byte key only (16 bytes: "Invalid Triple-DES key size: 128"); two-key K1‖K2 is given as the 24-byte K1‖K2‖K1, exactly the same cipher (SP 800-67 §3.1 keying option 2)',
      ),
      oneOf('padding', ['pkcs7'], 'node-forge CBC pads with PKCS#7 (modes.cbc.pad)'),
    ],
    ops: blockMode('3DES-CBC', threeKeyForm),
  },
  {
    standard: pbes2,
    rules: [
      oneOf('kdfHash', Object.keys(PBKDF2_MDS), 'node-forge has no SHA-224 (forge.md.algorithms: md5, sha1, sha256, sha384, sha512, sha512/224, sha512/256)'),
      AES_KEY_BITS,
      intRange('iterations', 1, 2 ** 31 - 1, 'forge.pkcs5.pbkdf2 runs any positive iteration count'),
    ],
    ops: pbes2Ops(),
  },
  ...forgeRsaBindings,
]);

const FORGE_CBC = "forge.cipher.createCipher('AES-CBC', key); cipher.start({ iv }); cipher.update(data); cipher.finish()";
const FORGE_3DES = "forge.cipher.createCipher('3DES-CBC', key); cipher.start({ iv }); cipher.update(data); cipher.finish()";

/** 3DES-CBC with the key as given; a key forge refuses is rejected input. */
const tdeaAsCalled: Partial<Record<OpName, OpImpl>> = Object.fromEntries(
  Object.entries(blockMode('3DES-CBC')).map(([op, impl]) => [op, (p: Params, i: ByteMap) => rejecting('node-forge 3DES-CBC', () => impl(p, i))]),
);

/** node-forge: AES-GCM, AES-CBC, AES-CTR, RSA-OAEP and RSAES-PKCS1-v1_5 in pure JavaScript. */
export const nodeForge = defineAdapter({
  id: 'node-forge',
  library: 'node-forge',
  kind: 'in-process',
  variant: 'explicit',
  description:
    'node-forge forge.cipher with explicit IV, AAD and tagLength, forge.pki RSA with explicit scheme, hashes and label; binary strings converted at the boundary',
  probe: inProcessProbe(() => packageVersion('node-forge')),
  capabilities: {
    claims,
    gaps: {
      'cms-enveloped':
        'node-forge offers primitives, not the CMS EnvelopedData (RFC 5652) message format; the forge-cms adapter implements it on top of node-forge',
      'chacha20-poly1305': 'node-forge has no ChaCha20 or Poly1305',
      'xchacha20-poly1305': 'node-forge has no ChaCha20 or Poly1305',
      'aes-gcm-siv': 'node-forge has no AES-GCM-SIV (no POLYVAL)',
      'nacl-sealedbox': 'node-forge has no XSalsa20, HSalsa20, Poly1305 or BLAKE2b',
      'openssl-enc':
        'node-forge has the pieces (pbe.opensslDeriveBytes is EVP_BytesToKey, pkcs5.pbkdf2 is PBKDF2) but no reader or writer of the Salted__ file: bothends would be writing the format, not forge',
      'nacl-secretbox': 'node-forge has no XSalsa20 or Poly1305',
      'nacl-box': 'node-forge has no XSalsa20, HSalsa20 or Poly1305',
      x25519: 'node-forge has Ed25519 signatures (pki.ed25519) but no X25519 key agreement',
      ecdh: 'node-forge has no elliptic-curve Diffie-Hellman (only RSA and Ed25519 in forge.pki)',
    },
  },
  ops,
  intents: {
    ...forgeRsaIntents,
    // forge's CTR increments the low 32 bits only (inc32).
    // cipher.start({ iv }) without tagLength: 128 bits.
    [aesGcm.id]: {
      'aes256-gcm': documentedCall(
        "forge.cipher.createCipher('AES-GCM', key); cipher.start({ iv }) with a 12-byte iv",
        { keyBits: 256, ivBytes: 12, tagBytes: 16 },
        ops[aesGcm.id],
      ),
    },
    [aesCtr.id]: { ctr: documentedCall("forge.cipher.createCipher('AES-CTR', key); cipher.start({ iv })", { keyBits: 128, counterBits: 32 }, ops[aesCtr.id]) },
    // forge always names the mode; the README's first example is AES-CBC ("CBC and ECB modes use PKCS#7 padding as default").
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': documentedCall(FORGE_CBC, { keyBits: 256, padding: 'pkcs7' }, ops[aesCbc.id]),
      aes128: documentedCall(
        `${FORGE_CBC} (forge always names the mode; the README's first example is AES-CBC)`,
        { keyBits: 128, padding: 'pkcs7', mode: 'CBC' },
        ops[aesCbc.id],
      ),
    },
    // 3DES-CBC takes the key as given: 24 bytes, or "Invalid Triple-DES key size" (forge expands no K1‖K2).
    [tripleDesCbc.id]: {
      '3des-16': { call: FORGE_3DES, params: { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' }, ops: tdeaAsCalled },
      '3des-24': { call: FORGE_3DES, params: { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' }, ops: tdeaAsCalled },
    },
  },
});
