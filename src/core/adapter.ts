/**
 * The adapter descriptor: one implementation of one or more standards, with a capability
 * table that says exactly what it can express and why not the rest.
 */
import type { IntentResolution } from './intent.js';
import type { ByteMap, OpImpl, OpName, ParamValue, Params } from './model.js';

/** How the implementation runs. */
export type AdapterKind = 'in-process' | 'cli' | 'external';

/**
 * `explicit` adapters pass every parameter; `defaults` variants call the library the way its
 * documentation's first example does, to show what users get out of the box.
 */
export type Variant = 'explicit' | 'defaults';

/** A restriction of one parameter to the listed values, with the reason for the others. */
export interface ParamClaim {
  readonly values: readonly ParamValue[];
  readonly reason: string;
  /** When the restriction is a deliberate policy: the setting that controls it. */
  readonly policy?: string;
  /** The value must also equal this other parameter's (Node ties the MGF1 hash to the OAEP hash). */
  readonly sameAs?: string;
  /** The operations the restriction applies to; absent: all (the age CLI encrypts at one scrypt work factor but decrypts any). */
  readonly ops?: readonly OpName[];
  /** The parameter restricted, when the claim's key is not its name (one parameter restricted differently per operation). */
  readonly param?: string;
}

/** What an adapter claims for one standard. Unlisted parameters: every value the standard has. */
export interface StandardClaim {
  readonly ops: readonly OpName[];
  /** Why the standard's other operations are missing, when `ops` is not all of them. */
  readonly opsReason?: string;
  /** When the missing operations are refused by a deliberate policy: the setting that controls it. */
  readonly opsPolicy?: string;
  readonly params?: Readonly<Record<string, ParamClaim>>;
  /**
   * How the implementation refuses an invalid input where the standard lets it choose:
   * `implicit` when it answers with pseudo-random output instead of an error (implicit
   * rejection, e.g. RSAES-PKCS1-v1_5 decryption with OpenSSL 3.2+). Absent: with an error.
   * The runs hold the implementation to it both ways (core/step.ts `implicitRejection`).
   */
  readonly rejection?: 'implicit';
  /**
   * Optional inputs an operation cannot be given, each with the library's reason, per operation:
   * an encapsulation that draws its own randomness takes no caller-chosen m (FIPS 203 §7.2), so
   * a known answer that fixes m is `unsupported` for it, not a failure.
   */
  readonly refusedInputs?: Readonly<Partial<Record<OpName, Readonly<Record<string, string>>>>>;
}

/**
 * The capability table: claims per standard, and the gaps the adapter has a specific reason
 * for. Every other standard it does not claim gets the default reason of `gapReason`, so a new
 * standard never edits an adapter that does not implement it.
 */
export interface Capabilities {
  readonly claims: Readonly<Record<string, StandardClaim>>;
  readonly gaps: Readonly<Record<string, string>>;
}

export type { OpImpl } from './model.js';

/** Per standard, per operation. */
export type OpTable = Readonly<Record<string, Partial<Record<OpName, OpImpl>>>>;

/** Whether an adapter can run here. */
export type ProbeResult =
  | { readonly available: true; readonly version: string; readonly detail?: string }
  | { readonly available: false; readonly reason: string; readonly install?: string };

/** The frozen descriptor of one implementation. */
export interface Adapter {
  readonly id: string;
  /** Library or program name, e.g. `node-forge`, `openssl`. */
  readonly library: string;
  readonly kind: AdapterKind;
  readonly variant: Variant;
  readonly description: string;
  /** Is it installed, and which version? Read at run time, never hard-coded. */
  probe(): Promise<ProbeResult>;
  /** How long `probe()` may take when it does more than look (a browser starts and is tried); default 15 s. */
  readonly probeTimeoutMs?: number;
  readonly capabilities: Capabilities;
  readonly ops: OpTable;
  /**
   * How the library resolves each intent of the standards it implements when called as its
   * documentation calls it: per standard, per intent id (core/intent.ts).
   */
  readonly intents?: Readonly<Record<string, Readonly<Record<string, IntentResolution>>>>;
  /** Releases processes or handles; optional. */
  dispose?(): Promise<void>;
}

