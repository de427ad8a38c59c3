/**
 * `webcrypto:defaults`: WebCrypto RSA-OAEP as the specification's and MDN's first example
 * calls it: the hash given once, at key generation or import (the API requires it), and
 * `encrypt({ name: 'RSA-OAEP' }, key, data)` without a label. WebCrypto then uses the key's
 * hash for MGF1 too, whatever the other side uses; the claims say so.
 */
import { defineAdapter } from '../core/adapter.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { assemble, oneOf, tiedTo, type Binding } from './binding.js';
import { DEFAULTS_KEY_FORMAT, NO_LABEL } from './defaults-variant.js';
import { WEB_OAEP_HASHES, webOaepOps } from './webcrypto-pk.js';

const bindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      oneOf('modulusBits', [2048, 3072, 4096], 'RsaHashedKeyGenParams.modulusLength takes any of these'),
      oneOf('oaepHash', WEB_OAEP_HASHES, 'RsaHashedImportParams.hash is SHA-1, SHA-256, SHA-384 or SHA-512'),
      tiedTo('mgf1Hash', 'oaepHash', "the W3C RSA-OAEP operations use the key's hash for MGF1"),
      NO_LABEL,
      DEFAULTS_KEY_FORMAT,
    ],
    ops: webOaepOps(() => undefined),
  },
];

const built = assemble('webcrypto:defaults', bindings);

/** WebCrypto RSA-OAEP with MGF1 and the label left to the API. */
export const webcryptoDefaults = defineAdapter({
  id: 'webcrypto:defaults',
  library: 'globalThis.crypto.subtle',
  kind: 'in-process',
  variant: 'defaults',
  description: "WebCrypto's first documented RSA-OAEP call: the hash at import, encrypt({ name: 'RSA-OAEP' }, key, data), so MGF1 = the key's hash and no label",
  probe: async () =>
    typeof globalThis.crypto?.subtle?.encrypt === 'function'
      ? { available: true, version: process.versions.node, detail: `openssl ${process.versions.openssl}` }
      : { available: false, reason: 'globalThis.crypto.subtle is not defined in this runtime' },
  capabilities: {
    claims: built.claims,
    gaps: {},
  },
  ops: built.ops,
});
