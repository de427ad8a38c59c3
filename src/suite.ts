/**
 * `runSuite` with the project's registries: core runs whatever adapters and standards it is
 * given and imports neither registry, so this layer tells its worker threads where the built-in
 * ones are (by module URL, as extra adapters always were) and which adapter objects those are.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IN_PROCESS_ADAPTERS } from './adapters/index.js';
import { projectPath } from './core/paths.js';
import type { Report } from './core/report-model.js';
import { runSuite as runCore, type SuiteOptions } from './core/run-suite.js';

/** A module of this folder as a worker loads it: the built file (workers run built code, also under vitest). */
function builtModule(relative: string): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? pathToFileURL(projectPath('dist', 'src', relative)).href : new URL(relative, import.meta.url).href;
}

/** The built-in registries for worker threads. */
export const BUILTIN_REGISTRY = {
  adapterModules: [builtModule('adapters/index.js')],
  standardModules: [builtModule('standards/index.js')],
  adapters: IN_PROCESS_ADAPTERS,
} as const;

/** Runs the suite (core/run-suite.ts) with the built-in registries unless the caller names its own. */
export function runSuite(o: SuiteOptions): Promise<Report> {
  return runCore({ ...o, workerRegistry: o.workerRegistry ?? BUILTIN_REGISTRY });
}
