/**
 * How an adapter binds one library to one standard: the parameter rules its library can
 * express (which become the capability claim) and the operations (which are guarded by those
 * same rules). One rule serves both, so the table and the behaviour cannot drift apart.
 */
import type { OpImpl, OpTable, ParamClaim, StandardClaim } from '../core/adapter.js';
import { RejectedError, UnsupportedError } from '../core/errors.js';
import type { IntentResolution } from '../core/intent.js';
import type { ByteMap, OpName, ParamValue, Params } from '../core/model.js';
import { familyOf } from '../core/families/index.js';
import type { Sizes, Standard } from '../core/standard.js';

/** What one library can express for one parameter of a standard, and why not the rest. */
export interface ParamRule {
  /** Canonical parameter name, e.g. `tagBytes`. */
  readonly name: string;
  /** True when the library can express this value exactly. */
  readonly accepts: (value: ParamValue) => boolean;
  /** Why the values it refuses cannot be expressed. */
  readonly reason: string;
  /** When the library ties this parameter to another: that parameter's name (the value must be equal). */
  readonly sameAs?: string;
  /** The operations the rule restricts; absent: all (a reader takes any salt length a writer could not choose). */
  readonly ops?: readonly OpName[];
  /** When the restriction is a deliberate policy, not a limit of the library: the setting that controls it. */
  readonly policy?: string;
}

/** A rule accepting exactly `values`. */
export function oneOf(name: string, values: readonly ParamValue[], reason: string, ops?: readonly OpName[]): ParamRule {
  return ops === undefined ? { name, accepts: (v) => values.includes(v), reason } : { name, accepts: (v) => values.includes(v), reason, ops };
}

/** `rule` as a deliberate policy named by `policy` (the cells say "unsupported by policy"), not a limit of the library. */
export function byPolicy(rule: ParamRule, policy: string): ParamRule {
  return { ...rule, policy };
}

/** A rule accepting any declared value that equals parameter `other`'s value. */
export function tiedTo(name: string, other: string, reason: string): ParamRule {
  return { name, accepts: () => true, reason, sameAs: other };
}

