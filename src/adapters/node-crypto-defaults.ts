/**
 * `node-crypto:defaults`: node:crypto as its documentation's first example calls it,
 * `crypto.publicEncrypt(key, buffer)` and `crypto.privateDecrypt(key, buffer)` with nothing
 * but the key. Node then pads with RSA_PKCS1_OAEP_PADDING, OAEP hash SHA-1, MGF1-SHA-1 and an
 * empty label (node docs, crypto.publicEncrypt: "padding … Default: RSA_PKCS1_OAEP_PADDING",
 * "oaepHash … Default: 'sha1'"), whatever the other side uses; the claims say so.
 */
import { privateDecrypt, publicEncrypt } from 'node:crypto';
import { defineAdapter, type OpImpl } from '../core/adapter.js';
import { copyBytes } from '../core/bytes.js';
import type { OpName } from '../core/model.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { DEFAULTS_KEY_FORMAT, NO_LABEL } from './defaults-variant.js';
import { rejecting } from './key-import.js';
import { nodePublicKey, nodeRsaKeyPair, nodeSecretKey } from './node-crypto-pk.js';

const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: nodeRsaKeyPair,
  encrypt: async (p, i) => ({ ciphertext: copyBytes(publicEncrypt(await nodePublicKey(p, i), buf(input(i, 'plaintext')))) }),
  async decrypt(p, i) {
    const key = await nodeSecretKey(p, i);
    return { plaintext: copyBytes(await rejecting('node:crypto privateDecrypt(key, buffer)', () => privateDecrypt(key, buf(input(i, 'ciphertext'))))) };
  },
};

const bindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      oneOf('modulusBits', [2048, 3072, 4096], 'OpenSSL uses RSA keys of any of these sizes'),
      oneOf('oaepHash', ['SHA-1'], "publicEncrypt(key, data) pads with OAEP and Node's default oaepHash, 'sha1'"),
      oneOf('mgf1Hash', ['SHA-1'], 'Node uses the OAEP hash for MGF1, so the default is MGF1-SHA-1'),
      NO_LABEL,
      DEFAULTS_KEY_FORMAT,
    ],
    ops,
  },
];

const built = assemble('node-crypto:defaults', bindings);

/** node:crypto's RSA encryption with the options left to Node. */
export const nodeCryptoDefaults = defineAdapter({
  id: 'node-crypto:defaults',
  library: 'node:crypto',
  kind: 'in-process',
  variant: 'defaults',
  description: "node:crypto's first documented call: publicEncrypt(key, data) / privateDecrypt(key, data), so OAEP with SHA-1 and MGF1-SHA-1 and no label",
  probe: async () => ({ available: true, version: process.versions.node, detail: `openssl ${process.versions.openssl}` }),
  capabilities: {
    claims: built.claims,
    gaps: { 'rsaes-pkcs1-v1_5': "publicEncrypt(key, data) without options is RSA-OAEP, not v1.5: the documentation's first example cannot produce RSAES-PKCS1-v1_5" },
  },
  ops: built.ops,
});
