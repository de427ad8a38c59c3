/**
 * The `box` family (NaCl crypto_box): generateKeyPair → {publicKey, secretKey}; encrypt
 * {secretKey, publicKey, nonce, plaintext}; decrypt {secretKey, publicKey, nonce, ciphertext}.
 * In a matrix cell each side generates its own key pair, the producer encrypts from its key to
 * the consumer's, the consumer decrypts.
 */
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import type { Standard } from '../standard.js';
import { checkClaim } from '../adapter.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import { ENCRYPTION, KEY_PAIR, ciphertextSpec, keyPairSpec, nonceSpec, type FamilyModule, type KatOp, type NegativeCase } from './family.js';
import { boxInputs, negativeSize } from './inputs.js';
import { messageBoundary } from './message-boundary.js';
import { boxMessage, messageProperty } from './message-fuzz.js';
import { rngFor } from '../rng.js';
import type { Sizes } from '../standard.js';
import { consumeTampered } from './message.js';
import { call, intentVariants, type End, type Exchange, type ExchangesOf } from './intent-runner.js';

/** A key pair generated once per run by `adapterId` for `role`. */
export function keyPair(ctx: CaseContext, std: Standard, params: Params, adapterId: string, role: string): Promise<Step> {
  return ctx.memo(
    `kp|${adapterId}|${std.id}|${std.paramsId(params)}|${role}`,
    () => step(ctx.progress, ctx.adapter(adapterId), std.id, 'generateKeyPair', params, {}),
    true,
  );
}

/** Everything one message needs: both key pairs, the encryption inputs, the producer's box. */
type Prepared =
  | { readonly ok: false; readonly verdict: Verdict }
  | { readonly ok: true; readonly enc: ByteMap; readonly dec: ByteMap; readonly boxed: Step & { ok: true } };

async function prepare(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, size: number): Promise<Prepared> {
  const sender = await keyPair(ctx, std, params, producer, 'sender');
  if (!sender.ok) return { ok: false, verdict: unexpectedFailure(sender, [sender.side], `producer ${producer} key generation`) };
  const recipient = await keyPair(ctx, std, params, consumer, 'recipient');
  if (!recipient.ok) return { ok: false, verdict: unexpectedFailure(recipient, [recipient.side], `consumer ${consumer} key generation`) };
  const { nonce, plaintext } = boxInputs(ctx.seed, std, params, size);
  const enc = { secretKey: sender.out['secretKey']!, publicKey: recipient.out['publicKey']!, nonce, plaintext };
  const boxed = await ctx.memo(`box|${producer}|${consumer}|${std.id}|${std.paramsId(params)}|${size}`, () =>
    step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, enc),
  );
  if (!boxed.ok) return { ok: false, verdict: unexpectedFailure(boxed, [boxed.side], `producer ${producer} (plaintext ${size} bytes)`) };
  const dec = { secretKey: recipient.out['secretKey']!, publicKey: sender.out['publicKey']!, nonce, ciphertext: boxed.out['ciphertext']! };
  return { ok: true, enc, dec, boxed };
}

/** Producer boxes to the consumer's public key at every size; the consumer opens. */
export async function boxMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const consumerEncrypts = producer !== consumer && checkClaim(ctx.adapter(consumer), std.id, 'encrypt', params).ok;
  let sides: SideReport[] = [];
  for (const size of std.plaintextSizes) {
    const prep = await prepare(ctx, std, params, producer, consumer, size);
    if (!prep.ok) return prep.verdict;
    const opened = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, prep.dec);
    sides = [prep.boxed.side, opened.side];
    if (!opened.ok) return unexpectedFailure(opened, sides, `consumer ${consumer} (plaintext ${size} bytes)`);
    ctx.progress.stage = 'compare';
    if (!bytesEqual(opened.out['plaintext']!, prep.enc['plaintext']!)) {
      return wrongOutput(sides, describeMismatch('opened plaintext', prep.enc['plaintext']!, opened.out['plaintext']!));
    }
    if (consumerEncrypts) {
      const own = await step(ctx.progress, ctx.adapter(consumer), std.id, 'encrypt', params, prep.enc);
      if (own.ok && !bytesEqual(own.out['ciphertext']!, prep.boxed.out['ciphertext']!)) {
        return wrongOutput(
          [prep.boxed.side, own.side],
          `${producer} and ${consumer} box identical inputs differently: ${describeMismatch('ciphertext', prep.boxed.out['ciphertext']!, own.out['ciphertext']!)}`,
        );
      }
    }
  }
  return { outcome: 'pass', sides, message: `keys exchanged raw; round trip at plaintext sizes ${std.plaintextSizes.join(', ')}` };
}

/** A tampered box (or a wrong key) must not open. */
export async function boxNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const prep = await prepare(ctx, std, params, producer, consumer, negativeSize(std, params));
  if (!prep.ok) return prep.verdict;
  const control = `${producer}|${consumer}|${std.id}|${std.paramsId(params)}`;
  return consumeTampered(ctx, std, params, consumer, { clean: prep.dec, plaintext: prep.enc['plaintext']!, control }, mutation, caseId, prep.boxed.side);
}

