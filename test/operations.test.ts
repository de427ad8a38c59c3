/**
 * A family's operations are declared by its module only: their names (the `OpName` union),
 * outputs and stages reach the one call into an adapter, the steps of a case and the report's
 * and the protocol's schemas from it, and no core file lists them again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineAdapter, type Adapter } from '../src/core/adapter.js';
import { HARNESS_STAGES } from '../src/core/errors.js';
import { FAMILIES, operationNames, stageNames } from '../src/core/families/index.js';
import type { FamilyModule } from '../src/core/families/family.js';
import { BadOutputError, invoke } from '../src/core/call-adapter.js';
import type { OpName } from '../src/core/model.js';
import { declareOperations, operationShape } from '../src/core/operations.js';
import { projectPath } from '../src/core/paths.js';
import { step } from '../src/core/step.js';
import { STANDARDS } from '../src/standards/index.js';
import { validateReport } from '../src/report/json.js';
import { definition } from '../src/adapters/external/protocol.js';
import { fixture, reread } from './report-fixture.js';

// A toy family's operation, declared here as a family module would: no core file knows it.
const TOY = declareOperations({ seal: { outputs: ['sealed', 'receipt'], stage: 'seal' } });
const toyOp = 'seal' as OpName;
const toyFamily = { ...FAMILIES[0]!, name: 'toy', shapes: TOY } as unknown as FamilyModule;

function toyAdapter(out: Record<string, unknown>): Adapter {
  return defineAdapter({
    id: 'toy-lib',
    library: 'toy',
    kind: 'in-process',
    variant: 'explicit',
    description: 'a toy implementation of the toy family',
    probe: async () => ({ available: true, version: '1' }),
    capabilities: { claims: { toy: { ops: [toyOp] } }, gaps: {} },
    ops: { toy: { [toyOp]: () => out as never } },
  });
}

describe('operations declared by the family modules', () => {
  it('gives a toy family its outputs and stage with no core edit', async () => {
    expect(operationShape(toyOp)).toEqual({ outputs: ['sealed', 'receipt'], stage: 'seal' });
    const both = { sealed: new Uint8Array(2), receipt: new Uint8Array(1) };
    await expect(invoke(toyAdapter(both), 'toy', toyOp, {}, {})).resolves.toEqual(both);
    // The output check is the toy's: a missing `receipt` is protocol garbage at the toy's stage.
    const missing = invoke(toyAdapter({ sealed: new Uint8Array(2) }), 'toy', toyOp, {}, {});
    await expect(missing).rejects.toBeInstanceOf(BadOutputError);
    await expect(missing).rejects.toMatchObject({ stage: 'seal', message: expect.stringContaining('receipt') });
    const s = await step({ stage: undefined }, toyAdapter({}), 'toy', toyOp, {}, {});
    expect(s).toMatchObject({ ok: false, why: 'error', stage: 'seal' });
    expect(operationNames([...FAMILIES, toyFamily])).toContain('seal');
    expect(stageNames([...FAMILIES, toyFamily])).toContain('seal');
  });

  it('refuses an operation declared twice differently, and names an undeclared one', () => {
    expect(() => declareOperations({ seal: { outputs: ['sealed'], stage: 'seal' } })).toThrow(/declared twice/);
    expect(() => declareOperations({ encrypt: { outputs: ['ciphertext'], stage: 'seal' } })).toThrow(/encrypt is declared twice/);
    expect(() => operationShape('unheard' as OpName)).toThrow(/no family module declares the operation unheard/);
  });

  it("covers every operation of each family's roles, known answers and input checks, and of its standards", () => {
    const missing: string[] = [];
    for (const family of FAMILIES) {
      const declared = new Set(Object.keys(family.shapes));
      const used = new Set<string>([...family.roles.producer, ...family.roles.consumer, ...Object.keys(family.operations)]);
      for (const std of STANDARDS.filter((s) => s.family === family.name)) {
        for (const op of std.ops) used.add(op);
        for (const k of family.katOps(std)) used.add(k.op);
      }
      for (const op of used) if (!declared.has(op)) missing.push(`${family.name}: ${op}`);
    }
    expect(missing).toEqual([]);
  });

  it('fills the schemas in from the modules: an undeclared operation or stage is refused', () => {
    expect(operationNames()).toEqual(
      expect.arrayContaining(['encrypt', 'decrypt', 'generateKeyPair', 'derive', 'encapsulate', 'decapsulate', 'write', 'read']),
    );
    expect(stageNames()).toEqual(expect.arrayContaining([...HARNESS_STAGES, 'generate-key', 'encapsulate']));
    const request = (op: string) => ({ id: 1, op, standard: 'aes-gcm', params: {}, inputs: {} });
    expect(definition('request')(request('encrypt'))).toBe(true);
    expect(definition('request')(request('seal-everything'))).toBe(false);
    const report = reread(fixture()) as { results: Array<Record<string, unknown>> };
    expect(validateReport(report)).toEqual([]);
    report.results[0]!['stage'] = 'sealing';
    expect(validateReport(report).join('\n')).toMatch(/stage \(result .*\): must be one of: .*generate-key/);
  });
});

/**
 * Three or more declared operation names within a few lines, each as a quoted string or an
 * object key: a table of operations (a union, an enum, a record by operation).
 */
export function operationTables(text: string, ops: readonly string[]): string[] {
  const names = new RegExp(`(?:['"](${ops.join('|')})['"]|\\b(${ops.join('|')})\\s*:)`, 'g');
  const hits = [...text.matchAll(names)].map((m) => ({ name: m[1] ?? m[2]!, at: m.index }));
  const found: string[] = [];
  for (let i = 0; i < hits.length; i++) {
    const near = new Set(hits.filter((h) => h.at >= hits[i]!.at && h.at - hits[i]!.at < 240).map((h) => h.name));
    if (near.size >= 3) {
      found.push(text.slice(hits[i]!.at, hits[i]!.at + 120).split('\n')[0]!);
      while (i + 1 < hits.length && hits[i + 1]!.at - hits[i]!.at < 240) i++;
    }
  }
  return found;
}

describe('no core table of operations', () => {
  const ops = operationNames();

  it('finds a table of operations, so that the check below can fail', () => {
    const old = "export type OpName = 'encrypt' | 'decrypt' | 'generateKeyPair' | 'derive' | 'encapsulate';";
    expect(operationTables(old, ops)).toHaveLength(1);
    const outputs = "export const OUTPUTS = {\n  encrypt: ['ciphertext'],\n  decrypt: ['plaintext'],\n  generateKeyPair: ['publicKey', 'secretKey'],\n};";
    expect(operationTables(outputs, ops)).toHaveLength(1);
    expect(operationTables('{ "op": { "enum": ["encrypt", "decrypt", "write", "read"] } }', ops)).toHaveLength(1);
    expect(operationTables("step(ctx, a, std, 'encrypt', p, i); // then decrypt and read", ops)).toEqual([]);
  });

  it('lists no family operation names in core, the report, the CLI or the schemas', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => (f.endsWith('.ts') && !f.endsWith('.test.ts')) || f.endsWith('.json'))
        .map((f) => join(dir, f));
    const where = [
      ...files(projectPath('src', 'core')).filter((f) => !f.includes(`${join('core', 'families')}`)),
      ...files(projectPath('src', 'report')),
      ...files(projectPath('src', 'cli')),
      ...files(projectPath('schemas')),
    ];
    const found = where.flatMap((f) => operationTables(readFileSync(f, 'utf8'), ops).map((t) => `${relative(projectPath(), f)}: ${t}`));
    expect(found).toEqual([]);
  });
});
