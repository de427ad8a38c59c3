/**
 * One adapter call inside a case, classified: the output, a rejection, a declared
 * inability, or a crash. Cases are built from steps and never throw for a test failure.
 */
import type { Adapter } from './adapter.js';
import { BothendsError, RejectedError, UnsupportedError, describeError, type Stage } from './errors.js';
import type { IntentResolution } from './intent.js';
import { stageOf, invoke, invokeAsCalled } from './call-adapter.js';
import type { ByteMap, FailureKind, IntentCase, OpName, Outcome, Params, SideReport } from './model.js';
import { cappedHex } from './bytes.js';

/** A classified step. */
export type Step =
  | { readonly ok: true; readonly out: ByteMap; readonly side: SideReport }
  | { readonly ok: false; readonly why: 'rejected' | 'unsupported' | 'error'; readonly error: unknown; readonly stage: Stage; readonly side: SideReport };

/** What a case concludes. */
export interface Verdict {
  readonly outcome: Outcome;
  readonly failure?: FailureKind;
  readonly message: string;
  readonly stage?: Stage;
  /**
   * How an invalid input was refused, when not with an error: `implicit` when the consumer
   * answered with a pseudo-random plaintext, as the standard permits (implicit rejection). The
   * same outcome (pass), label and glyph wherever it is met: negative cases, known answers,
   * imported corpora, `adapter check`, `diff`.
   */
  readonly rejection?: 'implicit';
  readonly sides: readonly SideReport[];
  /** Intent cases: both resolutions and the diagnosis of a mismatch. */
  readonly intent?: IntentCase;
}

/** Tracks the stage a case is in, so a timeout can say where it hung. */
export interface Progress {
  stage: Stage | undefined;
}

/** Runs one operation and classifies what happened. */
export function step(progress: Progress, adapter: Adapter, standard: string, op: OpName, params: Params, inputs: ByteMap): Promise<Step> {
  return classified(progress, adapter.id, op, inputs, () => invoke(adapter, standard, op, params, inputs));
}

/** Runs one operation as the library's documentation calls it (an intent resolution) and classifies what happened. */
export function stepAsCalled(progress: Progress, adapter: Adapter, resolution: IntentResolution, op: OpName, inputs: ByteMap): Promise<Step> {
  return classified(progress, adapter.id, op, inputs, () => invokeAsCalled(adapter, resolution, op, inputs));
}

async function classified(progress: Progress, adapterId: string, op: OpName, inputs: ByteMap, call: () => Promise<ByteMap>): Promise<Step> {
  const stage = stageOf(op);
  progress.stage = stage;
  try {
    const out = await call();
    const side: SideWithBytes = { adapter: adapterId, op, message: 'ok', [BYTES]: { input: inputs, output: out } };
    return { ok: true, out, side };
  } catch (error) {
    const why = error instanceof RejectedError ? 'rejected' : error instanceof UnsupportedError ? 'unsupported' : 'error';
    const errStage = error instanceof BothendsError && error.stage !== undefined && error.stage !== 'config' ? error.stage : stage;
    const side: SideWithBytes = { adapter: adapterId, op, message: describeError(error), [BYTES]: { input: inputs } };
    return { ok: false, why, error, stage: errStage, side };
  }
}

/**
 * The bytes each step's side was given and produced, rendered as hex only when a verdict is
 * final and not a pass ({@link withShownBytes}): a passing case's bytes are what its replay
 * command derives again, and rendering them for every step cost more than a small encryption.
 */
const BYTES = Symbol('bytes');

/** A step's side with its bytes under a symbol, which neither JSON nor a worker's message carries. */
interface SideWithBytes extends SideReport {
  readonly [BYTES]?: { readonly input: ByteMap; readonly output?: ByteMap };
}

/** `key=0011… iv=…`: named bytes as capped hex, for a side's report. */
function shownBytes(bytes: ByteMap, cap: number): string {
  return Object.entries(bytes)
    .map(([k, v]) => `${k}=${cappedHex(v, cap)}`)
    .join(' ');
}

/**
 * The verdict as a report keeps it: the sides of a case that did not pass carry the capped hex
 * of their inputs (32 bytes per name) and outputs (48), for the drill-down; a pass keeps its
 * sides' messages only. Either way the sides are plain copies that hold no bytes, so a result
 * keeps nothing of the artifacts alive.
 */
