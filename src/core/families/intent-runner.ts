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
import { standaloneContext, type CaseContext } from '../case.js';
import { beyondStandard, differingParams, explicitParams, statedAgrees, type Intent, type IntentResolution } from '../intent.js';
import { stageOf } from '../call-adapter.js';
import type { Behaviour, ByteMap, Divergence, IntentCase, OpName, Params, SideReport } from '../model.js';
import type { Standard } from '../standard.js';
import { describeMismatch, step, stepAsCalled, unexpectedFailure, wrongOutput, type Step, type Verdict } from '../step.js';

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
  /** The producer works on what the consumer gave it (its public key): its refusal is the pair's mismatch when they resolve differently, fix or none. */
  readonly fromConsumer?: boolean;
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

/** A family's exchanges for an intent between two ends (its messages, at its sizes). */
export type ExchangesOf = (ctx: CaseContext, std: Standard, intent: Intent, producer: End, consumer: End) => Promise<readonly Exchange[] | Verdict>;

/** Calls `op` on `end`, as called or, given `params`, through its explicit operations. */
export function call(ctx: CaseContext, std: Standard, end: End, op: OpName, inputs: ByteMap, params?: Params): Promise<Step> {
  return params === undefined
    ? stepAsCalled(ctx.progress, end.adapter, end.resolution, op, inputs)
    : step(ctx.progress, end.adapter, std.id, op, params, inputs);
}

/**
 * The inputs an intent's exchanges run with: the generated ones (or those the sentence names), then
 * each of the intent's boundary inputs; `name` says which in a message.
 */
