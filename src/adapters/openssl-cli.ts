/**
 * The OpenSSL command-line tool from Debian, a real subprocess peer: `openssl enc` for the
 * symmetric standards, `openssl pkeyutl`/`openssl pkey` for the public-key ones, `openssl pkcs12`
 * and `openssl pkcs8` for key containers. Bindings live in openssl-enc.ts, openssl-pkey.ts and
 * openssl-containers.ts; this file assembles the one `openssl-cli` adapter.
 * Every call is an argument array (no shell) in a private temporary directory.
 */
import { defineAdapter } from '../core/adapter.js';
import { assemble, documentedCall } from './binding.js';
import { opensslContainerBindings, opensslPkcs12Intents, opensslPkcs8Intents } from './openssl-containers.js';
import { aesCtr } from '../standards/aes-ctr.js';
import { encCalledAs, OPENSSL_ENC_GAPS, opensslEncBindings, passphraseOps } from './openssl-enc.js';
import { aesCbc } from '../standards/aes-cbc.js';
import { tripleDesCbc } from '../standards/3des-cbc.js';
import { opensslPkeyBindings, opensslRsaIntents } from './openssl-pkey.js';
import { opensslEnc } from '../standards/openssl-enc.js';
import { x25519 } from '../standards/x25519.js';
import { ecdh } from '../standards/ecdh.js';
import { programProbe } from './subprocess.js';

const { claims, ops } = assemble('openssl-cli', [...opensslEncBindings, ...opensslPkeyBindings, ...opensslContainerBindings]);

/** Why the openssl command line does not implement a standard. Every standard not claimed must be listed. */
const OPENSSL_CLI_GAPS: Readonly<Record<string, string>> = {
  ...OPENSSL_ENC_GAPS,
};

/** The `openssl` program. */
export const opensslCli = defineAdapter({
  id: 'openssl-cli',
  library: 'openssl (command line)',
  kind: 'cli',
  variant: 'explicit',
  description: 'the openssl command-line tool from Debian, one process per operation',
  probe: programProbe('openssl', ['version'], (out) => out.replace(/^OpenSSL\s+/, '').split(/\s+/)[0] ?? out, 'openssl'),
  capabilities: { claims, gaps: OPENSSL_CLI_GAPS },
  ops,
  intents: {
    ...opensslRsaIntents,
    ...opensslPkcs12Intents,
    ...opensslPkcs8Intents,
    [aesCtr.id]: { ctr: documentedCall('openssl enc -aes-128-ctr -K <hex> -iv <hex>', { keyBits: 128, counterBits: 128 }, ops[aesCtr.id]) },
    [aesCbc.id]: {
      'aes256-cbc-pkcs7': documentedCall('openssl enc -aes-256-cbc -K <hex> -iv <hex>', { keyBits: 256, padding: 'pkcs7' }, ops[aesCbc.id]),
      // enc(1): "-aes128" is the alias of aes-128-cbc, padded with PKCS#7 unless -nopad.
      aes128: { call: 'openssl enc -aes128 -K <hex> -iv <hex>', params: { keyBits: 128, padding: 'pkcs7', mode: 'CBC' }, ops: encCalledAs('aes128') },
    },
    [tripleDesCbc.id]: {
      // A 16-byte -K is filled up with zero bytes ("hex string is too short, padding with zero bytes to length"): K3 = 0.
      '3des-16': {
        call: 'openssl enc -des-ede3-cbc -K <32 hex digits> -iv <hex>',
        params: { keying: 'three-key-k3-zero', padding: 'pkcs7', mode: 'CBC' },
        ops: encCalledAs('des-ede3-cbc'),
      },
      '3des-24': documentedCall(
        'openssl enc -des-ede3-cbc -K <48 hex digits> -iv <hex>',
        { keying: 'three-key', padding: 'pkcs7', mode: 'CBC' },
        ops[tripleDesCbc.id],
      ),
    },
    // genpkey and pkey write PEM unless told -outform DER; pkeyutl -derive reads PEM peers.
    [ecdh.id]: {
      'shared-secret': documentedCall(
        'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem; openssl pkey -in key.pem -pubout -out pub.pem; openssl pkeyutl -derive -inkey key.pem -peerkey their.pem',
        { curve: 'P-256', keyFormat: 'pem', secretForm: 'x' },
        ops[ecdh.id],
      ),
    },
    [x25519.id]: {
      'shared-secret': documentedCall(
        'openssl genpkey -algorithm X25519 -out key.pem; openssl pkey -in key.pem -pubout -out pub.pem; openssl pkeyutl -derive -inkey key.pem -peerkey their.pem',
        { curve: 'X25519', keyFormat: 'pem' },
        ops[x25519.id],
      ),
    },
    [opensslEnc.id]: {
      'aes256-passphrase': {
        call: 'openssl enc -aes-256-cbc -pass pass:… -in FILE -out FILE.enc / openssl enc -d -aes-256-cbc -pass pass:… (salt given with -S for comparability)',
        // Without -md, -pbkdf2 or -iter: EVP_BytesToKey once with SHA-256 (OpenSSL 3), bytes out.
        params: { cipher: 'aes-256-cbc', kdf: 'evp-bytes-to-key', kdfHash: 'SHA-256', iterations: 1, encoding: 'binary' },
        ops: passphraseOps(true),
      },
    },
  },
});