/**
 * The exchanges of an intent case: each end generates its key pair as called (once per run), the
 * producer boxes from its key to the consumer's at every plaintext size and with each of the
 * intent's inputs, the consumer opens with its key and the producer's public key.
 */
const boxExchanges: ExchangesOf = async (ctx, std, intent, p, c) => {
  const pair = (end: End, role: string): Promise<Step> =>
    ctx.memo(`intent-kp|${end.adapter.id}|${std.id}|${intent.id}|${role}`, () => call(ctx, std, end, 'generateKeyPair', {}), true);
  const sender = await pair(p, 'sender');
  if (!sender.ok) return unexpectedFailure(sender, [sender.side], `producer ${p.adapter.id} generating its key pair as called`);
  const recipient = await pair(c, 'recipient');
  if (!recipient.ok) return unexpectedFailure(recipient, [recipient.side], `consumer ${c.adapter.id} generating its key pair as called`);
  return std.plaintextSizes.flatMap((size) =>
    intentVariants(intent).map(({ name, replace }): Exchange => {
      const enc: ByteMap = {
        secretKey: sender.out['secretKey']!,
        publicKey: recipient.out['publicKey']!,
        ...boxInputs(ctx.seed, std, p.resolution.params, size),
        ...replace,
      };
      const dec: ByteMap = { secretKey: recipient.out['secretKey']!, publicKey: sender.out['publicKey']!, nonce: enc['nonce']! };
      return {
        what: `${size}-byte plaintext${name ? `, ${name}` : ''}`,
        produce: (end, params) => call(ctx, std, end, 'encrypt', enc, params),
        consume: (end, produced, params) => call(ctx, std, end, 'decrypt', { ...dec, ciphertext: produced['ciphertext']! }, params),
        output: 'plaintext',
        expected: () => enc['plaintext']!,
      };
    }),
  );
};

const katOps = (): readonly KatOp[] => [
  {
    op: 'encrypt',
    inputs: { secretKey: 'senderSecretKey', publicKey: 'recipientPublicKey', nonce: 'nonce', plaintext: 'plaintext' },
    output: ['ciphertext', 'ciphertext'],
    consuming: false,
  },
  {
    op: 'decrypt',
    inputs: { secretKey: 'recipientSecretKey', publicKey: 'senderPublicKey', nonce: 'nonce', ciphertext: 'ciphertext' },
    output: ['plaintext', 'plaintext'],
    consuming: true,
  },
];

export const box: FamilyModule = {
  name: 'box',
  contract:
    'generateKeyPair → {publicKey, secretKey}; encrypt {secretKey, publicKey, nonce, plaintext} → {ciphertext}; decrypt {secretKey, publicKey, nonce, ciphertext} → {plaintext}',
  shapes: { ...KEY_PAIR, ...ENCRYPTION },
  operations: {
    encrypt: { untrusted: false, inputs: (std, _p, sizes) => [...keyPairSpec(sizes), ...nonceSpec(std, sizes), { name: 'plaintext' }] },
    decrypt: { untrusted: true, inputs: (std, _p, sizes) => [...keyPairSpec(sizes), ...nonceSpec(std, sizes), ciphertextSpec(sizes)] },
  },
  roles: { producer: ['generateKeyPair', 'encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
  // Encryption needs the sender's secret and the recipient's public key; decryption the other
  // two. A test that only decrypts (a forgery, a bad public key) carries only the latter.
  fields: [
    { name: 'senderSecretKey', need: 'when-valid' },
    { name: 'senderPublicKey', need: 'always' },
    { name: 'recipientSecretKey', need: 'always' },
    { name: 'recipientPublicKey', need: 'when-valid' },
    { name: 'nonce', need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  katOps,
  matrix: boxMatrix,
  negative: boxNegative,
  intent: boxExchanges,
  keyAffinity: false,
  throughput: {
    op: () => 'encrypt',
    sized: true,
    async prepare(kit, std, params, size) {
      const [sender, recipient] = await kit.pairs();
      return kit.call({ secretKey: sender['secretKey']!, publicKey: recipient['publicKey']!, ...boxInputs(kit.seed, std, params, size) });
    },
  },
  fuzz: messageProperty(boxMessage, false),
  boundary: messageBoundary({
    katOps,
    fields(std, params, seed, label, size, _aad, ref) {
      const rng = rngFor(seed, `${label}/keys`);
      const senderSecretKey = rng.bytes(std.sizes(params).secretKey!);
      const recipientSecretKey = rng.bytes(std.sizes(params).secretKey!);
      return {
        senderSecretKey,
        senderPublicKey: ref.publicKey(senderSecretKey),
        recipientSecretKey,
        recipientPublicKey: ref.publicKey(recipientSecretKey),
        ...boxInputs(seed, std, params, size),
      };
    },
  }),
};
