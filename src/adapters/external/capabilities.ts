/**
 * Turns the claims of an adapter's hello into bothends' capability table. Only canonical
 * standard ids, operations and parameter names count: anything else is ignored with a note,
 * and every standard the hello does not mention becomes a gap "not declared by the adapter".
 */
import type { Capabilities, ParamClaim, StandardClaim } from '../../core/adapter.js';
import { familyOf } from '../../core/families/index.js';
import type { OpName, ParamValue } from '../../core/model.js';
import type { ParamSpec, Standard } from '../../core/standard.js';
import type { Hello, WireClaim, WireParamClaim } from './protocol.js';

/** The reason of every standard a hello neither claims nor lists as a gap. */
export const NOT_DECLARED = 'not declared by the adapter';

/** The capability table of a hello, and what was ignored on the way. */
export interface Translated {
  readonly capabilities: Capabilities;
  readonly notes: readonly string[];
}

/** Does the wire claim admit `value`? */
function admits(claim: WireParamClaim, value: ParamValue): boolean {
  if (claim.values) return claim.values.includes(value);
  if (claim.min === undefined && claim.max === undefined) return claim.sameAs !== undefined;
  return typeof value === 'number' && value >= (claim.min ?? Infinity) && value <= (claim.max ?? -Infinity);
}

function describeClaim(claim: WireParamClaim): string {
  if (claim.values) return `{${claim.values.join(', ')}}`;
  return claim.min === undefined ? `the value of ${claim.sameAs}` : `[${claim.min}, ${claim.max}]`;
}

/** One parameter: unrestricted (undefined), restricted (a ParamClaim), or nothing left (a reason). */
function paramClaim(spec: ParamSpec, wire: WireParamClaim | undefined, implementation: string): ParamClaim | string | undefined {
  if (!wire) return `the claim does not list parameter ${spec.name} (protocol 1 requires every parameter of a claimed standard)`;
  const values = spec.values.filter((v) => admits(wire, v));
  const reason = wire.reason ?? `${implementation} declares ${spec.name} ∈ ${describeClaim(wire)} only`;
  if (values.length === 0) return `no ${spec.name} value bothends exercises (${spec.values.join(', ')}) is claimed: ${reason}`;
  if (values.length === spec.values.length && wire.sameAs === undefined) return undefined;
  const sameAs = wire.sameAs === undefined ? {} : { sameAs: wire.sameAs };
  return Object.freeze({
    values: Object.freeze(values),
    reason,
    ...sameAs,
    ...(wire.policy ? { policy: wire.policy } : {}),
    ...(wire.ops ? { ops: Object.freeze([...wire.ops]) } : {}),
  });
}

/** One standard's claim, or the reason it ends up a gap. */
function standardClaim(std: Standard, wire: WireClaim, implementation: string, notes: string[]): StandardClaim | string {
  for (const op of wire.ops.filter((o) => !std.ops.includes(o))) notes.push(`${std.id}: operation ${op} ignored (${std.id} has ${std.ops.join(', ')})`);
  const ops = std.ops.filter((o) => wire.ops.includes(o));
  if (ops.length === 0) return `claims none of the operations of ${std.id} (${std.ops.join(', ')})`;
  const known = new Set(std.params.map((p) => p.name));
  for (const name of Object.keys(wire.params).filter((n) => !known.has(n))) {
    notes.push(`${std.id}: parameter ${name} ignored (bothends' ${std.id} parameters: ${[...known].join(', ')})`);
  }
  const params: Record<string, ParamClaim> = {};
  for (const [name, w] of Object.entries(wire.params)) {
    if (w.sameAs !== undefined && (!known.has(w.sameAs) || w.sameAs === name))
      return `parameter ${name} is tied (sameAs) to ${w.sameAs}, which is not another parameter of ${std.id}`;
  }
  for (const spec of std.params) {
    const c = paramClaim(spec, wire.params[spec.name], implementation);
    if (typeof c === 'string') return c;
    if (c) params[spec.name] = c;
  }
  const rejection = implicitRejection(std, wire, notes);
  const refusedInputs = refusedInputsOf(std, wire, notes);
  const missing = ops.length < std.ops.length;
  const opsReason = missing
    ? {
        opsReason: wire.opsReason ?? `${implementation} does not declare ${std.ops.filter((o) => !ops.includes(o)).join(', ')}`,
        ...(wire.opsPolicy ? { opsPolicy: wire.opsPolicy } : {}),
      }
    : {};
  return Object.freeze({
    ops: Object.freeze(ops),
    ...opsReason,
    ...(Object.keys(params).length ? { params: Object.freeze(params) } : {}),
    ...(rejection ? { rejection } : {}),
    ...(refusedInputs ? { refusedInputs } : {}),
  });
}

