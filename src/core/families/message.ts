/**
 * Matrix and negative cases for the message families (`aead`, `cipher`, `pbe`): the producer
 * encrypts, the consumer decrypts; deterministic standards must also agree byte for byte.
 * A family differs only in its inputs (MessageIO).
 */
import { bytesEqual, cappedHex } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import type { Mutation, Standard } from '../standard.js';
import { checkClaim } from '../adapter.js';
import { rngFor } from '../rng.js';
import { describeMismatch, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import type { MessageIO, NegativeCase, NegativeRunner, ThroughputDriver } from './family.js';
import { call, intentVariants, type Exchange, type ExchangesOf } from './intent-runner.js';
import { negativePlaintext, negativeSize } from './inputs.js';

/**
 * The producer's encryption of the generated message of `size`, made once per run. `enc` is
 * that message's inputs, which the caller derived already (deriving them costs as much as a
 * small encryption).
 */
function produced(ctx: CaseContext, std: Standard, params: Params, adapterId: string, size: number, enc: ByteMap): Promise<Step> {
  const key = `enc|${adapterId}|${std.id}|${std.paramsId(params)}|${size}`;
  return ctx.memo(key, () => step(ctx.progress, ctx.adapter(adapterId), std.id, 'encrypt', params, enc));
}

/** `bothends bench` of a message family: encryption of the generated message of each size. */
export function messageThroughput(io: MessageIO): ThroughputDriver {
  return { op: () => 'encrypt', sized: true, prepare: async (kit, std, params, size) => kit.call(io.encryptInputs(kit.seed, std, params, size)) };
}

/** The matrix runner of a message family with inputs `io`: producer encrypts, consumer decrypts, at every plaintext size of the standard. */
export function messageMatrix(io: MessageIO) {
  return async (ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> => {
    const consumerEncrypts = producer !== consumer && std.deterministic && checkClaim(ctx.adapter(consumer), std.id, 'encrypt', params).ok;
    let sides: SideReport[] = [];
    for (const size of std.plaintextSizes) {
      const enc = io.encryptInputs(ctx.seed, std, params, size);
      const p = await produced(ctx, std, params, producer, size, enc);
      if (!p.ok) return unexpectedFailure(p, [p.side], `producer ${producer} (plaintext ${size} bytes)`);
      const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, io.decryptInputs(enc, p.out['ciphertext']!));
      sides = [p.side, c.side];
      if (!c.ok) return unexpectedFailure(c, sides, `consumer ${consumer} (plaintext ${size} bytes)`);
      ctx.progress.stage = 'compare';
      if (!bytesEqual(c.out['plaintext']!, enc['plaintext']!)) {
        return wrongOutput(sides, describeMismatch(`decrypted plaintext (${size} bytes)`, enc['plaintext']!, c.out['plaintext']!));
      }
      if (consumerEncrypts) {
        const own = await produced(ctx, std, params, consumer, size, enc);
        if (own.ok && !bytesEqual(own.out['ciphertext']!, p.out['ciphertext']!)) {
          return wrongOutput(
            [p.side, own.side],
            `${producer} and ${consumer} encrypt identical inputs differently: ${describeMismatch(`ciphertext (plaintext ${size} bytes)`, p.out['ciphertext']!, own.out['ciphertext']!)}`,
          );
        }
      }
    }
    const same = consumerEncrypts ? '; both encrypt byte for byte alike' : '';
    return { outcome: 'pass', sides, message: `round trip at plaintext sizes ${std.plaintextSizes.join(', ')}${same}` };
  };
}

/** The negative runner of a message family with inputs `io`: the ciphertext (or nonce, AAD, key) is tampered, the consumer must reject. */
export function messageNegative(io: MessageIO): NegativeRunner {
  return async ({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> => {
    const size = negativeSize(std, params);
    const generated = io.encryptInputs(ctx.seed, std, params, size);
    const enc = { ...generated, plaintext: negativePlaintext(std, generated['plaintext']!) };
    // A text plaintext is not the matrix's message of that size: it is memoized apart.
    const text = enc['plaintext'] !== generated['plaintext'];
    const p = await (text
      ? ctx.memo(`enc-text|${producer}|${std.id}|${std.paramsId(params)}|${size}`, () =>
          step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, enc),
        )
      : produced(ctx, std, params, producer, size, enc));
    if (!p.ok) return unexpectedFailure(p, [p.side], `producer ${producer}`);
    const clean = io.decryptInputs(enc, p.out['ciphertext']!);
    const control = `${producer}|${consumer}|${std.id}|${std.paramsId(params)}`;
    return consumeTampered(ctx, std, params, consumer, { clean, plaintext: enc['plaintext']!, control }, mutation, caseId, p.side);
  };
}

/** A valid decryption: its inputs, the plaintext they must give, and a key naming the pair. */
export interface Untampered {
  readonly clean: Readonly<Record<string, Uint8Array>>;
  readonly plaintext: Uint8Array;
  /** Memo key of the control decryption (producer, consumer, parameters). */
  readonly control: string;
}

/**
 * Who failed a control, without blaming the consumer for the producer's output: the pair does
 * not interoperate, and only its matrix cell (and known answers) tell which side deviates.
 */
export function controlWhose(producer: string, consumer: string): string {
  return producer === consumer
    ? `${consumer} does not decrypt its own untampered ciphertext`
    : `${producer}'s untampered ciphertext does not decrypt with ${consumer}`;
}

/**
 * Applies `mutation` to decrypt inputs and requires the consumer to reject them. First, once
 * per pair, a control: the consumer must accept the untampered inputs. If it does not (the
 * pair does not interoperate, as its matrix cell shows), a rejection of tampered input
 * proves nothing and an acceptance could be a valid message, so the case is skipped.
 */
export async function consumeTampered(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  consumer: string,
  base: Untampered,
  mutation: Mutation,
  caseId: string,
  producerSide: SideReport,
): Promise<Verdict> {
  const { clean } = base;
  const control = await ctx.memo(`ctl|${base.control}`, () => step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, clean));
  if (!control.ok || !bytesEqual(control.out['plaintext']!, base.plaintext)) {
    return {
      outcome: 'skipped',
      sides: [producerSide, control.side],
      message: `control failed: ${controlWhose(producerSide.adapter, consumer)} (${control.ok ? 'wrong plaintext' : control.side.message}), so tampering proves nothing; the pair's matrix cell shows which side deviates`,
    };
  }
  const tampered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  if (!tampered) return { outcome: 'error', stage: 'compare', sides: [producerSide], message: `mutation ${mutation.id} does not apply to these inputs` };
  const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, tampered);
  const sides = [producerSide, c.side];
  if (c.ok && mutation.expected === 'either') return undetectedTamper(c.out['plaintext']!, base.plaintext, mutation, sides);
  if (c.ok) {
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      stage: 'decrypt',
      sides,
      message: `SECURITY: ${consumer} accepted a tampered input (${mutation.description}) and returned ${cappedHex(c.out['plaintext']!, 24)}`,
    };
  }
  if (c.why === 'rejected') {
    // The refusal's own text is in the consumer's side; it varies with the library's error queue.
    const how = mutation.expected === 'either' ? 'detected although the standard does not require it' : 'rejected';
    return { outcome: 'pass', sides, message: `${how}: ${mutation.description}` };
  }
  return unexpectedFailure(c, sides, `consumer ${consumer}`);
}

