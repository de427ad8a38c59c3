/**
 * Diagnosis of a pair that does not interoperate under a parameter set. The standard names
 * its axes (KeyTraits.diagnosis: e.g. the MGF1 hash, the OAEP hash, both together, the label,
 * the key encoding); for each neighbouring value the consumer is tried on the producer's
 * original output ("B decrypts A's output with mgf1Hash = SHA-1: A uses MGF1-SHA-1"), then
 * the producer with the neighbour and the consumer as before ("A's output with oaepHash =
 * SHA-1 decrypts at B: B uses SHA-1"). The first that works is the finding. Every attempt
 * is a real call to the implementations; nothing is inferred from error texts.
 */
import { checkClaim, type Adapter } from './adapter.js';
import type { OpName, ParamValue, Params } from './model.js';
import type { Standard } from './standard.js';

/** How to retry one side of the failed pair under other parameters. */
export interface DiagnosisProbe {
  /** The consumer with `alt` on the producer's original output; true when it gives the right answer. */
  consumerSide?(alt: Params): Promise<boolean>;
  /** The producer with `alt`, then the consumer with the original parameters; true when that works. */
  producerSide?(alt: Params): Promise<boolean>;
}

/** The two adapters and the operation each side performs. */
export interface DiagnosisPair {
  readonly producer: Adapter;
  readonly producerOp: OpName;
  readonly consumer: Adapter;
  readonly consumerOp: OpName;
  /** Verb for the consumer's operation in the finding, e.g. `decrypts`. */
  readonly verb: string;
}

/** Attempts per diagnosis at most: each is one or two real operations. */
export const MAX_ATTEMPTS = 40;

/** The parameter sets one step from `params` along `axis`: all its parameters set to each other declared value. */
export function neighbours(std: Standard, params: Params, axis: readonly string[]): Params[] {
  const specs = axis.map((name) => std.params.find((p) => p.name === name));
  if (specs.some((s) => s === undefined)) throw new Error(`${std.id}: diagnosis axis ${axis.join('+')} names an undeclared parameter`);
  const values: readonly ParamValue[] = specs[0]!.values.filter((v) => specs.every((s) => s!.values.includes(v)));
  return values
    .map((v) => ({ ...params, ...Object.fromEntries(axis.map((name) => [name, v])) }))
    .filter((alt) => axis.some((name) => alt[name] !== params[name]));
}

/** `mgf1Hash = SHA-1, oaepHash = SHA-1`: the parameters where `alt` differs from `params`. */
export function describeDifference(params: Params, alt: Params): string {
  return Object.keys(alt)
    .filter((k) => alt[k] !== params[k])
    .map((k) => `${k} = ${String(alt[k])}`)
    .join(', ');
}

/**
 * Searches the standard's axes for the parameter that makes the pair work. Returns the
 * finding as one sentence for the report, or a sentence saying that nothing nearby works.
 */
export async function diagnose(std: Standard, params: Params, pair: DiagnosisPair, probe: DiagnosisProbe): Promise<string> {
  const axes = std.keys?.diagnosis ?? [];
  const [a, b] = [pair.producer.id, pair.consumer.id];
  let attempts = 0;
  const tried = new Set<string>();
  for (const axis of axes) {
    for (const alt of neighbours(std, params, axis)) {
      if (tried.has(std.paramsId(alt))) continue;
      tried.add(std.paramsId(alt));
      if (attempts >= MAX_ATTEMPTS) return `diagnosis stopped after ${attempts} attempts without a finding`;
      const diff = describeDifference(params, alt);
      if (probe.consumerSide && checkClaim(pair.consumer, std.id, pair.consumerOp, alt).ok) {
        attempts++;
        if (await probe.consumerSide(alt)) return `diagnosis: ${b} ${pair.verb} ${a}'s output when told ${diff}: ${a} uses ${diff}`;
      }
      if (probe.producerSide && checkClaim(pair.producer, std.id, pair.producerOp, alt).ok) {
        attempts++;
        if (await probe.producerSide(alt)) return `diagnosis: ${b} ${pair.verb} what ${a} makes when told ${diff}: ${b} uses ${diff}`;
      }
    }
  }
  const names = axes.map((axis) => axis.join('+')).join(', ');
  return attempts === 0
    ? `diagnosis: neither side can express another value of ${names || 'any parameter'}`
    : `diagnosis: no neighbouring value of ${names} makes the pair work (${attempts} attempts)`;
}