/**
 * The claim's refused inputs, kept for the standard's operations and their optional inputs (those
 * a caller may leave out, such as m); any other is ignored with a note.
 */
function refusedInputsOf(std: Standard, wire: WireClaim, notes: string[]): StandardClaim['refusedInputs'] {
  const kept: Partial<Record<OpName, Readonly<Record<string, string>>>> = {};
  const family = familyOf(std);
  const params = std.matrix[0] ?? {};
  for (const [op, inputs] of Object.entries(wire.refusedInputs ?? {})) {
    if (!std.ops.includes(op as OpName)) {
      notes.push(`${std.id}: refusedInputs of ${op} ignored (${std.id} has ${std.ops.join(', ')})`);
      continue;
    }
    // An optional input: one a known answer may give the operation, which its callers need not.
    const required = new Set((family.operations[op as OpName]?.inputs(std, params, std.sizes(params)) ?? []).map((i) => i.name));
    const optional = new Set(
      family
        .katOps(std)
        .flatMap((k) => (k.op === op ? Object.keys(k.inputs) : []))
        .filter((n) => !required.has(n)),
    );
    for (const name of Object.keys(inputs).filter((n) => !optional.has(n)))
      notes.push(`${std.id}: refused input ${name} of ${op} ignored (not an optional input)`);
    const own = Object.entries(inputs).filter(([name]) => optional.has(name));
    if (own.length > 0) kept[op as OpName] = Object.freeze(Object.fromEntries(own));
  }
  return Object.keys(kept).length > 0 ? Object.freeze(kept) : undefined;
}

/**
 * The claim's declared implicit rejection, kept only where the standard lets a decryptor answer
 * an invalid ciphertext with pseudo-random output (RSAES-PKCS1-v1_5) or makes it do so (ML-KEM):
 * elsewhere that answer is an accepted forgery, and the declaration is ignored with a note.
 */
function implicitRejection(std: Standard, wire: WireClaim, notes: string[]): 'implicit' | undefined {
  if (wire.rejection !== 'implicit') return undefined;
  if (std.keys?.implicitRejection !== undefined || std.mutations.some((m) => m.expected === 'accept')) return 'implicit';
  notes.push(`${std.id}: rejection "implicit" ignored: ${std.id} does not permit implicit rejection (an invalid input answered with output is accepted)`);
  return undefined;
}

/** The frozen capability table of `hello` over the standards bothends knows. */
export function capabilitiesOf(hello: Hello, standards: readonly Standard[]): Translated {
  const notes: string[] = [];
  const byId = new Map(standards.map((s) => [s.id, s]));
  for (const id of [...Object.keys(hello.claims), ...Object.keys(hello.gaps)].filter((i) => !byId.has(i))) {
    notes.push(`standard ${id} ignored: bothends does not know it`);
  }
  const claims: Record<string, StandardClaim> = {};
  const gaps: Record<string, string> = {};
  for (const std of standards) {
    const wire = hello.claims[std.id];
    const claim = wire ? standardClaim(std, wire, hello.implementation, notes) : (hello.gaps[std.id] ?? NOT_DECLARED);
    if (typeof claim === 'string') {
      if (wire) notes.push(`${std.id} treated as a gap: ${claim}`);
      gaps[std.id] = claim;
    } else {
      claims[std.id] = claim;
    }
  }
  return { capabilities: Object.freeze({ claims: Object.freeze(claims), gaps: Object.freeze(gaps) }), notes: Object.freeze(notes) };
}
