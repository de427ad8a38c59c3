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
import type { ByteMap, CaseResult, OpImpl, OpName, ParamValue, Params } from './model.js';

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
  /**
   * Agreement intents: public keys a peer may send that make the open behaviour matter, each
   * made from an end's own public key in that key's encoding (see {@link PeerKey}).
   */
  readonly peerKeys?: readonly PeerKey[];
  /**
   * A sentence only some ends can fulfil, whose input the others must refuse (a post-quantum
   * certificate, to an end without the algorithm). `callsAs` is the intent whose call such an
   * end's users make on that input all the same (encrypt to whatever certificate they are
   * handed). An end that declares this intent `refused` is run as the producer through its
   * resolution of `callsAs`, against each end that fulfils this one, and must refuse clearly: a
   * refusal within the time limit passes, with its words shown; an output is a failure, shown
   * with what the consumer then made of it; a crash or a hang is an error.
   */
  readonly refusal?: { readonly callsAs: string; readonly because: string };
}

/**
 * A public key an agreement intent runs beside the genuine exchange. `accept`: the producer
 * sends its own public key altered (bit 255 set), and the consumer must derive the very secret
 * the genuine key gives (RFC 7748 §5 masks that bit). `either`: the standard allows two
 * behaviours on the key (RFC 7748 §6.1: a low-order point may be refused, or give the all-zero
 * secret); each end meets it with its own secret key, and two ends that behave differently are
 * a divergence, shown with who did what. `reject`: each end meets it with its own secret key and
 * must refuse it (a point off the curve: SP 800-56A §5.6.2.3); one that derives is a security finding.
 */
export interface PeerKey {
  /** What the key is: `bit 255 set`, `a point of order 8`. */
  readonly name: string;
  readonly expected: 'accept' | 'either' | 'reject';
  /** The normative text: why it must be accepted, or why either behaviour is allowed. */
  readonly because: string;
  /** The key made from `publicKey`, in the same encoding. */
  apply(publicKey: Uint8Array): Uint8Array;
  /**
   * For `either`: how the report names the behaviour other than refusing, and the one secret an
   * end that does not refuse may derive; without `secret`, the one its genuine public key gives.
   */
  readonly allowed?: { readonly behaviour: string; readonly secret?: Uint8Array };
  /** The resolutions whose key encoding can carry the key (JWK has no compressed point); absent: all. */
  appliesTo?(params: Params): boolean;
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
  /** Why the library offers no such call: its parameters are what its nearest call would use, and it takes no side in the Ambiguities. */
  readonly refused?: string;
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
  /**
   * The inputs on which the standard allows more than one behaviour and the implementations of
   * this run took more than one (observed: divergent intent cases), with who did what.
   */
  readonly behaviours?: ReadonlyArray<{
    readonly input: string;
    readonly because: string;
    readonly values: ReadonlyArray<{ readonly behaviour: string; readonly adapters: readonly string[] }>;
  }>;
}

/** Per intent (`standard/intent`), per input: who did what, from the divergent intent cases of a run. */
function observedBehaviours(results: readonly CaseResult[]): Map<string, NonNullable<Ambiguity['behaviours']>> {
  const byIntent = new Map<string, Map<string, { because: string; by: Map<string, Set<string>> }>>();
  for (const r of [...results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    for (const d of r.intent?.divergence ?? []) {
      const key = `${r.standard}/${r.intent!.id}`;
      const inputs = byIntent.get(key) ?? byIntent.set(key, new Map()).get(key)!;
      const entry = inputs.get(d.input) ?? inputs.set(d.input, { because: d.because, by: new Map() }).get(d.input)!;
      for (const [adapter, b] of [
        [r.producer, d.producer],
        [r.consumer, d.consumer],
      ] as const) {
        (entry.by.get(b.behaviour) ?? entry.by.set(b.behaviour, new Set()).get(b.behaviour)!).add(adapter);
      }
    }
  }
  return new Map(
    [...byIntent].map(([key, inputs]) => [
      key,
      [...inputs].map(([input, e]) => ({
        input,
        because: e.because,
        values: [...e.by].map(([behaviour, adapters]) => ({ behaviour, adapters: [...adapters].sort() })),
      })),
    ]),
  );
}

/**
 * The ambiguities among the intents of a run: the open parameters resolved in more than one
 * way, and the inputs where the standard allows more than one behaviour and the results show
 * more than one (from the divergent cases among `results`).
 */
export function ambiguities(intents: readonly IntentInfo[], results: readonly CaseResult[] = []): Ambiguity[] {
  const found: Ambiguity[] = [];
  const observed = observedBehaviours(results);
  for (const i of intents) {
    const parameters: Array<Ambiguity['parameters'][number]> = [];
    for (const [name, because] of Object.entries(i.open)) {
      const by = new Map<ParamValue, string[]>();
      for (const r of i.resolutions) {
        if (r.refused !== undefined) continue;
        const v = r.params[name];
        if (v !== undefined) by.set(v, [...(by.get(v) ?? []), r.adapter]);
      }
      if (by.size > 1) parameters.push({ name, because, values: [...by].map(([value, adapters]) => ({ value, adapters })) });
    }
    const behaviours = observed.get(`${i.standard}/${i.id}`);
    if (parameters.length > 0 || behaviours)
      found.push({ standard: i.standard, intent: i.id, sentence: i.sentence, parameters, ...(behaviours ? { behaviours } : {}) });
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

/**
 * The declared value of a parameter a library draws at random for each output (GnuTLS's PBES2
 * salt lengths): every value from `least` to `most`. A resolution declares it where one value
 * would be untrue; what the output states must lie within it.
 */
export function drawnPerOutput(least: number, most: number): string {
  return `drawn per output: ${least}-${most}`;
}

/**
 * Whether what an output states for a parameter is what the resolution declares: the same value,
 * or, for a value drawn per output, every stated value ("17/16": key and certificate) within it.
 */
export function statedAgrees(declared: ParamValue | undefined, stated: ParamValue): boolean {
  if (declared === stated) return true;
  const range = /^drawn per output: (\d+)-(\d+)$/.exec(String(declared));
  if (!range) return false;
  return String(stated)
    .split('/')
    .every((v) => /^\d+$/.test(v) && Number(v) >= Number(range[1]) && Number(v) <= Number(range[2]));
}

/** The parameters in which two resolutions differ. */
export function differingParams(a: Params, b: Params): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}
