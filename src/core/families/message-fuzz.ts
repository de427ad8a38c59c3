/**
 * The fuzz property of the message families (`aead`, `cipher`, `box`): random keys, nonces
 * (biased to counter-wrap points), plaintexts and AAD (sizes biased to block boundaries).
 */
import { checkClaim } from '../adapter.js';
import { bytesEqual, cappedHex } from '../bytes.js';
import type { ByteMap, Params } from '../model.js';
import type { Standard } from '../standard.js';
import { describeMismatch, step } from '../step.js';
import { describeSize, fit, messageArb, nonceOf, sizeOf, unitOf, type BytesDraw, type MessageDraw } from './arbitraries.js';
import type { Reference } from './family.js';
import { anyProperty, fail, must, type AnyProperty, type FamilyProperty, type PairEnv, type Regression } from './fuzz-property.js';
import { decryptInputs } from './inputs.js';

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const at = bit % (out.length * 8);
  out[at >> 3] = out[at >> 3]! ^ (1 << (at & 7));
  return out;
}

const bytesOf = (d: BytesDraw, unit: number): Uint8Array => fit(d.bytes, sizeOf(d.size, unit));

/** The encryption inputs of a draw, and the decryption inputs for a ciphertext. */
interface Message {
  readonly enc: ByteMap;
  dec(ciphertext: Uint8Array): ByteMap;
}

/** A symmetric message (`withAad`: with drawn AAD) from a draw. */
export const symmetricMessage =
  (withAad: boolean) =>
  (std: Standard, params: Params, d: MessageDraw): Message => {
    const sizes = std.sizes(params);
    const unit = unitOf(sizes);
    const enc: ByteMap = {
      key: fit(d.key, sizes.key),
      [std.nonceInput ?? 'nonce']: nonceOf(d.nonce, sizes.nonce, params),
      ...(withAad ? { aad: bytesOf(d.aad, unit) } : {}),
      plaintext: bytesOf(d.plaintext, unit),
    };
    return { enc, dec: (ciphertext) => decryptInputs(enc, ciphertext) };
  };

/** A box from the drawn sender's to the drawn recipient's key; public keys are X25519(k, 9) of the secret keys. */
export function boxMessage(std: Standard, params: Params, d: MessageDraw, reference: Reference): Message {
  const sizes = std.sizes(params);
  const sender = fit(d.key, sizes.secretKey ?? 32);
  const recipient = fit(d.key2, sizes.secretKey ?? 32);
  const nonce = nonceOf(d.nonce, sizes.nonce, params);
  const plaintext = bytesOf(d.plaintext, unitOf(sizes));
  return {
    enc: { secretKey: sender, publicKey: reference.publicKey(recipient), nonce, plaintext },
    dec: (ciphertext) => ({ secretKey: recipient, publicKey: reference.publicKey(sender), nonce, ciphertext }),
  };
}

/** Saved fields of a message: encryption and decryption inputs (without the ciphertext). */
function messageFields(env: PairEnv, m: Message): Record<string, Uint8Array> {
  const { ciphertext: _unused, ...dec } = m.dec(new Uint8Array(0));
  return { ...env.fields('decrypt', dec), ...env.fields('encrypt', m.enc) };
}

/**
 * The message property: the consumer decrypts what the producer encrypted; deterministic
 * standards also encrypt byte for byte alike; authenticated ones reject a flipped bit.
 * `withAad`: the family's messages carry AAD (its descriptions say how much).
 */
export function messageProperty(make: (std: Standard, params: Params, d: MessageDraw, reference: Reference) => Message, withAad: boolean): AnyProperty {
  const property: FamilyProperty<MessageDraw> = {
    holds: ({ std }) =>
      `round trip${std.deterministic ? ', byte-for-byte equal encryptions' : ''}${std.authenticated ? ', a flipped ciphertext bit rejected' : ''}`,
    arbitrary: messageArb,
    async check(env, d) {
      const { ctx, std, params, producer, consumer } = env;
      const m = make(std, params, d, env.reference);
      const roundTrip: Regression = {
        result: 'valid',
        flag: 'FuzzRoundTrip',
        fields: messageFields(env, m),
        vote: { op: 'encrypt', inputs: m.enc, output: 'ciphertext', field: 'ciphertext' },
      };
      const p = await step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, m.enc);
      must(p, `producer ${producer}`, roundTrip);
      const ct = p.out['ciphertext']!;
      const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, m.dec(ct));
      must(c, `consumer ${consumer}`, roundTrip, [p.side, c.side]);
      if (!bytesEqual(c.out['plaintext']!, m.enc['plaintext']!))
        fail('wrong-output', describeMismatch('decrypted plaintext', m.enc['plaintext']!, c.out['plaintext']!), [p.side, c.side], roundTrip);
      if (std.deterministic && producer !== consumer && checkClaim(ctx.adapter(consumer), std.id, 'encrypt', params).ok) {
        const own = await step(ctx.progress, ctx.adapter(consumer), std.id, 'encrypt', params, m.enc);
        must(own, `consumer ${consumer} encrypting the same inputs`, roundTrip, [p.side, own.side]);
        if (!bytesEqual(own.out['ciphertext']!, ct))
          fail(
            'wrong-output',
            `${producer} and ${consumer} encrypt identical inputs differently: ${describeMismatch('ciphertext', ct, own.out['ciphertext']!)}`,
            [p.side, own.side],
            roundTrip,
          );
      }
      if (!std.authenticated) return;
      const tampered = m.dec(flipBit(ct, d.flip));
      const tamper: Regression = { result: 'invalid', flag: 'FuzzTamper', fields: env.fields('decrypt', tampered) };
      const t = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, tampered);
      if (t.ok)
        fail(
          'accepted-invalid',
          `SECURITY: ${consumer} accepted a ciphertext with bit ${d.flip % (ct.length * 8)} flipped and returned ${cappedHex(t.out['plaintext']!, 24)}`,
          [p.side, t.side],
          tamper,
        );
      if (t.why !== 'rejected') must(t, `consumer ${consumer} given a tampered ciphertext`, tamper, [p.side, t.side]);
    },
    describe(d, std, params) {
      const sizes = std.sizes(params);
      const unit = unitOf(sizes);
      const aad = withAad ? `, aad ${describeSize(d.aad.size, unit)}` : '';
      const shape = d.nonce.shape === 'near-wrap' ? `counter ${d.nonce.distance} block(s) before wrapping` : d.nonce.shape;
      return `plaintext ${describeSize(d.plaintext.size, unit)}${aad}, ${std.nonceInput ?? 'nonce'} ${cappedHex(nonceOf(d.nonce, sizes.nonce, params), 16)} (${shape})`;
    },
  };
  return anyProperty(property);
}
