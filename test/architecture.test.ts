/**
 * The import graph of src/ holds the layers docs/architecture.md states: no circle, type-only
 * imports included; no arrow the architecture forbids; and no branch on a family's name outside
 * the family modules. Read from the source text, so a new file is checked the day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../src/core/paths.js';
import { FAMILIES } from '../src/core/families/index.js';

const SRC = projectPath('src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports (type-only too), and literal dynamic imports. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found.filter((s) => s.startsWith('.'));
}

/** The graph: file (relative to src) → files it imports. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const deps = specifiers(readFileSync(file, 'utf8')).map((s) => relative(SRC, resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
    g.set(
      relative(SRC, file),
      deps.filter((d) => !d.startsWith('..')),
    );
  }
  return g;
}

/** Every strongly connected component with more than one file, or a file importing itself. */
export function circles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The top folder of a file below src (`core`, `adapters`…), or the file itself at the top. */
const layerOf = (file: string): string => file.split('/')[0]!;

/**
 * Which layers each layer may import, lowest first (docs/architecture.md). `core` (with the
 * family modules) imports nothing above it; rendering lives in `report`; the CLI is the top.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: ['core'],
  standards: ['core', 'standards'],
  adapters: ['core', 'standards', 'adapters'],
  vectors: ['core', 'standards', 'adapters', 'vectors'],
  fuzz: ['core', 'standards', 'adapters', 'vectors', 'fuzz', 'suite.ts'],
  throughput: ['core', 'standards', 'adapters', 'throughput'],
  'suite.ts': ['core', 'adapters'],
  report: ['core', 'standards', 'report'],
  'index.ts': ['core', 'standards', 'adapters', 'vectors', 'report', 'suite.ts', 'index.ts'],
  cli: ['core', 'standards', 'adapters', 'vectors', 'fuzz', 'throughput', 'report', 'suite.ts', 'cli'],
};

/** A line that branches on a family's name: a comparison, a literal family, a switch on it, a lookup by it. */
const names = FAMILIES.map((f) => f.name).join('|');
const branch = new RegExp(`family\\s*(?:===|!==|:)\\s*'(?:${names})'|switch\\s*\\([^)]*\\.family\\)|FAMILIES\\[`);

describe('architecture', () => {
  const g = graph();

  it('finds the imports of every kind, so that the checks below can fail', () => {
    const text =
      "import type { A } from './a.js';\nimport { b } from '../b.js';\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('./e.js');\nimport fs from 'node:fs';";
    expect(specifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(g.get('core/run-suite.ts')).toContain('core/plan.ts');
    for (const line of ["if (std.family === 'aead')", "  family: 'pke',", 'switch (std.family) {', 'FAMILIES[std.family]'])
      expect(branch.test(line), line).toBe(true);
    expect(branch.test('  family: pke.name,')).toBe(false);
  });

  it('has no import circle, type-only imports included', () => {
    expect(circles(g)).toEqual([]);
  });

  it('has no arrow the layers forbid', () => {
    const forbidden: string[] = [];
    for (const [file, deps] of g) {
      const allowed = MAY_IMPORT[layerOf(file)];
      if (!allowed) {
        forbidden.push(`${file}: a layer docs/architecture.md does not name`);
        continue;
      }
      for (const d of deps) if (!allowed.includes(layerOf(d))) forbidden.push(`${file} → ${d}`);
    }
    expect(forbidden).toEqual([]);
  });

  it('branches on no family name outside src/core/families', () => {
    const found: string[] = [];
    const all = [
      ...sources(SRC),
      ...readdirSync(SRC, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => join(SRC, f)),
    ];
    for (const file of all) {
      const rel = relative(SRC, file);
      if (rel.startsWith('core/families/')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (branch.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