export function withShownBytes(v: Verdict): Verdict {
  if (v.sides.length === 0) return v;
  const shown = v.outcome !== 'pass';
  const sides = v.sides.map((side: SideWithBytes): SideReport => {
    const bytes = side[BYTES];
    if (!bytes) return side;
    // Built field by field in the report's order, not from spreads: every case makes two.
    const plain: { -readonly [K in keyof SideReport]: SideReport[K] } = { adapter: side.adapter };
    if (side.op !== undefined) plain.op = side.op;
    if (side.message !== undefined) plain.message = side.message;
    if (shown) {
      plain.input = shownBytes(bytes.input, 32);
      if (bytes.output) plain.output = shownBytes(bytes.output, 48);
    }
    return plain;
  });
  const out: { -readonly [K in keyof Verdict]: Verdict[K] } = { outcome: v.outcome, message: v.message, sides };
  if (v.failure !== undefined) out.failure = v.failure;
  if (v.stage !== undefined) out.stage = v.stage;
  if (v.intent !== undefined) out.intent = v.intent;
  if (v.rejection !== undefined) out.rejection = v.rejection;
  return out;
}

/**
 * The verdict for a step that was expected to succeed (a valid input, or a producer's own
 * operation) but did not: a rejection of valid input, a refused claim, or a crash.
 */
export function unexpectedFailure(s: Extract<Step, { ok: false }>, sides: readonly SideReport[], who: string): Verdict {
  const base = { stage: s.stage, sides };
  switch (s.why) {
    case 'rejected':
      return { ...base, outcome: 'fail', failure: 'rejected-valid', message: `${who} rejected valid input: ${s.side.message}` };
    case 'unsupported':
      return { ...base, outcome: 'fail', failure: 'wrong-capability', message: `${who} claims this capability but refused it: ${s.side.message}` };
    case 'error':
      return { ...base, outcome: 'error', message: `${who} failed: ${s.side.message}` };
  }
}

/** The verdict for outputs that disagree at the comparison: `message` says which and how (see `describeMismatch`). */
export function wrongOutput(sides: readonly SideReport[], message: string): Verdict {
  return { outcome: 'fail', failure: 'wrong-output', stage: 'compare', sides, message };
}

/** Index of the first differing byte, or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** "differ at byte 17 of 32 (expected 0a…, got 0b…)" style description. */
export function describeMismatch(what: string, expected: Uint8Array, got: Uint8Array): string {
  const at = firstDifference(expected, got);
  const lengths = expected.length === got.length ? `${got.length} bytes` : `expected ${expected.length} bytes, got ${got.length}`;
  return `${what} differs at byte ${at} (${lengths}); expected ${cappedHex(expected, 32)}, got ${cappedHex(got, 32)}`;
}

/**
 * The one verdict of implicit rejection, wherever it is met (negative cases, known answers,
 * imported corpora, `adapter check`): `consumer` answered an invalid `input` with the
 * pseudo-random `answer` instead of an error, which `permits` allows; `again` is the answer to
 * the same input a second time, which says whether the rejection is deterministic. It passes
 * only when the consumer `declared` it (its claim's `rejection: 'implicit'`): an application
 * told to expect an error would take undeclared pseudo-random bytes for the plaintext.
 */
export function implicitRejection(
  sides: readonly SideReport[],
  consumer: string,
  input: string,
  answer: Uint8Array,
  again: Uint8Array,
  permits: string,
  declared: boolean,
): Verdict {
  const same = answer.length === again.length && answer.every((b, i) => b === again[i]);
  const how = same
    ? 'the same pseudo-random message on a second call'
    : 'a different message on a second call (not the deterministic rejection the draft specifies)';
  const what = `${consumer} answered ${input} with ${answer.length} bytes ${cappedHex(answer, 16)} instead of the plaintext, and ${how}`;
  if (!declared) {
    return {
      outcome: 'fail',
      failure: 'wrong-capability',
      rejection: 'implicit',
      stage: 'compare',
      sides,
      message: `implicit rejection, not declared: ${what}. Permitted by ${permits}, but ${consumer} does not declare it (rejection: "implicit" in its claim), so an application expecting an error would take these bytes for the plaintext`,
    };
  }
  return {
    outcome: 'pass',
    rejection: 'implicit',
    sides,
    message: `implicit rejection, not an error: ${what}. Permitted by ${permits}; the application must not treat the output as authentic`,
  };
}

/**
 * A consumer that declares implicit rejection refused a well-formed invalid `input` (one an
 * implicit rejector answers, see Mutation.wellFormed) with an error, `refusal`: its declaration
 * does not hold.
 */
export function declaredImplicitButRefused(
  sides: readonly SideReport[],
  consumer: string,
  input: string,
  refusal: { readonly message: string; readonly stage?: Stage },
): Verdict {
  return {
    outcome: 'fail',
    failure: 'wrong-capability',
    ...(refusal.stage ? { stage: refusal.stage } : {}),
    sides,
    message: `${consumer} declares implicit rejection (rejection: "implicit" in its claim) but refused ${input} with an error: ${refusal.message}`,
  };
}
