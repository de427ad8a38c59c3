/**
 * Runs a planned case from its data alone: the family runner for matrix and negative cases,
 * the known-answer runner for kat and import cases. Never throws for a test failure.
 */
import type { Case, CaseContext } from './case.js';
import { familyOf } from './families/index.js';
import { runIntent } from './families/intent-runner.js';
import { katOps, runKat } from './families/kat.js';
import type { Verdict } from './step.js';

function broken(message: string): Verdict {
  return { outcome: 'error', message: `harness: ${message}`, sides: [] };
}

/** The verdict of one case. */
export function executeCase(ctx: CaseContext, c: Case): Promise<Verdict> {
  if (c.preset) return Promise.resolve(c.preset);
  if (c.execute) return c.execute(ctx);
  const std = c.standard;
  const family = familyOf(std);
  switch (c.kind) {
    case 'kat':
    case 'import': {
      const found = c.kat && katOps(std).find((op) => op.op === c.kat!.op);
      const without = c.kat?.without ?? [];
      const k =
        found && without.length > 0
          ? { ...found, inputs: Object.fromEntries(Object.entries(found.inputs).filter(([name]) => !without.includes(name))) }
          : found;
      return k ? runKat(ctx, std, c.params, c.consumer, c.kat!.test, k) : Promise.resolve(broken(`case ${c.id} has no known-answer operation`));
    }
    case 'matrix':
      return family.matrix(ctx, std, c.params, c.producer, c.consumer);
    case 'intent': {
      const intent = std.intents?.find((i) => i.id === c.intent);
      const end = (id: string) => {
        const adapter = ctx.adapter(id);
        const resolution = adapter.intents?.[std.id]?.[c.intent ?? ''];
        return resolution && { adapter, resolution };
      };
      const [p, q] = [end(c.producer), end(c.consumer)];
      if (!intent || !family.intent || !p || !q) return Promise.resolve(broken(`case ${c.id} names no intent both sides resolve`));
      return runIntent(ctx, std, intent, p, q, family.intent);
    }
    case 'negative': {
      const m = std.mutations.find((x) => x.id === c.mutation);
      if (!m || !family.negative) return Promise.resolve(broken(`case ${c.id} names no mutation of ${std.id}`));
      return family.negative({ ctx, std, params: c.params, producer: c.producer, consumer: c.consumer, mutation: m, caseId: c.id });
    }
    default:
      return Promise.resolve(broken(`no executor for kind ${c.kind}`));
  }
}
