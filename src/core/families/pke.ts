/**
 * The `pke` family, public-key encryption (randomized): generateKeyPair → {publicKey,
 * secretKey}; encrypt {publicKey, plaintext[, label]} → {ciphertext}; decrypt {secretKey[,
 * publicKey], ciphertext[, label]} → {plaintext}. `label` is there when the standard has
 * `labelBytes`, the public key when its decryption takes one (sealed boxes). In a matrix cell the
 * consumer generates its key pair and exports it in the parameter set's `keyFormat`, the
 * producer imports the public key and encrypts, the consumer decrypts. The producer, when it
 * can decrypt, also decrypts with the consumer's secret key, so secret-key encodings are
 * exchanged too. A failing pair is diagnosed (core/diagnosis.ts). Negative cases tamper with
 * the ciphertext, the label or the key; a consumer that answers with a pseudo-random plaintext
 * where the standard allows implicit rejection is recognised and explained, not failed.
 */
import { checkClaim, declaresImplicitRejection } from '../adapter.js';
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import { diagnose, type DiagnosisProbe } from '../diagnosis.js';
import type { ByteMap, Params, SideReport } from '../model.js';
import { rngFor } from '../rng.js';
import { OTHER_KEYS, type Mutation, type Standard } from '../standard.js';
import { declaredImplicitButRefused, describeMismatch, implicitRejection, step, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';
import { fit, messageArb, sizeOf, type MessageDraw } from './arbitraries.js';
import { ENCRYPTION, KEY_PAIR, ciphertextSpec, keySpec, nonceSpec, type FamilyModule, type InputSpec, type KatOp, type NegativeCase } from './family.js';
import { call, type Exchange, type ExchangesOf } from './intent-runner.js';
import { anyProperty, fail, must, type FamilyProperty, type Regression } from './fuzz-property.js';
import { queued } from './key-queue.js';
import { negativePlaintext } from './inputs.js';
import { consumeTampered } from './message.js';

/** One message: the plaintext and, when the standard has `labelBytes`, the label. */
interface Message {
  readonly plaintext: Uint8Array;
  readonly label?: Uint8Array;
}

/** The key parameters of a set, e.g. `modulusBits=2048,keyFormat=der`: pairs are shared across the rest. */
function keyId(std: Standard, params: Params): string {
  return (std.keys?.keyParams ?? std.params.map((p) => p.name)).map((n) => `${n}=${String(params[n])}`).join(',');
}

/**
 * The consumer's key pair for `role`, generated once per run per library and key parameters
 * (RSA key generation is slow), whatever hash or label the parameter set names. An explicit
 * adapter and its `defaults` variant share the pairs: they are one library, and a defaults
 * variant generates keys with its explicit adapter's function. Standards of one `keyType`
 * (RSA-OAEP and RSAES-PKCS1-v1_5) share them too.
 */
export function pkeKeyPair(ctx: CaseContext, std: Standard, params: Params, adapterId: string, role: 'recipient' | 'other', urgent = true): Promise<Step> {
  const adapter = ctx.adapter(adapterId);
  const kind = std.keys?.keyType ?? std.id;
  const key = `pke-kp|${adapter.library}|${kind}|${keyId(std, params)}|${role}`;
  // A fetch ahead must not move the case's stage: it is not what the case is doing.
  const progress = urgent ? ctx.progress : { stage: undefined };
  return queued(ctx, key, () => step(progress, adapter, std.id, 'generateKeyPair', params, {}), urgent);
}

/**
 * From the first grid of the standard's sweep, queues the consumer's key pairs for the other
 * key parameters (sizes, encodings) behind whatever cases wait for, so that they are made while
 * the cheaper grids run. Only from the first grid: a run of a few chosen cases (a replay)
 * should not make keys it will never use.
 */
function fetchAhead(ctx: CaseContext, std: Standard, params: Params, consumer: string): void {
  if (std.paramsId(params) !== std.paramsId(std.matrix[0]!)) return;
  const adapter = ctx.adapter(consumer);
  // An external adapter is one process answering in turn: a long generation ahead would hold up its other cases.
  if (adapter.kind === 'external') return;
  for (const p of std.matrix) {
    if (checkClaim(adapter, std.id, 'generateKeyPair', p).ok && checkClaim(adapter, std.id, 'decrypt', p).ok)
      void pkeKeyPair(ctx, std, p, consumer, 'recipient', false);
  }
}

/**
 * The parameter set in which a pair exchanges secret keys too: the first of the matrix with
 * the same key encoding that the producer can decrypt in. The encoding does not depend on the
 * key size, the hash or the label, so once per pair and encoding is enough (RSA decryption
 * in pure JavaScript is slow, at 4096 bits a quarter of a second); and not between two
 * variants of one library, nor with a `defaults` variant on either side: its keys are its
 * library's, which the explicit adapter exchanges already.
 */
function exchangesSecretKeys(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): boolean {
  const [p, c] = [ctx.adapter(producer), ctx.adapter(consumer)];
  if (p.library === c.library || p.variant === 'defaults' || c.variant === 'defaults') return false;
  const first = std.matrix.find((p) => p['keyFormat'] === params['keyFormat'] && checkClaim(ctx.adapter(producer), std.id, 'decrypt', p).ok);
  return first !== undefined && std.paramsId(first) === std.paramsId(params);
}

/**
 * The label depends on its length only, so a diagnosis that tries another `labelBytes` uses
 * the label the other side would have used.
 */
function labelOf(seed: string, std: Standard, params: Params): Uint8Array | undefined {
  const n = params['labelBytes'];
  return n === undefined ? undefined : rngFor(seed, `${std.id}/label`).bytes(Number(n));
}

function messageOf(seed: string, std: Standard, params: Params, size: number): Message {
  const plaintext = rngFor(seed, `${std.id}/${std.paramsId(params)}/pt${size}`).bytes(size);
  const label = labelOf(seed, std, params);
  return label === undefined ? { plaintext } : { plaintext, label };
}

/** The longest plaintext first (its length depends on the hash), then the standard's own sizes. */
function messageSizes(std: Standard, params: Params): number[] {
  const max = std.sizes(params).maxPlaintext;
  return [...new Set([...(max === undefined ? [] : [max]), ...std.plaintextSizes])];
}

const withLabel = (inputs: Record<string, Uint8Array>, label: Uint8Array | undefined): ByteMap => (label === undefined ? inputs : { ...inputs, label });

function encryptInputs(keys: ByteMap, m: Message): ByteMap {
  return withLabel({ publicKey: keys['publicKey']!, plaintext: m.plaintext }, m.label);
}

function decryptInputs(std: Standard, keys: ByteMap, ciphertext: Uint8Array, label: Uint8Array | undefined): ByteMap {
  const inputs: Record<string, Uint8Array> = { secretKey: keys['secretKey']!, ciphertext };
  if (std.keys?.decryptWithPublicKey) inputs['publicKey'] = keys['publicKey']!;
  return withLabel(inputs, label);
}

/** The producer's encryption of one message to the consumer's key, made once per run. */
function sealed(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string, keys: ByteMap, m: Message): Promise<Step> {
  return ctx.memo(`pke-enc|${producer}|${consumer}|${std.id}|${std.paramsId(params)}|${m.plaintext.length}`, () =>
    step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, encryptInputs(keys, m)),
  );
}

