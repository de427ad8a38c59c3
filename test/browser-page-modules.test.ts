/**
 * The browsers' page (src/adapters/webcrypto-browser/page.ts) loads the webcrypto adapter's own
 * modules and what they import, standards included, as ES modules: a `node:` built-in among them
 * keeps the page from loading, and webcrypto-chromium and webcrypto-firefox from starting (the
 * browser tests run the built dist/, so they see it only after a build). Read from the source text.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../src/core/paths.js';

/** The module specifiers a file loads at run time: value imports and re-exports, literal dynamic imports (not `import type`, not `typeof import`). */
function loaded(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[2]!);
  for (const m of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  // `typeof import('…')` is a type: erased, it loads nothing.
  for (const m of text.matchAll(/(?<!typeof\s+)\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Every `node:` built-in the modules reachable from `entry` load, as "file → node:x". */
function builtinsFrom(entry: string, read: (file: string) => string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const s of loaded(read(file))) {
      if (s.startsWith('node:')) found.push(`${relative(projectPath('src'), file)} → ${s}`);
      else if (s.startsWith('.')) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return found;
}

const PAGE = projectPath('src', 'adapters', 'webcrypto-browser', 'page.ts');

describe("the browsers' page", () => {
  it('loads no node: built-in, through any module it imports', () => {
    expect(builtinsFrom(PAGE, (f) => readFileSync(f, 'utf8'))).toEqual([]);
  });

  it('would be caught loading one (a broken fake: a standard the page reaches imports node:crypto)', () => {
    const rsa = projectPath('src', 'standards', 'rsa.ts');
    const broken = (f: string): string => (f === rsa ? `import { createHash } from 'node:crypto';\n` : '') + readFileSync(f, 'utf8');
    expect(builtinsFrom(PAGE, broken)).toEqual(['standards/rsa.ts → node:crypto']);
    // A type-only import is erased and loads nothing.
    const typeOnly = (f: string): string => (f === rsa ? `import type { KeyObject } from 'node:crypto';\n` : '') + readFileSync(f, 'utf8');
    expect(builtinsFrom(PAGE, typeOnly)).toEqual([]);
  });
});
