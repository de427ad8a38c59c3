/**
 * libsodium's sealed box against an independent construction (tweetnacl's crypto_box with the
 * nonce BLAKE2b-192(ephemeral pk ‖ recipient pk) from @noble/hashes, in the vector reference),
 * both ways, and against its tamper mutations; the generic adapter tests leave public-key
 * encryption out.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../core/bytes.js';
import { RejectedError } from '../core/errors.js';
import type { ByteMap } from '../core/model.js';
import { rngFor } from '../core/rng.js';
import { OTHER_KEYS } from '../core/standard.js';
import { naclSealedbox } from '../standards/nacl-sealedbox.js';
import { referenceDecrypt, referencePublicKey, referenceSeal } from '../vectors/reference.js';
import { libsodiumAdapter } from './libsodium.js';

const P = { curve: 'X25519' };
const ops = libsodiumAdapter.ops['nacl-sealedbox']!;
const keyPair = async (): Promise<ByteMap> => ops.generateKeyPair!(P, {});

describe('libsodium sealed box', () => {
  it('opens with the independent construction what libsodium seals, at every size', async () => {
    const kp = await keyPair();
    expect(toHex(referencePublicKey(kp['secretKey']!))).toBe(toHex(kp['publicKey']!));
    for (const size of naclSealedbox.plaintextSizes) {
      const plaintext = rngFor('libsodium.test', `pt${size}`).bytes(size);
      const { ciphertext } = await ops.encrypt!(P, { publicKey: kp['publicKey']!, plaintext });
      expect(ciphertext!.length).toBe(size + 48);
      const opened = await referenceDecrypt(naclSealedbox, P, { secretKey: kp['secretKey']!, publicKey: kp['publicKey']!, ciphertext: ciphertext! });
      expect(toHex(opened)).toBe(toHex(plaintext));
    }
  });

  it('opens what the independent construction seals', async () => {
    const kp = await keyPair();
    const plaintext = rngFor('libsodium.test', 'other way').bytes(77);
    const ciphertext = referenceSeal(kp['publicKey']!, plaintext, rngFor('libsodium.test', 'ephemeral').bytes(32));
    const { plaintext: opened } = await ops.decrypt!(P, { secretKey: kp['secretKey']!, publicKey: kp['publicKey']!, ciphertext });
    expect(toHex(opened!)).toBe(toHex(plaintext));
  });

  it('rejects every tamper mutation with RejectedError', async () => {
    const [kp, other] = [await keyPair(), await keyPair()];
    const plaintext = rngFor('libsodium.test', 'tamper').bytes(33);
    const { ciphertext } = await ops.encrypt!(P, { publicKey: kp['publicKey']!, plaintext });
    const clean = {
      secretKey: kp['secretKey']!,
      publicKey: kp['publicKey']!,
      ciphertext: ciphertext!,
      [OTHER_KEYS.secretKey]: other['secretKey']!,
      [OTHER_KEYS.publicKey]: other['publicKey']!,
    };
    for (const m of naclSealedbox.mutations) {
      const tampered = m.apply(clean, naclSealedbox.sizes(P), rngFor('libsodium.test', m.id));
      expect(tampered, m.id).toBeDefined();
      await expect(
        Promise.resolve().then(() => ops.decrypt!(P, tampered!)),
        m.id,
      ).rejects.toBeInstanceOf(RejectedError);
    }
  });
});
