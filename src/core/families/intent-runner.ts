/**
 * The intent matrix: the producer as its library's documentation calls it, the consumer as
 * its library's documentation calls it, on the intent's inputs. A pair that fails is diagnosed:
 * when the two resolutions differ, it is a `mismatch`, and each side is tried again through
 * its explicit operations configured as the other side resolved the intent; the first that works
 * is the fix, confirmed by running it. When both resolve the intent identically, a failure is a
 * plain one (a bug), as in the explicit grids.
 */
import { checkClaim, type Adapter } from '../adapter.js';
import { bytesEqual, cappedHex } from '../bytes.js';
import type { CaseContext } from '../case.js';
import { differingParams, type Intent, type IntentResolution } from '../intent.js';
import { STAGE_OF } from '../invoke.js';
import type { Behaviour, ByteMap, Divergence, IntentCase, OpName, Params, SideReport } from '../model.js';
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
   * Where the value to expect comes from the producer again (an agreement: the producer derives
   * from the public key the consumer returned): the producer's step, whose `output` must equal
   * the consumer's. `expected` is then not read.
   */
  confirm?(end: End, produced: ByteMap, consumed: ByteMap, params?: Params): Promise<Step>;
  /**
   * An input on which the standard allows two behaviours: `produce` and `consume` are each end
   * meeting it on its own, and each may refuse it or give the `expected` output of its step
   * (named `behaviour`). Two ends that behave differently are a divergence; anything else either
   * end does is a failure.
   */
  readonly allowed?: { readonly because: string; readonly behaviour: string; expected(out: ByteMap): Uint8Array };
  /** An input both ends must refuse, each meeting it on its own (`produce`, `consume`): the text that says so. */
  readonly refuse?: { readonly because: string };
}

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

/** One exchange run: the producer's step, the consumer's, and whether the consumer's output is the one expected. */
interface Attempt {
  readonly produced: Step;
  readonly consumed?: Step;
  /** The producer's confirming step, for an exchange that has one. */
  readonly confirmed?: Step;
  readonly expected?: Uint8Array;
  readonly right: boolean;
}

/** Runs one exchange, as called or with either side configured explicitly under `pParams` / `cParams`. */
async function attempt(x: Exchange, p: End, c: End, pParams?: Params, cParams?: Params): Promise<Attempt> {
  const produced = await x.produce(p, pParams);
  if (!produced.ok) return { produced, right: false };
  const consumed = await x.consume(c, produced.out, cParams);
  if (!consumed.ok) return { produced, consumed, right: false };
  const confirmed = x.confirm ? await x.confirm(p, produced.out, consumed.out, pParams) : undefined;
  if (confirmed && !confirmed.ok) return { produced, consumed, confirmed, right: false };
  const expected = confirmed?.ok ? confirmed.out[x.output]! : x.expected(produced.out);
  return { produced, consumed, ...(confirmed ? { confirmed } : {}), expected, right: bytesEqual(consumed.out[x.output]!, expected) };
}

/** Whether one exchange works when one side is configured explicitly as the other resolved the intent. */
async function works(x: Exchange, p: End, c: End, pParams?: Params, cParams?: Params): Promise<boolean> {
  return (await attempt(x, p, c, pParams, cParams)).right;
}

/** What an end did on an input that allows two behaviours, or undefined when it did neither. */
function behaviourOf(x: Exchange, s: Step): Behaviour | undefined {
  if (s.ok) return bytesEqual(s.out[x.output]!, x.allowed!.expected(s.out)) ? { behaviour: x.allowed!.behaviour } : undefined;
  return s.why === 'rejected' ? { behaviour: 'refused', ...(s.side.message ? { detail: s.side.message } : {}) } : undefined;
}

/**
 * Both ends on an input that allows two behaviours: the divergence when they behave
 * differently, nothing when alike, or the verdict when an end did something not allowed.
 */
async function meet(x: Exchange, p: End, c: End): Promise<{ divergence?: Divergence; sides: SideReport[] } | Verdict> {
  const [mine, theirs] = [await x.produce(p), await x.consume(c, {})];
  const sides = [mine.side, theirs.side];
  for (const [s, end] of [
    [mine, p],
    [theirs, c],
  ] as const) {
    if (behaviourOf(x, s)) continue;
    if (!s.ok)
      return unexpectedFailure(s, sides, `${end.adapter.id} as called (${x.what}), where to refuse and to have ${x.allowed!.behaviour} are both allowed`);
    return {
      outcome: 'fail',
      failure: 'wrong-output',
      stage: 'compare',
      sides,
      message: `${end.adapter.id} as called neither refused nor ${x.allowed!.behaviour} on ${x.what}: ${describeMismatch(x.output, x.allowed!.expected(s.out), s.out[x.output]!)}`,
    };
  }
  const [pb, cb] = [behaviourOf(x, mine)!, behaviourOf(x, theirs)!];
  if (pb.behaviour === cb.behaviour) return { sides };
  return { divergence: { input: x.what, because: x.allowed!.because, producer: pb, consumer: cb }, sides };
}

