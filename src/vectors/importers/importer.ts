/**
 * An importer as data: everything `bothends run`, the report and the docs need to know about one
 * external corpus. The CLI option, the environment variable, the report's config entry and the
 * replay flag are all derived from `name`, so wiring a new corpus is one descriptor in its
 * importer's file and one line in the list of `index.ts`.
 */
import type { ImportedCorpus } from './corpus.js';

/** One external corpus that `bothends run` can import (kind `import`). */
export interface Importer {
  /**
   * The corpus name, as the report's `corpora.files[].corpus` spells it. The option is
   * `--NAME [dir]`, the report's `config` key and the option's attribute are NAME in camelCase.
   */
  readonly name: string;
  /** The environment variable naming the directory when the option is given without one. */
  readonly env: string;
  /** The option's help text (it names the environment variable). */
  readonly help: string;
  /** What the corpus is, for the docs' table of importers. */
  readonly title: string;
  /** Imports every file below `dir`, read in place. */
  load(dir: string): ImportedCorpus | Promise<ImportedCorpus>;
  /** Whether a run of these standards and kinds has any use for the corpus (default: always). */
  wanted?(standards: readonly { readonly id: string }[], kinds: readonly string[]): boolean;
  /**
   * A corpus the project ships (a pinned npm package): imported when wanted, even without the
   * option, and when the option has no directory and the environment variable is unset.
   */
  readonly builtIn?: {
    /** Where it comes from, for the report's config (e.g. the package and its version). */
    origin(): string;
    load(): Promise<ImportedCorpus>;
  };
}

/** The option's attribute and the report's config key: `jose-cookbook` → `joseCookbook`. */
export function importerKey(importer: Pick<Importer, 'name'>): string {
  return importer.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
