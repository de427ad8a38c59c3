/**
 * Intents: a standard as two teams name it in one sentence of an interface agreement ("RSA-OAEP
 * with SHA-256", "AES-256-CBC with a passphrase, OpenSSL format"). The sentence fixes some
 * parameters and leaves others open; each adapter says, as data in its own file, how its library
 * resolves the sentence when called the way its documentation calls it (the call, the parameters
 * that call really uses, and operations that make exactly that call). The intent matrix runs
 * every producer as called against every consumer as called; where two resolutions differ, a
 * failing pair is a `mismatch`, diagnosed with the parameter, the fix (confirmed by running it)
 * and the normative text that leaves the parameter open.
 */
import type { ByteMap, OpImpl, OpName, ParamValue, Params } from './model.js';

/** One intent of a standard. */
export interface Intent {
  /** Short id, unique within the standard: `sha256`, `defaults`. */
  readonly id: string;
  /** The sentence as people write it in an interface agreement. */
  readonly sentence: string;
  /** The parameters the sentence fixes. */
  readonly fixes: Params;
  /** The parameters it leaves open, each with the normative text that leaves it open. */
  readonly open: Readonly<Record<string, string>>;
  /**
   * Inputs that make the open parameters matter, beyond the standard's plaintext sizes: named
   * byte inputs that replace the generated ones (a non-ASCII passphrase, a label), each case of
   * the intent matrix running them all.
   */
  readonly inputs?: ReadonlyArray<{ readonly name: string; readonly replace: ByteMap }>;
  /**
   * Inputs the sentence itself names (a 16-byte Triple-DES key): every exchange of the intent
   * uses them in place of the generated ones, whatever size a resolution's parameters imply.
   */
  readonly given?: { readonly name: string; readonly replace: ByteMap };
  /**
   * Open parameters beyond the standard's own: what the sentence leaves open although the
   * standard fixes it ("AES" names no mode, the aes-cbc standard is CBC; what a NaCl call
   * returns). Each maps to the standard's value, the only one its explicit operations implement.
   * A resolution names them beside the standard's parameters; their normative text is in `open`.
   */
  readonly beyond?: Params;
}

/** How one library resolves one intent, as its documentation calls it. */
export interface IntentResolution {
  /** The call as a user writes it, shown in the report. */
  readonly call: string;
  /** Every parameter of the standard as that call really sets it. */
  readonly params: Params;
  /**
   * Operations that make exactly that call (never the explicit path with the defaults filled
   * in, so that a library changing its default is noticed). An operation missing here is one
   * the library does not offer as called; `refused` says why.
   */
  readonly ops: Partial<Record<OpName, OpImpl>>;
  readonly refused?: string;
}

/** A resolution as the report shows it. */
export interface ResolutionInfo {
  readonly adapter: string;
  readonly call: string;
  readonly params: Params;
}

/** One intent as the run saw it: the sentence and every resolution of the adapters that took part. */
export interface IntentInfo {
  readonly standard: string;
  readonly id: string;
  readonly sentence: string;
  readonly fixes: Params;
  readonly open: Readonly<Record<string, string>>;
  readonly resolutions: readonly ResolutionInfo[];
}

/**
 * An intent whose open parameters the implementations resolve in more than one way: for each
 * such parameter, the values side by side with who uses each, and the text that leaves it open.
 */
export interface Ambiguity {
  readonly standard: string;
  readonly intent: string;
  readonly sentence: string;
  readonly parameters: ReadonlyArray<{
    readonly name: string;
    readonly because: string;
    readonly values: ReadonlyArray<{ readonly value: ParamValue; readonly adapters: readonly string[] }>;
  }>;
}

/** The ambiguities among the intents of a run: the open parameters resolved in more than one way. */
export function ambiguities(intents: readonly IntentInfo[]): Ambiguity[] {
  const found: Ambiguity[] = [];
  for (const i of intents) {
    const parameters: Array<Ambiguity['parameters'][number]> = [];
    for (const [name, because] of Object.entries(i.open)) {
      const by = new Map<ParamValue, string[]>();
      for (const r of i.resolutions) {
        const v = r.params[name];
        if (v !== undefined) by.set(v, [...(by.get(v) ?? []), r.adapter]);
      }
      if (by.size > 1) parameters.push({ name, because, values: [...by].map(([value, adapters]) => ({ value, adapters })) });
    }
    if (parameters.length > 0) found.push({ standard: i.standard, intent: i.id, sentence: i.sentence, parameters });
  }
  return found;
}

/** The standard's own parameters of a resolution: what its explicit operations are given. */
export function explicitParams(intent: Intent, params: Params): Params {
  const beyond = intent.beyond ?? {};
  return Object.fromEntries(Object.entries(params).filter(([k]) => !(k in beyond)));
}

/**
 * Why the explicit operations cannot be configured as `params` resolve the intent: a parameter
 * beyond the standard's own with a value other than the standard's. Undefined when they can be.
 */
export function beyondStandard(intent: Intent, params: Params): string | undefined {
  const off = Object.entries(intent.beyond ?? {}).filter(([k, v]) => params[k] !== undefined && params[k] !== v);
  return off.length === 0
    ? undefined
    : off.map(([k, v]) => `${k} = ${String(params[k])} (the standard's explicit operations have ${k} = ${String(v)} only)`).join(', ');
}

/** The parameters in which two resolutions differ. */
export function differingParams(a: Params, b: Params): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}