/** The verdict of the capability table for one call. */
export type ClaimCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly policy?: string };

/** A claim's parameter restrictions as a list, made once per claim: every operation checks them. */
const RESTRICTIONS = new WeakMap<StandardClaim, ReadonlyArray<readonly [string, ParamClaim]>>();

function restrictionsOf(claim: StandardClaim): ReadonlyArray<readonly [string, ParamClaim]> {
  let list = RESTRICTIONS.get(claim);
  if (!list) RESTRICTIONS.set(claim, (list = Object.entries(claim.params ?? {})));
  return list;
}

const CLAIMED: ClaimCheck = Object.freeze({ ok: true });

/**
 * Why `adapter` does not implement `standard`: its specific reason, else the one default reason
 * (the standards it does implement); `undefined` when it claims the standard.
 */
export function gapReason(adapter: Adapter, standard: string): string | undefined {
  const { claims, gaps } = adapter.capabilities;
  if (claims[standard]) return undefined;
  const claimed = Object.keys(claims);
  return gaps[standard] ?? `${adapter.id} has no binding for ${standard}: it implements ${claimed.length ? claimed.join(', ') : 'no standard bothends knows'}`;
}

/** The reason for each of `standards` the adapter does not claim (reports, `bothends list`). */
export function gapsFor(adapter: Adapter, standards: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    standards.flatMap((id) => {
      const reason = gapReason(adapter, id);
      return reason === undefined ? [] : [[id, reason] as const];
    }),
  );
}

/** Does the adapter's table claim `op` of `standard` with `params`? */
export function checkClaim(adapter: Adapter, standard: string, op: OpName, params: Params, inputs: readonly string[] = []): ClaimCheck {
  const claim = adapter.capabilities.claims[standard];
  if (!claim) return { ok: false, reason: gapReason(adapter, standard)! };
  if (!claim.ops.includes(op)) {
    const reason = claim.opsReason ?? `${adapter.id} does not implement ${standard} ${op}`;
    return claim.opsPolicy === undefined ? { ok: false, reason } : { ok: false, reason, policy: claim.opsPolicy };
  }
  for (const [name, restriction] of restrictionsOf(claim)) {
    if (restriction.ops !== undefined && !restriction.ops.includes(op)) continue;
    const value = params[restriction.param ?? name];
    const tied = restriction.sameAs === undefined || value === params[restriction.sameAs];
    if (value !== undefined && (!restriction.values.includes(value) || !tied)) {
      const why = `${restriction.param ?? name}=${String(value)}: ${restriction.reason}`;
      return restriction.policy === undefined ? { ok: false, reason: why } : { ok: false, reason: why, policy: restriction.policy };
    }
  }
  const refused = claim.refusedInputs?.[op];
  const input = refused === undefined ? undefined : inputs.find((name) => refused[name] !== undefined);
  if (input !== undefined) return { ok: false, reason: `${op} with a given ${input}: ${refused![input]!}` };
  return CLAIMED;
}

/** Does `adapter` declare implicit rejection for `standard` (its claim's `rejection`)? */
export function declaresImplicitRejection(adapter: Adapter, standard: string): boolean {
  return adapter.capabilities.claims[standard]?.rejection === 'implicit';
}

/** Freezes a descriptor deeply enough that no run can change another's view of it. */
export function defineAdapter(adapter: Adapter): Adapter {
  for (const [standard, claim] of Object.entries(adapter.capabilities.claims)) {
    for (const op of claim.ops) {
      if (typeof adapter.ops[standard]?.[op] !== 'function') {
        throw new Error(`adapter ${adapter.id} claims ${standard} ${op} but implements no such operation`);
      }
    }
  }
  Object.freeze(adapter.capabilities.claims);
  Object.freeze(adapter.capabilities.gaps);
  Object.freeze(adapter.capabilities);
  Object.freeze(adapter.ops);
  return Object.freeze(adapter);
}

/** A probe for in-process libraries: available, with the version read from the package. */
export function inProcessProbe(version: () => string): () => Promise<ProbeResult> {
  return async () => {
    try {
      return { available: true, version: version() };
    } catch (err) {
      return { available: false, reason: `cannot load: ${(err as Error).message}` };
    }
  };
}