/** Does `adapterId` decrypt `ciphertext` to `m.plaintext` under `params` (with `params`' label)? */
async function decryptsTo(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  adapterId: string,
  keys: ByteMap,
  ciphertext: Uint8Array,
  m: Message,
): Promise<boolean> {
  const s = await step(ctx.progress, ctx.adapter(adapterId), std.id, 'decrypt', params, decryptInputs(std, keys, ciphertext, labelOf(ctx.seed, std, params)));
  return s.ok && bytesEqual(s.out['plaintext']!, m.plaintext);
}

/** Appends the diagnosis of a failed pair to its verdict. */
async function diagnosed(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  ends: { producer: string; consumer: string },
  v: Verdict,
  keys: ByteMap,
  m: Message,
  ciphertext?: Uint8Array,
): Promise<Verdict> {
  const probe: DiagnosisProbe = {
    producerSide: async (alt) => {
      // A short message: the longest one of `params` may be too long under another hash.
      const short = { plaintext: m.plaintext.subarray(0, Math.min(16, m.plaintext.length)) };
      const label = labelOf(ctx.seed, std, alt);
      const enc = await step(
        ctx.progress,
        ctx.adapter(ends.producer),
        std.id,
        'encrypt',
        alt,
        encryptInputs(keys, label === undefined ? short : { ...short, label }),
      );
      return enc.ok && decryptsTo(ctx, std, params, ends.consumer, keys, enc.out['ciphertext']!, short);
    },
    ...(ciphertext ? { consumerSide: (alt: Params) => decryptsTo(ctx, std, alt, ends.consumer, keys, ciphertext, m) } : {}),
  };
  const pair = {
    producer: ctx.adapter(ends.producer),
    producerOp: 'encrypt' as const,
    consumer: ctx.adapter(ends.consumer),
    consumerOp: 'decrypt' as const,
    verb: 'decrypts',
  };
  const finding = await diagnose(std, params, pair, probe);
  return { ...v, message: `${v.message} — ${finding}`, sides: [...v.sides, { adapter: 'diagnosis', message: finding }] };
}

