/**
 * `node-forge:defaults`: node-forge as its README's examples call it. `publicKey.encrypt(bytes)`
 * without a scheme is RSAES-PKCS1-v1_5; RSA-OAEP is `publicKey.encrypt(bytes, 'RSA-OAEP',
 * { md })` with only the OAEP hash, so forge picks MGF1 (the same hash as `md`) and the label
 * (empty), whatever the other side uses; the claims say so.
 */
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import { packageVersion } from '../core/version.js';
import { rsaOaep } from '../standards/rsa-oaep.js';
import { rsaesPkcs1v15 } from '../standards/rsaes-pkcs1-v1_5.js';
import { assemble, oneOf, tiedTo, type Binding } from './binding.js';
import { DEFAULTS_KEY_FORMAT, NO_LABEL } from './defaults-variant.js';
import { FORGE_HASHES, FORGE_MODULUS, forgeMd, forgeRsaOps } from './node-forge-rsa.js';

const bindings: readonly Binding[] = [
  {
    standard: rsaOaep,
    rules: [
      FORGE_MODULUS,
      oneOf('oaepHash', FORGE_HASHES, 'node-forge has no SHA-224 to pass as md'),
      tiedTo('mgf1Hash', 'oaepHash', 'without the mgf1 option forge uses md for MGF1 too (lib/pkcs1.js: "default MGF-1 to same as OAEP")'),
      NO_LABEL,
      DEFAULTS_KEY_FORMAT,
    ],
    ops: forgeRsaOps('RSA-OAEP', 'RSA-OAEP', (p) => ({ md: forgeMd(p['oaepHash']) })),
  },
  {
    standard: rsaesPkcs1v15,
    rules: [FORGE_MODULUS, DEFAULTS_KEY_FORMAT],
    ops: forgeRsaOps('RSAES-PKCS1-v1_5', undefined, () => undefined),
  },
];

const built = assemble('node-forge:defaults', bindings);

/** node-forge's RSA encryption as its README calls it. */
export const nodeForgeDefaults = defineAdapter({
  id: 'node-forge:defaults',
  library: 'node-forge',
  kind: 'in-process',
  variant: 'defaults',
  description: "node-forge's README calls: publicKey.encrypt(bytes) (RSAES-PKCS1-v1_5) and publicKey.encrypt(bytes, 'RSA-OAEP', { md }) (MGF1 and label left to forge)",
  probe: inProcessProbe(() => packageVersion('node-forge')),
  capabilities: {
    claims: built.claims,
    gaps: {},
  },
  ops: built.ops,
});
