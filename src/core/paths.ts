/**
 * Where the project's own files are, found from this module's location so that the same
 * code works from `src/` under vitest and from `dist/src/` after a build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding bothends' package.json. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bothends') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the bothends package root');
    dir = up;
  }
}

/** A path inside the project. */
export function projectPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}

/** The suite's own version, from its package.json. */
export function suiteVersion(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}