/** The producer decrypts with the consumer's secret key: the secret-key encoding crosses too. */
async function secretKeyExchange(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  producer: string,
  consumer: string,
  keys: ByteMap,
  ciphertext: Uint8Array,
  m: Message,
): Promise<Verdict | undefined> {
  if (!exchangesSecretKeys(ctx, std, params, producer, consumer)) return undefined;
  const s = await step(ctx.progress, ctx.adapter(producer), std.id, 'decrypt', params, decryptInputs(std, keys, ciphertext, m.label));
  if (!s.ok) return unexpectedFailure(s, [s.side], `producer ${producer} decrypting with ${consumer}'s secret key (${String(params['keyFormat'] ?? 'raw')})`);
  if (!bytesEqual(s.out['plaintext']!, m.plaintext)) {
    return wrongOutput([s.side], describeMismatch(`${producer}'s decryption with ${consumer}'s secret key`, m.plaintext, s.out['plaintext']!));
  }
  return undefined;
}

/** Consumer's key pair, producer encrypts to it at each size, consumer decrypts. */
export async function pkeMatrix(ctx: CaseContext, std: Standard, params: Params, producer: string, consumer: string): Promise<Verdict> {
  const kp = await pkeKeyPair(ctx, std, params, consumer, 'recipient');
  fetchAhead(ctx, std, params, consumer);
  if (!kp.ok) return unexpectedFailure(kp, [kp.side], `consumer ${consumer} key generation`);
  const keys = kp.out;
  const ends = { producer, consumer };
  const sizes = messageSizes(std, params);
  let sides: SideReport[] = [];
  let first: { ciphertext: Uint8Array; m: Message } | undefined;
  for (const size of sizes) {
    const m = messageOf(ctx.seed, std, params, size);
    const enc = await sealed(ctx, std, params, producer, consumer, keys, m);
    if (!enc.ok)
      return diagnosed(ctx, std, params, ends, unexpectedFailure(enc, [kp.side, enc.side], `producer ${producer} (plaintext ${size} bytes)`), keys, m);
    const ciphertext = enc.out['ciphertext']!;
    const dec = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, decryptInputs(std, keys, ciphertext, m.label));
    sides = [enc.side, dec.side];
    if (!dec.ok) return diagnosed(ctx, std, params, ends, unexpectedFailure(dec, sides, `consumer ${consumer} (plaintext ${size} bytes)`), keys, m, ciphertext);
    ctx.progress.stage = 'compare';
    if (!bytesEqual(dec.out['plaintext']!, m.plaintext)) {
      const v: Verdict = wrongOutput(sides, describeMismatch(`decrypted plaintext (${size} bytes)`, m.plaintext, dec.out['plaintext']!));
      return diagnosed(ctx, std, params, ends, v, keys, m, ciphertext);
    }
    first ??= { ciphertext, m };
  }
  const exchange = first && (await secretKeyExchange(ctx, std, params, producer, consumer, keys, first.ciphertext, first.m));
  if (exchange) return exchange;
  const both = exchangesSecretKeys(ctx, std, params, producer, consumer) ? `; ${producer} also decrypts with ${consumer}'s secret key` : '';
  return {
    outcome: 'pass',
    sides,
    message: `${consumer}'s key pair exchanged as ${String(params['keyFormat'] ?? std.keys?.keyEncoding ?? 'raw bytes')}; round trip at plaintext sizes ${sizes.join(', ')}${both}`,
  };
}

/**
 * A tampered ciphertext, label or key must be rejected. Where the standard allows implicit
 * rejection, a consumer that returns a plaintext other than the original instead of an error
 * is doing exactly that: the case passes and says so.
 */
