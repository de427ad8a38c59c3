/**
 * libsodium's sealed box (crypto_box_seal): anonymous public-key encryption to an X25519 key.
 * The sender makes an ephemeral key pair, derives the nonce as BLAKE2b-192(ephemeral pk ‖
 * recipient pk), and sends the ephemeral public key with crypto_box(message) from the ephemeral
 * secret key to the recipient. Opening needs the recipient's public key too (for the nonce).
 * Randomized, so the matrix checks round trips only. Canonical layout: ephemeral public key
 * (32) ‖ Poly1305 tag (16) ‖ XSalsa20 ciphertext, crypto_box_SEALBYTES = 48 bytes of overhead.
 */
import { pke } from '../core/families/pke.js';
import type { ByteMap } from '../core/model.js';
import type { Rng } from '../core/rng.js';
import { OTHER_KEYS, type Mutation, type Standard } from '../core/standard.js';
import { flipAt } from './mutations.js';
import { slugger } from './params-id.js';

const CITE =
  'libsodium crypto_box_seal_open: it returns -1 unless crypto_box_open of the rest under the ephemeral key and the derived nonce succeeds (Poly1305 over the ciphertext)';

const EPK = 32;
const TAG = 16;

/** A mutation of the ciphertext: `change` gets it and the RNG, returns the new one or undefined. */
function ciphertextMutation(id: string, description: string, because: string, change: (ct: Uint8Array, rng: Rng) => Uint8Array | undefined): Mutation {
  return {
    id,
    description,
    because: `${CITE}: ${because}`,
    apply(i: ByteMap, _s, rng) {
      const changed = change(i['ciphertext']!, rng);
      return changed === undefined ? undefined : { ...i, ciphertext: changed };
    },
  };
}

const mutations: Mutation[] = [
  ciphertextMutation(
    'flip-ephemeral-key',
    'one bit of the ephemeral public key flipped',
    'another ephemeral key gives another shared key and nonce',
    (ct, rng) => flipAt(ct, 1 + rng.int(EPK - 2)),
  ),
  ciphertextMutation('flip-tag', 'one bit of the Poly1305 tag flipped', 'a modified tag must fail', (ct, rng) => flipAt(ct, EPK + rng.int(TAG))),
  ciphertextMutation('flip-ciphertext', 'one bit of the encrypted body flipped', 'any change to the ciphertext must fail', (ct, rng) =>
    ct.length > EPK + TAG ? flipAt(ct, EPK + TAG + rng.int(ct.length - EPK - TAG)) : undefined,
  ),
  ciphertextMutation('truncate', 'last byte removed', 'a truncated box must fail', (ct) => ct.subarray(0, ct.length - 1)),
  ciphertextMutation('extend', 'one zero byte appended', 'an extended box must fail', (ct) => Uint8Array.from([...ct, 0])),
  ciphertextMutation(
    'header-only',
    'only the ephemeral public key and 15 bytes of tag left (shorter than crypto_box_SEALBYTES)',
    'input shorter than 48 bytes must fail',
    (ct) => ct.subarray(0, EPK + TAG - 1),
  ),
  {
    id: 'wrong-key',
    description: "opened with another of the recipient's key pairs",
    because: `${CITE}: under another key pair the shared key differs`,
    apply(i) {
      const [secretKey, publicKey] = [i[OTHER_KEYS.secretKey], i[OTHER_KEYS.publicKey]];
      return secretKey && publicKey ? { ...i, secretKey, publicKey } : undefined;
    },
  },
  {
    id: 'wrong-public-key',
    description: "the right secret key, but another key pair's public key",
    because: `${CITE}: the nonce is BLAKE2b(ephemeral pk ‖ recipient pk), so another public key gives another nonce`,
    apply(i) {
      const publicKey = i[OTHER_KEYS.publicKey];
      return publicKey ? { ...i, publicKey } : undefined;
    },
  },
];

export const naclSealedbox: Standard = {
  id: 'nacl-sealedbox',
  title: 'libsodium sealed box (crypto_box_seal)',
  family: pke.name,
  references: ['libsodium crypto_box_seal (doc.libsodium.org, Sealed boxes)', 'NaCl crypto_box', 'RFC 7693 (BLAKE2b)'],
  params: [{ name: 'curve', description: 'key agreement curve', values: ['X25519'] }],
  matrix: [{ curve: 'X25519' }],
  keys: { keyParams: ['curve'], decryptWithPublicKey: true },
  layout:
    'ephemeral public key (32 bytes) ‖ Poly1305 tag (16) ‖ XSalsa20 ciphertext; nonce = BLAKE2b-192(ephemeral pk ‖ recipient pk); raw 32-byte X25519 keys',
  ops: ['generateKeyPair', 'encrypt', 'decrypt'],
  deterministic: false,
  authenticated: true,
  // Negative cases use the first size: one with a body, so every part of the layout is there.
  plaintextSizes: [33, 0, 1, 31, 32, 1000],
  mutations,
  sizes: () => ({ key: 0, nonce: 0, tag: EPK + TAG, block: 64, publicKey: 32, secretKey: 32 }),
  paramsId: slugger([['curve', '']]),
};
