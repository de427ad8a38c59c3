/**
 * libsodium through libsodium-wrappers (libsodium compiled to WebAssembly): NaCl secretbox and
 * box, the sealed box, the IETF ChaCha20-Poly1305 and XChaCha20-Poly1305 AEADs, and X25519.
 *
 * Library facts this adapter relies on (libsodium-wrappers 0.8, libsodium 1.0.2x):
 * - Nothing works before `await sodium.ready`: the probe awaits it, and so does every operation.
 * - The AEAD functions return `ciphertext ‖ tag` (the "combined" mode) and take
 *   `(message, ad, nsec = null, npub, key)`; `_easy` secretbox and box return `tag ‖ ciphertext`.
 *   Both are the canonical layouts, so nothing is moved.
 * - Every failed check throws an `Error` ("wrong secret key for the given ciphertext",
 *   "ciphertext cannot be decrypted using that key", …); the guard has already checked input
 *   sizes, so such an error from an opening function is libsodium refusing the input.
 * - `crypto_scalarmult` refuses an all-zero shared secret ("weak public key"), as RFC 7748 §6.1
 *   allows; `crypto_box_keypair` returns raw X25519 keys.
 */
import sodium from 'libsodium-wrappers';
import { defineAdapter, type OpImpl, type ProbeResult } from '../core/adapter.js';
import { describeError, RejectedError } from '../core/errors.js';
import type { ByteMap, OpName } from '../core/model.js';
import { packageVersion } from '../core/version.js';
import { chacha20Poly1305 } from '../standards/chacha20-poly1305.js';
import { naclBox } from '../standards/nacl-box.js';
import { naclSealedbox } from '../standards/nacl-sealedbox.js';
import { BOX_OUTPUT, naclSecretbox } from '../standards/nacl-secretbox.js';
import { x25519 } from '../standards/x25519.js';
import { AEAD_OUTPUT, xchacha20Poly1305 } from '../standards/xchacha20-poly1305.js';
import { assemble, documentedCall, input, oneOf } from './binding.js';

/** libsodium, loaded: every operation waits for it (the first call compiles the WebAssembly). */
async function lib(): Promise<typeof sodium> {
  await sodium.ready;
  return sodium;
}

/** Runs a libsodium opening function; its `Error` is the refusal of the input. */
function refusing<T>(what: string, open: () => T): T {
  try {
    return open();
  } catch (err) {
    throw new RejectedError(`libsodium ${what}: ${describeError(err)}`, err);
  }
}

type Sodium = typeof sodium;

/** An IETF AEAD: `encrypt(m, ad, nsec, npub, k)`, `decrypt(nsec, c, ad, npub, k)`. */
function aead(
  pick: (s: Sodium) => { encrypt: Sodium['crypto_aead_xchacha20poly1305_ietf_encrypt']; decrypt: Sodium['crypto_aead_xchacha20poly1305_ietf_decrypt'] },
  name: string,
): Partial<Record<OpName, OpImpl>> {
  return {
    async encrypt(_p, i) {
      const f = pick(await lib());
      return { ciphertext: f.encrypt(input(i, 'plaintext'), input(i, 'aad'), null, input(i, 'nonce'), input(i, 'key')) };
    },
    async decrypt(_p, i) {
      const f = pick(await lib());
      return { plaintext: refusing(name, () => f.decrypt(null, input(i, 'ciphertext'), input(i, 'aad'), input(i, 'nonce'), input(i, 'key'))) };
    },
  };
}

/**
 * "ChaCha20-Poly1305" as libsodium names it: crypto_aead_chacha20poly1305_encrypt, the original
 * construction (8-byte nonce). A nonce of another length is refused like any other input it refuses.
 */
const originalChacha: Partial<Record<OpName, OpImpl>> = {
  async encrypt(_p, i) {
    const s = await lib();
    return {
      ciphertext: refusing('crypto_aead_chacha20poly1305_encrypt', () =>
        s.crypto_aead_chacha20poly1305_encrypt(input(i, 'plaintext'), input(i, 'aad'), null, input(i, 'nonce'), input(i, 'key')),
      ),
    };
  },
  async decrypt(_p, i) {
    const s = await lib();
    return {
      plaintext: refusing('crypto_aead_chacha20poly1305_decrypt', () =>
        s.crypto_aead_chacha20poly1305_decrypt(null, input(i, 'ciphertext'), input(i, 'aad'), input(i, 'nonce'), input(i, 'key')),
      ),
    };
  },
};

