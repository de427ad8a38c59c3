/**
 * Where an adapter declares implicit rejection for RSAES-PKCS1-v1_5, a tampered ciphertext that
 * decryption gets past its first checks (k bytes, below the modulus: RFC 8017 §7.2.2 steps 1 and
 * 2a) must be answered by implicit rejection, and one it does not may be refused with an error.
 * The wrong-key tamper is either: another key's modulus is random, and the ciphertext is below it
 * or not. Here the keys are fixed so that each way is certain.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter.js';
import type { ByteMap } from '../model.js';
import { OTHER_KEYS } from '../standard.js';
import { one, runFamily } from '../../../test/family-runs.js';
import { boundFake } from '../../../test/fakes.js';
import { oneOf } from '../../adapters/binding.js';
import { BUILTIN_ADAPTERS } from '../../adapters/index.js';
import { decryptableUnder } from '../../standards/rsa.js';
import { rsaesPkcs1v15 } from '../../standards/rsaes-pkcs1-v1_5.js';

const forge = BUILTIN_ADAPTERS.find((a) => a.id === 'node-forge')!;
const enc = new TextEncoder();

/** A fresh RSA key pair of `bits`, as DER (SPKI and PKCS#8), with its modulus. */
function derPair(bits: number): { pair: ByteMap; modulus: bigint } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const n = Buffer.from(publicKey.export({ format: 'jwk' }).n!, 'base64url');
  return {
    pair: {
      publicKey: Uint8Array.from(publicKey.export({ type: 'spki', format: 'der' })),
      secretKey: Uint8Array.from(privateKey.export({ type: 'pkcs8', format: 'der' })),
    },
    modulus: BigInt(`0x${n.toString('hex')}`),
  };
}

/**
 * node-forge declaring implicit rejection that it does not do (it refuses bad padding with an
 * error), whose key pairs are `pairs` in the order asked for: the recipient's, then the other.
 */
function refuserWithKeys(pairs: readonly ByteMap[]): Adapter {
  const claim = forge.capabilities.claims[rsaesPkcs1v15.id]!;
  const rules = rsaesPkcs1v15.params.map((s) => oneOf(s.name, claim.params?.[s.name]?.values ?? s.values, 'as node-forge'));
  let next = 0;
  const ops = { ...forge.ops[rsaesPkcs1v15.id]!, generateKeyPair: async () => pairs[next++ % pairs.length]! };
  return boundFake('fake-declares', [{ standard: rsaesPkcs1v15, rules, ops, rejection: 'implicit' }], forge);
}

/** The wrong-key case of node-forge's ciphertext to `consumer` (2048 bits, DER: the negative cases' parameters). */
const wrongKey = async (consumer: Adapter) => {
  const id = `rsaes-pkcs1-v1_5/2048-der/negative/node-forge~${consumer.id}/wrong-key`;
  return one(await runFamily(rsaesPkcs1v15, [forge, consumer], { seed: 'pke-implicit', kinds: ['negative'], cases: [id] }), id);
};

describe('RSAES-PKCS1-v1_5 declared implicit rejection and the wrong-key tamper', () => {
  const [a, b] = [derPair(2048), derPair(2048)];
  const [small, large] = a.modulus < b.modulus ? [a, b] : [b, a];

  it('demands implicit rejection where the ciphertext is below the other modulus: an error breaks the declaration', async () => {
    // Made under the smaller modulus, the ciphertext is below the larger one.
    const r = await wrongKey(refuserWithKeys([small.pair, large.pair]));
    expect([r.outcome, r.failure], r.message).toEqual(['fail', 'wrong-capability']);
    expect(r.message).toMatch(
      /fake-declares declares implicit rejection .* but refused the tampered input \(decrypted with another of the recipient's key pairs\) with an error/,
    );
  });

  it('accepts an error where the ciphertext cannot be decrypted under the other key: not k bytes (step 1)', async () => {
    const r = await wrongKey(refuserWithKeys([small.pair, derPair(3072).pair]));
    expect([r.outcome, r.rejection], r.message).toEqual(['pass', undefined]);
  });

  it('tells a ciphertext below the modulus from one that is not, at the boundary (step 2a), in every key format', () => {
    const n = Buffer.from(large.modulus.toString(16), 'hex');
    const below = Uint8Array.from(n);
    below[below.length - 1]! -= 1;
    const spki = large.pair.publicKey!;
    const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----\n`;
    for (const [format, publicKey] of [
      ['der', spki],
      ['pem', enc.encode(pem)],
      ['pkcs1-der', Uint8Array.from(createPublicKey(pem).export({ type: 'pkcs1', format: 'der' }))],
      ['pkcs1-pem', enc.encode(createPublicKey(pem).export({ type: 'pkcs1', format: 'pem' }) as string)],
      ['jwk', enc.encode(JSON.stringify({ kty: 'RSA', n: n.toString('base64url'), e: 'AQAB' }))],
    ] as const) {
      expect(decryptableUnder(below, publicKey, format), format).toBe(true);
      expect(decryptableUnder(Uint8Array.from(n), publicKey, format), format).toBe(false);
      expect(decryptableUnder(new Uint8Array(n.length).fill(0xff), publicKey, format), format).toBe(false);
    }
    // What the mutation asks of the altered input: the ciphertext against the key it is decrypted with.
    const mutation = rsaesPkcs1v15.mutations.find((m) => m.id === 'wrong-key')!;
    const altered = mutation.apply(
      { ciphertext: below, ...small.pair, [OTHER_KEYS.secretKey]: large.pair.secretKey!, [OTHER_KEYS.publicKey]: large.pair.publicKey! },
      rsaesPkcs1v15.sizes({ modulusBits: 2048, keyFormat: 'der' }),
      undefined as never,
    )!;
    expect(typeof mutation.wellFormed === 'function' && mutation.wellFormed(altered, { modulusBits: 2048, keyFormat: 'der' })).toBe(true);
  });
});
