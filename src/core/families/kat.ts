/**
 * Known-answer cases: one adapter against one vector test, per operation. Valid tests must
 * reproduce the expected output; invalid tests must be rejected; acceptable tests may go
 * either way but, when accepted, must give the expected output if the vector states one.
 */
import { declaresImplicitRejection } from '../adapter.js';
import { bytesEqual } from '../bytes.js';
import type { CaseContext } from '../case.js';
import type { Expectation, Params } from '../model.js';
import type { Standard } from '../standard.js';
import { describeMismatch, implicitRejection, step, unexpectedFailure, wrongOutput, type Verdict } from '../step.js';
import type { KatOp, KatTest } from './family.js';
import { familyOf } from './index.js';

/** Per standard object: its known-answer operations, worked out once (every known-answer case asks). */
const KAT_OPS = new WeakMap<Standard, readonly KatOp[]>();

/** The known-answer operations of a standard's family. */
export function katOps(std: Standard): readonly KatOp[] {
  let ops = KAT_OPS.get(std);
  if (!ops) KAT_OPS.set(std, (ops = familyOf(std).katOps(std)));
  return ops;
}

/** The operations a test exercises: all whose fields it has if valid, else the consuming one. */
export function opsForTest(std: Standard, test: KatTest): KatOp[] {
  return katOps(std).filter((k) => {
    if (test.result !== 'valid' && !k.consuming) return false;
    if (!Object.values(k.inputs).every((f) => test.fields[f] !== undefined)) return false;
    return test.result !== 'valid' || test.fields[k.output[1]] !== undefined;
  });
}

/** What a known-answer test expects of `k`. */
export function katExpectation(test: KatTest): Expectation {
  return test.result === 'valid' ? 'accept' : test.result === 'invalid' ? 'reject' : 'either';
}

/** Runs one operation of one vector test on one adapter. */
export async function runKat(ctx: CaseContext, std: Standard, params: Params, adapterId: string, test: KatTest, k: KatOp): Promise<Verdict> {
  const inputs: Record<string, Uint8Array> = {};
  for (const name in k.inputs) inputs[name] = test.fields[k.inputs[name]!]!;
  const s = await step(ctx.progress, ctx.adapter(adapterId), std.id, k.op, params, inputs);
  const sides = [{ adapter: `tcId ${test.tcId}`, message: `${test.result}: ${test.comment}` }, s.side];
  const want = test.fields[k.output[1]];
  if (s.ok) {
    ctx.progress.stage = 'compare';
    const got = s.out[k.output[0]]!;
    const permits = std.keys?.implicitRejection;
    if (test.result === 'invalid' && permits !== undefined && k.consuming) {
      // The standard permits implicit rejection: an answer that is the same on a second call is that, not an acceptance.
      const again = await step(ctx.progress, ctx.adapter(adapterId), std.id, k.op, params, inputs);
      if (again.ok)
        return implicitRejection(
          [...sides, again.side],
          adapterId,
          `invalid vector tcId ${test.tcId} (${test.comment})`,
          got,
          again.out[k.output[0]]!,
          permits,
          declaresImplicitRejection(ctx.adapter(adapterId), std.id),
        );
    }
    if (test.result === 'invalid') {
      return {
        outcome: 'fail',
        failure: 'accepted-invalid',
        stage: ctx.progress.stage,
        sides,
        message: `SECURITY: ${adapterId} accepted an invalid vector (${test.comment}; flags ${test.flags.join(', ') || 'none'})`,
      };
    }
    if (want !== undefined && !bytesEqual(want, got)) {
      return wrongOutput(sides, describeMismatch(k.output[0], want, got));
    }
    return {
      outcome: 'pass',
      sides,
      message: test.result === 'acceptable' ? `accepted (acceptable): ${k.output[0]} as expected` : `${k.output[0]} matches the known answer`,
    };
  }
  if (s.why === 'rejected' && test.result !== 'valid') {
    return { outcome: 'pass', sides, message: `rejected${test.result === 'acceptable' ? ' (acceptable either way)' : ''}: ${s.side.message}` };
  }
  return unexpectedFailure(s, sides, adapterId);
}
