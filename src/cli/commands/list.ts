/** `bothends list`: standards and adapters, installed or not, with capabilities and gaps. */
import type { Command } from 'commander';
import { DEFAULT_ADAPTERS } from '../../adapters/index.js';
import { gapsFor, type Adapter } from '../../core/adapter.js';
import type { Params } from '../../core/model.js';
import { probeAdapter } from '../../core/run-suite.js';
import { STANDARDS } from '../../standards/index.js';

async function listCommand(flags: { json?: boolean }): Promise<number> {
  try {
    return await listAdapters(flags);
  } finally {
    await Promise.all(DEFAULT_ADAPTERS.map((a) => a.dispose?.())); // external adapter processes and browsers their probes started
  }
}

async function listAdapters(flags: { json?: boolean }): Promise<number> {
  const rows = await Promise.all(DEFAULT_ADAPTERS.map(async (a) => ({ a, probe: await probeAdapter(a) })));
  if (flags.json) {
    const doc = rows.map(({ a, probe }) => ({
      id: a.id,
      library: a.library,
      kind: a.kind,
      variant: a.variant,
      probe,
      claims: a.capabilities.claims,
      gaps: gapsFor(
        a,
        STANDARDS.map((s) => s.id),
      ),
      intents: resolutionsOf(a),
    }));
    // Each standard with its canonical parameters and their values (what a claim must name) and its intents (what a resolution answers).
    const standards = STANDARDS.map((s) => ({
      id: s.id,
      title: s.title,
      family: s.family,
      references: s.references,
      ops: s.ops,
      params: s.params.map((p) => ({ name: p.name, description: p.description, values: p.values })),
      intents: (s.intents ?? []).map((i) => ({ id: i.id, sentence: i.sentence, fixes: i.fixes, open: i.open, ...(i.beyond ? { beyond: i.beyond } : {}) })),
    }));
    process.stdout.write(`${JSON.stringify({ standards, adapters: doc }, null, 2)}\n`);
    return 0;
  }
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out('Standards:');
  for (const s of STANDARDS) out(`  ${s.id.padEnd(20)} ${s.title} — ${s.references.join('; ')}`);
  out('\nAdapters:');
  for (const { a, probe } of rows) {
    const state = probe.available ? `installed, ${probe.version}` : `NOT INSTALLED: ${probe.reason}${probe.install ? ` — install: ${probe.install}` : ''}`;
    out(`  ${a.id.padEnd(14)} ${a.library} (${a.kind}, ${a.variant}) ${state}`);
    for (const [std, c] of Object.entries(a.capabilities.claims)) {
      out(`      ✓ ${std}: ${c.ops.join(', ')}`);
      if (c.opsReason) out(`          no other operation: ${c.opsReason}${c.opsPolicy ? ` (policy: ${c.opsPolicy})` : ''}`);
      for (const [p, r] of Object.entries(c.params ?? {})) {
        const only = r.sameAs ? `equal to ${r.sameAs}` : `only ${r.values.join(', ')}`;
        out(`          ${p} ${only}: ${r.reason}${r.policy ? ` (policy: ${r.policy})` : ''}`);
      }
    }
    for (const [std, why] of Object.entries(
      gapsFor(
        a,
        STANDARDS.map((s) => s.id),
      ),
    ))
      out(`      – ${std}: ${why}`);
  }
  return 0;
}

/** How an adapter resolves each intent, as data: per standard, per intent, the call and the parameters. */
function resolutionsOf(a: Adapter): Record<string, Record<string, { call: string; params: Params }>> {
  return Object.fromEntries(
    Object.entries(a.intents ?? {}).map(([std, byId]) => [
      std,
      Object.fromEntries(Object.entries(byId).map(([id, r]) => [id, { call: r.call, params: r.params }])),
    ]),
  );
}

/** Registers `list`. */
export function registerList(program: Command, setCode: (code: number) => void): void {
  program
    .command('list')
    .description('list standards and adapters: versions, installed or not, capabilities and gaps')
    .option('--json', 'machine-readable output')
    .action(async (flags: { json?: boolean }) => setCode(await listCommand(flags)));
}