/**
 * A tampered input of an unauthenticated standard that decrypted without error: not a pass
 * (nothing noticed), not unexpected (the standard cannot notice), and explained.
 */
function undetectedTamper(got: Uint8Array, original: Uint8Array, mutation: Mutation, sides: readonly SideReport[]): Verdict {
  const what = bytesEqual(got, original) ? 'to the original plaintext' : `to the wrong plaintext ${cappedHex(got, 24)}`;
  return {
    outcome: 'fail',
    failure: 'undetected-tamper',
    stage: 'decrypt',
    sides,
    message: `decrypted ${what} without error (${mutation.description}): ${mutation.because}`,
  };
}

/** Whether two parameter sets take keys and nonces of the same sizes. */
function sameSizes(std: Standard, a: Params, b: Params): boolean {
  const [x, y] = [std.sizes(a), std.sizes(b)];
  return x.key === y.key && x.nonce === y.nonce;
}

/**
 * The exchanges of an intent case of a message family: at each plaintext size of the standard,
 * and with each of the intent's inputs, the producer encrypts the generated message (sized as
 * the producer resolves the intent) and the consumer decrypts it.
 */
export function messageExchanges(io: MessageIO): ExchangesOf {
  return async (ctx, std, intent, p) => {
    const variants = intentVariants(intent);
    return std.plaintextSizes.flatMap((size) =>
      variants.map(({ name, replace }): Exchange => {
        const inputsFor = (params: Params): ByteMap => {
          const generated = io.encryptInputs(ctx.seed, std, params, size);
          // As in the negative grid, a standard whose implementations treat plaintext as text gets text.
          return { ...generated, plaintext: negativePlaintext(std, generated['plaintext']!), ...replace };
        };
        const enc = inputsFor(p.resolution.params);
        // A producer configured explicitly with parameters whose key or nonce has another size (a
        // 12-byte nonce where the producer as called takes 8) gets inputs of those sizes; the
        // consumer of that attempt reads with the same ones.
        const sized = (params?: Params): ByteMap => (params === undefined || sameSizes(std, params, p.resolution.params) ? enc : inputsFor(params));
        let used = enc;
        return {
          what: `${size}-byte plaintext${name ? `, ${name}` : ''}`,
          produce: (end, params) => call(ctx, std, end, 'encrypt', (used = sized(params)), params),
          consume: (end, produced, params) => call(ctx, std, end, 'decrypt', io.decryptInputs(used, produced['ciphertext']!), params),
          output: 'plaintext',
          expected: () => used['plaintext']!,
          // A file that states what it was made with (the standard's `stated`) proves the resolution.
          ...(std.stated ? { stated: (produced: ByteMap) => std.stated!(produced['ciphertext']!) } : {}),
        };
      }),
    );
  };
}
