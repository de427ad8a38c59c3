/** The family tests' narrow runs: one standard, given adapters, on the main thread, and a result by id. */
import type { Adapter } from '../src/core/adapter.js';
import type { CaseResult } from '../src/core/model.js';
import type { Standard } from '../src/core/standard.js';
import { runSuite } from '../src/suite.js';

/** What a family test runs: its seed, the kinds (default matrix and negative) and the case patterns (default all). */
export interface FamilyRun {
  readonly seed: string;
  readonly kinds?: ReadonlyArray<'matrix' | 'negative' | 'intent'>;
  readonly cases?: readonly string[];
}

/** Runs `std` among `adapters` without worker threads; the results. */
export async function runFamily(std: Standard, adapters: readonly Adapter[], o: FamilyRun): Promise<CaseResult[]> {
  const report = await runSuite({
    standards: [std],
    adapters,
    kinds: [...(o.kinds ?? ['matrix', 'negative'])],
    vectors: [],
    seed: o.seed,
    timeoutMs: 30_000,
    isolation: 'none',
    ...(o.cases ? { cases: [...o.cases] } : {}),
  });
  return [...report.results];
}

/** The result `id`; a missing one fails the test naming those there are. */
export function one(results: readonly CaseResult[], id: string): CaseResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no result ${id} among ${results.map((x) => x.id).join(', ')}`);
  return r;
}
