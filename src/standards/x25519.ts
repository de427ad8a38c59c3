/**
 * X25519 key agreement (RFC 7748 §5, §6.1). Keys and the shared secret are raw 32-byte
 * little-endian strings. Checking for an all-zero shared secret is optional (RFC 7748 §6.1:
 * "MAY"), so vectors with low-order points are `acceptable` either way.
 */
import type { Standard } from '../core/standard.js';
import { slugger } from './params-id.js';

export const x25519: Standard = {
  id: 'x25519',
  title: 'X25519',
  family: 'agreement',
  references: ['RFC 7748 §5, §6.1'],
  params: [{ name: 'curve', description: 'Montgomery curve', values: ['X25519'] }],
  matrix: [{ curve: 'X25519' }],
  layout: 'raw 32-byte secret key, public key and shared secret (RFC 7748 §5 encodings)',
  ops: ['generateKeyPair', 'derive'],
  deterministic: true,
  authenticated: false,
  plaintextSizes: [],
  mutations: [],
  sizes: () => ({ key: 32, nonce: 0, tag: 0, block: 1, publicKey: 32, secretKey: 32 }),
  paramsId: slugger([['curve', '']]),
};
