/**
 * X25519 key agreement (RFC 7748 §5, §6.1). The canonical keys and shared secret are raw
 * 32-byte little-endian strings; `keyFormat` also exchanges the keys as RFC 8410 DER or PEM
 * and RFC 8037 JWK, so the grids show which encodings two libraries can trade. Checking for
 * an all-zero shared secret is optional (RFC 7748 §6.1: "MAY"), so vectors with low-order
 * points are `acceptable` either way.
 */
import { agreement } from '../core/families/agreement.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { slugger } from './params-id.js';

const set = (keyFormat: string): Params => ({ curve: 'X25519', keyFormat });

export const x25519: Standard = {
  id: 'x25519',
  title: 'X25519',
  family: agreement.name,
  references: ['RFC 7748 §5, §6.1', 'RFC 8410 (DER)', 'RFC 8037 (JWK)'],
  params: [
    { name: 'curve', description: 'Montgomery curve', values: ['X25519'] },
    { name: 'keyFormat', description: "how both sides export their key pairs and import the peer's", values: ['raw', 'der', 'pem', 'jwk'] },
  ],
  matrix: ['raw', 'der', 'pem', 'jwk'].map(set),
  keys: { keyParams: ['curve', 'keyFormat'] },
  layout: 'shared secret: 32 bytes (RFC 7748 §5); keys raw 32-byte strings or in the keyFormat encoding',
  ops: ['generateKeyPair', 'derive'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [],
  mutations: [],
  sizes: (p) => (p['keyFormat'] === 'raw' ? { key: 32, nonce: 0, tag: 0, block: 1, publicKey: 32, secretKey: 32 } : { key: 32, nonce: 0, tag: 0, block: 1 }),
  paramsId: slugger([
    ['curve', ''],
    ['keyFormat', ''],
  ]),
};
