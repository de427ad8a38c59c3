/**
 * Sharding and merging: `--shard i/n` runs plan positions i-1, i-1+n, i-1+2n, …, so shards are
 * balanced across standards and deterministic; `merge` interleaves the shards' results back
 * into plan order and recomputes everything derived, giving the report an unsharded run gives.
 */
import { ConfigError } from './errors.js';
import { applyExpectations, type KnownDeviation } from './expectations.js';
import { ambiguities, type IntentInfo } from './intent.js';
import type { CaseResult } from './model.js';
import type { Report } from './report-model.js';
import { summarize } from './summary.js';

/** One shard of `count`, 1-based. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n`. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    throw new ConfigError(`--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, not "${text}"`);
  return { index, count };
}

/** The cases of one shard, in plan order. */
export function shardOf<T>(planned: readonly T[], s: Shard): T[] {
  return planned.filter((_, i) => i % s.count === s.index - 1);
}

const withoutKnown = (r: CaseResult): CaseResult => {
  const { known: _known, ...rest } = r;
  return rest;
};

/**
 * Merges shard reports (any order) into the report of the unsharded run. Every shard must come
 * from the same suite, seed and configuration, and every shard of the set must be present once.
 * Expectations are applied anew over the whole, so stale entries are judged on all results.
 */
export function mergeReports(shards: readonly Report[], expectations: readonly KnownDeviation[], names: readonly string[] = []): Report {
  if (shards.length === 0) throw new ConfigError('merge needs at least one report');
  const label = (i: number): string => names[i] ?? `report ${i + 1}`;
  const parsed = shards.map((r, i) => {
    const text = r.config['shard'];
    if (typeof text !== 'string') throw new ConfigError(`${label(i)} is not a shard (its config has no "shard")`);
    return { r, s: parseShard(text), i };
  });
  const count = parsed[0]!.s.count;
  const first = parsed[0]!.r;
  const { shard: _s, ...config } = first.config;
  for (const { r, s, i } of parsed) {
    if (s.count !== count) throw new ConfigError(`${label(i)} is shard ${s.index}/${s.count}, but ${label(0)} is of ${count}`);
    if (r.seed !== first.seed) throw new ConfigError(`${label(i)} has seed ${r.seed}, ${label(0)} has ${first.seed}`);
    if (r.suite.version !== first.suite.version || r.suite.commit !== first.suite.commit)
      throw new ConfigError(`${label(i)} comes from another suite version or commit`);
    const { shard: _x, ...other } = r.config;
    if (JSON.stringify(other) !== JSON.stringify(config)) throw new ConfigError(`${label(i)} was run with another configuration than ${label(0)}`);
  }
  const byIndex = new Map(parsed.map((p) => [p.s.index, p.r]));
  if (byIndex.size !== parsed.length) throw new ConfigError('the same shard is given twice');
  for (let k = 1; k <= count; k++) if (!byIndex.has(k)) throw new ConfigError(`shard ${k}/${count} is missing`);
  const total = Number(config['caseCount']);
  const results: CaseResult[] = [];
  for (let j = 0; j < total; j++) {
    const r = byIndex.get((j % count) + 1)!.results[Math.floor(j / count)];
    if (!r) throw new ConfigError(`shard ${(j % count) + 1}/${count} has fewer results than its share of ${total} planned cases`);
    results.push(withoutKnown(r));
  }
  const applied = applyExpectations(results, expectations);
  const problems = [
    ...new Map(parsed.flatMap((p) => p.r.problems.filter((x) => x.kind !== 'expectation')).map((x) => [`${x.kind}|${x.message}`, x])).values(),
    ...applied.stale.map((k) => ({
      kind: 'expectation' as const,
      message: `expectation "${k.match}" (${k.outcome}) matched no result: remove it or fix the pattern`,
    })),
  ];
  const intents = mergeIntents([...parsed].sort((a, b) => a.s.index - b.s.index).map((p) => p.r.intents ?? []));
  return {
    ...first,
    startedAt: parsed.map((p) => p.r.startedAt).sort()[0]!,
    durationMs: Math.max(...parsed.map((p) => p.r.durationMs)),
    config,
    results: applied.results,
    intents,
    ambiguities: ambiguities(intents, applied.results),
    problems,
    summary: summarize(applied.results),
  };
}

/**
 * The intents of all shards, given in shard order: each intent once, in the order the shards
 * list them, with every resolution any shard saw (a shard from before intents has none).
 */
function mergeIntents(lists: ReadonlyArray<readonly IntentInfo[]>): IntentInfo[] {
  const merged = new Map<string, IntentInfo>();
  for (const intent of lists.flat()) {
    const key = JSON.stringify([intent.standard, intent.id]);
    const seen = merged.get(key);
    const known = new Set(seen?.resolutions.map((r) => r.adapter));
    merged.set(key, seen ? { ...seen, resolutions: [...seen.resolutions, ...intent.resolutions.filter((r) => !known.has(r.adapter))] } : intent);
  }
  return [...merged.values()];
}
