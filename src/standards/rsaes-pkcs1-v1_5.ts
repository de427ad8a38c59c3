/**
 * RSAES-PKCS1-v1_5 (RFC 8017 §7.2): legacy RSA encryption, still required by TLS 1.2 key
 * transport, CMS and JWE `RSA1_5`. Its decryption is the Bleichenbacher oracle; platforms
 * answer that differently: Node 20 refuses private decryption by policy (CVE-2023-46809),
 * OpenSSL 3.2+ and pyca 48 decrypt an invalid ciphertext to a pseudo-random message instead
 * of failing (implicit rejection), which the negative cases recognise and explain.
 */
import { pke } from '../core/families/pke.js';
import type { Params } from '../core/model.js';
import type { Standard } from '../core/standard.js';
import { MODULUS_BITS, modulusBytes, RSA_KEY_FORMAT, rsaMutations } from './rsa.js';

const CITE = 'RFC 8017 §7.2.2 (RSAES-PKCS1-V1_5-DECRYPT)';

const set = (modulusBits: number, keyFormat: string): Params => ({ modulusBits, keyFormat });

export const rsaesPkcs1v15: Standard = {
  id: 'rsaes-pkcs1-v1_5',
  title: 'RSAES-PKCS1-v1_5',
  family: pke.name,
  references: ['RFC 8017 §7.2', 'draft-irtf-cfrg-rsa-guidance (implicit rejection)'],
  params: [MODULUS_BITS, RSA_KEY_FORMAT],
  matrix: [set(2048, 'der')],
  keys: {
    keyParams: ['modulusBits', 'keyFormat'],
    keyType: 'rsa',
    diagnosis: [['keyFormat']],
    implicitRejection:
      'draft-irtf-cfrg-rsa-guidance §7.2 "implicit rejection": a decryptor may return a message derived from the key and the ciphertext instead of an error, so that a padding oracle learns nothing (OpenSSL 3.2+ rsa_pkcs1_implicit_rejection, on by default)',
  },
  layout: 'ciphertext: the k-byte big-endian integer c (RFC 8017 §7.2.1 step 3)',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: false,
  plaintextSizes: [],
  mutations: rsaMutations(CITE),
  sizes: (p) => ({ key: 0, nonce: 0, tag: 0, block: 1, maxPlaintext: modulusBytes(p) - 11, ciphertext: modulusBytes(p) }),
  paramsId: (p) => `${String(p['modulusBits'])}-${String(p['keyFormat'])}`,
};
