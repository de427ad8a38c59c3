/**
 * `node-containers`: Node's own key containers. Encrypted PKCS#8 through `crypto.createPrivateKey`
 * with a `passphrase` (reading) and `KeyObject.export({ type: 'pkcs8', format: 'der', cipher,
 * passphrase })` (writing); PKCS#12 through `tls.createSecureContext({ pfx, passphrase })`, the
 * only .p12 reader Node has.
 *
 * Facts about Node 20 (OpenSSL 3.0 inside) these bindings rely on:
 * - `export` with a cipher writes PBES2 with PBKDF2-HMAC-SHA-256, 2048 iterations and an 8-byte
 *   salt, none of which can be chosen (PEM_write_bio_PKCS8PrivateKey with OpenSSL's defaults);
 *   the cipher is any OpenSSL name (aes-256-cbc, aes-128-cbc). It writes no PBES1 or scrypt.
 * - `createPrivateKey` reads what OpenSSL's default provider reads: no DES or RC2 (the legacy
 *   provider is not loaded), so PBES1 MD5-DES and RC2-40 files are refused.
 * - A SecureContext does not give the key back. The reader therefore proves it holds the key:
 *   it serves one TLS 1.3 handshake on the loopback with that context (the server signs the
 *   handshake with the secret key, RFC 8446 §4.4.3), and returns the certificate the client
 *   saw and `keyHeld` instead of the key. OpenSSL already refuses, while loading, a key that
 *   does not match the certificate (SSL_CTX_check_private_key).
 * - Both calls are synchronous and cannot be interrupted; OpenSSL refuses an iteration count
 *   above INT_MAX (2^31 − 1) at once ("key gen error").
 */
import { createPrivateKey } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { defineAdapter, inProcessProbe } from '../core/adapter.js';
import { copyBytes } from '../core/bytes.js';
import type { ByteMap, Params } from '../core/model.js';
import { UnsupportedError } from '../core/errors.js';
import { PKCS12_MACS, pkcs12 } from '../standards/pkcs12.js';
import { pkcs8Encrypted } from '../standards/pkcs8-encrypted.js';
import { assemble, input, oneOf, type Binding } from './binding.js';
import { OPENSSL_P12_DEFAULTS, OPENSSL_P8_DEFAULTS, pkcs12ExportIntents, pkcs8EncryptIntents } from './container-common.js';
import { rejecting } from './key-import.js';

const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Node's cipher names for `export`. */
const EXPORT_CIPHER: Readonly<Record<string, string>> = { 'pbes2-hmac-sha256-aes-256-cbc': 'aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc': 'aes-128-cbc' };

function p8Write(p: Params, i: ByteMap): ByteMap {
  const key = createPrivateKey({ key: buf(input(i, 'secretKey')), format: 'der', type: 'pkcs8' });
  return {
    container: copyBytes(
      key.export({ type: 'pkcs8', format: 'der', cipher: EXPORT_CIPHER[String(p['keyEncryption'])]!, passphrase: buf(input(i, 'password')) }),
    ),
  };
}

/** `key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase })`, the cipher of Node's documentation examples. */
function p8ExportAsDocumented(_p: Params, i: ByteMap): ByteMap {
  const key = createPrivateKey({ key: buf(input(i, 'secretKey')), format: 'der', type: 'pkcs8' });
  return { container: copyBytes(key.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: buf(input(i, 'password')) })) };
}

async function p8Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const key = await rejecting('crypto.createPrivateKey({ format: der, type: pkcs8, passphrase })', () =>
    createPrivateKey({ key: buf(input(i, 'container')), format: 'der', type: 'pkcs8', passphrase: buf(input(i, 'password')) }),
  );
  return { secretKey: copyBytes(key.export({ type: 'pkcs8', format: 'der' })) };
}

/**
 * Loads the pfx as `tls.createServer` does (it hands its options to `tls.createSecureContext`),
 * then serves one TLS 1.3 handshake on the loopback: the certificate the client was shown.
 */
async function p12Read(_p: Params, i: ByteMap): Promise<ByteMap> {
  const pfx = buf(input(i, 'container'));
  const passphrase = Buffer.from(input(i, 'password')).toString('utf8');
  const server = await rejecting('tls.createSecureContext({ pfx, passphrase })', () =>
    createServer({ pfx, passphrase, minVersion: 'TLSv1.3' }, (s) => s.end()),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, rejectUnauthorized: false, minVersion: 'TLSv1.3' });
    try {
      await once(socket, 'secureConnect').catch((err: unknown) => {
        // The file was read; what failed is the proof. TLS 1.3 signs with RSA-PSS, ECDSA and EdDSA only (RFC 8446 §4.2.3).
        throw new UnsupportedError(
          `the TLS 1.3 handshake that proves the key is held failed (${(err as Error).message.trim()}): TLS 1.3 cannot sign with this key (a DSA key, say)`,
          {
            cause: err,
          },
        );
      });
      return { certificate: copyBytes(socket.getPeerCertificate().raw), keyHeld: Uint8Array.of(1) };
    } finally {
      socket.destroy();
    }
  } finally {
    server.close();
  }
}