const keyPair: OpImpl = async () => {
  const pair = (await lib()).crypto_box_keypair();
  return { publicKey: pair.publicKey, secretKey: pair.privateKey };
};

const secretboxOps: Partial<Record<OpName, OpImpl>> = {
  encrypt: async (_p, i) => ({ ciphertext: (await lib()).crypto_secretbox_easy(input(i, 'plaintext'), input(i, 'nonce'), input(i, 'key')) }),
  async decrypt(_p, i) {
    const s = await lib();
    return {
      plaintext: refusing('crypto_secretbox_open_easy', () => s.crypto_secretbox_open_easy(input(i, 'ciphertext'), input(i, 'nonce'), input(i, 'key'))),
    };
  },
};

/** crypto_box_easy(message, nonce, theirPublicKey, mySecretKey). */
const boxOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: keyPair,
  encrypt: async (_p, i) => ({
    ciphertext: (await lib()).crypto_box_easy(input(i, 'plaintext'), input(i, 'nonce'), input(i, 'publicKey'), input(i, 'secretKey')),
  }),
  async decrypt(_p, i) {
    const s = await lib();
    return {
      plaintext: refusing('crypto_box_open_easy', () =>
        s.crypto_box_open_easy(input(i, 'ciphertext'), input(i, 'nonce'), input(i, 'publicKey'), input(i, 'secretKey')),
      ),
    };
  },
};

/** crypto_box_seal(message, recipientPk); crypto_box_seal_open(box, recipientPk, recipientSk). */
const sealedboxOps: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: keyPair,
  encrypt: async (_p, i) => ({ ciphertext: (await lib()).crypto_box_seal(input(i, 'plaintext'), input(i, 'publicKey')) }),
  async decrypt(_p, i) {
    const s = await lib();
    return { plaintext: refusing('crypto_box_seal_open', () => s.crypto_box_seal_open(input(i, 'ciphertext'), input(i, 'publicKey'), input(i, 'secretKey'))) };
  },
};

const x25519Ops: Partial<Record<OpName, OpImpl>> = {
  generateKeyPair: keyPair,
  async derive(_p, i): Promise<ByteMap> {
    const s = await lib();
    return { sharedSecret: refusing('crypto_scalarmult', () => s.crypto_scalarmult(input(i, 'secretKey'), input(i, 'publicKey'))) };
  },
};

const KEY_256 = oneOf('keyBits', [256], 'libsodium secretbox and AEAD keys are 32 bytes');
const TAG_16 = oneOf('tagBytes', [16], 'libsodium Poly1305 tags are 16 bytes (crypto_*_ABYTES, crypto_secretbox_MACBYTES)');
const X25519 = oneOf('curve', ['X25519'], 'crypto_box and crypto_scalarmult are Curve25519 only');

const { claims, ops } = assemble('libsodium', [
  { standard: naclSecretbox, rules: [KEY_256, oneOf('nonceBytes', [24], 'crypto_secretbox_NONCEBYTES is 24'), TAG_16], ops: secretboxOps },
  { standard: naclBox, rules: [X25519, oneOf('nonceBytes', [24], 'crypto_box_NONCEBYTES is 24'), TAG_16], ops: boxOps },
  { standard: naclSealedbox, rules: [X25519], ops: sealedboxOps },
  {
    standard: chacha20Poly1305,
    rules: [KEY_256, oneOf('nonceBytes', [12], 'crypto_aead_chacha20poly1305_ietf_NPUBBYTES is 12'), TAG_16],
    ops: aead(
      (s) => ({ encrypt: s.crypto_aead_chacha20poly1305_ietf_encrypt, decrypt: s.crypto_aead_chacha20poly1305_ietf_decrypt }),
      'crypto_aead_chacha20poly1305_ietf_decrypt',
    ),
  },
  {
    standard: xchacha20Poly1305,
    rules: [KEY_256, oneOf('nonceBytes', [24], 'crypto_aead_xchacha20poly1305_ietf_NPUBBYTES is 24'), TAG_16],
    ops: aead(
      (s) => ({ encrypt: s.crypto_aead_xchacha20poly1305_ietf_encrypt, decrypt: s.crypto_aead_xchacha20poly1305_ietf_decrypt }),
      'crypto_aead_xchacha20poly1305_ietf_decrypt',
    ),
  },
  { standard: x25519, rules: [X25519, oneOf('keyFormat', ['raw'], 'libsodium takes raw 32-byte keys only: it has no DER, PEM or JWK')], ops: x25519Ops },
]);