export async function pkeNegative({ ctx, std, params, producer, consumer, mutation, caseId }: NegativeCase): Promise<Verdict> {
  const kp = await pkeKeyPair(ctx, std, params, consumer, 'recipient');
  if (!kp.ok) return unexpectedFailure(kp, [kp.side], `consumer ${consumer} key generation`);
  const other = await pkeKeyPair(ctx, std, params, consumer, 'other');
  if (!other.ok) return unexpectedFailure(other, [other.side], `consumer ${consumer} key generation`);
  const generated = messageOf(ctx.seed, std, params, messageSizes(std, params)[0]!);
  const m = { ...generated, plaintext: negativePlaintext(std, generated.plaintext) };
  // A text plaintext is not the matrix's message of that size: it is memoized apart.
  const enc = await (m.plaintext === generated.plaintext
    ? sealed(ctx, std, params, producer, consumer, kp.out, m)
    : ctx.memo(`pke-enc-text|${producer}|${consumer}|${std.id}|${std.paramsId(params)}`, () =>
        step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, encryptInputs(kp.out, m)),
      ));
  if (!enc.ok) return unexpectedFailure(enc, [enc.side], `producer ${producer}`);
  const clean = {
    ...decryptInputs(std, kp.out, enc.out['ciphertext']!, m.label),
    [OTHER_KEYS.secretKey]: other.out['secretKey']!,
    [OTHER_KEYS.publicKey]: other.out['publicKey']!,
  };
  const control = `${producer}|${consumer}|${std.id}|${std.paramsId(params)}`;
  const v = await consumeTampered(ctx, std, params, consumer, { clean, plaintext: m.plaintext, control }, mutation, caseId, enc.side);
  const permits = std.keys?.implicitRejection;
  if (permits === undefined) return v;
  const declared = declaresImplicitRejection(ctx.adapter(consumer), std.id);
  if (declared && v.outcome === 'pass' && wellFormed(ctx, std, params, clean, mutation, caseId)) {
    const refusal = v.sides.at(-1)!;
    return declaredImplicitButRefused(v.sides, consumer, `the tampered input (${mutation.description})`, { message: refusal.message ?? '', stage: 'decrypt' });
  }
  if (v.failure !== 'accepted-invalid') return v;
  return implicitlyRejected(ctx, std, params, consumer, { clean, original: m.plaintext, mutation, caseId, permits, declared }, v);
}

/** Whether the tampered input of a case keeps the form an implicit rejector answers without an error (`Mutation.wellFormed`). */
function wellFormed(ctx: CaseContext, std: Standard, params: Params, clean: ByteMap, mutation: Mutation, caseId: string): boolean {
  if (typeof mutation.wellFormed !== 'function') return mutation.wellFormed === true;
  const altered = mutation.apply(clean, std.sizes(params), rngFor(ctx.seed, caseId));
  return altered !== undefined && mutation.wellFormed(altered, params);
}

/**
 * A consumer accepted tampered input where the standard permits implicit rejection: decrypt
 * the same tampered input again. A plaintext other than the original is implicit rejection
 * (deterministic, as the draft specifies, or not); the original plaintext stays a finding.
 */
async function implicitlyRejected(
  ctx: CaseContext,
  std: Standard,
  params: Params,
  consumer: string,
  t: { clean: ByteMap; original: Uint8Array; mutation: Mutation; caseId: string; permits: string; declared: boolean },
  accepted: Verdict,
): Promise<Verdict> {
  const tampered = t.mutation.apply(t.clean, std.sizes(params), rngFor(ctx.seed, t.caseId))!;
  const [a, b] = [
    await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, tampered),
    await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, tampered),
  ];
  if (!a.ok || !b.ok || bytesEqual(a.out['plaintext']!, t.original)) return accepted;
  return implicitRejection(
    [...accepted.sides.slice(0, 1), a.side, b.side],
    consumer,
    `the tampered input (${t.mutation.description})`,
    a.out['plaintext']!,
    b.out['plaintext']!,
    t.permits,
    t.declared,
  );
}