/** A rule accepting integers in `[min, max]`. */
export function intRange(name: string, min: number, max: number, reason: string): ParamRule {
  return { name, accepts: (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, reason };
}

/** One standard as an adapter implements it. */
export interface Binding {
  readonly standard: Standard;
  /** One rule per parameter of the standard; checked before every operation. */
  readonly rules: readonly ParamRule[];
  readonly ops: Partial<Record<OpName, OpImpl>>;
  /** Why the standard's operations missing from `ops` are missing; `policy` when a setting refuses them. */
  readonly missingOps?: { readonly reason: string; readonly policy?: string };
  /** `implicit`: the library answers an invalid ciphertext with pseudo-random output, not an error (StandardClaim.rejection). */
  readonly rejection?: 'implicit';
  /** Optional inputs an operation cannot be given, with the library's reason (StandardClaim.refusedInputs). */
  readonly refusedInputs?: StandardClaim['refusedInputs'];
}

/** The claim a binding makes: its ops, and a restriction for every rule that excludes a declared value. */
function claimOf(adapterId: string, b: Binding): StandardClaim {
  const params: Record<string, ParamClaim> = {};
  for (const spec of b.standard.params) {
    const rule = b.rules.find((r) => r.name === spec.name);
    if (!rule) throw new Error(`adapter ${adapterId} has no rule for ${b.standard.id} parameter ${spec.name}`);
    const values = spec.values.filter((v) => rule.accepts(v));
    if (values.length === 0) throw new Error(`adapter ${adapterId} accepts no ${b.standard.id} ${spec.name}: declare a gap instead`);
    const sameAs = rule.sameAs === undefined ? {} : { sameAs: rule.sameAs };
    const ops = rule.ops === undefined ? {} : { ops: rule.ops };
    const policy = rule.policy === undefined ? {} : { policy: rule.policy };
    if (values.length < spec.values.length || rule.sameAs !== undefined)
      params[spec.name] = Object.freeze({ values: Object.freeze(values), reason: rule.reason, ...sameAs, ...ops, ...policy });
  }
  const ops = b.standard.ops.filter((op) => b.ops[op] !== undefined);
  const missing =
    ops.length < b.standard.ops.length && b.missingOps
      ? { opsReason: b.missingOps.reason, ...(b.missingOps.policy ? { opsPolicy: b.missingOps.policy } : {}) }
      : {};
  const rejection = { ...(b.rejection ? { rejection: b.rejection } : {}), ...(b.refusedInputs ? { refusedInputs: b.refusedInputs } : {}) };
  return Object.freeze(Object.keys(params).length === 0 ? { ops, ...missing, ...rejection } : { ops, ...missing, params: Object.freeze(params), ...rejection });
}

/**
 * The resolution of an intent whose documented call is the library's explicit one: the library
 * has no default to fill in (one behaviour only, or its documentation's example names every
 * parameter), so the call as documented is the explicit operation under `params`.
 */
export function documentedCall(call: string, params: Params, ops: Partial<Record<OpName, OpImpl>> | undefined): IntentResolution {
  return { call, params, ops: ops ?? {} };
}

/** Reads a numeric parameter; a missing one is a caller bug (parameters are always explicit). */
export function num(params: Params, name: string): number {
  const v = params[name];
  if (typeof v !== 'number') throw new TypeError(`parameter ${name} must be a number, got ${String(v)}`);
  return v;
}

/** Reads a byte input; a missing one is a caller bug. */
export function input(inputs: ByteMap, name: string): Uint8Array {
  const v = inputs[name];
  if (!(v instanceof Uint8Array)) throw new TypeError(`missing byte input ${name}`);
  return v;
}

/** Splits the canonical `ciphertext ‖ tag` layout; `ciphertext` is at least `tagBytes` long (checked by the guard). */
export function splitTag(ciphertext: Uint8Array, tagBytes: number): [body: Uint8Array, tag: Uint8Array] {
  const at = ciphertext.length - tagBytes;
  return [ciphertext.subarray(0, at), ciphertext.subarray(at)];
}

/** Sizes per standard and parameter object, worked out once: every call of every operation checks them. */
const SIZES = new WeakMap<Standard, WeakMap<Params, Sizes>>();

function sizesOf(std: Standard, params: Params): Sizes {
  let byParams = SIZES.get(std);
  if (!byParams) SIZES.set(std, (byParams = new WeakMap()));
  let sizes = byParams.get(params);
  if (!sizes) byParams.set(params, (sizes = std.sizes(params)));
  return sizes;
}

/**
 * Inputs missing or whose sizes contradict the parameters, as the standard's family states its
 * operations. On the receiving side (decrypt, derive) a wrong size is a rejection, as
 * structurally impossible ciphertexts and keys must be; on the producing side it is a caller
 * bug, and so is a missing input on either side.
 */
function checkShapes(std: Standard, op: OpName, params: Params, inputs: ByteMap): void {
  const spec = familyOf(std).operations[op];
  if (!spec) return;
  const fail = (message: string): never => {
    throw spec.untrusted ? new RejectedError(message) : new RangeError(message);
  };
  for (const i of spec.inputs(std, params, sizesOf(std, params))) {
    const got = input(inputs, i.name).length;
    // Keys in an encoding (DER, PEM, JWK) or of a free length are for the library to judge.
    if (i.size !== undefined && got !== i.size) fail(`${i.name} is ${got} bytes; ${std.paramsId(params)} needs ${i.size}`);
    if (i.atLeast !== undefined && got < i.atLeast.bytes) fail(`${i.name} is ${got} bytes, shorter than ${i.atLeast.what}`);
  }
}

/** Wraps an operation so that it checks the rules and the input shapes before calling the library. */
function guard(adapterId: string, b: Binding, op: OpName, impl: OpImpl): OpImpl {
  return (params, inputs) => {
    const stated = familyOf(b.standard).operations[op]?.statedByInput;
    for (const rule of b.rules) {
      if (rule.ops !== undefined && !rule.ops.includes(op)) continue;
      const v = params[rule.name];
      // A parameter the input states for itself (a container's algorithms) is read from it, not defaulted.
      if (v === undefined && stated?.includes(rule.name)) continue;
      if (v === undefined) throw new TypeError(`${b.standard.id} ${op}: parameter ${rule.name} is missing (no defaults)`);
      const tied = rule.sameAs === undefined || v === params[rule.sameAs];
      if (!rule.accepts(v) || !tied) throw new UnsupportedError(`${adapterId} ${b.standard.id}: ${rule.name}=${String(v)}: ${rule.reason}`);
    }
    const excluded = b.standard.excludes?.(params);
    if (excluded !== undefined) throw new TypeError(`${b.standard.id} ${op}: not a parameter set of the standard: ${excluded}`);
    checkShapes(b.standard, op, params, inputs);
    return impl(params, inputs);
  };
}

/** The capability claims and guarded operation table of a list of bindings. */
export function assemble(adapterId: string, bindings: readonly Binding[]): { claims: Record<string, StandardClaim>; ops: OpTable } {
  const claims: Record<string, StandardClaim> = {};
  const ops: Record<string, Partial<Record<OpName, OpImpl>>> = {};
  for (const b of bindings) {
    claims[b.standard.id] = claimOf(adapterId, b);
    const table: Partial<Record<OpName, OpImpl>> = {};
    for (const [op, impl] of Object.entries(b.ops) as Array<[OpName, OpImpl]>) table[op] = guard(adapterId, b, op, impl);
    ops[b.standard.id] = Object.freeze(table);
  }
  return { claims, ops };
}
