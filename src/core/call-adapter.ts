/**
 * The one place the harness calls into an adapter: checks the capability table, calls the
 * operation, and checks that what came back is the shape the standard promises.
 */
import type { Adapter } from './adapter.js';
import { checkClaim } from './adapter.js';
import { BothendsError, UnsupportedError, type Stage } from './errors.js';
import type { IntentResolution } from './intent.js';
import type { ByteMap, OpName, Params } from './model.js';
import { operationShape } from './operations.js';

/** The stage an operation belongs to, for error reports: as its family declares it. */
export function stageOf(op: OpName): Stage {
  return operationShape(op).stage as Stage;
}

/** An adapter returned something that is not the promised bytes: protocol garbage. */
export class BadOutputError extends BothendsError {
  constructor(message: string, stage: Stage) {
    super('BAD_OUTPUT', message, { stage });
  }
}

/** Calls `op` of `standard` on `adapter`, enforcing the claim and the output shape. */
export async function invoke(adapter: Adapter, standard: string, op: OpName, params: Params, inputs: ByteMap): Promise<ByteMap> {
  const claim = checkClaim(adapter, standard, op, params, Object.keys(inputs));
  if (!claim.ok) throw new UnsupportedError(claim.reason, claim.policy === undefined ? {} : { policy: claim.policy });
  const impl = adapter.ops[standard]?.[op];
  if (!impl) throw new UnsupportedError(`${adapter.id} has no ${standard} ${op}`);
  const out: unknown = await impl(params, inputs);
  return checkOutput(out, op);
}

/** Calls `op` as the library's documentation calls it (an intent resolution), enforcing the output shape. */
export async function invokeAsCalled(adapter: Adapter, resolution: IntentResolution, op: OpName, inputs: ByteMap): Promise<ByteMap> {
  const impl = resolution.ops[op];
  if (!impl) throw new UnsupportedError(resolution.refused ?? `${adapter.id} offers no ${op} as ${resolution.call} calls it`);
  const out: unknown = await impl(resolution.params, inputs);
  return checkOutput(out, op);
}

function checkOutput(out: unknown, op: OpName): ByteMap {
  const { outputs, stage: opStage } = operationShape(op);
  const stage = opStage as Stage;
  if (typeof out !== 'object' || out === null)
    throw new BadOutputError(`${op} returned ${out === null ? 'null' : typeof out}, not an object of byte arrays`, stage);
  const map = out as Record<string, unknown>;
  for (const name of outputs) {
    const v = map[name];
    if (!(v instanceof Uint8Array)) {
      throw new BadOutputError(`${op} returned ${name} as ${v === undefined ? 'nothing' : Object.prototype.toString.call(v)}, not a Uint8Array`, stage);
    }
  }
  return map as ByteMap;
}