export function intentVariants(intent: Intent): ReadonlyArray<{ readonly name: string; readonly replace: ByteMap }> {
  const given = intent.given ?? { name: '', replace: {} };
  return [given, ...(intent.inputs ?? []).map((i) => ({ name: [given.name, i.name].filter(Boolean).join(', '), replace: { ...given.replace, ...i.replace } }))];
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
  /** Why the consumer's output is not the one expected (the family's judge, or the bytes that differ). */
  readonly wrong?: string;
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
  if (!confirmed && x.judge) {
    const wrong = x.judge(produced.out, consumed.out);
    return { produced, consumed, ...(wrong === undefined ? {} : { wrong }), right: wrong === undefined };
  }
  const expected = confirmed?.ok ? confirmed.out[x.output]! : x.expected(produced.out);
  const right = bytesEqual(consumed.out[x.output]!, expected);
  return {
    produced,
    consumed,
    ...(confirmed ? { confirmed } : {}),
    ...(right ? {} : { wrong: describeMismatch(`${x.output} (${x.what})`, expected, consumed.out[x.output]!) }),
    right,
  };
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

/** Both ends as called on the exchange's input, the producer first: each one's step beside it, and the sides. */
async function bothAsCalled(x: Exchange, p: End, c: End): Promise<{ ends: ReadonlyArray<readonly [Step, End]>; sides: SideReport[] }> {
  const [mine, theirs] = [await x.produce(p), await x.consume(c, {})];
  return {
    ends: [
      [mine, p],
      [theirs, c],
    ],
    sides: [mine.side, theirs.side],
  };
}

/**
 * Both ends on an input that allows two behaviours: the divergence when they behave
 * differently, nothing when alike, or the verdict when an end did something not allowed.
 */
async function meet(x: Exchange, p: End, c: End): Promise<{ divergence?: Divergence; sides: SideReport[] } | Verdict> {
  const { ends, sides } = await bothAsCalled(x, p, c);
  for (const [s, end] of ends) {
    if (behaviourOf(x, s)) continue;
    if (!s.ok)
      return unexpectedFailure(s, sides, `${end.adapter.id} as called (${x.what}), where to refuse and to have ${x.allowed!.behaviour} are both allowed`);
    return wrongOutput(
      sides,
      `${end.adapter.id} as called neither refused nor ${x.allowed!.behaviour} on ${x.what}: ${describeMismatch(x.output, x.allowed!.expected(s.out), s.out[x.output]!)}`,
    );
  }
  const [pb, cb] = ends.map(([s]) => behaviourOf(x, s)!) as [Behaviour, Behaviour];
  if (pb.behaviour === cb.behaviour) return { sides };
  return { divergence: { input: x.what, because: x.allowed!.because, producer: pb, consumer: cb }, sides };
}

/** Both ends on an input they must refuse: the verdict of the first that does not, or undefined when both refuse. */
async function refuseBoth(x: Exchange, p: End, c: End): Promise<Verdict | undefined> {
  const { ends, sides } = await bothAsCalled(x, p, c);
  for (const [s, end] of ends) {
    if (!s.ok && s.why === 'rejected') continue;
    if (!s.ok) return unexpectedFailure(s, sides, `${end.adapter.id} as called (${x.what})`);
    return {
      outcome: 'fail',
      failure: 'accepted-invalid',
      ...(s.side.op ? { stage: stageOf(s.side.op) } : {}),
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
 * the producer resolved, else the producer's told what the consumer resolved. A side is told only
 * what its explicit operations can be: not a value beyond the standard's own (ECB for aes-cbc).
 */
async function fixOf(x: Exchange, intent: Intent, p: End, c: End, differs: readonly string[]): Promise<string | undefined> {
  const [pr, cr] = [p.resolution.params, c.resolution.params];
  if (beyondStandard(intent, pr) === undefined && (await works(x, p, c, undefined, explicitParams(intent, pr))))
    return `${c.adapter.id} reads what ${p.adapter.id} makes when called explicitly with ${shown(pr, differs)} (as ${p.adapter.id} resolves the intent) instead of ${c.resolution.call}`;
  if (beyondStandard(intent, cr) === undefined && (await works(x, p, c, explicitParams(intent, cr), undefined)))
    return `${c.adapter.id} reads what ${p.adapter.id} makes when ${p.adapter.id} is called explicitly with ${shown(cr, differs)} (as ${c.adapter.id} resolves the intent) instead of ${p.resolution.call}`;
  return undefined;
}

/** Why neither side can be configured as the other resolved the intent: each library's own reason, or that it was tried and did not work. */
function whyNot(std: Standard, intent: Intent, p: End, c: End): string {
  const refusal = (end: End, ops: readonly OpName[], params: Params): string => {
    const beyond = beyondStandard(intent, params);
    if (beyond !== undefined) return `${end.adapter.id} cannot: ${beyond}`;
    const undeclared = std.params.filter((spec) => params[spec.name] !== undefined && !spec.values.includes(params[spec.name]!));
    if (undeclared.length > 0)
      return `${end.adapter.id} cannot: ${undeclared.map((spec) => `${spec.name} = ${String(params[spec.name])}`).join(', ')} is no value of ${std.id}'s explicit operations`;
    for (const op of ops) {
      const claim = checkClaim(end.adapter, std.id, op, explicitParams(intent, params));
      if (!claim.ok) return `${end.adapter.id} cannot: ${claim.reason}`;
    }
    return `${end.adapter.id} configured so still fails`;
  };
  // The role's operations among the standard's; a standard with none of them (a KEM) is checked on all of its own.
  const role = (names: readonly string[]): OpName[] => {
    const own = names.filter((o) => std.ops.includes(o as OpName)) as OpName[];
    return own.length > 0 ? own : [...std.ops];
  };
  return `${refusal(c, role(['decrypt', 'derive', 'read']), p.resolution.params)}; ${refusal(p, role(['encrypt', 'derive', 'write']), c.resolution.params)}`;
}

/**
 * A producer that cannot fulfil the intent (its resolution is `refused`), called all the same as
 * it resolves `intent.refusal.callsAs`, on the consumer's input of the first exchange: a refusal
 * passes, with its words; a message made fails, shown with what the consumer made of it; anything
 * else (a crash) is an error. A hang is the case's timeout.
 */
async function mustRefuse(ctx: CaseContext, std: Standard, intent: Intent, p: End, c: End, exchanges: ExchangesOf): Promise<Verdict> {
  const as = p.adapter.intents?.[std.id]?.[intent.refusal!.callsAs];
  const calling: End = as ? { adapter: p.adapter, resolution: as } : p;
  const base = info(intent, calling, c);
  const xs = await exchanges(ctx, std, intent, calling, c);
  if (!Array.isArray(xs)) return { ...(xs as Verdict), intent: base };
  const x = (xs as readonly Exchange[])[0]!;
  const made = await x.produce(calling);
  // The call itself is in the case's intent (the producer as called).
  const who = `${p.adapter.id} as called`;
  const cannot = `${p.adapter.id} cannot: ${p.resolution.refused}`;
  if (!made.ok && made.why === 'rejected') {
    const words = made.error instanceof Error ? made.error.message : made.side.message;
    return { outcome: 'pass', sides: [made.side], message: `refused as it must: ${who} answered ${c.adapter.id}'s input with "${words}"`, intent: base };
  }
  if (!made.ok)
    return {
      outcome: 'error',
      stage: made.stage,
      sides: [made.side],
      message: `${who} neither refused ${c.adapter.id}'s input nor made a message (${cannot}): ${made.side.message}`,
      intent: base,
    };
  const then = await x.consume(c, made.out);
  const after = !then.ok
    ? `${c.adapter.id} as called cannot read it (${then.side.message}): a message its recipient cannot read`
    : bytesEqual(then.out[x.output]!, x.expected(made.out))
      ? `${c.adapter.id} as called reads it: the refusal ${p.adapter.id} declares does not hold`
      : `${c.adapter.id} as called reads a wrong ${x.output} from it: ${describeMismatch(x.output, x.expected(made.out), then.out[x.output]!)}`;
  return {
    outcome: 'fail',
    failure: 'wrong-capability',
    stage: stageOf(made.side.op!),
    sides: [made.side, then.side],
    message: `${who} made a message on ${x.what} instead of refusing (${cannot}); ${after}`,
    intent: base,
  };
}

/** The verdict of an intent case over a family's exchanges. */
export async function runIntent(ctx: CaseContext, std: Standard, intent: Intent, p: End, c: End, exchanges: ExchangesOf): Promise<Verdict> {
  if (intent.refusal && p.resolution.refused !== undefined) return mustRefuse(ctx, std, intent, p, c, exchanges);
  const base = info(intent, p, c);
  const xs = await exchanges(ctx, std, intent, p, c);
  if (!Array.isArray(xs)) return { ...(xs as Verdict), intent: base };
  const differs = differingParams(p.resolution.params, c.resolution.params);
  /** The mismatch verdict of a failed exchange, with the fix or why there is none. */
  const mismatch = async (x: Exchange, failed: Step, sides: SideReport[], how: string, fix: string | undefined): Promise<Verdict> => {
    const because = Object.fromEntries(differs.filter((d) => intent.open[d] !== undefined).map((d) => [d, intent.open[d]!]));
    const message = `mismatch: "${intent.sentence}" is resolved differently: ${p.adapter.id} with ${shown(p.resolution.params, differs)}, ${c.adapter.id} with ${shown(c.resolution.params, differs)}; ${how} on ${x.what}. ${fix ? `Fix: ${fix}.` : `No fix on either side: ${whyNot(std, intent, p, c)}.`}`;
    return {
      outcome: 'fail',
      failure: 'mismatch',
      stage: failed.ok ? 'compare' : failed.stage,
      sides,
      message,
      intent: { ...base, diagnosis: { differs, ...(fix ? { fix } : {}), because } },
    };
  };
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
    if (!produced.ok) {
      // A producer that refuses the intent's input as called (a 16-byte Triple-DES key) is a
      // mismatch only when configured as the consumer resolves the intent it works: then the
      // sentence, not the library, is at fault. Otherwise the producer fails on its own.
      // A producer that refuses what the consumer gave it (its public key, in another form) is the
      // pair's mismatch even when no fix works.
      const fix = differs.length === 0 ? undefined : await fixOf(x, intent, p, c, differs);
      if (fix || (differs.length > 0 && x.fromConsumer === true && produced.why === 'rejected'))
        return mismatch(x, produced, [produced.side], `${p.adapter.id} as called fails (${produced.side.message})`, fix);
      return { ...unexpectedFailure(produced, [produced.side], `producer ${p.adapter.id} as called (${x.what})`), intent: base };
    }
    const consumed = a.consumed!;
    sides = [produced.side, consumed.side, ...(a.confirmed ? [a.confirmed.side] : [])];
    if (a.right) continue;
    // A confirming step that failed is the producer's, on what the consumer returned.
    const [failed, failedEnd] = a.confirmed && !a.confirmed.ok ? [a.confirmed, p] : [consumed, c];
    if (differs.length === 0) {
      const plain = failed.ok
        ? {
            outcome: 'fail' as const,
            failure: 'wrong-output' as const,
            stage: 'compare' as const,
            sides,
            message: a.wrong!,
          }
        : unexpectedFailure(
            failed,
            sides,
            `${failedEnd === c ? 'consumer' : 'producer'} ${failedEnd.adapter.id} as called (${x.what}), although both ends resolve the intent alike`,
          );
      return { ...plain, intent: base };
    }
    const how = failed.ok ? `gives a wrong ${x.output}${x.judge ? ` (${a.wrong!})` : ''}` : `fails (${failed.side.message})`;
    return mismatch(x, failed, sides, `${failedEnd.adapter.id} as called ${how}`, await fixOf(x, intent, p, c, differs));
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
 * The nearest parameters the explicit operations take: each of the standard's parameters as
 * resolved where the standard declares that value, else the standard's first value; none beyond.
 */
function nearestExplicit(std: Standard, params: Params): Params {
  return Object.fromEntries(std.params.map((spec) => [spec.name, spec.values.includes(params[spec.name]!) ? params[spec.name]! : spec.values[0]!]));
}

/**
 * Proves one declared resolution against the adapter's own explicit operations under the
 * declared parameters, both ways (as called → explicit, explicit → as called), and byte for byte
 * for a deterministic standard: a resolution that names the wrong parameters fails. A resolution
 * the explicit operations cannot express (a value the standard does not declare, or beyond its
 * own: ECB for "AES", a nonce in front of a box) is proven the other way round: as called it
 * reads itself, and against the explicit operations under the nearest parameters the standard
 * has, it does not work both ways, so the departure it declares is real. Where outputs differ
 * from run to run, what an output states for itself must be the declaration, either way.
 *
 * A resolution with only some of the standard's operations (a reader: Node's TLS context opens a
 * .p12 but writes none) has nothing of its own to read: it is proven on what the `others`' full
 * resolutions of the intent make as called. Each such output it must read as called exactly
 * when its explicit operations, told the maker's parameters, read it; and it must read at least
 * one. Returns the failures, none when the declaration holds.
 */
export async function proveResolution(
  adapter: Adapter,
  std: Standard,
  intent: Intent,
  r: IntentResolution,
  exchanges: ExchangesOf,
  seed = 'prove',
  others: readonly Adapter[] = [],
): Promise<string[]> {
  const ctx = standaloneContext(seed, () => adapter);
  const nearest = nearestExplicit(std, r.params);
  const expressible = beyondStandard(intent, r.params) === undefined && differingParams(nearest, explicitParams(intent, r.params)).length === 0;
  const asCalled: End = { adapter, resolution: r };
  const explicit: End = { adapter, resolution: { call: 'explicit', params: nearest, ops: adapter.ops[std.id] ?? {} } };
  const ways = [
    [asCalled, explicit, 'as called → explicit'],
    [explicit, asCalled, 'explicit → as called'],
  ] as const;
  if (std.ops.some((op) => !r.ops[op])) return proveOneSided(ctx, std, intent, asCalled, others, exchanges);
  if (!expressible) {
    const failures = await selfConsistent(ctx, std, intent, asCalled, exchanges);
    const verdicts: Verdict[] = [];
    for (const [p, c] of ways) verdicts.push(await runIntent(ctx, std, intent, p, c, exchanges));
    if (verdicts.every((v) => v.outcome === 'pass'))
      failures.push(
        `declares ${shown(r.params, differingParams(r.params, nearest))}, yet works both ways with the explicit operations under ${shown(nearest, differingParams(r.params, nearest))}`,
      );
    return [...failures, ...(await statedFailures(ctx, std, intent, asCalled, exchanges))];
  }
  const { failures, proving } = await givenRefused(ctx, std, intent, asCalled, explicit, exchanges);
  for (const [p, c, way] of ways) {
    const v = await runIntent(ctx, std, proving, p, c, exchanges);
    if (v.outcome !== 'pass') failures.push(`${way}: ${v.message}`);
  }
  if (std.deterministic && r.ops.encrypt) {
    const xs = await exchanges(ctx, std, proving, asCalled, explicit);
    for (const x of Array.isArray(xs) ? (xs as readonly Exchange[]) : []) {
      const [a, b] = [await x.produce(asCalled), await x.produce(explicit, nearest)];
      if (a.ok && b.ok && !bytesEqual(a.out['ciphertext']!, b.out['ciphertext']!))
        failures.push(`as called and explicit encrypt the same inputs differently (${x.what})`);
    }
  }
  return [...failures, ...(await statedFailures(ctx, std, intent, asCalled, exchanges))];
}

/**
 * Where outputs differ from run to run (random salts), each output states what it was made with:
 * the declaration, or within a value declared as drawn per output. The failures, none when it holds.
 */
async function statedFailures(ctx: CaseContext, std: Standard, intent: Intent, asCalled: End, exchanges: ExchangesOf): Promise<string[]> {
  if (std.deterministic) return [];
  const declared = asCalled.resolution.params;
  const xs = await exchanges(ctx, std, intent, asCalled, asCalled);
  const failures: string[] = [];
  for (const x of Array.isArray(xs) ? (xs as readonly Exchange[]) : []) {
    if (!x.stated) continue;
    const made = await x.produce(asCalled);
    const stated = made.ok ? x.stated(made.out) : undefined;
    if (!stated) continue;
    const differs = Object.keys(stated).filter((k) => !statedAgrees(declared[k], stated[k]!));
    if (differs.length > 0) failures.push(`as called, the output states ${shown(stated, differs)}, declared ${shown(declared, differs)} (${x.what})`);
  }
  return failures;
}

/** Whether a consumer's step gave back what the exchange must give back. */
function consumedRight(x: Exchange, produced: ByteMap, s: Step): boolean {
  if (!s.ok) return false;
  return x.judge ? x.judge(produced, s.out) === undefined : bytesEqual(s.out[x.output]!, x.expected(produced));
}

/**
 * The proof of a resolution with only some of the standard's operations (a reader): on what each
 * of the `others`' full resolutions makes as called, it reads as called exactly when its explicit
 * operations, told the maker's declared parameters (the nearest the standard has), read it; and
 * it reads at least one such output. The failures, none when it holds.
 */
async function proveOneSided(ctx: CaseContext, std: Standard, intent: Intent, end: End, others: readonly Adapter[], exchanges: ExchangesOf): Promise<string[]> {
  const failures: string[] = [];
  const read: string[] = [];
  for (const other of others) {
    const made = other.intents?.[std.id]?.[intent.id];
    if (other.id === end.adapter.id || !made || made.refused !== undefined || std.ops.some((op) => !made.ops[op])) continue;
    if (!(await other.probe()).available) continue;
    const maker: End = { adapter: other, resolution: made };
    const params = nearestExplicit(std, made.params);
    const explicit: End = { adapter: end.adapter, resolution: { call: 'explicit', params, ops: end.adapter.ops[std.id] ?? {} } };
    const xs = await exchanges(ctx, std, intent, maker, end);
    for (const x of Array.isArray(xs) ? (xs as readonly Exchange[]) : []) {
      if (x.refuse || x.allowed) continue;
      const produced = await x.produce(maker);
      if (!produced.ok) continue;
      const [asCalled, viaExplicit] = [await x.consume(end, produced.out), await x.consume(explicit, produced.out, params)];
      // Explicit operations that cannot be told the maker's parameters prove nothing either way.
      if (!viaExplicit.ok && viaExplicit.why === 'unsupported') continue;
      const [a, e] = [consumedRight(x, produced.out, asCalled), consumedRight(x, produced.out, viaExplicit)];
      if (a) read.push(`${other.id} (${x.what})`);
      if (a !== e)
        failures.push(
          `on what ${other.id} makes as called (${x.what}), as called ${a ? 'reads it' : `fails (${asCalled.side.message ?? 'a wrong output'})`}, the explicit operations under ${shown(params, Object.keys(params))} ${e ? 'read it' : `fail (${viaExplicit.side.message ?? 'a wrong output'})`}`,
        );
    }
  }
  if (read.length === 0) failures.push(`as called reads nothing another end makes as called (${others.length} adapters offered): nothing proves it`);
  return failures;
}

/**
 * A library that refuses the inputs the sentence names (a 16-byte key to des-ede3-cbc) as called:
 * its explicit operations under the declared parameters must refuse them too, and the declaration
 * is then proven on the inputs its parameters imply. Otherwise the intent as it is.
 */
async function givenRefused(
  ctx: CaseContext,
  std: Standard,
  intent: Intent,
  asCalled: End,
  explicit: End,
  exchanges: ExchangesOf,
): Promise<{ failures: string[]; proving: Intent }> {
  const xs = intent.given ? await exchanges(ctx, std, intent, asCalled, explicit) : undefined;
  const x = Array.isArray(xs) ? (xs as readonly Exchange[])[0] : undefined;
  const refused = x ? await x.produce(asCalled) : undefined;
  if (!x || refused?.ok !== false || refused.why !== 'rejected') return { failures: [], proving: intent };
  const taken = await x.produce(explicit, explicit.resolution.params);
  const { given: _, ...proving } = intent;
  return {
    failures: taken.ok
      ? [`as called refuses ${intent.given!.name} (${refused.side.message}), which the explicit operations under the declared parameters take`]
      : [],
    proving,
  };
}

/**
 * Each exchange as called on both ends round-trips, except inputs the library refuses as called
 * (no padding: a 1-byte message), which the intent grid shows. The failures, none when it holds.
 */
async function selfConsistent(ctx: CaseContext, std: Standard, intent: Intent, end: End, exchanges: ExchangesOf): Promise<string[]> {
  const xs = await exchanges(ctx, std, intent, end, end);
  if (!Array.isArray(xs)) return [`as called → as called: ${(xs as Verdict).message}`];
  const failures: string[] = [];
  for (const x of xs as readonly Exchange[]) {
    const produced = await x.produce(end);
    if (!produced.ok) {
      if (produced.why !== 'rejected') failures.push(`as called (${x.what}): ${produced.side.message}`);
      continue;
    }
    const consumed = await x.consume(end, produced.out);
    if (!consumed.ok || !bytesEqual(consumed.out[x.output]!, x.expected(produced.out)))
      failures.push(`as called → as called (${x.what}): ${consumed.ok ? `wrong ${x.output}` : consumed.side.message}`);
  }
  return failures;
}