async function probe(): Promise<ProbeResult> {
  try {
    const s = await lib();
    return { available: true, version: packageVersion('libsodium-wrappers'), detail: `libsodium ${s.SODIUM_VERSION_STRING}` };
  } catch (err) {
    return { available: false, reason: `cannot load libsodium-wrappers: ${describeError(err)}` };
  }
}

/** libsodium-wrappers: secretbox, box, sealed box, IETF ChaCha20-Poly1305, XChaCha20-Poly1305, X25519. */
export const libsodiumAdapter = defineAdapter({
  id: 'libsodium',
  library: 'libsodium-wrappers',
  kind: 'in-process',
  variant: 'explicit',
  description: 'libsodium compiled to WebAssembly (libsodium-wrappers): the _easy and combined-mode functions on raw keys',
  probe,
  capabilities: {
    claims,
    gaps: {
      'aes-gcm':
        'libsodium implements AES-256-GCM only with hardware AES (crypto_aead_aes256gcm_is_available), and the WebAssembly build of libsodium-wrappers leaves it out: it has no crypto_aead_aes256gcm_* functions',
      'aes-gcm-siv': 'libsodium has no AES-GCM-SIV',
      'aes-cbc': 'libsodium offers no unauthenticated AES modes',
      'aes-ctr': 'libsodium offers no unauthenticated AES modes',
      '3des-cbc': 'libsodium has no DES or Triple-DES',
      'openssl-enc': 'libsodium has no passphrase file format, no EVP_BytesToKey and no CBC mode',
      ecdh: 'libsodium implements Curve25519 only, not the NIST prime curves',
      'rsa-oaep': 'libsodium has no RSA',
      'rsaes-pkcs1-v1_5': 'libsodium has no RSA',
    },
  },
  ops,
  // The calls take the nonce and return tag ‖ ciphertext: the nonce travels as the caller decides.
  intents: {
    [naclSecretbox.id]: {
      secretbox: documentedCall(
        'sodium.crypto_secretbox_easy(message, nonce, key) / crypto_secretbox_open_easy(box, nonce, key)',
        { keyBits: 256, nonceBytes: 24, tagBytes: 16, output: BOX_OUTPUT },
        ops[naclSecretbox.id],
      ),
    },
    [naclBox.id]: {
      box: documentedCall(
        'sodium.crypto_box_easy(message, nonce, publicKey, privateKey) / crypto_box_open_easy(box, nonce, publicKey, privateKey)',
        { curve: 'X25519', nonceBytes: 24, tagBytes: 16, output: BOX_OUTPUT },
        ops[naclBox.id],
      ),
    },
    // The function named as the sentence is the original construction; RFC 8439's is crypto_aead_chacha20poly1305_ietf_encrypt.
    [chacha20Poly1305.id]: {
      'chacha20-poly1305': documentedCall(
        'sodium.crypto_aead_chacha20poly1305_encrypt(message, ad, null, nonce, key) with an 8-byte nonce (crypto_aead_chacha20poly1305_NPUBBYTES) / crypto_aead_chacha20poly1305_decrypt(null, ciphertext, ad, nonce, key)',
        { keyBits: 256, nonceBytes: 8, tagBytes: 16, construction: 'original' },
        originalChacha,
      ),
    },
    // The nonce is an argument: the call returns ciphertext ‖ tag.
    [xchacha20Poly1305.id]: {
      'xchacha20-poly1305': documentedCall(
        'sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(message, ad, null, nonce, key) / crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key)',
        { keyBits: 256, nonceBytes: 24, tagBytes: 16, output: AEAD_OUTPUT },
        ops[xchacha20Poly1305.id],
      ),
    },
    // crypto_scalarmult takes and gives raw 32-byte strings, and fails on an all-zero result.
    [x25519.id]: {
      'shared-secret': documentedCall(
        'sodium.crypto_scalarmult(secretKey, theirPublicKey) on raw 32-byte keys (crypto_box_keypair())',
        { curve: 'X25519', keyFormat: 'raw' },
        ops[x25519.id],
      ),
    },
  },
});
