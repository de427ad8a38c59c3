/**
 * The intent matrix: the producer as its library's documentation calls it, the consumer as
 * its library's documentation calls it, on the intent's inputs. A pair that fails is diagnosed:
 * when the two resolutions differ, it is a `mismatch`, and each side is tried again through
 * its explicit operations configured as the other side resolved the intent; the first that works
 * is the fix, confirmed by running it. When both resolve the intent identically, a failure is a
 * plain one (a bug), as in the explicit grids.
 */
import { checkClaim, type Adapter } from '../adapter.js';
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import { differingParams, type Intent, type IntentResolution } from '../intent.js';
import type { ByteMap, IntentCase, OpName, Params, SideReport } from '../model.js';
import type { Standard } from '../standard.js';
import { describeMismatch, step, stepAsCalled, unexpectedFailure, type Step, type Verdict } from '../step.js';

/** One end of an intent case: the adapter and how it resolves the intent. */
export interface End {
  readonly adapter: Adapter;
  readonly resolution: IntentResolution;
}

/** How one exchange runs: the producer's step and the consumer's, with the value that must come out. */
export interface Exchange {
  /** What is being exchanged, for messages: `plaintext of 17 bytes`. */
  readonly what: string;
  /** The producer's part; `explicit` runs its explicit operations under `params` instead of as called. */
  produce(end: End, params?: Params): Promise<Step>;
  /** The consumer's part on the producer's output; `explicit` as above. */
  consume(end: End, produced: ByteMap, params?: Params): Promise<Step>;
  /** The name of the consumer's output that must equal `expected`, and that value. */
  readonly output: string;
  expected(produced: ByteMap): Uint8Array;
  /**
   * Why the consumer's output is not what the producer's input must give back, undefined when
   * it is; absent: `output` must equal `expected` byte for byte. For outputs a family compares
   * in its own way (a container's key as canonical DER, or a reader's proof that it holds it).
   */
  judge?(produced: ByteMap, consumed: ByteMap): string | undefined;
  /**
   * The parameters the producer's output states for itself (a container's algorithms, counts,
   * salt lengths), where the standard is not deterministic: a resolution is proven by them.
   */
  stated?(produced: ByteMap): Params | undefined;
}

/** Whether a consumer's output is right, by the exchange's judge or byte for byte. */
const wrongOf = (x: Exchange, produced: ByteMap, consumed: ByteMap): string | undefined =>
  x.judge
    ? x.judge(produced, consumed)
    : bytesEqual(consumed[x.output]!, x.expected(produced))
      ? undefined
      : describeMismatch(`${x.output} (${x.what})`, x.expected(produced), consumed[x.output]!);

/** A family's exchanges for an intent between two ends (its messages, at its sizes). */
export type ExchangesOf = (ctx: CaseContext, std: Standard, intent: Intent, producer: End, consumer: End) => Promise<readonly Exchange[] | Verdict>;

/** Calls `op` on `end`, as called or, given `params`, through its explicit operations. */
export function call(ctx: CaseContext, std: Standard, end: End, op: OpName, inputs: ByteMap, params?: Params): Promise<Step> {
  return params === undefined
    ? stepAsCalled(ctx.progress, end.adapter, end.resolution, op, inputs)
    : step(ctx.progress, end.adapter, std.id, op, params, inputs);
}

const info = (intent: Intent, p: End, c: End): IntentCase => ({
  id: intent.id,
  sentence: intent.sentence,
  producer: { call: p.resolution.call, params: p.resolution.params },
  consumer: { call: c.resolution.call, params: c.resolution.params },
});

/** Whether one exchange works when one side is configured explicitly as the other resolved the intent. */
async function works(x: Exchange, p: End, c: End, pParams?: Params, cParams?: Params): Promise<boolean> {
  const produced = await x.produce(p, pParams);
  if (!produced.ok) return false;
  const consumed = await x.consume(c, produced.out, cParams);
  return consumed.ok && wrongOf(x, produced.out, consumed.out) === undefined;
}

/** `oaepHash = SHA-256, mgf1Hash = SHA-1`. */
const shown = (params: Params, names: readonly string[]): string => names.map((n) => `${n} = ${String(params[n])}`).join(', ');

/**
 * The fix of a mismatch, confirmed by running it: the consumer's explicit operations told what
 * the producer resolved, else the producer's told what the consumer resolved.
 */
async function fixOf(x: Exchange, p: End, c: End, differs: readonly string[]): Promise<string | undefined> {
  const [pr, cr] = [p.resolution.params, c.resolution.params];
  if (await works(x, p, c, undefined, pr))
    return `${c.adapter.id} reads what ${p.adapter.id} makes when called explicitly with ${shown(pr, differs)} (as ${p.adapter.id} resolves the intent) instead of ${c.resolution.call}`;
  if (await works(x, p, c, cr, undefined))
    return `${c.adapter.id} reads what ${p.adapter.id} makes when ${p.adapter.id} is called explicitly with ${shown(cr, differs)} (as ${c.adapter.id} resolves the intent) instead of ${p.resolution.call}`;
  return undefined;
}

/** Why neither side can be configured as the other resolved the intent: each library's own reason, or that it was tried and did not work. */
function whyNot(std: Standard, p: End, c: End): string {
  const refusal = (end: End, ops: readonly OpName[], params: Params): string => {
    for (const op of ops) {
      const claim = checkClaim(end.adapter, std.id, op, params);
      if (!claim.ok) return `${end.adapter.id} cannot: ${claim.reason}`;
    }
    return `${end.adapter.id} configured so still fails`;
  };
  return `${refusal(c, ['decrypt', 'derive', 'read'].filter((o) => std.ops.includes(o as OpName)) as OpName[], p.resolution.params)}; ${refusal(p, ['encrypt', 'derive', 'write'].filter((o) => std.ops.includes(o as OpName)) as OpName[], c.resolution.params)}`;
}

