/**
 * The browser's capability table, tried, not assumed. The bindings' rules say what the W3C
 * API can express; each value they admit (each key size, IV length, tag length, hash, curve,
 * key format…) is then tried in the browser by the engine's own matrix case for the
 * standard's family, with this adapter as producer and consumer, on the standard's first
 * parameter set with that one value changed. A value the browser refuses stays out of the
 * claim, with the browser's own error as the reason.
 */
import { standaloneContext, type CaseContext } from '../../core/case.js';
import type { Adapter } from '../../core/adapter.js';
import { familyOf } from '../../core/families/index.js';
import { describeError } from '../../core/errors.js';
import type { ParamValue, Params } from '../../core/model.js';
import type { Standard } from '../../core/standard.js';
import type { Binding, ParamRule } from '../binding.js';

/** The tried bindings, and a gap for each standard the browser could not do at all. */
export interface Tried {
  readonly bindings: readonly Binding[];
  readonly gaps: Readonly<Record<string, string>>;
  /** How many values were tried, and how many refused. */
  readonly tried: number;
  readonly refused: number;
}

/** `params` with `name` set to `value`, and every parameter tied to another set equal to it. */
function variant(base: Params, name: string, value: ParamValue, rules: readonly ParamRule[]): Params {
  const params: Record<string, ParamValue> = { ...base, [name]: value };
  for (const r of rules) {
    if (r.sameAs === name) params[r.name] = value;
    if (r.name === name && r.sameAs !== undefined) params[r.sameAs] = value;
  }
  return params;
}

/** A case context for trying: one adapter, memoized key pairs, a fixed seed. */
const context = (adapter: Adapter): CaseContext => standaloneContext('bothends-browser-capabilities', () => adapter);

/** Tries `params` with the context's adapter as both sides (key pairs shared through its memo): undefined when it passes, else why not. */
async function attempt(shared: CaseContext, std: Standard, params: Params): Promise<string | undefined> {
  const adapter = shared.adapter('');
  try {
    const ctx: CaseContext = { ...shared, progress: { stage: undefined } };
    const verdict = await familyOf(std).matrix(ctx, std, params, adapter.id, adapter.id);
    return verdict.outcome === 'pass' ? undefined : verdict.message;
  } catch (err) {
    return describeError(err);
  }
}

/**
 * Tries every value the bindings' rules admit. `open` is an adapter claiming exactly what the
 * rules admit (its operations run in the browser); `title` names the browser in reasons.
 */
export async function tryCapabilities(bindings: readonly Binding[], open: Adapter, title: string): Promise<Tried> {
  let tried = 0;
  let refused = 0;
  const gaps: Record<string, string> = {};
  const kept: Binding[] = [];
  const shared = context(open);
  await Promise.all(
    bindings.map(async (b) => {
      const std = b.standard;
      const base = std.matrix.find((p) => b.rules.every((r) => r.accepts(p[r.name]!) && (r.sameAs === undefined || p[r.name] === p[r.sameAs])));
      if (!base) {
        gaps[std.id] = `no parameter set of ${std.id} that the WebCrypto API can express`;
        return;
      }
      const failures = new Map<string, Map<ParamValue, string>>();
      const trials: Array<Promise<void>> = [];
      // Tied parameters make the same parameter set twice (oaepHash and mgf1Hash): tried once.
      const once = new Map<string, Promise<string | undefined>>();
      for (const spec of std.params) {
        const rule = b.rules.find((r) => r.name === spec.name);
        const refusedHere = new Map<ParamValue, string>();
        failures.set(spec.name, refusedHere);
        for (const value of spec.values.filter((v) => rule?.accepts(v))) {
          const params = variant(base, spec.name, value, b.rules);
          // A value the API admits only with another the API refuses (MGF1 SHA-224 needs OAEP SHA-224) is the API's business.
          if (!b.rules.every((r) => r.accepts(params[r.name]!))) continue;
          if (std.excludes?.(params) !== undefined) {
            refusedHere.set(value, 'not tried: no parameter set of the standard has it with the others at their first value');
            continue;
          }
          const key = JSON.stringify(params);
          if (!once.has(key)) tried++;
          const pending = once.get(key) ?? attempt(shared, std, params);
          once.set(key, pending);
          trials.push(
            (async () => {
              const why = await pending;
              if (why !== undefined) refusedHere.set(value, why);
            })(),
          );
        }
      }
      await Promise.all(trials);
      for (const why of await Promise.all(once.values())) if (why !== undefined) refused++;
      const rules = b.rules.map((rule): ParamRule => {
        const no = failures.get(rule.name);
        if (!no || no.size === 0) return rule;
        const list = [...no].map(([v, why]) => `${String(v)} → ${why}`).join('; ');
        return { ...rule, accepts: (v) => rule.accepts(v) && !no.has(v), reason: `${title} refused it when tried (${list}); the API: ${rule.reason}` };
      });
      const dead = rules.find((r) => std.params.find((s) => s.name === r.name)!.values.every((v) => !r.accepts(v)));
      // The reason names the browser already.
      if (dead) gaps[std.id] = dead.reason;
      else kept.push({ ...b, rules });
    }),
  );
  const order = new Map(bindings.map((b, i) => [b.standard.id, i]));
  kept.sort((a, b) => order.get(a.standard.id)! - order.get(b.standard.id)!);
  return { bindings: kept, gaps, tried, refused };
}