const KEY_TYPES = oneOf('keyType', ['rsa-2048', 'p-256', 'ed25519'], 'OpenSSL 3.0 inside Node has all three');
const PASSWORDS = oneOf('password', ['ascii', 'empty', 'long', 'non-ascii'], 'Node takes the passphrase as bytes (pkcs8) or a UTF-8 string (pfx)');
const FIXED =
  'KeyObject.export takes only a cipher and a passphrase: PBKDF2-HMAC-SHA-256, 2048 iterations and an 8-byte salt are OpenSSL 3.0 defaults Node does not expose';

const bindings: readonly Binding[] = [
  {
    standard: pkcs8Encrypted,
    rules: [
      KEY_TYPES,
      oneOf('keyEncryption', Object.keys(EXPORT_CIPHER), `${FIXED}; no PBES1 and no scrypt`, ['write']),
      oneOf('iterations', [2048], FIXED, ['write']),
      oneOf('scrypt', ['n16384-r8-p1'], 'scrypt parameters are read from the file'),
      oneOf('saltBytes', [8], FIXED, ['write']),
      PASSWORDS,
    ],
    ops: { write: p8Write, read: p8Read },
  },
  {
    standard: pkcs12,
    rules: [
      KEY_TYPES,
      oneOf(
        'keyEncryption',
        ['pbes2-hmac-sha256-aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc', 'pbes2-hmac-sha1-aes-128-cbc', 'pbes1-sha1-3des', 'pbes1-sha1-rc2-40', 'none'],
        'read from the file',
      ),
      oneOf(
        'certEncryption',
        ['pbes2-hmac-sha256-aes-256-cbc', 'pbes2-hmac-sha256-aes-128-cbc', 'pbes2-hmac-sha1-aes-128-cbc', 'pbes1-sha1-3des', 'pbes1-sha1-rc2-40', 'none'],
        'read from the file',
      ),
      oneOf('iterations', [2048, 20000, 600000], 'read from the file'),
      oneOf('saltBytes', [8, 16], 'read from the file'),
      oneOf('mac', [...PKCS12_MACS], 'read from the file'),
      oneOf('macIterations', [1, 2048, 600000], 'read from the file'),
      PASSWORDS,
    ],
    ops: { read: p12Read },
    missingOps: { reason: 'Node writes no PKCS#12: tls.createSecureContext only reads a pfx' },
  },
];

const { claims, ops } = assemble('node-containers', bindings);

/** Node's own key containers. */
export const nodeContainers = defineAdapter({
  id: 'node-containers',
  library: 'node:crypto + node:tls',
  kind: 'in-process',
  variant: 'explicit',
  description:
    'Node: createPrivateKey/export with a passphrase for encrypted PKCS#8, tls.createSecureContext({ pfx, passphrase }) for .p12 (proved by a TLS handshake)',
  probe: inProcessProbe(() => `${process.versions.node} (OpenSSL ${process.versions.openssl})`),
  capabilities: { claims, gaps: {} },
  ops,
  intents: {
    // "Open the .p12 you were sent" only: Node writes no .p12. A reader sets none of the file's
    // parameters; it declares those of the OpenSSL 3.0 inside Node as `openssl pkcs12 -export`
    // writes by default (PBES2 AES-256-CBC, HMAC-SHA-256, 2048 iterations, 8-byte salts), so that
    // a mismatch names where a maker departs from them. Proven on what the other ends make as called.
    [pkcs12.id]: pkcs12ExportIntents({
      call: 'tls.createSecureContext({ pfx, passphrase }) (reads only: the key is proven by a TLS 1.3 handshake)',
      params: OPENSSL_P12_DEFAULTS,
      ops: { read: p12Read },
    }),
    // Node's documentation exports with cipher 'aes-256-cbc': OpenSSL 3.0 inside writes PBES2 (hmacWithSHA256), 2048 iterations, an 8-byte salt. Read from its files (the proof).
    [pkcs8Encrypted.id]: pkcs8EncryptIntents({
      call: "keyObject.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase }) / crypto.createPrivateKey({ key, format: 'der', type: 'pkcs8', passphrase })",
      params: OPENSSL_P8_DEFAULTS,
      ops: { write: p8ExportAsDocumented, read: p8Read },
    }),
  },
});