/** The verdict of an intent case over a family's exchanges. */
export async function runIntent(ctx: CaseContext, std: Standard, intent: Intent, p: End, c: End, exchanges: ExchangesOf): Promise<Verdict> {
  const base = info(intent, p, c);
  const xs = await exchanges(ctx, std, intent, p, c);
  if (!Array.isArray(xs)) return { ...(xs as Verdict), intent: base };
  let sides: SideReport[] = [];
  for (const x of xs as readonly Exchange[]) {
    const produced = await x.produce(p);
    if (!produced.ok) return { ...unexpectedFailure(produced, [produced.side], `producer ${p.adapter.id} as called (${x.what})`), intent: base };
    const consumed = await x.consume(c, produced.out);
    sides = [produced.side, consumed.side];
    const wrong = consumed.ok ? wrongOf(x, produced.out, consumed.out) : undefined;
    if (consumed.ok && wrong === undefined) continue;
    const differs = differingParams(p.resolution.params, c.resolution.params);
    if (differs.length === 0) {
      const plain = consumed.ok
        ? {
            outcome: 'fail' as const,
            failure: 'wrong-output' as const,
            stage: 'compare' as const,
            sides,
            message: wrong!,
          }
        : unexpectedFailure(consumed, sides, `consumer ${c.adapter.id} as called (${x.what}), although both ends resolve the intent alike`);
      return { ...plain, intent: base };
    }
    const fix = await fixOf(x, p, c, differs);
    const because = Object.fromEntries(differs.filter((d) => intent.open[d] !== undefined).map((d) => [d, intent.open[d]!]));
    const how = consumed.ok ? `gives a wrong ${x.output}${x.judge ? ` (${wrong!})` : ''}` : `fails (${consumed.side.message})`;
    const message = `mismatch: "${intent.sentence}" is resolved differently: ${p.adapter.id} with ${shown(p.resolution.params, differs)}, ${c.adapter.id} with ${shown(c.resolution.params, differs)}; ${c.adapter.id} as called ${how} on ${x.what}. ${fix ? `Fix: ${fix}.` : `No fix on either side: ${whyNot(std, p, c)}.`}`;
    return {
      outcome: 'fail',
      failure: 'mismatch',
      stage: consumed.ok ? 'compare' : consumed.stage,
      sides,
      message,
      intent: { ...base, diagnosis: { differs, ...(fix ? { fix } : {}), because } },
    };
  }
  return { outcome: 'pass', sides, message: `as called, both ways of "${intent.sentence}" work together: ${xs.map((x) => x.what).join('; ')}`, intent: base };
}

/**
 * Proves one declared resolution against the adapter's own explicit operations under the
 * declared parameters, both ways (as called → explicit, explicit → as called), and byte for byte
 * for a deterministic standard: a resolution that names the wrong parameters fails. Returns the
 * failures, none when the declaration holds.
 */
export async function proveResolution(
  adapter: Adapter,
  std: Standard,
  intent: Intent,
  r: IntentResolution,
  exchanges: ExchangesOf,
  seed = 'prove',
): Promise<string[]> {
  const memo = new Map<string, Promise<unknown>>();
  const ctx: CaseContext = {
    seed,
    progress: { stage: undefined },
    adapter: () => adapter,
    memo: <T>(key: string, make: () => Promise<T>) => (memo.get(key) ?? memo.set(key, make()).get(key)!) as Promise<T>,
  };
  const asCalled: End = { adapter, resolution: r };
  const explicit: End = { adapter, resolution: { call: 'explicit', params: r.params, ops: adapter.ops[std.id] ?? {} } };
  const failures: string[] = [];
  for (const [p, c, way] of [
    [asCalled, explicit, 'as called → explicit'],
    [explicit, asCalled, 'explicit → as called'],
  ] as const) {
    const v = await runIntent(ctx, std, intent, p, c, exchanges);
    if (v.outcome !== 'pass') failures.push(`${way}: ${v.message}`);
  }
  if (std.deterministic && r.ops.encrypt) {
    const xs = await exchanges(ctx, std, intent, asCalled, explicit);
    for (const x of Array.isArray(xs) ? (xs as readonly Exchange[]) : []) {
      const [a, b] = [await x.produce(asCalled), await x.produce(explicit, r.params)];
      if (a.ok && b.ok && !bytesEqual(a.out['ciphertext']!, b.out['ciphertext']!))
        failures.push(`as called and explicit encrypt the same inputs differently (${x.what})`);
    }
  }
  // Where outputs differ from run to run (random salts), the output states what it was made with: it must be the declaration.
  if (!std.deterministic) {
    const xs = await exchanges(ctx, std, intent, asCalled, asCalled);
    for (const x of Array.isArray(xs) ? (xs as readonly Exchange[]) : []) {
      if (!x.stated) continue;
      const made = await x.produce(asCalled);
      const stated = made.ok ? x.stated(made.out) : undefined;
      if (!stated) continue;
      const differs = Object.keys(stated).filter((k) => stated[k] !== r.params[k]);
      if (differs.length > 0) failures.push(`as called, the output states ${shown(stated, differs)}, declared ${shown(r.params, differs)} (${x.what})`);
    }
  }
  return failures;
}