/** Known answers of a pke standard: decryption only (encryption is randomized). */
export function pkeKatOps(std: Standard): readonly KatOp[] {
  const inputs: Record<string, string> = { secretKey: 'secretKey', ciphertext: 'ciphertext' };
  if (std.keys?.decryptWithPublicKey) inputs['publicKey'] = 'publicKey';
  if (std.params.some((p) => p.name === 'labelBytes')) inputs['label'] = 'label';
  return [{ op: 'decrypt', inputs, output: ['plaintext', 'plaintext'], consuming: true }];
}

/**
 * Public-key encryption (randomized): the consumer's key pair, made once per run in the
 * parameter set's key format (not from the seed: a replay searches the same draws under a new
 * key, and the regression vector keeps the failing one); random plaintexts up to the longest
 * the parameters allow (lengths past it land on it, so the limit is tried often) and random
 * labels of the declared length. The consumer must decrypt what the producer encrypted.
 */
const property: FamilyProperty<MessageDraw> = {
  holds: () => 'round trip of random plaintexts up to the longest allowed, with random labels',
  arbitrary: messageArb,
  async check(env, d) {
    const { ctx, std, params, producer, consumer } = env;
    const keys = await pkeKeyPair(ctx, std, params, consumer, 'recipient');
    const max = std.sizes(params).maxPlaintext ?? Number.MAX_SAFE_INTEGER;
    const plaintext = fit(d.plaintext.bytes, Math.min(sizeOf(d.plaintext.size, 16), max));
    const label: ByteMap = params['labelBytes'] === undefined ? {} : { label: fit(d.key, Number(params['labelBytes'])) };
    const noKey: Regression = { result: 'valid', flag: 'FuzzRoundTrip', fields: {} };
    must(keys, `consumer ${consumer} generating its key pair`, noKey);
    const { publicKey, secretKey } = keys.out as { publicKey: Uint8Array; secretKey: Uint8Array };
    const enc = await step(ctx.progress, ctx.adapter(producer), std.id, 'encrypt', params, { publicKey, plaintext, ...label });
    must(enc, `producer ${producer}`, noKey);
    const withKey: ByteMap = std.keys?.decryptWithPublicKey ? { publicKey } : {};
    const dec: ByteMap = { secretKey, ciphertext: enc.out['ciphertext']!, ...withKey, ...label };
    const roundTrip: Regression = {
      result: 'valid',
      flag: 'FuzzRoundTrip',
      fields: env.fields('decrypt', dec),
      vote: { op: 'decrypt', inputs: dec, output: 'plaintext', field: 'plaintext', intended: plaintext },
    };
    const c = await step(ctx.progress, ctx.adapter(consumer), std.id, 'decrypt', params, dec);
    must(c, `consumer ${consumer}`, roundTrip, [enc.side, c.side]);
    if (!bytesEqual(c.out['plaintext']!, plaintext))
      fail('wrong-output', describeMismatch('decrypted plaintext', plaintext, c.out['plaintext']!), [enc.side, c.side], roundTrip);
  },
  describe(d, std, params) {
    const max = std.sizes(params).maxPlaintext ?? Number.MAX_SAFE_INTEGER;
    const n = Math.min(sizeOf(d.plaintext.size, 16), max);
    return `plaintext ${n} bytes${n === max ? ' (the longest allowed)' : ''}`;
  },
};

/** Why a `pke` message of `size` does not fit one encryption, or undefined when it does. */
function tooLong(std: Standard, params: Params, size: number): { none: string } | undefined {
  const max = std.sizes(params).maxPlaintext;
  return max !== undefined && size > max ? { none: `one ${std.id} ${std.paramsId(params)} encryption takes at most ${max} bytes` } : undefined;
}

/** `pke` inputs: the recipient's public key, the message, and a label when the standard has one. */
function pkeInputs(seed: string, std: Standard, params: Params, publicKey: Uint8Array, size: number): ByteMap {
  const rng = rngFor(seed, `bench/${std.id}/${std.paramsId(params)}/pt${size}`);
  const labelBytes = params['labelBytes'];
  return { publicKey, plaintext: rng.bytes(size), ...(labelBytes === undefined ? {} : { label: rng.bytes(Number(labelBytes)) }) };
}

/**
 * The exchanges of an intent case: the consumer generates its key pair as called (once per
 * run), the producer encrypts a short and a longest plaintext to it as called, the consumer
 * decrypts. A label goes with each side that resolves the intent with one.
 */