/** Both ends on an input they must refuse: the verdict of the first that does not, or undefined when both refuse. */
async function refuseBoth(x: Exchange, p: End, c: End): Promise<Verdict | undefined> {
  const [mine, theirs] = [await x.produce(p), await x.consume(c, {})];
  const sides = [mine.side, theirs.side];
  for (const [s, end] of [
    [mine, p],
    [theirs, c],
  ] as const) {
    if (!s.ok && s.why === 'rejected') continue;
    if (!s.ok) return unexpectedFailure(s, sides, `${end.adapter.id} as called (${x.what})`);
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      ...(s.side.op ? { stage: STAGE_OF[s.side.op] } : {}),
      sides,
      message: `SECURITY: ${end.adapter.id} as called accepted ${x.what} and gave ${cappedHex(s.out[x.output]!, 16)}: ${x.refuse!.because}`,
    };
  }
  return undefined;
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
  return `${refusal(c, ['decrypt', 'derive'].filter((o) => std.ops.includes(o as OpName)) as OpName[], p.resolution.params)}; ${refusal(p, ['encrypt', 'derive'].filter((o) => std.ops.includes(o as OpName)) as OpName[], c.resolution.params)}`;
}

/** The verdict of an intent case over a family's exchanges. */
export async function runIntent(ctx: CaseContext, std: Standard, intent: Intent, p: End, c: End, exchanges: ExchangesOf): Promise<Verdict> {
  const base = info(intent, p, c);
  const xs = await exchanges(ctx, std, intent, p, c);
  if (!Array.isArray(xs)) return { ...(xs as Verdict), intent: base };
  let sides: SideReport[] = [];
  const divergence: Divergence[] = [];
  for (const x of xs as readonly Exchange[]) {
    if (x.refuse) {
      const v = await refuseBoth(x, p, c);
      if (v) return { ...v, intent: base };
      continue;
    }
    if (x.allowed) {
      const met = await meet(x, p, c);
      if ('outcome' in met) return { ...met, intent: base };
      if (met.divergence) {
        divergence.push(met.divergence);
        sides = met.sides;
      }
      continue;
    }
    const a = await attempt(x, p, c);
    const produced = a.produced;
    if (!produced.ok) return { ...unexpectedFailure(produced, [produced.side], `producer ${p.adapter.id} as called (${x.what})`), intent: base };
    const consumed = a.consumed!;
    sides = [produced.side, consumed.side, ...(a.confirmed ? [a.confirmed.side] : [])];
    if (a.right) continue;
    // A confirming step that failed is the producer's, on what the consumer returned.
    const [failed, failedEnd] = a.confirmed && !a.confirmed.ok ? [a.confirmed, p] : [consumed, c];
    const differs = differingParams(p.resolution.params, c.resolution.params);
    if (differs.length === 0) {
      const plain = failed.ok
        ? {
            outcome: 'fail' as const,
            failure: 'wrong-output' as const,
            stage: 'compare' as const,
            sides,
            message: describeMismatch(`${x.output} (${x.what})`, a.expected!, failed.out[x.output]!),
          }
        : unexpectedFailure(
            failed,
            sides,
            `${failedEnd === c ? 'consumer' : 'producer'} ${failedEnd.adapter.id} as called (${x.what}), although both ends resolve the intent alike`,
          );
      return { ...plain, intent: base };
    }
    const fix = await fixOf(x, p, c, differs);
    const because = Object.fromEntries(differs.filter((d) => intent.open[d] !== undefined).map((d) => [d, intent.open[d]!]));
    const how = failed.ok ? `gives a wrong ${x.output}` : `fails (${failed.side.message})`;
    const message = `mismatch: "${intent.sentence}" is resolved differently: ${p.adapter.id} with ${shown(p.resolution.params, differs)}, ${c.adapter.id} with ${shown(c.resolution.params, differs)}; ${failedEnd.adapter.id} as called ${how} on ${x.what}. ${fix ? `Fix: ${fix}.` : `No fix on either side: ${whyNot(std, p, c)}.`}`;
    return {
      outcome: 'fail',
      failure: 'mismatch',
      stage: failed.ok ? 'compare' : failed.stage,
      sides,
      message,
      intent: { ...base, diagnosis: { differs, ...(fix ? { fix } : {}), because } },
    };
  }
  if (divergence.length > 0) {
    const told = divergence.map((d) => `on ${d.input}, ${p.adapter.id} ${d.producer.behaviour} and ${c.adapter.id} ${d.consumer.behaviour}`);
    return {
      outcome: 'fail',
      failure: 'divergence',
      stage: 'compare',
      sides,
      message: `divergence: "${intent.sentence}" works both ways, but ${told.join('; ')}; either is allowed (${[...new Set(divergence.map((d) => d.because))].join('; ')}), so a protocol on this sentence meets both`,
      intent: { ...base, divergence },
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
  return failures;
}
