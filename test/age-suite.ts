/**
 * The age runs the age-js and age-cli tests share: the three age standards, the chosen adapters
 * and kinds (the C2SP test kit imported for `import`), on the main thread.
 */
import type { Adapter } from '../src/core/adapter.js';
import type { KnownDeviation } from '../src/core/expectations.js';
import type { CaseKind, CaseResult } from '../src/core/model.js';
import { runSuite } from '../src/suite.js';
import { ageMlkem768x25519, ageScrypt, ageX25519 } from '../src/standards/age.js';
import { importAgeTestkit } from '../src/vectors/importers/age-testkit.js';

/** The results of running `adapters` on `kinds` (only `cases`, when given), with `expectations` applied. */
export async function ageSuite(
  adapters: readonly Adapter[],
  kinds: CaseKind[],
  cases?: string[],
  expectations: readonly KnownDeviation[] = [],
): Promise<CaseResult[]> {
  const kit = kinds.includes('import') ? await importAgeTestkit() : undefined;
  const report = await runSuite({
    standards: [ageX25519, ageMlkem768x25519, ageScrypt],
    adapters,
    kinds,
    vectors: [],
    ...(kit ? { procedures: kit.procedures } : {}),
    expectations,
    seed: 'age-test',
    isolation: 'none',
    timeoutMs: 60_000,
    ...(cases ? { cases } : {}),
  });
  return [...report.results];
}