const pkeExchanges: ExchangesOf = async (ctx, std, intent, p, c) => {
  // Keyed by the resolution too: a proof runs one adapter as called and explicitly, each making its own key.
  const made = `${c.adapter.id}|${std.id}|${intent.id}|${c.resolution.call}|${std.paramsId(c.resolution.params)}`;
  const keys = await ctx.memo(`intent-kp|${made}`, () => call(ctx, std, c, 'generateKeyPair', {}), true);
  if (!keys.ok) return unexpectedFailure(keys, [keys.side], `consumer ${c.adapter.id} generating its key pair as called`);
  const rng = rngFor(ctx.seed, `${std.id}/intent-${intent.id}`);
  const labelBytes = rng.bytes(32);
  // The label input goes with every call of a standard that has one (empty for labelBytes 0), as
  // in the explicit grids; a call as documented that takes no label ignores it.
  const label = (params: Params): ByteMap => (params['labelBytes'] === undefined ? {} : { label: labelBytes.subarray(0, Number(params['labelBytes'])) });
  const max = std.sizes(p.resolution.params).maxPlaintext ?? 64;
  const withKey: ByteMap = std.keys?.decryptWithPublicKey ? { publicKey: keys.out['publicKey']! } : {};
  return [...new Set([Math.min(16, max), max])].map((size): Exchange => {
    // As in the negative grid, a standard whose implementations treat plaintext as text gets text
    // (gosop's UTF-8 round trip of binary plaintext is the explicit grid's finding, not the intent's).
    const plaintext = negativePlaintext(std, rng.bytes(size));
    return {
      what: `${size}-byte plaintext`,
      produce: (end, params) =>
        call(ctx, std, end, 'encrypt', { publicKey: keys.out['publicKey']!, plaintext, ...label(params ?? end.resolution.params) }, params),
      consume: (end, produced, params) =>
        call(
          ctx,
          std,
          end,
          'decrypt',
          { secretKey: keys.out['secretKey']!, ...withKey, ciphertext: produced['ciphertext']!, ...label(params ?? end.resolution.params) },
          params,
        ),
      output: 'plaintext',
      expected: () => plaintext,
      // A message that states what it was made with (the standard's `stated`) proves the resolution.
      ...(std.stated ? { stated: (produced: ByteMap) => std.stated!(produced['ciphertext']!) } : {}),
    };
  });
};

const label = (_std: Standard, params: Params): InputSpec[] => (params['labelBytes'] !== undefined ? [{ name: 'label' }] : []);

export const pke: FamilyModule = {
  name: 'pke',
  contract:
    'generateKeyPair → {publicKey, secretKey}; encrypt {publicKey, plaintext[, label]} → {ciphertext}; decrypt {secretKey[, publicKey], ciphertext[, label]} → {plaintext}',
  shapes: { ...KEY_PAIR, ...ENCRYPTION },
  operations: {
    encrypt: {
      untrusted: false,
      inputs: (std, params, sizes) => [keySpec('publicKey', sizes), ...nonceSpec(std, sizes), ...label(std, params), { name: 'plaintext' }],
    },
    decrypt: {
      untrusted: true,
      inputs: (std, params, sizes) => [
        keySpec('secretKey', sizes),
        ...(std.keys?.decryptWithPublicKey ? [keySpec('publicKey', sizes)] : []),
        ...nonceSpec(std, sizes),
        ...label(std, params),
        ciphertextSpec(sizes),
      ],
    },
  },
  roles: { producer: ['encrypt'], consumer: ['generateKeyPair', 'decrypt'] },
  // Known answers decrypt only (encryption is randomized). `label` is there when the standard
  // has a labelBytes parameter, the public key when its decryption takes one (sealed boxes).
  fields: [
    { name: 'secretKey', need: 'always' },
    { name: '$decryptPublicKey', need: 'always' },
    { name: '$label', need: 'always' },
    { name: 'plaintext', need: 'unless-invalid' },
    { name: 'ciphertext', need: 'always' },
  ],
  katOps: pkeKatOps,
  matrix: pkeMatrix,
  negative: pkeNegative,
  intent: pkeExchanges,
  keyAffinity: true,
  throughput: {
    op: () => 'encrypt',
    sized: true,
    prepare: async (kit, std, params, size) =>
      tooLong(std, params, size) ?? kit.call(pkeInputs(kit.seed, std, params, (await kit.pairs())[0]['publicKey']!, size)),
  },
  fuzz: anyProperty(property),
};
